"""Stage completion on hand-built journeys (default stage rules), and against pandas."""

from __future__ import annotations

import pytest

from journeymap.errors import AnalysisError

from .story import day

# ad_click = awareness, page_view:/pricing = consideration, demo_request = decision,
# login = retention (the built-in stage rules)
STORY = {
    "p1": ["ad_click@0", "page_view:/pricing@2", "demo_request@5", "login@15"],
    "p2": ["ad_click@0", "page_view:/pricing@4"],
    "p3": ["ad_click@0"],
    "p4": ["page_view:/pricing@0", "ad_click@1"],  # considered before any ad: not moved on
}


def by_stage(result):
    return {r["stage"]: r for r in result.to_dict()}


def test_reached_moved_on_conversion_and_days_in_stage(story_ws):
    ws = story_ws(STORY)
    s = by_stage(ws.stages(level="person"))
    assert [s[k]["reached"] for k in s] == [4, 3, 1, 1, 0]
    assert [s[k]["moved_on"] for k in s] == [2, 1, 1, 0, 0]
    assert s["awareness"]["share_moved_on"] == 0.5
    assert [s[k]["conversion_to_next"] for k in s] == pytest.approx(
        [3 / 4, 1 / 3, 1.0, 0.0, None])
    assert s["awareness"]["median_days_in_stage"] == pytest.approx(3.0)  # 2 d and 4 d
    assert s["awareness"]["p90_days_in_stage"] == pytest.approx(3.8)
    assert s["consideration"]["median_days_in_stage"] == pytest.approx(3.0)  # p1: 2 -> 5
    assert s["decision"]["median_days_in_stage"] == pytest.approx(10.0)
    assert s["advocacy"]["share_moved_on"] is None


def test_against_the_previous_period(story_ws):
    ws = story_ws(STORY | {"p5": ["ad_click@12", "page_view:/pricing@13"]})
    s = by_stage(ws.stages(level="person", period="10d", as_of=day(19)))
    aw = s["awareness"]
    assert (aw["journeys"], aw["previous_journeys"]) == (1, 4)
    assert aw["share_moved_on"] == 1.0 and aw["previous_share_moved_on"] == 0.5
    assert aw["change_share_moved_on"] == pytest.approx(0.5)
    assert aw["change_median_days_in_stage"] == pytest.approx(1.0 - 3.0)
    fig = ws.stages(level="person", period="10d", as_of=day(19)).figure()
    assert [t.name for t in fig.data] == ["reached", "moved on", "reached (previous period)"]


def test_accounts_and_bad_input(story_ws):
    ws = story_ws(STORY, accounts={"p1": "A", "p2": "A", "p3": "B"})
    s = by_stage(ws.stages())  # account level by default
    assert s["awareness"]["journeys"] == 2
    assert s["retention"]["reached"] == 1
    with pytest.raises(AnalysisError, match="period is empty"):
        ws.stages(period="0d")


def test_demo_stage_completion_matches_pandas(demo_ws):
    stages = list(demo_ws.settings.journeys.stages)
    j = demo_ws.journeys(level="account").to_pandas()
    got = by_stage(demo_ws.stages(level="account"))
    for i, stage in enumerate(stages):
        entered = j[f"entered_{stage}"]
        assert got[stage]["reached"] == entered.notna().sum()
        if i + 1 == len(stages):
            assert got[stage]["moved_on"] == 0
            continue
        later = j[[f"entered_{s}" for s in stages[i + 1:]]]
        nxt = later.where(later.ge(entered, axis=0)).min(axis=1)
        days = ((nxt - entered).dt.total_seconds() / 86400).dropna()
        assert got[stage]["moved_on"] == len(days)
        if len(days):
            assert got[stage]["median_days_in_stage"] == pytest.approx(days.quantile(0.5))
            assert got[stage]["p90_days_in_stage"] == pytest.approx(days.quantile(0.9))
