"""Funnels on tiny hand-built journeys with hand-computed answers."""

from __future__ import annotations

import pytest

from journeymap.errors import AnalysisError

DAY = 86_400.0

# Funnel ad_click -> page_view:/pricing -> demo_request, window 7 days.
STORY = {
    "kim": ["ad_click@0", "page_view:/pricing@1", "demo_request@3"],
    "lee": ["ad_click@0", "demo_request@1", "page_view:/pricing@2"],
    "park": ["ad_click@0", "page_view:/pricing@8"],  # pricing after the window
    "choi": ["page_view:/pricing@0", "demo_request@1"],  # never entered
    "jung": ["ad_click@0", "ad_click@5", "page_view:/pricing@9", "demo_request@10"],
    "han": ["ad_click@0", "page_view:/pricing@1", "page_view:/pricing@2", "demo_request@6"],
}
STEPS = ["ad_click", "page_view:/pricing", "demo_request"]


def col(result, name):
    return result.table.column(name).to_pylist()


def test_ordered_counts_conversions_drop_off_and_times(story_ws):
    ws = story_ws(STORY)
    r = ws.funnel(STEPS, window="7d")
    # kim and han reach all three; lee stops at pricing (demo came before it); park's
    # pricing is outside the window; jung's window starts at the first ad_click (day 0).
    assert col(r, "entered") == [5, 3, 2]
    assert col(r, "conversion_from_previous") == pytest.approx([1.0, 3 / 5, 2 / 3])
    assert col(r, "conversion_from_first") == pytest.approx([1.0, 3 / 5, 2 / 5])
    assert col(r, "dropped") == [None, 2, 1]
    # step 2 after step 1: kim 1 d, lee 2 d, han 1 d; step 3: kim 2 d, han 5 d.
    assert col(r, "median_seconds_from_previous") == pytest.approx([None, 1 * DAY, 3.5 * DAY])
    assert col(r, "p90_seconds_from_previous") == pytest.approx([None, 1.8 * DAY, 4.7 * DAY])
    assert r.excluded == 0


def test_strict_and_any_order(story_ws):
    ws = story_ws(STORY)
    strict = ws.funnel(STEPS, window="7d", order="strict")
    # strict: the next event must be the step; han's second pricing view breaks it.
    assert col(strict, "entered") == [5, 2, 1]
    anyorder = ws.funnel(STEPS, window="7d", order="any")
    # any order: lee's demo then pricing counts as two more steps.
    assert col(anyorder, "entered") == [5, 3, 3]
    # lee did 2 more steps at day 1 and day 2: the "3 steps" time is 1 day after the second.
    assert col(anyorder, "median_seconds_from_previous")[2] == pytest.approx(2 * DAY)


def test_window_is_inclusive_and_per_step_window(story_ws):
    ws = story_ws(STORY)
    assert col(ws.funnel(STEPS, window="8d"), "entered") == [5, 4, 2]  # park's day 8
    steps = [STEPS[0], STEPS[1], {"touchpoint": "demo_request", "within": "2d"}]
    # demo within 2 days of pricing: kim (2 d) yes, han (5 d) no
    assert col(ws.funnel(steps, window="7d"), "entered") == [5, 3, 1]
    steps[2] = "demo_request"
    assert col(ws.funnel(steps, window="1d"), "entered") == [5, 2, 0]


def test_optional_step_counts_only_before_the_next_required_step(story_ws):
    ws = story_ws({
        "a1": ["ad_click@0", "webinar_attended@1", "demo_request@2"],
        "a2": ["ad_click@0", "demo_request@1"],
        "a3": ["ad_click@0", "demo_request@1", "webinar_attended@2"],
        "a4": ["ad_click@0", "webinar_attended@1"],
    })
    r = ws.funnel(["ad_click", "webinar_attended?", "demo_request"])
    assert col(r, "optional") == [False, True, False]
    assert col(r, "entered") == [4, 2, 3]
    # demo converts from the last required step (ad_click), not from the optional one
    assert col(r, "conversion_from_previous") == pytest.approx([1.0, 0.5, 0.75])
    assert col(r, "dropped") == [None, None, 1]


