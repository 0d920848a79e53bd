"""Maps generated from the demo data, checked against pandas computations of the same
figures; refresh, build and review reminders on bound numbers."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from journeymap.errors import MapError
from journeymap.maps.bindings import SURVEY_SCALES, evaluate
from journeymap.maps.generate import generate_map

STAGES = ["awareness", "consideration", "decision", "retention", "advocacy"]


@pytest.fixture(scope="module")
def account_map(demo_ws):
    return generate_map(demo_ws, level="account", language="en")


def _reference(touches: pd.DataFrame, actor: str) -> dict:
    """Stage figures as the issue defines them, straight from the touches."""
    t = touches[touches[actor].notna()]
    entered = t.groupby([actor, "stage"])["ts"].min().unstack()
    out = {}
    for i, stage in enumerate(STAGES):
        e = entered[stage].dropna()
        later = entered.loc[e.index, STAGES[i + 1:]]
        days = pd.Series(dtype=float)
        if i + 1 < len(STAGES):
            nxt = later.where(later.ge(e, axis=0)).min(axis=1)
            days = ((nxt - e).dt.total_seconds() / 86400).dropna()
        out[stage] = {"reached": len(e), "median_days": days.median() if len(days) else None}
    for a, b in itertools.pairwise(STAGES):
        out[a]["conversion"] = out[b]["reached"] / out[a]["reached"]
    return out


def _kpis(doc, stage: str) -> dict[str, float | None]:
    return {k.binding.metric: k.binding.value for k in doc.items(stage, "kpis")}


def test_stage_kpis_match_pandas(account_map, demo_touches):
    ref = _reference(demo_touches, "account_id")
    assert [s.id for s in account_map.stages] == STAGES
    for stage in STAGES:
        kpis = _kpis(account_map, stage)
        assert kpis["stage.reached"] == ref[stage]["reached"]
        if stage != "advocacy":
            assert kpis["stage.conversion"] == pytest.approx(ref[stage]["conversion"])
            assert kpis["stage.dropoff"] == pytest.approx(1 - ref[stage]["conversion"])
            assert kpis["stage.median_days"] == pytest.approx(ref[stage]["median_days"])


def test_touchpoints_channels_and_emotions_match_pandas(account_map, demo_touches):
    t = demo_touches[demo_touches.account_id.notna()]
    for stage in STAGES:
        s = t[t.stage == stage]
        actors = s.groupby("touchpoint").account_id.nunique()
        shown = {i.name: i.binding.value for i in account_map.items(stage, "touchpoints")}
        top = actors.sort_values(ascending=False).head(5)
        assert sorted(shown.values(), reverse=True) == list(top.values)
        assert all(actors[name] == value for name, value in shown.items())
        share = s.channel.value_counts() / len(s)
        for item in account_map.items(stage, "channels"):
            assert item.binding.value == pytest.approx(share[item.text])
        surveys = s[s.touchpoint.isin(list(SURVEY_SCALES)) & s.rating.notna()]
        emotions = account_map.items(stage, "emotions")
        if surveys.empty:
            assert emotions == []
            continue
        lo = surveys.touchpoint.map(lambda tp: SURVEY_SCALES[tp][0])
        hi = surveys.touchpoint.map(lambda tp: SURVEY_SCALES[tp][1])
        expected = (-2 + 4 * (surveys.rating - lo) / (hi - lo)).mean()
        assert emotions[0].binding.value == pytest.approx(expected)
        assert emotions[0].score == pytest.approx(round(expected, 2))
        assert emotions[0].label == f"{len(surveys)} survey answers"


def test_pain_points_are_the_friction_points_of_each_stage(account_map, demo_ws):
    friction = demo_ws.friction(level="account", top=1000).to_dict()
    for stage in STAGES:
        expected = [r for r in friction if r["stage"] == stage][:3]
        pains = account_map.items(stage, "pain_points")
        assert [p.text.split(": ", 1)[1] for p in pains] == [r["where"] for r in expected]
        assert [p.binding.value for p in pains] == [r["lost_conversions"] for r in expected]
        assert all(1 <= p.severity <= 5 for p in pains)


def test_a_segment_map_counts_only_the_segment(demo_ws, demo_touches):
    accounts = demo_ws.engine.to_arrow(demo_ws.engine.table("accounts")).to_pandas()
    industry = accounts.industry.value_counts().index[0]
    members = set(accounts.account_id[accounts.industry == industry])
    doc = generate_map(demo_ws, level="account", segment=f"account.industry={industry}",
                       language="ko")
    ref = _reference(demo_touches[demo_touches.account_id.isin(members)], "account_id")
    assert _kpis(doc, "awareness")["stage.reached"] == ref["awareness"]["reached"]
    assert _kpis(doc, "decision")["stage.conversion"] == pytest.approx(
        ref["decision"]["conversion"])
    assert doc.stages[0].name == "인지" and doc.lanes[1].name == "터치포인트"
    assert doc.personas[0].segment == f"account.industry={industry}"
    with pytest.raises(MapError, match="is not COLUMN=VALUE"):
        generate_map(demo_ws, segment="industry")


def test_person_level_figures(demo_ws, demo_touches):
    doc = generate_map(demo_ws, level="person", language="en")
    ref = _reference(demo_touches, "person_id")
    assert _kpis(doc, "consideration")["stage.reached"] == ref["consideration"]["reached"]
    glob = evaluate(demo_ws, [doc.items("awareness", "touchpoints")[0].binding.model_copy(
        update={"params": {"level": "person", "touchpoint": "page_view:*", "stage": None}})])
    views = demo_touches[demo_touches.touchpoint.str.startswith("page_view:")]
    assert glob == [views.person_id.nunique()]


def test_refresh_records_the_previous_value_and_a_version(demo_ws):
    maps = demo_ws.maps
    info = maps.generate(level="account", language="en", title="refresh test")
    doc = maps.get(info.id)
    kpi = doc.items("decision", "kpis")[0]
    real = kpi.binding.value
    kpi.binding.value = real + 10
    maps.save(info.id, doc, "lee", "pretend the data changed")
    version = maps.refresh(info.id)
    assert version.version == 3 and version.message == "refreshed numbers (1 changed)"
    kpi = maps.get(info.id).items("decision", "kpis")[0]
    assert (kpi.binding.value, kpi.binding.previous, kpi.binding.change) == (real, real + 10,
                                                                             -10)
    changes = maps.diff(info.id).to_dict()
    assert {"change": "changed", "what": "kpi value",
            "where": "Decision / KPIs / Reached", "before": f"{real + 10:.4g}",
            "after": f"{real:.4g}"} in changes
    maps.delete(info.id)


def test_review_reminders(demo_ws):
    maps = demo_ws.maps
    info = maps.generate(level="account", language="en", title="review test")
    now = datetime.now(UTC)
    assert info.id not in {r["map_id"] for r in maps.due(now=now).to_dict()}
    late = {r["map_id"]: r for r in maps.due(now=now + timedelta(days=190)).to_dict()}
    assert late[info.id]["reason"].startswith("review overdue since")
    maps.review(info.id, cadence_months=3)
    assert info.id not in {r["map_id"] for r in maps.due(now=now + timedelta(days=80)).to_dict()}
    assert info.id in {r["map_id"] for r in maps.due(now=now + timedelta(days=95)).to_dict()}
    doc = maps.get(info.id)
    kpi = doc.items("awareness", "kpis")[0]
    kpi.binding.value = kpi.binding.reviewed * 1.3
    maps.save(info.id, doc, "lee")
    row = {r["map_id"]: r for r in maps.due(now=now).to_dict()}[info.id]
    assert "1 metric(s) moved more than 20%: stage.reached (Awareness)" in row["reason"]
    assert info.id not in {r["map_id"] for r in maps.due(now=now, threshold=0.5).to_dict()}
    maps.delete(info.id)


def test_a_persona_with_a_segment_selects_the_journeys(demo_ws, demo_touches):
    from journeymap.maps.model import Persona

    accounts = demo_ws.engine.to_arrow(demo_ws.engine.table("accounts")).to_pandas()
    industry = accounts.industry.value_counts().index[-1]
    maps = demo_ws.maps
    base = generate_map(demo_ws, level="account", language="en")
    base.personas = [Persona(name="Niche buyer", segment=f"account.industry={industry}")]
    holder = maps.create(base)
    made = maps.generate(persona="Niche buyer", level="account", language="en")
    doc = maps.get(made.id)
    assert doc.generated.segment == f"account.industry={industry}"
    assert doc.personas[0].name == "Niche buyer"
    members = set(accounts.account_id[accounts.industry == industry])
    ref = _reference(demo_touches[demo_touches.account_id.isin(members)], "account_id")
    assert _kpis(doc, "awareness")["stage.reached"] == ref["awareness"]["reached"]
    assert ref["awareness"]["reached"] < _kpis(base, "awareness")["stage.reached"]
    with pytest.raises(MapError, match="no stored map has a persona 'Nobody'") as err:
        maps.generate(persona="Nobody")
    assert "Niche buyer" in str(err.value)
    maps.delete(made.id)
    maps.delete(holder.id)


def test_a_korean_map_words_its_pain_points_in_korean(demo_ws):
    from journeymap.maps.generate import where_text

    doc = generate_map(demo_ws, level="account", language="ko")
    texts = [i.text for c in doc.cells if c.lane == "pain_points" for i in c.items]
    assert texts and not any("no touch for more than" in t or "support tickets" in t
                             or "lately" in t for t in texts)
    row = {"where": "no touch for more than 30 days", "evidence_code": "long_break",
           "evidence_args": '{"days": 30}'}
    assert (where_text(row, True), where_text(row, False)) == (
        "30일 넘게 접점 없음", "no touch for more than 30 days")
    late = {"where": "awareness → consideration lately", "evidence_code": "history_drop",
            "evidence_args": '{"stage": "awareness", "next": "consideration"}'}
    assert where_text(late, True) == "최근의 인지 → 고려"
