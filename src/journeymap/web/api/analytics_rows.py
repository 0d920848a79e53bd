"""The rows analytics answer with: one model per result table, so /openapi.json says what
each column is. Columns a result gains later pass through (``Row`` allows extras)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from journeymap.web.api.common import Row


class FunnelStepRow(Row):
    """One step: actors who entered it, conversion (0-1) from the previous and the first
    step, who dropped before it, and the time from the previous step (seconds)."""

    breakdown: Any = None
    step: int
    name: str
    optional: bool
    entered: int
    conversion_from_previous: float | None
    conversion_from_first: float | None
    dropped: int | None
    median_seconds_from_previous: float | None
    p90_seconds_from_previous: float | None


class FunnelTrendRow(Row):
    """Entries, completions and conversion per period of entry (workspace time zone)."""

    period: date
    breakdown: Any = None
    entered: int
    converted: int
    conversion: float | None


class DroppedRow(Row):
    """An actor who reached the step before and not the step, with journey figures."""

    person_id: str | None = None
    account_id: str | None = None
    reached_at: datetime | None = None
    journey_id: str | None = None
    touches: int | None = None
    last_touch_at: datetime | None = None
    last_touchpoint: str | None = None
    current_stage: str | None = None
    converted: bool | None = None


class FunnelOut(BaseModel):
    """``ws.funnel(...).to_dict()``, with ``trend`` and ``dropped`` when asked for."""

    steps: list[FunnelStepRow]
    excluded: int
    spec: dict[str, Any] | None
    trend: list[FunnelTrendRow] | None = None
    dropped: list[DroppedRow] | None = None


class StageRow(Row):
    """A stage: journeys that reached it, moved on, conversion to the next stage, days in
    it; with a period also ``previous_*`` and ``change_*`` figures."""

    stage: str
    order: int
    journeys: int
    reached: int
    share_reached: float | None
    moved_on: int | None
    share_moved_on: float | None
    conversion_to_next: float | None
    median_days_in_stage: float | None
    p90_days_in_stage: float | None


class TimeStatsRow(Row):
    breakdown: Any = None
    journeys: int
    converted: int
    mean_days: float | None
    median_days: float | None
    p75_days: float | None
    p90_days: float | None


class CurveRow(Row):
    """A Kaplan-Meier point: still open after ``day`` days (``survival``, 0-1)."""

    breakdown: Any = None
    day: int
    at_risk: int
    converted: int
    censored: int
    survival: float | None


class HistogramRow(Row):
    breakdown: Any = None
    from_day: int
    to_day: int
    journeys: int


class TimeTrendRow(Row):
    period: date
    breakdown: Any = None
    journeys: int
    converted: int
    median_days: float | None


class TimeToConvertOut(BaseModel):
    """Days to convert: figures per breakdown value, the Kaplan-Meier curve (open journeys
    censored), a histogram of converters and the trend by period of start."""

    stats: list[TimeStatsRow]
    curve: list[CurveRow]
    histogram: list[HistogramRow]
    trend: list[TimeTrendRow]


class CohortRow(Row):
    """Cohort (period of start), its size, a later period and who came back then; null
    actors and rate for periods the data has not reached."""

    cohort: date
    size: int
    period: int
    actors: int | None
    rate: float | None


class RetentionOut(BaseModel):
    cohorts: list[CohortRow]
    spec: dict[str, Any] | None


class PathRow(Row):
    path: str
    steps: int
    actors: int
    share: float | None


class TreeRow(Row):
    depth: int
    parent: str | None
    step: str | None
    path: str
    actors: int
    share_of_parent: float | None
    ended: int | None


class SankeyNode(Row):
    step: int
    name: str
    actors: int


class SankeyLink(Row):
    step: int
    source: str
    target: str
    actors: int


class SankeyOut(BaseModel):
    nodes: list[SankeyNode]
    links: list[SankeyLink]


class ComparePathRow(Row):
    """A step's share among converters and non-converters, lift and Fisher p-value."""

    step: str
    converters_with: int
    non_converters_with: int
    share_of_converters: float | None
    share_of_non_converters: float | None
    difference: float | None
    lift: float | None
    p_value: float | None


class FrictionRow(Row):
    """A friction point, ranked by estimated lost conversions, with the evidence: an
    English sentence, and the same facts as data to word in another language
    (``evidence_code``: abandoned, loop, long_break, support, segment_drop,
    history_drop; ``evidence_args``: its figures as a JSON object in text)."""

    rank: int
    kind: str
    stage: str | None
    where: str
    affected: int
    conversion_affected: float | None
    conversion_others: float | None
    lost_conversions: float | None
    evidence: str
    examples: str | None
    evidence_code: str | None = None
    evidence_args: str | None = None
