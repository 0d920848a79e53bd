"""The six steps of journey mapping: gaps of a map, and the interactive walker."""

from __future__ import annotations

import io
import re
import string
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from rich.console import Console

from journeymap.cli.map_guide import run_guide
from journeymap.errors import MapError
from journeymap.maps.guide import (
    GUIDE_STEPS,
    add_item,
    check_map,
    review_due,
    stage_items,
)
from journeymap.maps.guide_steps import GAP_MESSAGES, GUIDE_PROMPTS, STEP_KEYS
from journeymap.maps.items import (
    EmotionItem,
    KpiItem,
    LaneKind,
    OpportunityItem,
    PainPointItem,
)
from journeymap.maps.model import JourneyMap, Lane, Stage
from journeymap.maps.schema import parse_map
from journeymap.maps.templates import TEMPLATES, load_template

HANGUL = re.compile(r"[가-힣]")
NOW = datetime(2027, 3, 1, tzinfo=UTC)


def codes(doc: JourneyMap, **kwargs: object) -> list[str]:
    return [gap.code for gap in check_map(doc, now=NOW, **kwargs)]


# -- the steps ------------------------------------------------------------------------------


def test_six_steps_in_order_in_both_languages() -> None:
    assert STEP_KEYS == ("personas", "goals", "touchpoints", "evaluate", "prioritise",
                         "revise")
    for step in GUIDE_STEPS:
        assert step.fills
        assert set(step.title) == set(step.explanation) == {"ko", "en"}
        assert HANGUL.search(step.title["ko"]) and HANGUL.search(step.explanation["ko"])
        assert not HANGUL.search(step.title["en"] + step.explanation["en"])


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("catalogue", [GAP_MESSAGES, GUIDE_PROMPTS])
def test_every_message_exists_in_both_languages(catalogue: dict) -> None:
    for messages in catalogue.values():
        assert set(messages) == {"ko", "en"}
        assert HANGUL.search(messages["ko"])
        assert fields(messages["ko"]) == fields(messages["en"])


# -- check_map ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_lacks_persona_goals_emotions_and_review(name: str) -> None:
    doc = load_template(name)
    gaps = check_map(doc, now=NOW)
    found = [gap.code for gap in gaps]
    for code in ("no_persona", "no_scenario", "no_goals", "never_reviewed"):
        assert code in found
    assert found.count("no_emotion") == len(doc.stages)
    assert "no_touchpoints" not in found and "no_kpis" not in found
    assert [STEP_KEYS.index(g.step) for g in gaps] == sorted(STEP_KEYS.index(g.step)
                                                            for g in gaps)


def test_no_pain_points_on_the_decision_stage() -> None:
    doc = load_template("b2b-saas")
    [gap] = [g for g in check_map(doc, now=NOW) if g.code == "no_decision_pain_points"]
    assert gap.step == "evaluate"
    assert gap.stage == "evaluation"
    assert gap.lane == LaneKind.pain_points
    assert gap.message == "no pain points on the decision stage ('Evaluation')"


def test_without_a_decision_stage_any_pain_point_counts() -> None:
    doc = load_template("support")
    assert "no_pain_points" in codes(doc)
    add_item(doc, "contact", LaneKind.pain_points, PainPointItem(text="Long hold times"))
    assert "no_pain_points" not in codes(doc)


def test_gaps_are_in_korean_when_asked() -> None:
    doc = load_template("five-stage", "en")
    gaps = check_map(doc, "ko", now=NOW)
    assert gaps and all(HANGUL.search(gap.message) for gap in gaps)
    decision = next(g for g in gaps if g.code == "no_decision_pain_points")
    assert decision.message == "결정 단계('Decision')에 페인 포인트가 없습니다."
    korean = check_map(load_template("five-stage", "ko"), now=NOW)  # the map's language
    assert all(HANGUL.search(gap.message) for gap in korean)