def test_strict_order_with_an_optional_step(story_ws):
    ws = story_ws({
        "s1": ["ad_click@0", "webinar_attended@1", "demo_request@2"],
        "s2": ["ad_click@0", "demo_request@1"],
        "s3": ["ad_click@0", "login@1", "demo_request@2"],  # another event between
        "s4": ["ad_click@0", "webinar_attended@1", "login@2", "demo_request@3"],
    })
    r = ws.funnel(["ad_click", "webinar_attended?", "demo_request"], order="strict")
    assert col(r, "entered") == [4, 2, 2]


def test_exclusion_drops_the_actor_between_the_steps(story_ws):
    story = {
        "e1": ["ad_click@0", "ticket_opened@0.5", "page_view:/pricing@1", "demo_request@2"],
        "e2": ["ad_click@0", "page_view:/pricing@1", "demo_request@2", "ticket_opened@3"],
        "e3": ["ad_click@0", "page_view:/pricing@1", "ticket_opened@2"],  # never reached 3
        "e4": ["ad_click@0", "page_view:/pricing@1", "ticket_opened@20"],  # after the window
    }
    ws = story_ws(story)
    r = ws.funnel(STEPS, window="7d", exclude=["ticket_opened"])
    assert r.excluded == 2
    assert col(r, "entered") == [2, 2, 1]
    later = ws.funnel(STEPS, window="7d",
                      exclude=[{"step": "ticket_opened", "between": (2, 3)}])
    assert later.excluded == 1  # only e3: e1's ticket came before pricing
    assert col(later, "entered") == [3, 3, 2]


def test_account_level_counts_the_whole_buying_committee(story_ws):
    story = {"kim": ["ad_click@0"], "lee": ["page_view:/pricing@1", "demo_request@2"],
             "solo": ["ad_click@0", "page_view:/pricing@1"]}
    ws = story_ws(story, accounts={"kim": "ACME", "lee": "ACME", "solo": "BETA"})
    assert col(ws.funnel(STEPS, level="account"), "entered") == [2, 2, 1]
    assert col(ws.funnel(STEPS, level="person"), "entered") == [2, 1, 0]


def test_steps_by_stage_and_by_filters(story_ws):
    story = {
        "a": [{"tp": "signup", "day": 0, "channel": "paid_search",
               "properties": {"plan": "pro"}}, "login@1"],
        "b": [{"tp": "signup", "day": 0, "channel": "email",
               "properties": {"plan": "free"}}, "login@1"],
        "c": [{"tp": "signup", "day": 0, "channel": "paid_search",
               "properties": {"plan": "team"}}],
    }
    ws = story_ws(story)
    assert col(ws.funnel(["signup[channel=paid_search]", "login"]), "entered") == [2, 1]
    assert col(ws.funnel(["signup[properties.plan in pro|team]", "login"]), "entered") == [2, 1]
    assert col(ws.funnel(["*[properties.plan=free]", "login"]), "entered") == [1, 1]
    # signup is consideration, login retention in the default stage rules
    assert col(ws.funnel(["stage:consideration", "stage:retention"]), "entered") == [3, 2]


def test_breakdowns_by_entry_event_journey_and_account(story_ws):
    story = {
        "a": [{"tp": "ad_click", "day": 0, "channel": "paid_search"}, "demo_request@1"],
        "b": [{"tp": "ad_click", "day": 0, "channel": "paid_social"}],
        "c": [{"tp": "ad_click", "day": 0, "channel": "paid_search"}],
        "d": [{"tp": "ad_click", "day": 0}, "demo_request@1"],  # direct
    }
    ws = story_ws(story, accounts={"a": "A1", "b": "A1", "c": "A2"},
                  firmographics={"A1": {"industry": "제조"}, "A2": {"industry": "금융"}})
    r = ws.funnel(["ad_click", "demo_request"], breakdown="channel")
    got = {(row["breakdown"], row["step"]): row["entered"] for row in r.to_dict()["steps"]}
    assert got == {("direct", 1): 1, ("direct", 2): 1, ("paid_search", 1): 2,
                   ("paid_search", 2): 1, ("paid_social", 1): 1, ("paid_social", 2): 0}
    r = ws.funnel(["ad_click", "demo_request"], breakdown="account.industry")
    got = {(row["breakdown"], row["step"]): row["entered"] for row in r.to_dict()["steps"]}
    assert got == {("(none)", 1): 1, ("(none)", 2): 1, ("금융", 1): 1, ("금융", 2): 0,
                   ("제조", 1): 2, ("제조", 2): 1}
    r = ws.funnel(["ad_click", "demo_request"], breakdown="journey.touches")
    got = {(row["breakdown"], row["step"]): row["entered"] for row in r.to_dict()["steps"]}
    assert got == {("1", 1): 2, ("1", 2): 0, ("2", 1): 2, ("2", 2): 2}


