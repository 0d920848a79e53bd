"""Analytics answers are kept per build: the same form asked again (the page, its CSV, the
back button) runs no analysis until the next build; other forms and languages are their own."""

from __future__ import annotations

from datetime import datetime

import pytest

from journeymap.web.routes import overview_cache

FRICTION = "/analytics/friction?level=account&inactive=30"


@pytest.fixture
def counted(app, monkeypatch):
    """Calls of ``ws.friction``, with nothing kept from earlier tests."""
    monkeypatch.setattr(app.state, "build_cache", None, raising=False)
    ws = app.state.workspace
    calls: list[dict] = []
    real = ws.friction

    def friction(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(ws, "friction", friction)
    return calls


def test_the_same_form_is_answered_once_per_build(viewer, counted, monkeypatch):
    first = viewer.get(FRICTION)
    assert first.status_code == 200 and len(counted) == 1
    assert viewer.get(FRICTION).text == first.text
    csv = viewer.get(FRICTION.replace("friction?", "friction.csv?"))
    assert csv.status_code == 200 and csv.text.count("\n") > 1
    assert len(counted) == 1  # the page again and its CSV: from memory
    viewer.get(FRICTION + "&inactive=60")
    assert len(counted) == 2 and counted[-1]["inactive_days"] == 60
    viewer.cookies.set("lang", "en")
    try:
        assert "Friction" in viewer.get(FRICTION).text
    finally:
        viewer.cookies.delete("lang")
    assert len(counted) == 3  # the English page is its own answer
    monkeypatch.setattr(overview_cache, "build_stamp", lambda _ws: datetime(2099, 1, 1))
    calls = len(counted)
    viewer.get(FRICTION)
    assert len(counted) == calls + 1  # a new build: asked afresh


def test_a_wrong_input_is_not_kept(viewer, counted):
    for _ in range(2):
        response = viewer.get("/analytics/friction?inactive=abc")
        assert response.status_code == 400
    assert viewer.get(FRICTION).status_code == 200
    assert len(counted) == 1


def test_only_the_newest_answers_are_kept(viewer, app, counted, monkeypatch):
    monkeypatch.setattr(overview_cache, "KEPT_RESULTS", 3)
    for days in (10, 20, 30, 40, 50):
        viewer.get(f"/analytics/friction?inactive={days}")
    answers = [k for k in app.state.build_cache.values if k[0] == "answer"]
    assert len(answers) == 3
    assert all("inactive='10'" not in key[2] for key in answers)
    viewer.get("/analytics/friction?inactive=50")
    assert len(counted) == 5