def test_gaps_in_an_unknown_language_are_refused() -> None:
    with pytest.raises(MapError, match="not 'de'"):
        check_map(load_template("support"), "de")


def test_a_filled_map_only_lacks_target_kpis_and_a_review(korean_map: JourneyMap) -> None:
    assert sorted(set(codes(korean_map))) == ["never_reviewed", "opportunity_without_kpi"]
    assert codes(korean_map).count("opportunity_without_kpi") == len(korean_map.stages)
    for stage in korean_map.stages:
        for item in stage_items(korean_map, stage.id, LaneKind.opportunities):
            item.target_kpi = "전환율"
    korean_map.review.last_reviewed_at = datetime(2027, 1, 15, tzinfo=UTC)
    assert check_map(korean_map, now=NOW) == []


def test_pain_points_need_an_opportunity_with_owner_and_kpi() -> None:
    doc = load_template("ecommerce")
    add_item(doc, "checkout", LaneKind.pain_points, PainPointItem(text="Surprise fees"))
    gaps = [g for g in check_map(doc, now=NOW) if g.step == "prioritise"]
    assert [(g.code, g.stage, g.lane) for g in gaps] == [
        ("pain_points_without_opportunity", "checkout", LaneKind.opportunities)]
    add_item(doc, "checkout", LaneKind.opportunities,
             OpportunityItem(description="Show shipping cost on the product page"))
    assert [g.code for g in check_map(doc, now=NOW) if g.step == "prioritise"] == [
        "opportunity_without_owner", "opportunity_without_kpi"]
    opportunity = stage_items(doc, "checkout", LaneKind.opportunities)[0]
    opportunity.owner, opportunity.target_kpi = "growth team", "Checkout conversion rate"
    assert not [g for g in check_map(doc, now=NOW) if g.step == "prioritise"]
    assert "no_decision_pain_points" not in codes(doc)


def test_filled_personas_goals_and_scenario_leave_no_such_gaps() -> None:
    doc = load_template("onboarding", "ko")
    doc.personas[0].name = "마케팅 팀장 지은"
    assert codes(doc)[:2] == ["persona_without_description", "persona_without_goals"]
    doc.personas[0].description = "엑셀 보고서에 지친 팀장"
    doc.personas[0].goals = ["2주 안에 대시보드 보고"]
    doc.scenario = "체험 14일 안에 첫 보고서를 만든다"
    doc.goals = ["활성화율 개선"]
    assert not [g for g in check_map(doc, now=NOW) if g.step in ("personas", "goals")]


def test_a_blank_map_lacks_everything() -> None:
    doc = JourneyMap(title="Blank")
    assert codes(doc) == ["no_persona", "no_scenario", "no_goals", "no_stages", "no_kpis",
                          "never_reviewed"]


def test_missing_lanes_are_reported_once() -> None:
    doc = load_template("five-stage")
    doc.lanes = [lane for lane in doc.lanes if lane.kind != LaneKind.emotions]
    [gap] = [g for g in check_map(doc, now=NOW) if g.lane == LaneKind.emotions]
    assert (gap.code, gap.stage, gap.message) == ("no_lane", None,
                                                 "the map has no Emotions lane")


def test_add_item_adds_a_missing_lane_in_its_place() -> None:
    doc = load_template("five-stage", "ko")
    doc.lanes = [lane for lane in doc.lanes if lane.kind != LaneKind.emotions]
    add_item(doc, "decision", LaneKind.emotions, EmotionItem(score=-1))
    kinds = [lane.kind for lane in doc.lanes]
    assert kinds.index(LaneKind.emotions) == kinds.index(LaneKind.thoughts) + 1
    assert doc.lanes_of(LaneKind.emotions)[0].name == "감정"
    parse_map(doc.model_dump(mode="json"))


