"""The journeys explorer: finding a person or an account by any key, the list, and one
journey's touches in time order, in the workspace's time zone, with user text escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import sign_in
from fastapi.testclient import TestClient

import journeymap as jm

SEOUL = ZoneInfo("Asia/Seoul")
TINY_EVENTS = """event_id,ts,source,channel,touchpoint,email,account_id,text,value
e1,2025-03-03T01:00:00Z,web,paid_search,ad_click,kim@acme.co.kr,ACME,,
e2,2025-03-03T01:05:00Z,web,direct,page_view:/pricing,kim@acme.co.kr,ACME,,
e3,2025-03-04T02:00:00Z,support,support,ticket_opened,kim@acme.co.kr,ACME,<script>alert(1)</script>,
e4,2025-03-05T03:00:00Z,web,email,demo_request,lee@acme.co.kr,ACME,데모 부탁드립니다,
e5,2025-03-20T04:00:00Z,crm,sales,deal_won,lee@acme.co.kr,ACME,,1200000
"""


def positions(page: str, needles: list[str]) -> list[int]:
    """Where each needle first appears in the page's timeline, in order of the needles."""
    timeline = page.index('<ol class="timeline">')
    found = [page.find(n, timeline) for n in needles]
    assert -1 not in found, [n for n, at in zip(needles, found, strict=True) if at < 0]
    return found


def seoul_hhmm(ts) -> str:
    return ts.replace(tzinfo=UTC).astimezone(SEOUL).strftime("%H:%M")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A readable journey: two people of ACME, five touches, a ticket whose text is a
    script tag and a Korean comment; a viewer signed in."""
    from journeymap.web.app import create_app
    from journeymap.web.users import Users

    root = tmp_path_factory.mktemp("tiny")
    events = root / "events.csv"
    events.write_text(TINY_EVENTS, encoding="utf-8")
    with jm.init_workspace(root / "ws", locale="ko", timezone="Asia/Seoul") as ws:
        ws.ingest(events, source="web")
        ws.build()
        Users(ws.maps.store).add("viewer", "correct-horse-9", "viewer")
    application = create_app(Path(root / "ws"))
    with TestClient(application) as client:
        yield sign_in(client, "viewer")
    application.state.jobs.shutdown()
    application.state.workspace.close()


def test_a_person_found_by_email_shows_their_touches_in_order(tiny):
    found = tiny.get("/journeys", params={"q": "kim@acme.co.kr"}, follow_redirects=False)
    assert found.status_code == 303
    assert found.headers["location"].startswith("/journeys/person:")
    page = tiny.get(found.headers["location"]).text
    at = positions(page, ["ad_click", "page_view:/pricing", "ticket_opened"])
    assert at == sorted(at)
    assert "demo_request" not in page  # Lee's touch, not Kim's
    assert "/journeys/account:ACME" in page  # the account journey is one click away
    # 2025-03-03 01:05 UTC is 10:05 in Seoul, the workspace's zone
    assert ">10:05<" in page and "2025-03-03 (월)" in page


def test_an_account_shows_the_touches_of_all_its_people_in_order(tiny):
    found = tiny.get("/journeys", params={"q": "ACME"}, follow_redirects=False)
    assert found.headers["location"] == "/journeys/account:ACME"
    page = tiny.get("/journeys/account:ACME").text
    at = positions(page, ["ad_click", "page_view:/pricing", "ticket_opened", "demo_request",
                          "deal_won"])
    assert at == sorted(at)
    assert "데모 부탁드립니다" in page
    assert "1,200,000" in page  # the deal's value


def test_user_text_is_escaped(tiny):
    page = tiny.get("/journeys/account:ACME").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_an_unknown_key_says_so_next_to_the_search(tiny):
    page = tiny.get("/journeys", params={"q": "<b>nobody</b>@example.com"})
    assert page.status_code == 404
    assert "찾을 수 있는 사람이나 어카운트가 없습니다" in page.text
    assert "&lt;b&gt;nobody&lt;/b&gt;" in page.text and "<b>nobody</b>" not in page.text


def test_the_demo_journey_of_a_person_found_by_email(viewer, app):
    ws = app.state.workspace
    with app.state.lock:
        ids = ws.engine.con.con.execute(
            "SELECT i.identifier FROM identities i JOIN journeys j "
            "ON j.journey_id = 'person:' || i.person_id "
            "WHERE i.identifier_type = 'email' AND j.touches BETWEEN 5 AND 40 "
            "ORDER BY j.touches DESC, i.identifier LIMIT 1").fetchall()
        email = ids[0][0]
        detail = ws.journey(email)
    found = viewer.get("/journeys", params={"q": email})
    assert found.status_code == 200
    assert found.url.path == f"/journeys/{detail.journey['journey_id']}"
    touches = detail.touches.to_dict()
    at = positions(found.text, [f">{t['event_id']}<" for t in touches])
    assert at == sorted(at)
    first = found.text.find(f">{seoul_hhmm(touches[0]['ts'])}</time>")
    assert found.text.index('<ol class="timeline">') < first < at[0]


def test_the_demo_account_journey_by_account_id(viewer, app):
    with app.state.lock:
        top = app.state.workspace.journeys(level="account", limit=1).to_dict()[0]
    found = viewer.get("/journeys", params={"q": top["account_id"]})
    assert found.url.path == f"/journeys/account:{top['account_id']}"
    assert f'<span class="id">{top["account_id"]}</span>' in found.text
    assert re.search(rf'class="value">{top["touches"]:,}<', found.text)


def test_the_list_filters_converted_journeys_and_pages(viewer, app):
    with app.state.lock:
        won = app.state.workspace.journeys(level="account", converted=True).to_dict()
    page = viewer.get("/journeys", params={"level": "account", "converted": "yes"}).text
    links = re.findall(r'<td><a href="/journeys/(account:[^"]+)">', page)
    assert links == [j["journey_id"] for j in won]
    first = viewer.get("/journeys", params={"level": "person"}).text
    second = viewer.get("/journeys", params={"level": "person", "page": "2"}).text
    people = re.compile(r'<td><a href="/journeys/(person:[^"]+)">')
    assert len(people.findall(first)) == 50
    assert not set(people.findall(first)) & set(people.findall(second))
    assert "page=2" in first and "page=1" in second
