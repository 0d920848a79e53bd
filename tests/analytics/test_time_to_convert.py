"""Time to convert on hand-built journeys; Kaplan-Meier against SciPy's estimator for
right-censored data (``scipy.stats.ecdf``) on the demo."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from journeymap.analytics.survival import kaplan_meier
from journeymap.errors import AnalysisError

# the data ends on day 40 (z's last touch)
STORY = {
    "a": ["ad_click@0", "demo_request@2", "purchase@10"],   # converts after 10 days
    "b": ["ad_click@5", "purchase@25"],                      # 20 days
    "c": ["ad_click@10", "demo_request@11"],                 # open: censored at 30 days
    "d": ["ad_click@1", "demo_request@3", "purchase@4"],     # 3 days
    "z": ["ad_click@40"],                                    # open: censored at 0 days
}


def test_days_from_first_touch_to_conversion(story_ws):
    ws = story_ws(STORY)
    r = ws.time_to_convert()
    [row] = r.to_dict()["stats"]
    assert (row["journeys"], row["converted"]) == (5, 3)
    assert row["mean_days"] == pytest.approx(11.0)   # (10 + 20 + 3) / 3
    assert row["median_days"] == pytest.approx(10.0)
    assert row["p75_days"] == pytest.approx(15.0)     # linear between 10 and 20
    assert row["p90_days"] == pytest.approx(18.0)
    # Kaplan-Meier: at risk 5 at day 0 (z censored), 4 at day 3 (d converts), 3 at day 10
    # (a), 2 at day 20 (b), 1 at day 30 (c censored)
    curve = [(p["day"], p["at_risk"], p["converted"], p["censored"]) for p in r.curve.to_dict()]
    assert curve == [(0, 5, 0, 1), (3, 4, 1, 0), (10, 3, 1, 0), (20, 2, 1, 0), (30, 1, 0, 1)]
    assert [p["survival"] for p in r.curve.to_dict()] == pytest.approx(
        [1.0, 0.75, 0.5, 0.25, 0.25])


def test_between_two_steps_and_breakdown(story_ws):
    ws = story_ws(STORY, accounts={"a": "A", "d": "A", "c": "B"},
                  firmographics={"A": {"industry": "제조"}, "B": {"industry": "금융"}})
    r = ws.time_to_convert(start="demo_request", end="purchase")
    [row] = r.to_dict()["stats"]
    assert (row["journeys"], row["converted"]) == (3, 2)  # a (8 d), d (1 d); c open
    assert row["median_days"] == pytest.approx(4.5)
    r = ws.time_to_convert(breakdown="account.industry")
    got = {s["breakdown"]: (s["journeys"], s["converted"]) for s in r.to_dict()["stats"]}
    assert got == {"(none)": (2, 1), "금융": (1, 0), "제조": (2, 2)}
    acc = ws.time_to_convert(level="account")
    got = {s["breakdown"]: s["median_days"] for s in acc.to_dict()["stats"]}
    # account A: a's first touch on day 0, d's purchase on day 4 (the account's first)
    assert got == {"all": pytest.approx(4.0)}


def test_trend_histogram_and_figure(story_ws):
    ws = story_ws(STORY)
    r = ws.time_to_convert(trend="week")
    trend = [(str(t["period"]), t["journeys"], t["converted"]) for t in r.trend.to_dict()]
    assert trend == [("2024-03-04", 3, 3), ("2024-03-11", 1, 0), ("2024-04-08", 1, 0)]
    assert sum(h["journeys"] for h in r.histogram.to_dict()) == 3
    fig = r.figure()
    assert list(fig.data[0].y) == pytest.approx([0.0, 0.0, 0.25, 0.5, 0.75, 0.75])


def test_bad_input(story_ws):
    ws = story_ws(STORY)
    with pytest.raises(AnalysisError, match="journey or account columns"):
        ws.time_to_convert(breakdown="channel")
    with pytest.raises(AnalysisError, match="unknown period"):
        ws.time_to_convert(trend="year")


def test_kaplan_meier_matches_scipy_on_the_demo(demo_ws):
    r = demo_ws.time_to_convert(level="account")
    from journeymap.analytics.time_to_convert import TimeToConvertSpec, durations

    d = demo_ws.engine.to_arrow(durations(demo_ws.engine, demo_ws.settings,
                                          TimeToConvertSpec(level="account"))).to_pandas()
    days = np.floor(d["days"].to_numpy())
    conv = d["converted"].to_numpy()
    theirs = stats.ecdf(stats.CensoredData(uncensored=days[conv], right=days[~conv])).sf
    ours = {p["day"]: p["survival"] for p in r.curve.to_dict()}
    assert len(ours) == len(np.unique(days))
    for day, value in ours.items():
        assert value == pytest.approx(float(theirs.evaluate(day)), abs=1e-12)
    conv = d[d["converted"]]["days"]
    [row] = r.to_dict()["stats"]
    assert row["converted"] == len(conv) > 0
    assert row["median_days"] == pytest.approx(float(np.quantile(conv, 0.5)))
    assert row["p90_days"] == pytest.approx(float(np.quantile(conv, 0.9)))


def test_kaplan_meier_of_nothing_is_empty():
    assert kaplan_meier([]) == []