@pytest.mark.parametrize(("cadence", "last", "now", "overdue"), [
    (6, datetime(2026, 8, 31, tzinfo=UTC), datetime(2027, 2, 27, tzinfo=UTC), False),
    (6, datetime(2026, 8, 31, tzinfo=UTC), datetime(2027, 2, 28, tzinfo=UTC), True),
    (3, datetime(2026, 12, 1), datetime(2027, 2, 28, tzinfo=UTC), False),
    (3, datetime(2026, 12, 1), datetime(2027, 3, 1, tzinfo=UTC), True),
])
def test_review_overdue_after_the_cadence(cadence: int, last: datetime, now: datetime,
                                          overdue: bool) -> None:
    doc = load_template("support")
    doc.review.cadence_months, doc.review.last_reviewed_at = cadence, last
    found = [g for g in check_map(doc, now=now) if g.step == "revise"]
    assert [g.code for g in found] == (["review_overdue"] if overdue else [])
    if overdue:
        due = review_due(doc)
        assert due is not None and due.date().isoformat() in found[0].message


# -- run_guide ------------------------------------------------------------------------------


def scripted(rules: list[tuple[str, str | list[str]]]) -> tuple[
        Callable[[str, str], str], list[str]]:
    """An ``ask`` answering the first rule whose text is in the prompt (a list answers in
    turn, then repeats its last answer); other prompts get their default (Enter)."""
    asked: list[str] = []
    queues = {text: list(answer) if isinstance(answer, list) else [answer]
              for text, answer in rules}

    def ask(prompt: str, default: str) -> str:
        asked.append(prompt)
        for text, queue in queues.items():
            if text in prompt:
                return queue.pop(0) if len(queue) > 1 else queue[0]
        return default
    return ask, asked


def quiet() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, color_system=None), out


def test_run_guide_fills_the_map_step_by_step() -> None:
    doc = load_template("b2b-saas", "en")
    doc.cells = [c for c in doc.cells
                 if not (c.stage == "purchase" and c.lane == "touchpoints")
                 and c.lane != "kpis"]
    ask, asked = scripted([
        ("Persona name", "Minjun, IT lead"),
        ("Describe 'Minjun, IT lead'", "IT lead at a 300-person manufacturer"),
        ("Goals of", "Replace the file server, Stay within budget"),
        ("Scenario", "Must replace file sharing before the licence runs out"),
        ("Business goals", "Shorter sales cycle"),
        ("Touchpoints of 'Purchase & contract'", "Security questionnaire, Order form"),
        ("Emotion on", ["5", "-1"]),
        ("A word for", "anxious"),
        ("Pain points on 'Evaluation', the decision stage", "Slow answers"),
        ("Opportunity to fix 'Slow answers'", "Answer within a day"),
        ("Owner of", "sales-ops"),
        ("Impact", "4"),
        ("Effort", "2"),
        ("Target KPI", "Sales cycle length"),
        ("KPIs of 'Evaluation'", "Demo-to-opportunity rate (%), Sales cycle length (days)"),
        ("Review every", "3"),
    ])
    console, out = quiet()
    result = run_guide(doc, console, ask, now=NOW)

    assert parse_map(result.model_dump(mode="json")) == result
    assert [(p.name, p.description, p.goals) for p in result.personas] == [
        ("Minjun, IT lead", "IT lead at a 300-person manufacturer",
         ["Replace the file server", "Stay within budget"])]
    assert result.goals == ["Shorter sales cycle"]
    assert [t.name for t in stage_items(result, "purchase", LaneKind.touchpoints)] == [
        "Security questionnaire", "Order form"]
    emotions = [stage_items(result, s.id, LaneKind.emotions) for s in result.stages]
    assert [[(e.score, e.label) for e in items] for items in emotions][:2] == [
        [(-1, "anxious")], [(-1, "anxious")]]
    assert all(emotions)
    [pain] = stage_items(result, "evaluation", LaneKind.pain_points)
    assert pain.text == "Slow answers"
    [opportunity] = stage_items(result, "evaluation", LaneKind.opportunities)
    assert (opportunity.description, opportunity.owner, opportunity.impact,
            opportunity.effort, opportunity.target_kpi) == (
        "Answer within a day", "sales-ops", 4, 2, "Sales cycle length")
    assert [(k.name, k.unit) for k in stage_items(result, "evaluation", LaneKind.kpis)] == [
        ("Demo-to-opportunity rate", "%"), ("Sales cycle length", "days")]
    assert result.review.cadence_months == 3
    assert [g.code for g in check_map(result, now=NOW)] == ["never_reviewed"]

    text = out.getvalue()
    assert [s.title["en"] in text for s in GUIDE_STEPS] == [True] * 6
    assert "Please answer" in text  # the emotion score 5 was out of range
    assert "never been reviewed" in text
    assert any("(buying role and company" in prompt for prompt in asked)  # template hint
    assert doc.personas[0].name.startswith("[")  # the input map is untouched


