"""Retention: of the persons or accounts who started in a period (their cohort), how many
came back in each later period.

An actor's start is its first event (or its first event matching ``start``); it returns in
period k (k >= 1) when a ``returning`` event (any event by default) after the start falls
in the k-th calendar period after the cohort's. Period 0 is the cohort itself (100%).
With ``start="purchase", returning="purchase"`` this is repeat purchase for a shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import ibis.expr.types as ir
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field, field_validator

from journeymap.analytics.periods import check_period, period_index, period_start
from journeymap.analytics.spec import Level, actor_column, entry_range
from journeymap.analytics.steps import OptionalStep, step_expr
from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.engine.portable import first_by
from journeymap.pipeline.lookup import require_built
from journeymap.results import TableResult
from journeymap.schema import Tables


class RetentionSpec(BaseModel):
    """Cohorts by ``period`` of the start; ``periods`` later periods are counted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    period: str = "week"
    periods: int = Field(12, ge=1, le=520)
    level: Level = "person"
    start: OptionalStep = None
    returning: OptionalStep = None
    since: datetime | None = None
    until: datetime | None = None

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        return check_period(value)


def _starts(t: ir.Table, spec: RetentionSpec, actor: str, tz: str) -> ir.Table:
    first = t.filter(step_expr(t, spec.start)) if spec.start is not None else t
    agg = first.group_by(actor).aggregate(
        start_at=first.ts.min(),
        start_id=first_by(first.event_id, first.ts, first.event_id))
    in_range = entry_range(agg.start_at, spec.since, spec.until)
    if in_range is not None:
        agg = agg.filter(in_range)
    cohort = period_start(agg.start_at, spec.period, tz)
    return agg.mutate(cohort=cohort, _ci=period_index(cohort, spec.period))


def retention_query(touches: ir.Table, spec: RetentionSpec, tz: str
                    ) -> tuple[ir.Table, ir.Table]:
    """(cohort sizes, returning actors per cohort and period 1..periods)."""
    actor = actor_column(spec.level)
    t = touches.filter(touches[actor].notnull())
    starts = _starts(t, spec, actor, tz)
    sizes = starts.group_by("cohort").aggregate(size=starts.count())
    ret = t.filter(step_expr(t, spec.returning)) if spec.returning is not None else t
    ret = ret.select(actor, "ts", "event_id")
    j = ret.inner_join(starts, actor)
    after = (j.ts > j.start_at) | ((j.ts == j.start_at) & (j.event_id > j.start_id))
    j = j.filter(after)
    j = j.mutate(period=period_index(period_start(j.ts, spec.period, tz), spec.period) - j._ci)
    j = j.filter(j.period.between(1, spec.periods))
    back = j.select("cohort", "period", actor).distinct()
    returning = back.group_by(["cohort", "period"]).aggregate(actors=back.count())
    return sizes, returning


@dataclass(frozen=True)
class RetentionResult(TableResult):
    """Long table: cohort, size, period (0 = the cohort), actors, rate; actors and rate are
    null for periods the data has not reached yet (the latest cohorts)."""

    spec: RetentionSpec | None = None

    def matrix(self) -> Any:
        """Cohorts as rows, periods as columns, rates as values (pandas)."""
        df = self.to_pandas()
        return df.pivot(index=["cohort", "size"], columns="period", values="rate")

    def to_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return {"cohorts": self.table.to_pylist(),
                "spec": self.spec.model_dump(mode="json") if self.spec else None}

    def figure(self) -> Any:
        """A heatmap of return rates: cohorts down, periods across."""
        from journeymap.render.retention_chart import retention_figure

        return retention_figure(self)


def run_retention(engine: Engine, settings: Settings, spec: RetentionSpec) -> RetentionResult:
    require_built(engine, Tables.touches)
    touches = engine.table(Tables.touches)
    sizes, returning = retention_query(touches, spec, settings.timezone)
    last = period_start(touches.ts.max(), spec.period, settings.timezone)
    end = engine.to_arrow(touches.aggregate(
        end=period_index(last, spec.period))).column("end")[0].as_py()
    size_rows = engine.to_arrow(sizes.mutate(_ci=period_index(sizes.cohort, spec.period))
                                .order_by("cohort")).to_pylist()
    counts = {(r["cohort"], r["period"]): r["actors"]
              for r in engine.to_arrow(returning).to_pylist()}
    rows = []
    for c in size_rows:
        for k in range(spec.periods + 1):
            if end is not None and c["_ci"] + k > end:
                n = None  # the period has not ended in the data yet: unknown, not zero
            else:
                n = c["size"] if k == 0 else counts.get((c["cohort"], k), 0)
            rows.append({"cohort": c["cohort"], "size": c["size"], "period": k,
                         "actors": n, "rate": None if n is None else n / c["size"]})
    schema = pa.schema([("cohort", pa.date32()), ("size", pa.int64()), ("period", pa.int64()),
                        ("actors", pa.int64()), ("rate", pa.float64())])
    title = f"{spec.level} retention by {spec.period}"
    return RetentionResult(pa.Table.from_pylist(rows, schema=schema), title, spec=spec)
