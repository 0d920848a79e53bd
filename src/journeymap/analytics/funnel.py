"""Funnels: how many persons or accounts reach each step, how fast, and who drops.

``run_funnel`` validates the spec against the workspace (stages, touchpoints, fields),
compiles it (``funnel_query``) and aggregates in the engine; only one row per step and
breakdown value travels to Python. The result keeps the compiled per-actor expression so
the drop-off list and the conversion trend are computed on demand from the same query.
"""

from __future__ import annotations

import difflib
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from journeymap.analytics.breakdown import (
    actor_breakdown,
    check_event_field,
    is_event_field,
    labelled,
)
from journeymap.analytics.funnel_query import BREAKDOWN, candidate_counts, funnel_actors
from journeymap.analytics.funnel_result import FunnelResult
from journeymap.analytics.funnel_spec import FunnelSpec
from journeymap.analytics.spec import actor_column
from journeymap.analytics.steps import Step
from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.engine.portable import seconds_between
from journeymap.errors import AnalysisError
from journeymap.pipeline.lookup import require_built
from journeymap.schema import Tables


def check_stages(settings: Settings, spec: FunnelSpec) -> None:
    """A stage that the workspace does not define is an error, not an empty step."""
    for s in [*spec.steps, *(x.step for x in spec.exclusions)]:
        if s.stage is not None and s.stage not in settings.journeys.stages:
            raise AnalysisError(f"unknown stage '{s.stage}'", field=s.name,
                                hint=f"stages: {', '.join(settings.journeys.stages)}",
                                code="analysis.unknown_stage",
                                params={"stage": s.stage,
                                        "stages": list(settings.journeys.stages)})


def check_touchpoints(engine: Engine, steps: list[Step]) -> None:
    """A touchpoint that no touch has is an error naming the closest existing ones.

    Run only for steps that no event matches, so a funnel that counts costs no extra scan."""
    literal = sorted({s.touchpoint for s in steps if s.touchpoint and "*" not in s.touchpoint})
    if not literal:
        return
    touches = engine.table(Tables.touches)

    def exists(tp: str) -> bool:  # stops at the first match instead of scanning everything
        hit = touches.filter(touches.touchpoint == tp).select("touchpoint").limit(1)
        return engine.to_arrow(hit).num_rows > 0

    missing = [tp for tp in literal if not exists(tp)]
    if missing:
        known = engine.to_arrow(touches.select("touchpoint").distinct()).column(0).to_pylist()
        close = difflib.get_close_matches(missing[0], [k for k in known if k], n=3)
        raise AnalysisError(
            f"no touch has the touchpoint '{missing[0]}'", field="steps",
            hint=(f"did you mean {', '.join(close)}? " if close else "")
            + "a step matches a touchpoint exactly; use a glob such as page_view:* for many",
            code="analysis.unknown_touchpoint",
            params={"touchpoint": missing[0], "close": close})


def _previous(spec: FunnelSpec, k: int) -> int:
    """The step whose count step ``k`` converts from (any order: the row before)."""
    return k - 1 if spec.order == "any" else spec.previous_required(k)


def step_counts(actors: ir.Table, spec: FunnelSpec, by: bool) -> ir.Table:
    """Entered count and time-from-previous quantiles per step (and breakdown value)."""
    kept = ~actors.excluded
    metrics: dict[str, ir.Value] = {"excluded": actors.excluded.sum()}
    for k in range(len(spec.steps)):
        at = actors[f"at_{k}"]
        metrics[f"n_{k}"] = at.count(where=kept)
        if k:
            secs = seconds_between(at, actors[f"at_{_previous(spec, k)}"])
            secs = ibis.ifelse(kept, secs, ibis.null("float64"))
            metrics[f"med_{k}"] = secs.quantile(0.5)
            metrics[f"p90_{k}"] = secs.quantile(0.9)
    if by:
        return actors.group_by(BREAKDOWN).aggregate(**metrics).order_by(BREAKDOWN)
    return actors.aggregate(**metrics)


