"""The friction list on hand-built journeys: each kind with its evidence and its rank."""

from __future__ import annotations

import json

import pytest

STORY = {
    # pricing three times in a row, then nothing: loop and abandonment
    "l1": ["page_view:/pricing@0", "page_view:/pricing@0.1", "page_view:/pricing@0.2",
           "ad_click@1"],
    "l2": ["page_view:/pricing@0", "page_view:/pricing@0.1", "page_view:/pricing@0.2",
           "ad_click@1"],
    "c1": ["page_view:/pricing@0", "purchase@1"],
    "c2": ["page_view:/pricing@0", "page_view:/pricing@0.1", "purchase@2"],  # 2 is no loop
    "b1": ["ad_click@0", "ad_click@45", "demo_request@46"],  # a 45-day break, no purchase
    "s1": ["page_view:/pricing@0", "ticket_opened@1", "ad_click@2"],
    "z": ["ad_click@100"],  # the data ends on day 100
}


def items(result, kind):
    return [r for r in result.to_dict() if r["kind"] == kind]


def test_each_kind_of_friction_with_evidence(story_ws):
    ws = story_ws(STORY)
    r = ws.friction(level="person")
    [loop] = items(r, "loop")
    assert (loop["where"], loop["affected"]) == ("page_view:/pricing", 2)
    # loopers convert 0 of 2; the other journeys with pricing (c1, c2, s1) 2 of 3
    assert loop["conversion_affected"] == 0.0
    assert loop["conversion_others"] == pytest.approx(2 / 3)
    assert loop["lost_conversions"] == pytest.approx(round(2 * 2 / 3, 2))
    assert loop["examples"] == "person:l1, person:l2"
    gone = {(a["where"], a["stage"]): a["affected"] for a in items(r, "abandonment")}
    # silent for 30+ days before day 100 without converting: l1, l2, s1 (ad_click), b1;
    # the stage is the journey's highest (pricing: consideration, a ticket: retention)
    assert gone == {("ad_click", "consideration"): 2, ("ad_click", "retention"): 1,
                    ("demo_request", "decision"): 1}
    [brk] = items(r, "long_break")
    assert brk["affected"] == 1 and brk["stage"] == "awareness" and "45 days" in brk["evidence"]
    # the evidence as data too, for interfaces that word it in another language
    assert brk["evidence_code"] == "long_break"
    assert json.loads(brk["evidence_args"]) == {"n": 1, "stage": "awareness", "days": 30,
                                                "median": 45.0, "rate": 0.0, "others": 0.0}
    assert {r["evidence_code"] for r in r.to_dict()} == {"abandoned", "loop", "long_break",
                                                          "support"}
    [sup] = items(r, "support")
    assert sup["affected"] == 1 and sup["conversion_affected"] == 0.0
    assert [x["rank"] for x in r.to_dict()] == list(range(1, len(r) + 1))
    lost = [x["lost_conversions"] for x in r.to_dict()]
    assert lost == sorted(lost, reverse=True)


def test_thresholds_change_what_counts(story_ws):
    ws = story_ws(STORY)
    assert items(ws.friction(level="person", loop_min=2), "loop")[0]["affected"] == 3
    assert not items(ws.friction(level="person", break_days=50), "long_break")
    assert items(ws.friction(level="person", inactive_days=200), "abandonment") == []


def test_the_scratch_table_of_the_previous_touches_is_dropped(story_ws):
    """Loops, breaks and support read one scratch table of the touches in order; it is
    gone afterwards, also when the analysis fails half-way."""
    ws = story_ws(STORY)
    con = ws.engine.con.con

    def scratch() -> int:
        return con.execute("SELECT count(*) FROM duckdb_tables() "
                           "WHERE table_name LIKE '_jm_friction_%'").fetchone()[0]

    ws.friction(level="person")
    assert scratch() == 0
    with pytest.raises(TypeError):
        ws.friction(level="person", loop_min="three")  # fails comparing run lengths
    assert scratch() == 0


def test_segment_drop_off_is_flagged_when_significant(story_ws):
    story = {f"a{i}": ["ad_click@0", "page_view:/pricing@1"] for i in range(30)}
    story |= {f"b{i}": ["ad_click@0"] + (["page_view:/pricing@1"] if i < 3 else [])
              for i in range(30)}
    accounts = {p: p for p in story}
    firm = {p: {"industry": "제조" if p.startswith("a") else "금융"} for p in story}
    ws = story_ws(story, accounts=accounts, firmographics=firm)
    [drop] = items(ws.friction(level="account"), "drop_off")
    assert drop["where"] == "account.industry = 금융" and drop["stage"] == "awareness"
    assert drop["conversion_affected"] == pytest.approx(0.1)
    assert drop["conversion_others"] == pytest.approx(1.0)
    assert "p = 0.000" in drop["evidence"]
    args = json.loads(drop["evidence_args"])
    assert drop["evidence_code"] == "segment_drop"
    assert (args["field"], args["segment"], args["stage"], args["next"], args["n"]) == (
        "account.industry", "금융", "awareness", "consideration", 30)


def test_recent_journeys_slower_than_their_history_at_the_same_age(story_ws):
    # the data ends on day 400; history: moved on within 60 days, recent: the last 90 days
    # of journeys old enough (entered by day 340), i.e. entered after day 250
    story = {f"o{i}": [f"ad_click@{i}", f"page_view:/pricing@{i + 5}"] for i in range(10)}
    story |= {f"r{i}": [f"ad_click@{260 + i}"] + ([f"page_view:/pricing@{265 + i}"]
                                                   if i == 0 else []) for i in range(10)}
    story["z"] = ["ad_click@400"]  # too young to judge: left out
    ws = story_ws(story)
    [late] = [r for r in ws.friction(level="person").to_dict()
              if r["where"] == "awareness → consideration lately"]
    assert (late["affected"], late["conversion_affected"], late["conversion_others"]) == (
        10, 0.1, 1.0)
    assert "within 60 days" in late["evidence"]
    assert late["evidence_code"] == "history_drop"
    assert json.loads(late["evidence_args"])["within_days"] == 60
    assert not [r for r in ws.friction(level="person", recent_days=400).to_dict()
                if r["where"].endswith("lately")]  # nothing earlier to compare with
