"""What a journey map still lacks, step by step of the six steps of journey mapping.

:func:`check_map` lists the gaps of a map (no persona, a stage without touchpoints, pain
points without an opportunity, a review overdue ...) in the order of
:data:`~journeymap.maps.guide_steps.GUIDE_STEPS`, each with a message in Korean or
English; the CLI walker and the web editor both build on it. Template placeholders (text
in square brackets) count as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from journeymap.errors import MapError
from journeymap.maps.due import add_months
from journeymap.maps.guide_steps import GAP_MESSAGES, GUIDE_STEPS, STEP_KEYS, GuideStep
from journeymap.maps.items import LaneKind
from journeymap.maps.model import JourneyMap, Lane, Persona, Stage
from journeymap.maps.templates import LANE_NAMES, is_placeholder

__all__ = ["GUIDE_STEPS", "Gap", "GuideStep", "add_item", "check_map", "decision_stage",
           "is_missing", "real_personas", "review_due", "stage_items"]

# where a lane added by the guide goes, relative to the lanes a map already has
LANE_ORDER = [LaneKind.evidence, LaneKind.actions, LaneKind.touchpoints, LaneKind.channels,
              LaneKind.thoughts, LaneKind.emotions, LaneKind.frontstage,
              LaneKind.line_of_visibility, LaneKind.backstage, LaneKind.support,
              LaneKind.pain_points, LaneKind.opportunities, LaneKind.kpis, LaneKind.custom]


@dataclass(frozen=True)
class Gap:
    """Something a map still lacks: the step it belongs to, where (a stage id and a lane
    kind, or None for the whole map), a message in the chosen language and a stable
    ``code`` (``no_persona``, ``no_touchpoints`` ... see ``GAP_MESSAGES``)."""

    step: str
    stage: str | None
    lane: LaneKind | None
    message: str
    code: str


def is_missing(text: str | None) -> bool:
    """Empty, blank, or still a template's placeholder."""
    return not text or not text.strip() or is_placeholder(text)


def real_personas(doc: JourneyMap) -> list[Persona]:
    """The personas that are not template placeholders."""
    return [p for p in doc.personas if not is_placeholder(p.name)]


def stage_items(doc: JourneyMap, stage: str, kind: LaneKind) -> list[Any]:
    """The items of stage ``stage`` (an id) in every lane of ``kind``."""
    return [item for lane in doc.lanes_of(kind) for item in doc.items(stage, lane.id)]


def decision_stage(doc: JourneyMap) -> Stage | None:
    """The first stage bound to the ``decision`` journey stage, if any."""
    return next((s for s in doc.stages if s.analytics_stage == "decision"), None)


def review_due(doc: JourneyMap) -> datetime | None:
    """When the next review is due (UTC): the last review plus the cadence in months;
    None for a map never reviewed."""
    last = doc.review.last_reviewed_at
    if last is None:
        return None
    return add_months(_utc(last), doc.review.cadence_months)


def add_item(doc: JourneyMap, stage: str, kind: LaneKind, item: Any) -> None:
    """Append ``item`` to the cell of stage ``stage`` in the first lane of ``kind``,
    adding that lane (named in the map's language, in its usual place) if missing."""
    lanes = doc.lanes_of(kind)
    lane = lanes[0] if lanes else _add_lane(doc, kind)
    doc.cell(stage, lane.id).items.append(item)