def test_enter_skips_every_question() -> None:
    doc = load_template("support", "en")
    ask, asked = scripted([])
    console, out = quiet()
    result = run_guide(doc, console, ask, now=NOW)
    assert asked
    assert result == doc
    assert "Still missing" in out.getvalue()


def test_run_guide_speaks_korean_for_a_korean_map() -> None:
    doc = load_template("five-stage", "ko")
    ask, asked = scripted([
        ("페르소나 이름", "소상공인 김사장"),
        ("설명", "동네 카페 운영자"),
        ("의 목표", "매출 관리 시간 줄이기"),
        ("시나리오", "세금 신고 전에 장부 앱을 찾는다"),
        ("비즈니스 목표", "가입 전환율 개선"),
        ("감정", "0"),
        ("한마디", "보통"),
        ("결정 단계 '결정(구매)'의 페인 포인트", "요금제 비교가 어렵다"),
        ("개선 기회", "요금제 비교표 추가"),
        ("담당자", "그로스팀"),
        ("목표 KPI", "구매 전환율"),
        ("검토 주기", "6"),
    ])
    console, out = quiet()
    result = run_guide(doc, console, ask, now=NOW)
    assert asked and all(HANGUL.search(prompt) for prompt in asked)
    assert result.personas[0].name == "소상공인 김사장"
    [opportunity] = stage_items(result, "decision", LaneKind.opportunities)
    assert (opportunity.owner, opportunity.impact, opportunity.effort) == ("그로스팀", 3, 3)
    assert "persona" not in " ".join(codes(result))
    text = out.getvalue()
    assert "페르소나 정의" in text and "지속적인 검토와 개선" in text
    assert "아직 한 번도 검토하지 않았습니다" in text


def test_run_guide_starts_a_blank_map() -> None:
    doc = JourneyMap(title="Checkout study", lanes=[Lane(name="Touchpoints",
                                                         kind=LaneKind.touchpoints)])
    ask, _ = scripted([
        ("Stages in order", "Browse, Checkout"),
        ("Touchpoints of 'Checkout'", "Payment page"),
        ("Emotion on 'Checkout'", "-2"),
        ("Pain points on 'Checkout'", "Card declined"),
        ("KPIs of 'Checkout'", "Payment success rate (%)"),
    ])
    console, _ = quiet()
    result = run_guide(doc, console, ask, now=NOW)
    assert [s.name for s in result.stages] == ["Browse", "Checkout"]
    assert [lane.kind for lane in result.lanes] == [
        LaneKind.touchpoints, LaneKind.emotions, LaneKind.pain_points, LaneKind.kpis]
    assert stage_items(result, "Checkout", LaneKind.kpis) == [
        KpiItem(name="Payment success rate", unit="%")]
    assert [g.code for g in check_map(result, now=NOW) if g.stage == "Browse"] == [
        "no_touchpoints", "no_emotion"]
    assert Stage(name="Browse") in result.stages
