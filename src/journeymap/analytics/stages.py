"""Stage completion: for each journey stage, how many journeys reached it, how many moved
on to a later stage, the stage-to-stage conversion and the time spent in the stage — and,
with ``period``, the same for the journeys that started in the period before, to show
what moved.

Read from the ``journeys`` table (``entered_<stage>`` columns), so it costs one pass over
journeys, not over events. A journey "moved on" from a stage when it entered a later stage
after entering this one; the time in the stage runs until that later entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, field_validator

from journeymap.analytics.spec import Level, parse_duration
from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.engine.portable import days_between
from journeymap.pipeline.lookup import require_built
from journeymap.results import TableResult
from journeymap.schema import Tables

FIGURES = ("journeys", "reached", "share_reached", "moved_on", "share_moved_on",
           "conversion_to_next", "median_days_in_stage", "p90_days_in_stage")


class StageSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level = "account"
    period: timedelta | None = None
    as_of: datetime | None = None

    @field_validator("period", mode="before")
    @classmethod
    def _period(cls, value: object) -> timedelta | None:
        return None if value is None else parse_duration(value, "period")  # type: ignore[arg-type]


def _metrics(j: ir.Table, stages: list[str]) -> dict[str, ir.Value]:
    """Aggregates per stage over journeys ``j``."""
    out: dict[str, ir.Value] = {"journeys": j.count()}
    for i, stage in enumerate(stages):
        entered = j[f"entered_{stage}"]
        later = [ibis.ifelse(j[f"entered_{s}"] >= entered, j[f"entered_{s}"],
                             ibis.null("timestamp")) for s in stages[i + 1:]]
        nxt = ibis.least(*later) if len(later) > 1 else (later[0] if later else None)
        out[f"reached_{i}"] = entered.count()
        if nxt is None:
            out[f"moved_{i}"] = ibis.literal(0, "int64")
            out[f"med_{i}"] = ibis.null("float64")
            out[f"p90_{i}"] = ibis.null("float64")
            continue
        days = days_between(nxt, entered)
        out[f"moved_{i}"] = nxt.count(where=entered.notnull())
        days = ibis.ifelse(entered.notnull(), days, ibis.null("float64"))
        out[f"med_{i}"] = days.quantile(0.5)
        out[f"p90_{i}"] = days.quantile(0.9)
    return out


def _rows(agg: dict[str, Any], stages: list[str]) -> list[dict[str, Any]]:
    total = agg["journeys"] or 0
    rows = []
    for i in range(len(stages)):
        reached = agg[f"reached_{i}"]
        nxt = agg[f"reached_{i + 1}"] if i + 1 < len(stages) else None
        rows.append({
            "journeys": total, "reached": reached,
            "share_reached": reached / total if total else None,
            "moved_on": agg[f"moved_{i}"],
            "share_moved_on": agg[f"moved_{i}"] / reached if reached else None,
            "conversion_to_next": nxt / reached if reached and nxt is not None else None,
            "median_days_in_stage": agg[f"med_{i}"], "p90_days_in_stage": agg[f"p90_{i}"],
        })
    return rows


def stage_figures(engine: Engine, journeys: ir.Table, stages: list[str]) -> list[dict[str, Any]]:
    """One row of :data:`FIGURES` per stage of ``journeys`` (any filtered journeys table:
    journey maps use it for a segment)."""
    return _rows(engine.to_arrow(journeys.aggregate(**_metrics(journeys, stages))
                                 ).to_pylist()[0], stages)


@dataclass(frozen=True)
class StageResult(TableResult):
    """Per stage: reached, moved on, conversion to the next stage, days in stage; with a
    period, ``previous_*`` figures and ``change_*`` (current minus previous)."""

    spec: StageSpec | None = None

    def figure(self) -> Any:
        from journeymap.render.stage_chart import stage_figure

        return stage_figure(self)


def run_stages(engine: Engine, settings: Settings, spec: StageSpec) -> StageResult:
    require_built(engine, Tables.journeys)
    stages = list(settings.journeys.stages)
    j = engine.table(Tables.journeys)
    j = j.filter(j.level == spec.level)
    windows: dict[str, ir.Table] = {"current": j}
    if spec.period is not None:
        end = spec.as_of or engine.to_arrow(j.aggregate(end=j.last_touch_at.max())
                                            ).column("end")[0].as_py()
        if end is None:
            end = datetime(1970, 1, 1)
        lo, lo2 = end - spec.period, end - 2 * spec.period
        windows = {"current": j.filter((j.first_touch_at > lo) & (j.first_touch_at <= end)),
                   "previous": j.filter((j.first_touch_at > lo2) & (j.first_touch_at <= lo))}
    figures = {name: stage_figures(engine, w, stages) for name, w in windows.items()}
    rows = []
    for i, stage in enumerate(stages):
        row: dict[str, Any] = {"stage": stage, "order": i + 1, **figures["current"][i]}
        if "previous" in figures:
            prev = figures["previous"][i]
            for f in FIGURES:
                row[f"previous_{f}"] = prev[f]
            for f in ("share_reached", "share_moved_on", "conversion_to_next",
                      "median_days_in_stage"):
                a, b = row[f], prev[f]
                row[f"change_{f}"] = a - b if a is not None and b is not None else None
        rows.append(row)
    return StageResult(pa.Table.from_pylist(rows), f"{spec.level} stage completion", spec=spec)