def steps_table(rows: list[dict[str, Any]], spec: FunnelSpec, by: bool) -> pa.Table:
    """One row per step (per breakdown value): counts, conversions, drop-off, times."""
    out = []
    for row in rows:
        first = row["n_0"]
        for k, step in enumerate(spec.steps):
            entered = row[f"n_{k}"]
            prev = row[f"n_{_previous(spec, k)}"] if k else None
            rec: dict[str, Any] = {"breakdown": row[BREAKDOWN]} if by else {}
            rec |= {
                "step": k + 1,
                "name": step.name,
                "optional": step.optional,
                "entered": entered,
                "conversion_from_previous": (entered / prev if prev else None) if k else 1.0,
                "conversion_from_first": entered / first if first else None,
                "dropped": (prev - entered) if k and not step.optional else None,
                "median_seconds_from_previous": row.get(f"med_{k}"),
                "p90_seconds_from_previous": row.get(f"p90_{k}"),
            }
            out.append(rec)
    schema = pa.schema([
        *([pa.field("breakdown", pa.string())] if by else []),
        ("step", pa.int64()), ("name", pa.string()), ("optional", pa.bool_()),
        ("entered", pa.int64()), ("conversion_from_previous", pa.float64()),
        ("conversion_from_first", pa.float64()), ("dropped", pa.int64()),
        ("median_seconds_from_previous", pa.float64()),
        ("p90_seconds_from_previous", pa.float64()),
    ])
    return pa.Table.from_pylist(out, schema=schema)


def _by_event(spec: FunnelSpec) -> bool:
    return spec.breakdown is not None and is_event_field(spec.breakdown)


def funnel_actor_table(engine: Engine, spec: FunnelSpec) -> ir.Table:
    """The compiled per-actor expression, with the breakdown column when one is asked."""
    touches = engine.table(Tables.touches)
    by_event = _by_event(spec)
    if by_event:
        check_event_field(touches, spec.breakdown)
    actors = funnel_actors(touches, spec, event_breakdown=by_event)
    if spec.breakdown is not None and not by_event:
        actor = actor_column(spec.level)
        extra = actor_breakdown(engine, spec.level, actor, spec.breakdown)
        actors = actors.left_join(extra, actor).select(actors, extra[BREAKDOWN])
    if spec.breakdown is not None:
        actors = actors.mutate(**{BREAKDOWN: labelled(actors[BREAKDOWN])})
    return actors


def run_funnel(engine: Engine, settings: Settings, spec: FunnelSpec) -> FunnelResult:
    """Count the funnel in the engine and return the typed result."""
    require_built(engine, Tables.touches, Tables.journeys)
    check_stages(settings, spec)
    by = spec.breakdown is not None

    def build() -> tuple[ir.Table, ir.Table]:
        actors = funnel_actor_table(engine, spec)
        counts = step_counts(actors, spec, by).cross_join(
            candidate_counts(engine.table(Tables.touches), spec, _by_event(spec)))
        return actors, counts

    key = ("funnel", spec.model_dump_json(), settings.journeys.model_dump_json())
    actors, query = engine.memo(key, build)
    rows = engine.to_arrow(query, reuse_sql=True).to_pylist()
    first = rows[0] if rows else {}
    never = [s for k, s in enumerate(spec.steps) if not first.get(f"c_{k}")]
    never += [x.step for j, x in enumerate(spec.exclusions) if not first.get(f"cx_{j}")]
    if never:  # only then: which of them name a touchpoint that does not exist?
        check_touchpoints(engine, never)
    excluded = sum(int(r["excluded"] or 0) for r in rows)
    table = steps_table([r for r in rows if r["n_0"] or not by], spec, by)
    return FunnelResult(table, title=" → ".join(spec.names), spec=spec, excluded=excluded,
                        engine=engine, actors=actors, timezone=settings.timezone)
