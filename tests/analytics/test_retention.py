"""Retention cohorts on hand-built journeys, and against a pandas reference on the demo."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.errors import AnalysisError

from .story import write_story

# T0 = Monday 2024-03-04 09:00 UTC (18:00 in Seoul)
STORY = {
    "a": ["visit@0", "visit@8", "visit@15"],      # cohort week 0; back in weeks 1 and 2
    "b": ["visit@1", "purchase@1.1", "purchase@9"],  # cohort week 0; back in week 1
    "c": ["visit@7", "visit@7.5"],                # cohort week 1; same week only
    "d": ["visit@8", "purchase@22"],              # cohort week 1; back in week 3 (last week)
}


def rows(result):
    return [(str(r["cohort"]), r["size"], r["period"], r["actors"]) for r in result.to_dict()[
        "cohorts"]]


def test_weekly_cohorts_count_returns_per_calendar_week(story_ws):
    ws = story_ws(STORY)
    r = ws.retention("week", periods=3)
    got = {(c, k): n for c, _, k, n in rows(r)}
    assert got[("2024-03-04", 1)] == 2  # a on day 8, b on day 9
    assert got[("2024-03-04", 2)] == 1  # a on day 15
    assert got[("2024-03-04", 3)] == 0  # nobody of week 0 came back in week 3
    assert got[("2024-03-11", 1)] == 0  # c and d: nothing in week 2
    assert got[("2024-03-11", 2)] == 1  # d's purchase on day 22 (week 3 = period 2)
    assert got[("2024-03-11", 3)] is None  # the data ends in week 3: not known yet
    assert r.matrix().loc[(date(2024, 3, 4), 2)].tolist()[:3] == [1.0, 1.0, 0.5]


def test_repeat_purchase_and_chosen_events(story_ws):
    ws = story_ws(STORY)
    r = ws.retention("week", periods=2, start="purchase", returning="purchase")
    got = {(c, k): n for c, _, k, n in rows(r)}
    # b first bought on day 1.1 (week 0) and again on day 9 (week 1); d bought once
    assert got == {("2024-03-04", 0): 1, ("2024-03-04", 1): 1, ("2024-03-04", 2): 0,
                   ("2024-03-25", 0): 1, ("2024-03-25", 1): None, ("2024-03-25", 2): None}


def test_monthly_and_account_level(story_ws):
    ws = story_ws(STORY, accounts={"a": "X", "c": "X"})
    r = ws.retention("month", periods=1, level="account")
    assert rows(r) == [("2024-03-01", 1, 0, 1), ("2024-03-01", 1, 1, None)]


def test_bad_input(story_ws):
    ws = story_ws(STORY)
    with pytest.raises(AnalysisError, match="unknown period 'year'"):
        ws.retention("year")
    with pytest.raises(AnalysisError, match="periods"):
        ws.retention("week", periods=0)


def reference(df: pd.DataFrame, period: str, periods: int, actor: str = "person_id") -> dict:
    """Straight pandas: first event per actor, calendar periods in Seoul time (UTC+9)."""
    df = df[df[actor].notna()].sort_values(["ts", "event_id"])
    local = df["ts"] + pd.Timedelta(hours=9)
    freq = "W-SUN" if period == "week" else "M"
    df = df.assign(p=local.dt.to_period(freq))
    first = df.groupby(actor).head(1).set_index(actor)
    last = df["p"].max()
    out = {}
    for cohort, members in first.groupby("p"):
        out[(cohort.start_time.date(), 0)] = len(members)
        later = df[df[actor].isin(members.index)]
        later = later[~later["event_id"].isin(members["event_id"])]
        for k in range(1, periods + 1):
            target = cohort + k
            n = later[later["p"] == target][actor].nunique()
            out[(cohort.start_time.date(), k)] = None if target > last else n
    return out


@pytest.mark.parametrize("period", ["week", "month"])
def test_demo_retention_matches_pandas(demo_ws, demo_touches, period):
    r = demo_ws.retention(period, periods=6)
    got = {(row["cohort"], row["period"]): row["actors"] for row in r.to_dict()["cohorts"]}
    assert got == reference(demo_touches, period, 6)
    sizes = {row["cohort"]: row["size"] for row in r.to_dict()["cohorts"]}
    assert sum(sizes.values()) == demo_touches["person_id"].nunique()



@settings(max_examples=30, deadline=None)
@given(story=st.dictionaries(st.sampled_from([f"p{i}" for i in range(8)]),
                             st.lists(st.integers(0, 60), min_size=1, max_size=6), min_size=1))
def test_random_cohorts_sum_to_the_actors_and_never_exceed_their_size(scratch_ws, story):
    write_story(scratch_ws.engine, scratch_ws.settings,
                {p: [f"visit@{d / 2}" for d in days] for p, days in story.items()})
    r = scratch_ws.retention("week", periods=8).to_dict()["cohorts"]
    sizes = {row["cohort"]: row["size"] for row in r}
    assert sum(sizes.values()) == len(story)
    assert all(row["actors"] is None or 0 <= row["actors"] <= row["size"] for row in r)
    assert all(row["actors"] == row["size"] for row in r if row["period"] == 0)
