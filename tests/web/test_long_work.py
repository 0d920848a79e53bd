"""Long work never blocks a page: while a build runs in the background, every page and API
read answers at once from the tables as last committed."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

#: Pages and API reads a person might open while a build runs.
READS = ("/", "/overview/part/friction", "/journeys", "/data", "/data/rejected",
         "/analytics/funnel?step=stage%3Aawareness&step=stage%3Adecision", "/maps",
         "/api/v1/journeys?limit=5", "/api/v1/analytics/stages", "/api/v1/loads")


@pytest.fixture
def paused_build(app, editor, monkeypatch):
    """A real build, started from the data page's button as a background job, held just
    before it writes ``touches`` (after it has replaced the identity tables) until the test
    lets it go on."""
    ws = app.state.workspace
    reached, go_on = threading.Event(), threading.Event()
    real_build = ws.build

    def build(progress):
        def hold(task: str, done: float, total: float | None) -> None:
            progress(task, done, total)
            if task == "build: touches":
                reached.set()
                assert go_on.wait(60), "the test never let the build go on"

        return real_build(progress=hold)

    monkeypatch.setattr(ws, "build", build)
    assert editor.post("/data/build").status_code == 200
    job = next(j for j in app.state.jobs.list() if j.kind == "build")
    assert reached.wait(60), job.error
    yield job
    go_on.set()
    deadline = time.monotonic() + 60
    while job.status in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.status == "done", job.error


def test_pages_answer_while_a_build_is_running(app, viewer, paused_build):
    ws = app.state.workspace
    touches = ws.engine.to_arrow(ws.engine.table("touches").count()).as_py()
    for url in READS:
        started = time.perf_counter()
        response = viewer.get(url)
        took = time.perf_counter() - started
        assert response.status_code == 200, (url, response.text[:300])
        assert 'class="data-busy"' not in response.text, url  # the data pages' "wait" note
        assert took < 10, (url, took)
        assert paused_build.status == "running"
    # The request threads read the committed tables: the build has not written touches yet.
    assert viewer.get("/api/v1/journeys?limit=1").json()["items"]
    assert ws.engine.to_arrow(ws.engine.table("touches").count()).as_py() == touches


def test_concurrent_readers_each_get_their_own_connection(app):
    """Threads of one workspace read at once, each on its own connection, and their
    answers agree (nothing of one query leaks into another's result)."""
    ws = app.state.workspace
    expected = ws.journeys(limit=20).to_dict()

    def read(_: int) -> tuple[list, int]:
        return ws.journeys(limit=20).to_dict(), id(ws.engine)

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(read, range(16)))
    assert all(rows == expected for rows, _ in answers)
    assert len({engine for _, engine in answers}) > 1


def test_a_build_job_prepares_the_dashboard_for_its_first_visitor(app, editor, viewer,
                                                                  monkeypatch):
    """After a build from the web app, the dashboard's slow parts are already computed for
    the new build: the first visit shows them inline and runs no analysis."""
    assert editor.post("/data/build").status_code == 200
    job = next(j for j in app.state.jobs.list() if j.kind == "build")
    deadline = time.monotonic() + 120
    while job.status in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.status == "done", job.error
    assert job.step == "dashboard" and job.completed == job.total  # its last step
    ws = app.state.workspace
    calls: list[str] = []
    for name in ("summary", "stages", "funnel", "paths", "friction"):
        real = getattr(ws, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(ws, name, counted)
    page = viewer.get("/").text
    assert 'hx-get="/overview/part/' not in page  # every part shown inline at once
    assert 'id="chart-flows"' in page and 'id="chart-funnel"' in page
    assert 'class="friction"' in page
    assert calls == []
