"""Words and numbers printed on exported maps, in the map's own language (ko or en).

A ``%`` KPI holds a ratio 0-1 (as bound stage metrics return it) and prints as a percent;
its change prints in percentage points. Times print in the time zone given, by default the
one a Korean workspace defaults to (Asia/Seoul) for a Korean map and UTC otherwise.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from journeymap.maps.items import Binding
from journeymap.maps.model import JourneyMap, MapType

#: units whose values are ratios 0-1 printed as percentages (``ratio`` is a bound metric's)
PERCENT = ("%", "ratio")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        MapType.current_state: "Current state", MapType.future_state: "Future state",
        MapType.day_in_the_life: "Day in the life",
        MapType.service_blueprint: "Service blueprint",
        "persona": "Persona", "scenario": "Scenario", "goals": "Goals",
        "expectations": "Expectations", "owner": "Owner", "impact": "Impact",
        "effort": "Effort", "severity": "Severity", "target": "target", "as_of": "as of",
        "stage": "Stage", "kpis": "KPIs", "touchpoints": "Touchpoints", "emotion": "Emotion",
        "pain_points": "Pain points", "opportunities": "Opportunities", "none": "—",
        "page": "page", "change": "change", "value": "value", "refreshed": "refreshed",
        "status": "status", "map": "Journey map", "channels": "Channels",
        "idea": "idea", "planned": "planned", "in_progress": "in progress", "done": "done",
    },
    "ko": {
        MapType.current_state: "현재 상태", MapType.future_state: "미래 상태",
        MapType.day_in_the_life: "하루 일과", MapType.service_blueprint: "서비스 블루프린트",
        "persona": "페르소나", "scenario": "시나리오", "goals": "목표",
        "expectations": "기대", "owner": "담당", "impact": "영향", "effort": "노력",
        "severity": "심각도", "target": "목표", "as_of": "기준", "stage": "단계",
        "kpis": "KPI", "touchpoints": "터치포인트", "emotion": "감정",
        "pain_points": "불편", "opportunities": "기회", "none": "—", "page": "페이지",
        "change": "변화", "value": "값", "refreshed": "갱신", "status": "상태",
        "map": "여정 지도", "channels": "채널",
        "idea": "아이디어", "planned": "계획", "in_progress": "진행 중", "done": "완료",
    },
}


def label(doc: JourneyMap, key: str) -> str:
    return LABELS[doc.language][key]


def display_zone(doc: JourneyMap, tz: str | None = None) -> ZoneInfo:
    """The zone times print in: ``tz`` (the workspace's), else by the map's language."""
    return ZoneInfo(tz or ("Asia/Seoul" if doc.language == "ko" else "UTC"))


def format_time(at: datetime | None, zone: ZoneInfo) -> str:
    """A refresh time as ``2026-11-01 09:00`` in ``zone`` (naive times are UTC)."""
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=ZoneInfo("UTC"))
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def format_value(value: float | None, unit: str = "") -> str:
    """A KPI or bound value: ``12.5%`` for a ``%`` ratio, ``1,234`` for counts,
    ``3.2 days`` otherwise."""
    if value is None:
        return "—"
    if unit in PERCENT:
        return f"{_number(value * 100)}%"
    return _number(value) + (f" {unit}" if unit else "")


def format_change(change: float | None, unit: str = "", language: str = "en") -> str:
    """A signed change: ``+2.5pp`` (``%p`` in Korean) for a ``%`` ratio, ``-120`` otherwise;
    empty when there is none."""
    if change is None:
        return ""
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    if unit in PERCENT:
        return f"{sign}{_number(abs(change) * 100)}{'%p' if language == 'ko' else 'pp'}"
    return f"{sign}{_number(abs(change))}" + (f" {unit}" if unit else "")


def metric_unit(binding: Binding) -> str:
    """``%`` for a bound ratio, else no unit (counts, days and scores print bare)."""
    from journeymap.maps.bindings import METRICS

    metric = METRICS.get(binding.metric)
    return "%" if metric is not None and metric.unit == "ratio" else ""


def bound_text(binding: Binding | None, language: str = "en") -> str:
    """``1,234 (+56)`` or ``26% (+2pp)`` for a bound value in its metric's unit; empty
    when there is none."""
    if binding is None or binding.value is None:
        return ""
    unit = metric_unit(binding)
    change = format_change(binding.change, unit, language)
    return format_value(binding.value, unit) + (f" ({change})" if change else "")


def change_tone(value: float | None, previous: float | None, target: float | None) -> str:
    """``good`` when a change moved the value toward its target, ``bad`` when away, else
    ``neutral`` (without a target the map cannot know whether up is better)."""
    if value is None or previous is None or target is None or value == previous:
        return "neutral"
    return "good" if abs(value - target) < abs(previous - target) else "bad"


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    digits = 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")