def test_dropped_list_and_trend(story_ws):
    ws = story_ws(STORY | {"late": ["ad_click@7", "page_view:/pricing@8"]})
    r = ws.funnel(STEPS, window="7d")
    assert sorted(r.dropped(2).table.column("person_id").to_pylist()) == ["jung", "park"]
    gone = r.dropped("demo_request").to_dict()
    # ordered by when they reached pricing: lee on day 2, late on day 8
    assert [(g["person_id"], g["last_touchpoint"], g["touches"]) for g in gone] == [
        ("lee", "page_view:/pricing", 3), ("late", "page_view:/pricing", 2)]
    trend = r.trend("week").to_dict()
    # T0 is Monday 18:00 in Seoul: day 0 and day 7 fall in consecutive weeks
    assert [(str(t["period"]), t["entered"], t["converted"]) for t in trend] == [
        ("2024-03-04", 5, 2), ("2024-03-11", 1, 0)]
    with pytest.raises(AnalysisError, match="first step"):
        r.dropped(1)
    with pytest.raises(AnalysisError, match="no step 'nope'"):
        r.dropped("nope")


def test_since_until_limit_the_entries(story_ws):
    ws = story_ws(STORY | {"late": ["ad_click@7", "page_view:/pricing@8"]})
    r = ws.funnel(STEPS, since="2024-03-10", until="2024-03-12")
    assert col(r, "entered") == [1, 1, 0]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"steps": ["ad_click", "page_view:/pricng"]}, "did you mean page_view:/pricing"),
    ({"steps": ["ad_click", "stage:buying"]}, "unknown stage 'buying'"),
    ({"steps": ["ad_click"]}, "at least two steps"),
    ({"steps": ["ad_click?", "demo_request"]}, "cannot be optional"),
    ({"steps": STEPS, "window": "0d"}, "window is empty"),
    ({"steps": STEPS, "window": "soon"}, "cannot read the duration"),
    ({"steps": STEPS, "since": "2024-04-01", "until": "2024-03-01"}, "is empty"),
    ({"steps": STEPS, "breakdown": "chanel"}, "did you mean channel"),
    ({"steps": STEPS, "breakdown": "account.industri"}, "no field named 'account.industri'"),
    ({"steps": ["ad_click[chanel=x]", "demo_request"]}, "no field named 'chanel'"),
    ({"steps": STEPS, "level": "company"}, "person"),
    ({"steps": STEPS, "order": "random"}, "order"),
    ({"steps": STEPS, "exclude": [{"step": "login", "between": (3, 1)}]}, "exclusion"),
])
def test_bad_input_gets_a_clear_error(story_ws, kwargs, message):
    ws = story_ws(STORY)
    steps = kwargs.pop("steps")
    with pytest.raises(AnalysisError, match=message):
        ws.funnel(steps, **kwargs)


def test_twenty_steps_work(story_ws):
    story = {f"p{i}": [f"s{k}@{k / 10}" for k in range(i + 1)] for i in range(20)}
    ws = story_ws(story)
    r = ws.funnel([f"s{k}" for k in range(20)])
    assert col(r, "entered") == list(range(20, 0, -1))


def test_figure_has_one_bar_per_step_and_a_series_per_breakdown(story_ws):
    ws = story_ws(STORY)
    fig = ws.funnel(STEPS, window="7d").figure()
    assert list(fig.data[0].x) == [5, 3, 2]
    assert fig.data[0].y[2] == "3. demo_request"
    by = ws.funnel(STEPS, window="7d", breakdown="channel").figure()
    assert [t.name for t in by.data] == ["direct"]
