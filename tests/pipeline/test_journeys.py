"""Journeys, summary and queries on the Acme fixture: whole rows of business numbers."""

from __future__ import annotations

import hashlib

import pytest

from journeymap.errors import NotBuiltError, NotFoundError
from journeymap.pipeline.build import build
from journeymap.pipeline.queries import journey_detail, list_journeys
from journeymap.pipeline.summary import summary

from .acme import ACCOUNTS, EVENTS, KIM
from .literal import at, rows

KIM_ID = "p_" + hashlib.md5(b"anonymous_id:a1").hexdigest()[:12]
PARK_ID = "p_" + hashlib.md5(b"email:park@acme.co.kr").hexdigest()[:12]


@pytest.fixture
def acme(make_ws):
    engine, settings = make_ws(EVENTS, ACCOUNTS)
    result = build(engine, settings)
    return engine, settings, result


def test_build_result(acme):
    _, _, result = acme
    assert (result.events, result.touches, result.duplicates_merged, result.persons,
            result.accounts, result.journeys) == (9, 8, 1, 3, 1, 4)
    assert set(result.step_seconds) == {"clean", "identity", "accounts", "dedupe", "touches",
                                        "journeys"}


def test_account_journey(acme):
    engine, _, _ = acme
    (account,) = [r for r in rows(engine, "journeys") if r["level"] == "account"]
    assert account == {
        "journey_id": "account:A1", "level": "account", "person_id": None, "account_id": "A1",
        "first_touch_at": at(0), "last_touch_at": at(0, days=12),
        "first_touchpoint": "page_view:/", "last_touchpoint": "login",
        "first_channel": "paid_search", "touches": 7, "channels": 5, "sessions": 5,
        "persons": 2, "days": 12.0, "converted": True, "converted_at": at(0, days=10),
        "value": 12000.0, "touches_to_convert": 6, "channels_to_convert": 5,
        "days_to_convert": 10.0, "current_stage": "retention",
        "entered_awareness": at(0), "entered_consideration": at(5),
        "entered_decision": at(0, days=5), "entered_retention": at(0, days=12),
        "entered_advocacy": None,
    }


def test_person_journeys(acme):
    engine, _, _ = acme
    cols = ["person_id", "account_id", "touches", "channels", "sessions", "days", "converted",
            "touches_to_convert", "current_stage", "first_channel"]
    people = rows(engine, "journeys", "touches", cols)
    kim = {"person_id": KIM_ID, "account_id": "A1", "touches": 5, "channels": 3, "sessions": 3,
           "days": 12.0, "converted": False, "touches_to_convert": None,
           "current_stage": "retention", "first_channel": "paid_search"}
    park = {"person_id": PARK_ID, "account_id": "A1", "touches": 1, "channels": 1,
            "sessions": 1, "days": 0.0, "converted": False, "touches_to_convert": None,
            "current_stage": "decision", "first_channel": "organic_social"}
    assert kim in people and park in people
    lee = [p for p in people if p["person_id"] not in (KIM_ID, PARK_ID, None)]
    assert [(p["account_id"], p["touches"], p["current_stage"]) for p in lee] == [
        (None, 1, "consideration")]


def test_summary(acme):
    engine, settings, _ = acme
    s = summary(engine, settings)
    assert (s.events, s.persons, s.accounts, s.person_journeys, s.account_journeys,
            s.converted_accounts, s.conversion_rate) == (9, 3, 1, 3, 1, 1, 1.0)
    assert (s.won_touches_mean, s.won_touches_median, s.won_channels_mean,
            s.won_days_median) == (6.0, 6.0, 5.0, 10.0)
    assert (s.benchmark_touches, s.benchmark_channels, s.benchmark_days) == (31, 3.1, 192)
    assert s.to_dict()["won_days_mean"] == 10.0 and "<table>" in s._repr_html_()


def test_not_built(make_ws):
    engine, settings = make_ws(EVENTS)
    with pytest.raises(NotBuiltError, match="run journeymap build"):
        summary(engine, settings)
    with pytest.raises(NotBuiltError):
        list_journeys(engine)


def test_list_journeys(acme):
    engine, _, _ = acme
    assert list_journeys(engine).column("journey_id").to_pylist() == ["account:A1"]
    people = list_journeys(engine, level="person", limit=2)
    assert people.column("person_id").to_pylist()[0] == KIM_ID and people.num_rows == 2
    assert list_journeys(engine, level="person", converted=True).num_rows == 0
    assert list_journeys(engine, converted=False).num_rows == 0


@pytest.mark.parametrize("key", [KIM, "KIM@acme.co.kr", "a1", KIM_ID, f"person:{KIM_ID}",
                                 f"email:{KIM}"])
def test_journey_detail_of_a_person(acme, key):
    engine, _, _ = acme
    detail = journey_detail(engine, key)
    assert detail.journey["journey_id"] == f"person:{KIM_ID}"
    assert detail.account_journey["journey_id"] == "account:A1"
    assert detail.touches.table.column("event_id").to_pylist() == ["e1", "e2", "e3", "e4", "e8"]


def test_journey_detail_of_an_account_and_unknown_keys(acme):
    engine, _, _ = acme
    detail = journey_detail(engine, "A1")
    assert detail.journey["touches"] == 7 and detail.account_journey is None
    assert len(detail.touches) == 7 and detail.to_dict()["touches"][0]["event_id"] == "e1"
    with pytest.raises(NotFoundError, match="nobody"):
        journey_detail(engine, "nobody")


def test_first_and_last_touch_at_one_instant_are_the_smallest_and_largest_event_id(make_ws):
    """Touches tied at the first (last) instant: the smallest (largest) event id decides
    the first touchpoint and channel together (one row's pair) and the last touchpoint."""
    engine, settings = make_ws([
        {"event_id": "e2", "anonymous_id": "a1", "ts": at(0), "touchpoint": "page_view:/b",
         "channel": "email"},
        {"event_id": "e1", "anonymous_id": "a1", "ts": at(0), "touchpoint": "page_view:/a",
         "channel": "paid_search"},
        {"event_id": "e3", "anonymous_id": "a1", "ts": at(0), "touchpoint": "page_view:/c",
         "channel": None},
        {"event_id": "e5", "anonymous_id": "a1", "ts": at(days=3), "touchpoint": "login"},
        {"event_id": "e4", "anonymous_id": "a1", "ts": at(days=3), "touchpoint": "signup"},
        {"event_id": "e6", "anonymous_id": "a1", "ts": at(days=1), "touchpoint": "logout"},
    ])
    build(engine, settings)
    person = rows(engine, "journeys", columns=[
        "level", "first_touchpoint", "first_channel", "last_touchpoint", "touches",
        "sessions"])
    assert person == [{"level": "person", "first_touchpoint": "page_view:/a",
                       "first_channel": "paid_search", "last_touchpoint": "login",
                       "touches": 6, "sessions": 3}]
