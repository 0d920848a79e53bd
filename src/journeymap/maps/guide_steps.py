"""The six steps of journey mapping and the words the guide uses, in Korean and English.

Identify personas, understand goals, map touchpoints, evaluate the journey, prioritise
fixes, revise continuously: each step says which parts of a map it fills, so
:func:`journeymap.maps.guide.check_map` can say which step a missing part belongs to.
``GAP_MESSAGES`` are its messages and ``GUIDE_PROMPTS`` the questions of the walker
(``journeymap.cli.map_guide``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class GuideStep:
    """One step of journey mapping; ``title`` and ``explanation`` map a language (``ko``,
    ``en``) to text, ``fills`` names the map parts the step completes."""

    key: str
    title: Mapping[str, str]
    explanation: Mapping[str, str]
    fills: tuple[str, ...]


GUIDE_STEPS: tuple[GuideStep, ...] = (
    GuideStep(
        key="personas",
        title={"en": "Identify personas", "ko": "페르소나 정의"},
        explanation={
            "en": "Decide whose journey this is. A persona is a realistic type of customer "
                  "built from interviews and data: their role, situation and how they "
                  "decide. One map follows one persona; draw another map for another.",
            "ko": "누구의 여정인지 정합니다. 페르소나는 인터뷰와 데이터에 근거한 대표 "
                  "고객 유형으로, 역할과 처한 상황, 의사결정 방식을 담습니다. 지도 하나에는 "
                  "페르소나 하나만 두고, 다른 고객 유형은 지도를 따로 그리세요.",
        },
        fills=("personas.name", "personas.description"),
    ),
    GuideStep(
        key="goals",
        title={"en": "Understand goals", "ko": "목표 이해"},
        explanation={
            "en": "Write down what the persona wants to achieve, in which situation (the "
                  "scenario), and what the business wants from this map: which result "
                  "should improve.",
            "ko": "페르소나가 어떤 상황에서 무엇을 이루고 싶어 하는지(시나리오)를 적고, 이 "
                  "지도로 회사가 개선하려는 결과(비즈니스 목표)를 정합니다.",
        },
        fills=("personas.goals", "scenario", "expectations", "goals"),
    ),
    GuideStep(
        key="touchpoints",
        title={"en": "Map touchpoints", "ko": "터치포인트 매핑"},
        explanation={
            "en": "For each stage, list where the customer meets you: pages, messages, "
                  "people, places. Touchpoints can later be bound to event data, so the "
                  "map shows real volumes.",
            "ko": "단계마다 고객이 우리와 만나는 지점(페이지, 메시지, 직원, 매장 등)을 "
                  "적습니다. 터치포인트는 나중에 이벤트 데이터와 연결해 실제 수치로 볼 수 "
                  "있습니다.",
        },
        fills=("stages", "lanes.touchpoints", "lanes.actions", "lanes.channels"),
    ),
    GuideStep(
        key="evaluate",
        title={"en": "Evaluate the journey", "ko": "여정 평가"},
        explanation={
            "en": "Walk the journey as the customer: how do they feel at each stage (-2 "
                  "very negative to +2 very positive), and where do they struggle? Pain "
                  "points on the decision stage cost the most.",
            "ko": "고객의 입장에서 여정을 따라가 봅니다. 단계마다 감정이 어떤지(-2 매우 "
                  "부정 ~ +2 매우 긍정), 어디서 불편을 겪는지 적습니다. 결정 단계의 페인 "
                  "포인트가 가장 큰 손실로 이어집니다.",
        },
        fills=("lanes.emotions", "lanes.pain_points", "lanes.thoughts"),
    ),
    GuideStep(
        key="prioritise",
        title={"en": "Prioritise fixes", "ko": "개선 우선순위 정하기"},
        explanation={
            "en": "Turn pain points into opportunities and rate their impact and effort "
                  "(1-5). Give each an owner and the KPI it should move, and decide how "
                  "each stage is measured.",
            "ko": "페인 포인트를 개선 기회로 바꾸고 영향도와 난이도(1~5)를 매겨 우선순위를 "
                  "정합니다. 기회마다 담당자와 움직여야 할 KPI를 정하고, 단계별로 무엇을 "
                  "측정할지 정합니다.",
        },
        fills=("lanes.opportunities", "lanes.kpis"),
    ),
    GuideStep(
        key="revise",
        title={"en": "Revise continuously", "ko": "지속적인 검토와 개선"},
        explanation={
            "en": "A journey map ages as products and customers change. Review it on a "
                  "fixed cadence (every 3 or 6 months), compare the KPIs with the last "
                  "review and update the map.",
            "ko": "제품과 고객이 바뀌면 여정 지도도 낡습니다. 정해진 주기(3개월 또는 "
                  "6개월)마다 검토하고, 지난 검토 때와 KPI를 비교해 지도를 고치세요.",
        },
        fills=("review.cadence_months", "review.last_reviewed_at"),
    ),
)

STEP_KEYS: tuple[str, ...] = tuple(step.key for step in GUIDE_STEPS)

# code -> language -> message (str.format fields: persona, stage, lane, opportunity,
# months, last, due)
GAP_MESSAGES: dict[str, dict[str, str]] = {
    "no_persona": {
        "en": "no persona yet: say whose journey this is",
        "ko": "페르소나가 없습니다. 누구의 여정인지 정하세요.",
    },
    "persona_without_description": {
        "en": "persona '{persona}' has no description (role, situation, how they decide)",
        "ko": "페르소나 '{persona}'에 설명이 없습니다(역할, 상황, 의사결정 방식).",
    },
    "persona_without_goals": {
        "en": "persona '{persona}' has no goals",
        "ko": "페르소나 '{persona}'의 목표가 없습니다.",
    },
    "no_scenario": {
        "en": "no scenario: describe the situation and what the persona wants to achieve",
        "ko": "시나리오가 없습니다. 페르소나가 어떤 상황에서 무엇을 이루려 하는지 적으세요.",
    },
    "no_goals": {
        "en": "no business goals: say which result this map should help improve",
        "ko": "비즈니스 목표가 없습니다. 이 지도로 어떤 결과를 개선할지 적으세요.",
    },
    "no_stages": {
        "en": "the map has no stages",
        "ko": "단계가 없습니다.",
    },
    "no_lane": {
        "en": "the map has no {lane} lane",
        "ko": "'{lane}' 레인이 없습니다.",
    },
    "no_touchpoints": {
        "en": "stage '{stage}' has no touchpoints",
        "ko": "'{stage}' 단계에 터치포인트가 없습니다.",
    },
    "no_emotion": {
        "en": "stage '{stage}' has no emotion point",
        "ko": "'{stage}' 단계에 감정 점수가 없습니다.",
    },
    "no_decision_pain_points": {
        "en": "no pain points on the decision stage ('{stage}')",
        "ko": "결정 단계('{stage}')에 페인 포인트가 없습니다.",
    },
    "no_pain_points": {
        "en": "no pain points anywhere on the map",
        "ko": "지도 어디에도 페인 포인트가 없습니다.",
    },
    "pain_points_without_opportunity": {
        "en": "stage '{stage}' has pain points but no opportunity",
        "ko": "'{stage}' 단계에 페인 포인트는 있지만 개선 기회가 없습니다.",
    },
    "opportunity_without_owner": {
        "en": "opportunity '{opportunity}' on stage '{stage}' has no owner",
        "ko": "'{stage}' 단계의 개선 기회 '{opportunity}'에 담당자가 없습니다.",
    },
    "opportunity_without_kpi": {
        "en": "opportunity '{opportunity}' on stage '{stage}' has no target KPI",
        "ko": "'{stage}' 단계의 개선 기회 '{opportunity}'에 목표 KPI가 없습니다.",
    },
    "no_kpis": {
        "en": "no KPIs: say how each stage is measured",
        "ko": "KPI가 없습니다. 단계별로 무엇을 측정할지 정하세요.",
    },
    "never_reviewed": {
        "en": "the map has never been reviewed; review it every {months} months",
        "ko": "아직 한 번도 검토하지 않았습니다. {months}개월마다 검토하세요.",
    },
    "review_overdue": {
        "en": "review overdue: last reviewed {last}, due {due} (every {months} months)",
        "ko": "검토 기한이 지났습니다. 마지막 검토 {last}, 기한 {due}({months}개월 주기).",
    },
}

# key -> language -> the walker's questions and remarks (str.format fields as named)
GUIDE_PROMPTS: dict[str, dict[str, str]] = {
    "intro": {"en": "Six steps; press Enter to skip any question.",
              "ko": "여섯 단계로 진행합니다. 건너뛰려면 Enter를 누르세요."},
    "nothing": {"en": "Nothing missing in this step.", "ko": "이 단계는 빠진 것이 없습니다."},
    "persona_name": {"en": "Persona name{hint}", "ko": "페르소나 이름{hint}"},
    "persona_description": {"en": "Describe '{persona}'{hint}",
                            "ko": "'{persona}' 설명{hint}"},
    "persona_goals": {"en": "Goals of '{persona}' (comma separated)",
                      "ko": "'{persona}'의 목표(쉼표로 구분)"},
    "scenario": {"en": "Scenario{hint}", "ko": "시나리오{hint}"},
    "goals": {"en": "Business goals of this map (comma separated)",
              "ko": "이 지도의 비즈니스 목표(쉼표로 구분)"},
    "stages": {"en": "Stages in order (comma separated)", "ko": "단계를 순서대로(쉼표로 구분)"},
    "touchpoints": {"en": "Touchpoints of '{stage}' (comma separated)",
                    "ko": "'{stage}' 단계의 터치포인트(쉼표로 구분)"},
    "emotion_score": {"en": "Emotion on '{stage}', -2 (very negative) to +2 (very positive)",
                      "ko": "'{stage}' 단계의 감정, -2(매우 부정) ~ +2(매우 긍정)"},
    "emotion_label": {"en": "A word for that feeling", "ko": "그 감정을 한마디로"},
    "pain_points": {"en": "Pain points on '{stage}' (comma separated)",
                    "ko": "'{stage}' 단계의 페인 포인트(쉼표로 구분)"},
    "pain_points_decision": {
        "en": "Pain points on '{stage}', the decision stage (comma separated)",
        "ko": "결정 단계 '{stage}'의 페인 포인트(쉼표로 구분)"},
    "opportunity": {"en": "Opportunity to fix '{pain}' ({stage})",
                    "ko": "'{pain}'({stage}) 해결을 위한 개선 기회"},
    "owner": {"en": "Owner of '{opportunity}'", "ko": "'{opportunity}' 담당자"},
    "impact": {"en": "Impact 1-5", "ko": "영향도 1~5"},
    "effort": {"en": "Effort 1-5", "ko": "난이도 1~5"},
    "target_kpi": {"en": "Target KPI of '{opportunity}'", "ko": "'{opportunity}'의 목표 KPI"},
    "kpis": {"en": "KPIs of '{stage}' (comma separated, unit in brackets: 'Conversion (%)')",
             "ko": "'{stage}' 단계의 KPI(쉼표로 구분, 단위는 괄호 안에: '전환율(%)')"},
    "cadence": {"en": "Review every 3 or 6 months", "ko": "검토 주기(3 또는 6개월)"},
    "invalid": {"en": "Please answer {expected}, or press Enter to skip.",
                "ko": "올바른 값({expected})을 입력하거나 Enter로 건너뛰세요."},
    "remaining": {"en": "Still missing", "ko": "아직 빠진 것"},
    "complete": {"en": "Nothing missing. Review the map every {months} months.",
                 "ko": "빠진 것이 없습니다. {months}개월마다 지도를 검토하세요."},
}
