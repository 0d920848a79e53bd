"""Sessions (gap boundary) and stage rules (first match, rating bounds, custom rules)."""

from __future__ import annotations

import pytest

from journeymap.config import JourneySettings, StageRule
from journeymap.pipeline.stages import builtin_stage_rules

from .literal import at, built, rows

KIM = {"email": "kim@acme.co.kr"}


def test_gap_of_exactly_thirty_minutes_stays_in_the_session(make_ws):
    engine = built(make_ws, [
        {**KIM, "touchpoint": "page_view:/", "ts": at(0)},
        {**KIM, "touchpoint": "page_view:/pricing", "ts": at(30)},        # exactly 30 min
        {**KIM, "touchpoint": "page_view:/blog", "ts": at(60 + 1 / 60)},  # 30 min 1 s later
        {"account_id": "A9", "source": "crm", "touchpoint": "sql", "ts": at(0)},
    ])
    sessions = [(r["event_id"], r["session_id"].split(":", 1)[1] if r["person_id"] else
                 r["session_id"]) for r in rows(engine, "touches", "event_id")]
    assert sessions == [("e1", "1"), ("e2", "1"), ("e3", "2"), ("e4", "account:A9:1")]


def test_touches_at_one_instant_share_their_session(make_ws):
    """Ties on ``ts`` are not ordered by the session windows, yet every tied touch gets
    the same session, whether the instant starts a session or continues one."""
    engine = built(make_ws, [
        {**KIM, "touchpoint": "page_view:/", "ts": at(0)},
        {**KIM, "touchpoint": "page_view:/pricing", "ts": at(45)},  # new session ...
        {**KIM, "touchpoint": "page_view:/docs", "ts": at(45)},     # ... at one instant
        {**KIM, "touchpoint": "page_view:/blog", "ts": at(45)},
        {**KIM, "touchpoint": "page_view:/app", "ts": at(50)},      # same session
        {**KIM, "touchpoint": "page_view:/a", "ts": at(50)},
        {**KIM, "touchpoint": "page_view:/b", "ts": at(120)},       # third session
    ])
    sessions = [r["session_id"].split(":", 1)[1] for r in rows(engine, "touches", "event_id")]
    assert sessions == ["1", "2", "2", "2", "2", "2", "3"]


@pytest.mark.parametrize(
    ("touchpoint", "rating", "stage", "order"),
    [
        ("page_view:/", None, "awareness", 0),
        ("page_view:/blog/korean-crm", None, "awareness", 0),
        ("ad_click", None, "awareness", 0),
        ("page_view:/pricing", None, "consideration", 1),
        ("webinar_attended", None, "consideration", 1),
        ("demo_request", None, "decision", 2),
        ("opportunity_created", None, "decision", 2),
        ("deal_won", None, "decision", 2),
        ("ticket_opened", None, "retention", 3),
        ("nps_response", 10.0, "advocacy", 4),
        ("nps_response", 9.0, "advocacy", 4),
        ("nps_response", 8.0, "retention", 3),
        ("review_posted", None, "advocacy", 4),
        ("mystery", None, None, None),
    ],
)
def test_builtin_stage_rules(make_ws, touchpoint, rating, stage, order):
    engine = built(make_ws, [{**KIM, "touchpoint": touchpoint, "rating": rating}])
    (touch,) = rows(engine, "touches")
    assert (touch["stage"], touch["stage_order"]) == (stage, order)


def test_custom_rules_and_stages(make_ws):
    engine = built(make_ws, [
        {**KIM, "touchpoint": "csat_response", "rating": 2.0},
        {**KIM, "touchpoint": "csat_response", "rating": 5.0},
        {**KIM, "touchpoint": "page_view:/a_b"},
        {**KIM, "touchpoint": "page_view:/axb"},
    ], journeys={
        "stages": ["discover", "unhappy", "happy"],
        "stage_rules": [
            {"pattern": "csat_*", "stage": "unhappy", "max_rating": 3},
            {"pattern": "csat_*", "stage": "happy"},
            {"pattern": "page_view:/a_b", "stage": "discover"},
            {"pattern": "page_view:*", "stage": "ignored_stage"},
        ],
    })
    got = [(r["stage"], r["stage_order"]) for r in rows(engine, "touches", "event_id")]
    assert got == [("unhappy", 1), ("happy", 2), ("discover", 0), (None, None)]
    journeys = rows(engine, "journeys", "level", ["level", "current_stage", "entered_discover",
                                                  "entered_happy"])
    assert journeys == [  # kim's synthetic domain:acme.co.kr account, and kim
        {"level": "account", "current_stage": "happy", "entered_discover": at(3),
         "entered_happy": at(2)},
        {"level": "person", "current_stage": "happy", "entered_discover": at(3),
         "entered_happy": at(2)},
    ]


def test_builtin_rules_name_only_default_stages():
    stages = set(JourneySettings().stages)
    assert {r.stage for r in builtin_stage_rules()} == stages
    assert all(isinstance(r, StageRule) for r in builtin_stage_rules())


def test_stage_lookup_gives_the_per_touch_answer():
    """Stages looked up per distinct touchpoint equal the rules run on every touch: rating
    rules before and after plain ones, names missing from the lookup, null names."""
    import ibis
    import pandas as pd

    from journeymap.pipeline.stages import assign_stages

    settings = JourneySettings(stages=["a", "b", "c"], stage_rules=[
        {"pattern": "x*", "stage": "c", "min_rating": 8},
        {"pattern": "x_plain", "stage": "a"},
        {"pattern": "x*", "stage": "b", "max_rating": 2},
        {"pattern": "*y*z", "stage": "b"},
        {"pattern": "x*", "stage": "unlisted"},
        {"pattern": "x*", "stage": "a"},
    ])
    touches = ibis.memtable(pd.DataFrame({
        "id": range(10),
        "touchpoint": ["x_plain", "x_plain", "x_other", "x_other", "x_other", "ayqz",
                       "missing", "x_missing", None, "zz"],
        "rating": [9.0, 1.0, 9.0, 1.0, None, 9.0, None, 9.0, 9.0, None],
    }))
    names = ibis.memtable(pd.DataFrame({"touchpoint": ["x_plain", "x_other", "ayqz", "zz",
                                                       None]}))
    con = ibis.duckdb.connect()

    def run(expr):
        return con.to_pyarrow(expr.order_by("id").select("stage", "stage_order")).to_pylist()

    expected = run(assign_stages(touches, settings))
    assert run(assign_stages(touches, settings, touchpoints=names.touchpoint)) == expected
    assert [r["stage"] for r in expected] == ["c", "a", "c", "b", "a", "b", None, "c", None,
                                              None]
