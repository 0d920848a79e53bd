"""In a real browser: accessibility (axe-core) on every page, the language switch, and
XSS payloads that must never execute."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import screenshot

pytestmark = pytest.mark.slow

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/", "/data", "/journeys", "/analytics", "/maps", "/maps/1", "/account"]


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the page as it is now."""
    if not AXE.exists():
        pytest.fail("node_modules lacks axe-core: run make install (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_serious_accessibility_violations(page_as, live_server, lang):
    page = page_as("editor", lang)
    found = {}
    for path in PAGES:
        response = page.goto(f"{live_server}{path}")
        assert response is not None and response.status < 500, path
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_login_page_is_accessible(browser, live_server):
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    assert axe_violations(page) == []
    screenshot(page, "login-ko")
    context.close()


def test_switch_to_english_and_back(page_as, live_server):
    page = page_as("viewer", "ko")
    assert page.locator("h1").first.inner_text() == "개요"
    screenshot(page, "overview-ko")
    page.click("text=English")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == "Overview"
    screenshot(page, "overview-en")
    page.goto(f"{live_server}/maps")
    assert page.locator("html").get_attribute("lang") == "en"  # remembered
    page.click("text=한국어")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "ko"


def test_xss_payloads_never_execute(app, page_as, live_server):
    """Payloads typed into a map (title, stages, lanes, cells, comments) are shown as text
    on every page that shows them; no dialog opens and no injected element runs."""
    from test_api import XSS, xss_map

    from journeymap.maps.items import Comment
    from journeymap.maps.schema import parse_map

    doc = parse_map(xss_map())
    for cell in doc.cells:
        cell.comments = [Comment(author=XSS[1], at="2026-11-01T00:00:00Z", text=p) for p in XSS]
    info = app.state.workspace.maps.create(doc, author=XSS[0])
    page = page_as("editor", "en")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ["/", "/maps", f"/maps/{info.id}", f"/maps/{info.id}/history"]:
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("networkidle")
        page.mouse.move(300, 300)
        injected = page.evaluate(
            "() => document.querySelectorAll('img[src=x], iframe[src^=javascript], "
            "svg[onload], script:not([src]):not([type=\"application/json\"])').length")
        assert injected == 0, path
    page.goto(f"{live_server}/maps/{info.id}")
    assert XSS[0] in page.content().replace("&lt;", "<").replace("&gt;", ">")
    screenshot(page, "xss-map")
    assert dialogs == []
    app.state.workspace.maps.delete(info.id)
