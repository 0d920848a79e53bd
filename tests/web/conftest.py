"""Fixtures for the web app: a built demo workspace with one user per role, HTTP clients
signed in as each, a live server on a loopback port and a real Chromium."""

from __future__ import annotations

import html
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import journeymap as jm

PASSWORD = "correct-horse-9"
ROLES = ("admin", "editor", "viewer")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic",
                 "--disable-sync"]
ARTEFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"


@pytest.fixture(scope="session")
def web_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated demo, ingested and built, with a generated map and three users
    (``admin``, ``editor``, ``viewer``, password :data:`PASSWORD`); closed, so apps and
    processes open it themselves."""
    from journeymap.demo import generate
    from journeymap.web.users import Users

    root = tmp_path_factory.mktemp("web")
    generate(root / "data", events=4000, seed=11)
    with jm.init_workspace(root / "ws", locale="ko", timezone="Asia/Seoul") as ws:
        ws.ingest_plan(root / "data" / "sources.toml")
        ws.build()
        ws.maps.generate(level="account")
        users = Users(ws.maps.store)
        for role in ROLES:
            users.add(role, PASSWORD, role)
    return root / "ws"


@pytest.fixture(scope="session")
def app(web_ws: Path):
    from journeymap.web.app import create_app

    application = create_app(web_ws)
    yield application
    application.state.jobs.shutdown()
    application.state.workspace.close()


def text_of(page: str) -> str:
    """The page's visible text (scripts, styles and tags removed, entities decoded)."""
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    response = client.post("/login", data={"username": username, "password": password,
                                           "next": "/", "csrf_token": csrf_of(page.text)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    client.headers["X-CSRF-Token"] = csrf_of(client.get("/").text)
    return client


@pytest.fixture
def anonymous(app) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture(params=ROLES)
def any_role(request: pytest.FixtureRequest, app) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield sign_in(client, request.param)


@pytest.fixture
def admin(app) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield sign_in(client, "admin")


@pytest.fixture
def editor(app) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield sign_in(client, "editor")


@pytest.fixture
def korean(viewer):
    """The viewer's client, asking for Korean pages."""
    viewer.cookies.set("lang", "ko")
    return viewer


@pytest.fixture
def viewer(app) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield sign_in(client, "viewer")


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page_as(browser, live_server):
    """``page_as(role, lang="ko")`` -> a signed-in Playwright page (closed after the test)."""
    contexts = []

    def make(role: str, lang: str = "ko"):
        context = browser.new_context(locale="ko-KR" if lang == "ko" else "en-US",
                                      viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.fill("#username", role)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server}/")
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot as a test artefact (artifacts/web/NAME.png) and return its path."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
