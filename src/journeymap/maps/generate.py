"""A current-state map made from the workspace's data.

Stages are the workspace's journey stages; each stage gets its most used touchpoints, its
channel mix, an emotion point from survey ratings, its friction points as pain points and
its KPIs (reached, conversion to the next stage, drop-off, median days in the stage). Every
number is a binding, so ``journeymap build`` or ``map refresh`` keeps the map current; the
actions, thoughts and opportunities lanes are left for people to write.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from journeymap.config import STAGE_LABELS_KO
from journeymap.maps.bindings import FAMILIES, binding, evaluate
from journeymap.maps.items import (
    EmotionItem,
    KpiItem,
    LaneKind,
    PainPointItem,
    TextItem,
    TouchpointItem,
)
from journeymap.maps.model import Generated, JourneyMap, Lane, MapType, Persona, Stage
from journeymap.maps.scope import Scope
from journeymap.pipeline.lookup import require_built
from journeymap.schema import Tables

if TYPE_CHECKING:
    from journeymap.workspace import Workspace

LANES = {  # kind: (English title, Korean title), in canvas order
    LaneKind.actions: ("Customer actions", "고객 행동"),
    LaneKind.touchpoints: ("Touchpoints", "터치포인트"),
    LaneKind.channels: ("Channels", "채널"),
    LaneKind.thoughts: ("Thoughts", "생각"),
    LaneKind.emotions: ("Emotions", "감정"),
    LaneKind.pain_points: ("Pain points", "불편 사항"),
    LaneKind.opportunities: ("Opportunities", "개선 기회"),
    LaneKind.kpis: ("KPIs", "핵심 지표"),
}
FRICTION_LABELS = {  # friction kind: (English, Korean)
    "abandonment": ("Abandoned after", "이탈 직전 접점"),
    "loop": ("Repeated", "반복 접점"),
    "long_break": ("Long break", "장기 공백"),
    "support": ("Support", "문의·부정 응답"),
    "drop_off": ("Drop-off in segment", "세그먼트 이탈"),
    "history_drop_off": ("Drop-off vs history", "과거 대비 이탈"),
}
KPI_NAMES = {  # metric: (English name, Korean name, English unit, Korean unit)
    "stage.reached": ("Reached", "도달", "journeys", "여정"),
    "stage.conversion": ("Conversion to next stage", "다음 단계 전환율", "%", "%"),
    "stage.dropoff": ("Drop-off", "이탈률", "%", "%"),
    "stage.median_days": ("Median days in stage", "단계 체류 일수(중앙값)", "days", "일"),
}


def generate_map(ws: Workspace, *, persona: str | None = None, segment: str | None = None,
                 level: str = "person", language: str | None = None,
                 title: str | None = None, top_touchpoints: int = 5,
                 top_channels: int = 3, top_pain_points: int = 3) -> JourneyMap:
    """A current-state map of ``level`` journeys (optionally of one segment)."""
    require_built(ws.engine, Tables.touches, Tables.journeys)
    lang = language or ("ko" if ws.settings.locale == "ko" else "en")
    ko = lang == "ko"
    scope = Scope(level=level, segment=segment)
    scope.actor  # noqa: B018 - an unknown level fails here, with its message
    stages = list(ws.settings.journeys.stages)
    who = persona or segment or ("전체 고객" if ko else "All customers")
    doc = JourneyMap(
        title=title or (f"현재 여정: {who}" if ko else f"Current journey: {who}"),
        type=MapType.current_state, language=lang,
        personas=[Persona(name=who, segment=segment)],
        stages=[Stage(id=s, name=STAGE_LABELS_KO.get(s, s) if ko else s.capitalize(),
                      analytics_stage=s) for s in stages],
        lanes=[Lane(id=kind.value, name=names[1] if ko else names[0], kind=kind)
               for kind, names in LANES.items()],
        generated=Generated(persona=persona, segment=segment, level=level),  # type: ignore[arg-type]
    )
    touchpoints = FAMILIES["touchpoint"](ws, scope)
    channels = FAMILIES["channel"](ws, scope)
    surveys = FAMILIES["survey"](ws, scope)
    friction = ws.friction(level=level, top=1000).to_dict()
    worst = max((r["lost_conversions"] for r in friction), default=0.0) or 1.0
    for i, stage in enumerate(stages):
        used = sorted(((v[0], tp) for (s, tp), v in touchpoints.items() if s == stage),
                      reverse=True)[:top_touchpoints]
        for _, tp in used:
            doc.cell(stage, "touchpoints").items.append(TouchpointItem(
                name=tp, binding=binding("touchpoint.actors", scope, touchpoint=tp, stage=stage)))
        mix = sorted(channels.get(stage, {}).items(), key=lambda kv: (-kv[1], str(kv[0])))
        for channel, _ in mix[:top_channels]:
            if channel is not None:
                doc.cell(stage, "channels").items.append(TextItem(
                    text=channel, binding=binding("channel.share", scope, channel=channel,
                                                  stage=stage)))
        score, answers = surveys.get(stage, (None, 0))
        if answers:
            doc.cell(stage, "emotions").items.append(EmotionItem(
                score=max(-2.0, min(2.0, round(score, 2))),
                label=f"설문 {answers}건" if ko else f"{answers} survey answers",
                binding=binding("survey.emotion", scope, stage=stage)))
        pains = [r for r in friction if r["stage"] == stage][:top_pain_points]
        for r in pains:
            label = FRICTION_LABELS.get(r["kind"], (r["kind"], r["kind"]))[1 if ko else 0]
            severity = 1 + round(4 * r["lost_conversions"] / worst)
            doc.cell(stage, "pain_points").items.append(PainPointItem(
                text=f"{label}: {where_text(r, ko)}", severity=severity,
                binding=binding("friction.lost", scope, kind=r["kind"], where=r["where"],
                                stage=stage)))
        for metric, (en, kr, unit_en, unit_ko) in KPI_NAMES.items():
            if metric in ("stage.conversion", "stage.dropoff") and i == len(stages) - 1:
                continue
            doc.cell(stage, "kpis").items.append(KpiItem(
                name=kr if ko else en, unit=unit_ko if ko else unit_en,
                binding=binding(metric, scope, stage=stage)))
    refresh_values(ws, doc)
    return doc


def where_text(row: dict, ko: bool) -> str:
    """Where a friction point is, in the map's language: the phrases of breaks, support and
    history drops are worded from the item's evidence figures for a Korean map (touchpoints
    and segments are the data's own names)."""
    if not ko:
        return row["where"]
    args = json.loads(row.get("evidence_args") or "{}")
    code = row.get("evidence_code")
    if code == "long_break":
        return f"{args['days']:g}일 넘게 접점 없음"
    if code == "support":
        return "지원 문의 또는 부정적인 설문 응답"
    if code == "history_drop":
        stage, nxt = args["stage"], args["next"]
        return f"최근의 {STAGE_LABELS_KO.get(stage, stage)} → {STAGE_LABELS_KO.get(nxt, nxt)}"
    return row["where"]


def refresh_values(ws: Workspace, doc: JourneyMap) -> int:
    """Recompute every binding of ``doc`` in place; returns how many values changed.

    The value of the last saved version becomes ``previous``, so a map shows each number's
    change since it was last saved; an emotion point bound to surveys moves to the new
    score.
    """
    from datetime import UTC, datetime

    pairs = [(item, item.binding) for cell in doc.cells for item in cell.items
             if getattr(item, "binding", None) is not None]
    values = evaluate(ws, [b for _, b in pairs])
    now = datetime.now(UTC)
    changed = 0
    for (item, b), value in zip(pairs, values, strict=True):
        value = None if value is None else float(value)
        changed += value != b.value
        b.previous, b.value, b.refreshed_at = b.value, value, now
        if item.kind == "emotion" and value is not None:
            item.score = max(-2.0, min(2.0, round(value, 2)))
    return changed
