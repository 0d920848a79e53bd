"""Time to convert: how long journeys take from their first touch (or from a chosen step)
to conversion (or to a chosen later step), with the distribution, its trend, a breakdown,
and a Kaplan-Meier curve in which journeys still open at the end of the data are censored
(a plain average over converters only would flatter slow funnels).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, field_validator

from journeymap.analytics.breakdown import actor_breakdown, is_event_field, labelled
from journeymap.analytics.periods import check_period, period_start
from journeymap.analytics.spec import Level, actor_column, entry_range
from journeymap.analytics.steps import OptionalStep, step_expr
from journeymap.analytics.survival import kaplan_meier
from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.engine.portable import days_between
from journeymap.errors import AnalysisError
from journeymap.pipeline.lookup import require_built
from journeymap.results import TableResult
from journeymap.schema import Tables

ALL = "all"


class TimeToConvertSpec(BaseModel):
    """``start`` (default: first touch) -> ``end`` (default: a conversion touchpoint)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level = "person"
    start: OptionalStep = None
    end: OptionalStep = None
    breakdown: str | None = None
    trend: str = "month"
    since: datetime | None = None
    until: datetime | None = None


    @field_validator("trend")
    @classmethod
    def _trend(cls, value: str) -> str:
        return check_period(value)

    @field_validator("breakdown")
    @classmethod
    def _breakdown(cls, value: str | None) -> str | None:
        if value is not None and is_event_field(value):
            raise AnalysisError(f"time to convert splits by journey or account columns, not "
                                f"'{value}'", field="breakdown",
                                hint="use journey.first_channel, account.industry, …",
                                code="analysis.time_breakdown", params={"breakdown": value})
        return value


def durations(engine: Engine, settings: Settings, spec: TimeToConvertSpec) -> ir.Table:
    """Per actor: ``start_at``, ``converted`` and ``days`` (to conversion, else to the end of
    the data: censored), plus ``breakdown``."""
    actor = actor_column(spec.level)
    touches = engine.table(Tables.touches)
    t = touches.filter(touches[actor].notnull())
    first = t.filter(step_expr(t, spec.start)) if spec.start is not None else t
    starts = first.group_by(actor).aggregate(start_at=first.ts.min())
    in_range = entry_range(starts.start_at, spec.since, spec.until)
    if in_range is not None:
        starts = starts.filter(in_range)
    is_end = (step_expr(t, spec.end) if spec.end is not None
              else t.touchpoint.isin(settings.journeys.conversion_touchpoints))
    ends = t.filter(is_end).select(actor, "ts").inner_join(starts, actor)
    ends = ends.filter(ends.ts >= ends.start_at)
    ends = ends.group_by(actor).aggregate(end_at=ends.ts.min())
    data_end = touches.ts.max().as_scalar()
    j = starts.left_join(ends, actor)
    out = j.select(
        actor, "start_at", converted=j.end_at.notnull(),
        days=days_between(j.end_at.coalesce(data_end), j.start_at))
    if spec.breakdown is None:
        return out.mutate(breakdown=ibis.literal(ALL))
    extra = actor_breakdown(engine, spec.level, actor, spec.breakdown)
    joined = out.left_join(extra, actor)
    return joined.select(out, breakdown=labelled(joined.breakdown))


def _stats(d: ir.Table) -> ir.Table:
    days = ibis.ifelse(d.converted, d.days, ibis.null("float64"))
    return d.group_by("breakdown").aggregate(
        journeys=d.count(), converted=d.converted.sum().cast("int64"),
        mean_days=days.mean(), median_days=days.quantile(0.5),
        p75_days=days.quantile(0.75), p90_days=days.quantile(0.9)).order_by("breakdown")


@dataclass(frozen=True)
class TimeToConvertResult(TableResult):
    """Per breakdown value: journeys, converted, mean/median/p75/p90 days (converters).
    ``curve``: Kaplan-Meier points; ``histogram``: converters per day bucket; ``trend``:
    the same figures per period of start."""

    curve: TableResult | None = None
    histogram: TableResult | None = None
    trend: TableResult | None = None
    spec: TimeToConvertSpec | None = None

    def to_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return {"stats": self.table.to_pylist(),
                "curve": self.curve.to_dict() if self.curve else [],
                "histogram": self.histogram.to_dict() if self.histogram else [],
                "trend": self.trend.to_dict() if self.trend else []}

    def figure(self) -> Any:
        """Cumulative conversion over days (1 - Kaplan-Meier), one line per breakdown."""
        from journeymap.render.time_chart import time_to_convert_figure

        return time_to_convert_figure(self)


def _histogram(day_rows: list[dict]) -> pa.Table:
    """Converters per bucket of days; buckets widen with the range (≈ 20 bars)."""
    conv = [(r["breakdown"], r["day"], r["n"]) for r in day_rows if r["converted"]]
    if not conv:
        return pa.table({"breakdown": pa.array([], pa.string()), "from_day": pa.array(
            [], pa.int64()), "to_day": pa.array([], pa.int64()), "journeys": pa.array(
            [], pa.int64())})
    top = max(d for _, d, _ in conv)
    width = max(1, -(-(top + 1) // 20))
    counts: dict[tuple[str, int], int] = {}
    for b, d, n in conv:
        key = (b, d // width * width)
        counts[key] = counts.get(key, 0) + n
    rows = [{"breakdown": b, "from_day": lo, "to_day": lo + width, "journeys": n}
            for (b, lo), n in sorted(counts.items())]
    return pa.Table.from_pylist(rows)


def run_time_to_convert(engine: Engine, settings: Settings,
                        spec: TimeToConvertSpec) -> TimeToConvertResult:
    require_built(engine, Tables.touches, Tables.journeys)
    d = durations(engine, settings, spec)
    stats = engine.to_arrow(_stats(d))
    by_day = d.mutate(day=d.days.floor().cast("int64"))
    day_rows = engine.to_arrow(by_day.group_by(["breakdown", "day", "converted"]).aggregate(
        n=by_day.count())).to_pylist()
    curve = []
    for b in sorted({r["breakdown"] for r in day_rows}):
        points = kaplan_meier((r["day"], r["converted"], r["n"])
                              for r in day_rows if r["breakdown"] == b)
        curve += [{"breakdown": b, **p} for p in points]
    per = d.mutate(period=period_start(d.start_at, spec.trend, settings.timezone))
    conv_days = ibis.ifelse(per.converted, per.days, ibis.null("float64"))
    trend = per.group_by(["period", "breakdown"]).aggregate(
        journeys=per.count(), converted=per.converted.sum().cast("int64"),
        median_days=conv_days.quantile(0.5)).order_by(["period", "breakdown"])
    title = f"{spec.level} time to convert"
    return TimeToConvertResult(
        stats, title, curve=TableResult(pa.Table.from_pylist(curve), "Kaplan-Meier"),
        histogram=TableResult(_histogram(day_rows), "days to convert"),
        trend=TableResult(engine.to_arrow(trend), f"by {spec.trend} of start"), spec=spec)