def check_map(doc: JourneyMap, language: str | None = None,
              now: datetime | None = None) -> list[Gap]:
    """What ``doc`` still lacks, ordered by step; messages in ``language`` (default: the
    map's). ``now`` (UTC, default the current time) decides whether a review is overdue."""
    lang = language or doc.language
    if lang not in LANE_NAMES:
        raise MapError(f"gaps are described in ko or en, not '{lang}'", field="language")
    gaps: list[Gap] = []

    def add(step: str, code: str, stage: Stage | None = None,
            lane: LaneKind | None = None, **values: Any) -> None:
        if stage is not None:
            values["stage"] = stage.name
        if lane is not None:
            values.setdefault("lane", LANE_NAMES[lang][lane])
        gaps.append(Gap(step, stage.id if stage else None, lane,
                        GAP_MESSAGES[code][lang].format(**values), code))

    personas = real_personas(doc)
    if not personas:
        add("personas", "no_persona")
    for persona in personas:
        if is_missing(persona.description):
            add("personas", "persona_without_description", persona=persona.name)
        if not [goal for goal in persona.goals if goal.strip()]:
            add("goals", "persona_without_goals", persona=persona.name)
    if is_missing(doc.scenario):
        add("goals", "no_scenario")
    if not [goal for goal in doc.goals if goal.strip()]:
        add("goals", "no_goals")

    if not doc.stages:
        add("touchpoints", "no_stages")
    for step, kind, code in (("touchpoints", LaneKind.touchpoints, "no_touchpoints"),
                             ("evaluate", LaneKind.emotions, "no_emotion")):
        if doc.stages and not doc.lanes_of(kind):
            add(step, "no_lane", lane=kind)
            continue
        for stage in doc.stages:
            if not stage_items(doc, stage.id, kind):
                add(step, code, stage, kind)
    _pain_points(doc, add)

    _opportunities(doc, add)
    if not any(item.kind == "kpi" for stage in doc.stages
               for item in stage_items(doc, stage.id, LaneKind.kpis)):
        add("prioritise", "no_kpis", lane=LaneKind.kpis)

    months = doc.review.cadence_months
    due = review_due(doc)
    if due is None:
        add("revise", "never_reviewed", months=months)
    elif _utc(now or datetime.now(UTC)) >= due:
        last = _utc(doc.review.last_reviewed_at or due)
        add("revise", "review_overdue", months=months, last=last.date().isoformat(),
            due=due.date().isoformat())
    return sorted(gaps, key=lambda gap: STEP_KEYS.index(gap.step))


def _pain_points(doc: JourneyMap, add: Any) -> None:
    if not doc.stages:
        return
    if not doc.lanes_of(LaneKind.pain_points):
        add("evaluate", "no_lane", lane=LaneKind.pain_points)
        return
    decision = decision_stage(doc)
    if decision is not None:
        if not stage_items(doc, decision.id, LaneKind.pain_points):
            add("evaluate", "no_decision_pain_points", decision, LaneKind.pain_points)
    elif not any(stage_items(doc, s.id, LaneKind.pain_points) for s in doc.stages):
        add("evaluate", "no_pain_points", lane=LaneKind.pain_points)


def _opportunities(doc: JourneyMap, add: Any) -> None:
    for stage in doc.stages:
        opportunities = [item for item in stage_items(doc, stage.id, LaneKind.opportunities)
                         if item.kind == "opportunity"]
        if stage_items(doc, stage.id, LaneKind.pain_points) and not opportunities:
            add("prioritise", "pain_points_without_opportunity", stage,
                LaneKind.opportunities)
        for item in opportunities:
            if is_missing(item.owner):
                add("prioritise", "opportunity_without_owner", stage,
                    LaneKind.opportunities, opportunity=item.description)
            if is_missing(item.target_kpi):
                add("prioritise", "opportunity_without_kpi", stage,
                    LaneKind.opportunities, opportunity=item.description)


def _add_lane(doc: JourneyMap, kind: LaneKind) -> Lane:
    ids = {lane.id for lane in doc.lanes}
    name = LANE_NAMES[doc.language][kind]
    lane_id = next(c for c in (kind.value, name, *(f"{kind.value}-{n}" for n in range(2, 99)))
                   if c not in ids)
    lane = Lane(id=lane_id, name=name, kind=kind)
    rank = LANE_ORDER.index(kind)
    position = next((n for n, other in enumerate(doc.lanes)
                     if other.kind in LANE_ORDER and LANE_ORDER.index(other.kind) > rank),
                    len(doc.lanes))
    doc.lanes.insert(position, lane)
    return lane


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
