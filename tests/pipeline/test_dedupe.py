"""Dedupe: one touchpoint recorded by two systems is one touch; repeats stay."""

from __future__ import annotations

import json

from .literal import at, built, rows

KIM = {"email": "kim@acme.co.kr"}


def test_merged_within_tolerance_not_same_source_or_beyond(make_ws):
    engine = built(make_ws, [
        {**KIM, "source": "webinar", "touchpoint": "webinar_attended", "ts": at(0),
         "properties": '{"room": "A"}'},                                                  # e1
        {**KIM, "source": "crm", "touchpoint": "Webinar Attendance", "ts": at(20)},       # e2
        {**KIM, "source": "web", "touchpoint": "page_view:/", "ts": at(0)},              # e3
        {**KIM, "source": "web", "touchpoint": "page_view:/", "ts": at(1)},              # e4
        {**KIM, "source": "webinar", "touchpoint": "demo_request", "ts": at(0, days=1)},  # e5
        {**KIM, "source": "crm", "touchpoint": "demo_request", "ts": at(31, days=1)},    # e6
        {"email": "lee@acme.co.kr", "source": "crm", "touchpoint": "webinar_attended",
         "ts": at(5)},                                                                    # e7
    ])
    merges = rows(engine, "merges", "merged_event_id")
    assert [{k: m[k] for k in ("kept_event_id", "merged_event_id", "touchpoint", "kept_source",
                                "merged_source", "seconds_apart")} for m in merges] == [
        {"kept_event_id": "e1", "merged_event_id": "e2", "touchpoint": "webinar_attended",
         "kept_source": "webinar", "merged_source": "crm", "seconds_apart": 1200.0},
    ]
    touches = {r["event_id"]: r for r in rows(engine, "touches")}
    assert sorted(touches) == ["e1", "e3", "e4", "e5", "e6", "e7"]
    assert json.loads(touches["e1"]["properties"]) == {
        "room": "A", "merged_sources": ["webinar", "crm"]}
    assert touches["e3"]["properties"] is None


def test_chain_of_three_collapses_to_the_first(make_ws):
    engine = built(make_ws, [
        {**KIM, "source": "zoom", "touchpoint": "webinar_attended", "ts": at(0)},
        {**KIM, "source": "crm", "touchpoint": "webinar_attended", "ts": at(25)},
        {**KIM, "source": "marketo", "touchpoint": "webinar_attended", "ts": at(50)},
    ], clean={"dedupe_tolerance_minutes": 30})
    merges = rows(engine, "merges", "merged_event_id",
                  ["kept_event_id", "merged_event_id", "merged_source", "seconds_apart"])
    assert merges == [
        {"kept_event_id": "e1", "merged_event_id": "e2", "merged_source": "crm",
         "seconds_apart": 1500.0},
        {"kept_event_id": "e1", "merged_event_id": "e3", "merged_source": "marketo",
         "seconds_apart": 3000.0},
    ]
    (touch,) = rows(engine, "touches")
    assert json.loads(touch["properties"]) == {"merged_sources": ["zoom", "crm", "marketo"]}


def test_tolerance_boundary_is_inclusive_and_configurable(make_ws):
    events = [
        {**KIM, "source": "webinar", "touchpoint": "webinar_attended", "ts": at(0)},
        {**KIM, "source": "crm", "touchpoint": "webinar_attended", "ts": at(10)},
    ]
    assert len(rows(built(make_ws, events, clean={"dedupe_tolerance_minutes": 10}),
                    "merges")) == 1
    assert len(rows(built(make_ws, events, clean={"dedupe_tolerance_minutes": 9.9}),
                    "merges")) == 0
