"""Friction points: one ranked list of where journeys stall or end, with the evidence.

Kinds of friction, each measured per person or account journey:
- ``abandonment``: journeys that did not convert and have been silent for ``inactive_days``,
  by their last touchpoint;
- ``loop``: the same touchpoint ``loop_min`` or more times in a row before a decision;
- ``long_break``: no touch for more than ``break_days`` days, by the stage it happened in;
- ``support``: support tickets or negative survey answers (NPS <= 6, CSAT <= 2) before
  conversion, by stage;
- ``drop_off``: a stage-to-stage conversion of one segment (``segment_by``) significantly
  below the other segments, or of the journeys that entered the stage recently below
  the earlier ones at the same age (``friction_stages``; two-proportion z-tests, p < 0.05).

Every item carries the journeys affected, their conversion rate against the comparable
others, an estimate of conversions lost (affected x the gap; for abandonment: abandoned x
the conversion rate of journeys that had that touchpoint) — the ranking key — and two
example journeys. Only small aggregates leave the engine.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from journeymap.analytics.friction_items import item, rate
from journeymap.analytics.friction_stages import history_drop_offs, segment_drop_offs
from journeymap.analytics.spec import actor_column
from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.engine.portable import days_between
from journeymap.pipeline.lookup import require_built
from journeymap.results import TableResult
from journeymap.schema import Tables

SUPPORT = "ticket_"


def _journey_touches(engine: Engine, level: str) -> tuple[ir.Table, ir.Table]:
    """Touches before conversion with their journey's outcome, and the journeys."""
    actor = actor_column(level)
    j = engine.table(Tables.journeys)
    j = j.filter(j.level == level)
    t = engine.table(Tables.touches)
    t = t.filter(t[actor].notnull()).select(actor, "ts", "event_id", "touchpoint", "stage",
                                            "rating")
    x = t.inner_join(j.select(actor, "journey_id", "converted", "converted_at"), actor)
    return x.filter(~x.converted | (x.ts <= x.converted_at)), j


def journeys_with(engine: Engine, x: ir.Table, actor: str, key: str) -> dict[Any, dict]:
    """Per value of ``key`` (touchpoint, stage): journeys that had it (``n``) and how many
    of them converted (``conv``) — the comparison base of several kinds."""
    pairs = x.select(actor, key, "converted").distinct()
    counts = pairs.group_by(key).aggregate(n=pairs.count(), conv=pairs.converted.sum())
    return {r[key]: r for r in engine.to_arrow(counts).to_pylist()}


@contextlib.contextmanager
def _with_previous(engine: Engine, x: ir.Table, actor: str) -> Iterator[ir.Table]:
    """``x`` with the previous touch's time (``_pts``) and stage (``_pstage``) and the
    number of the run of equal touchpoints each touch is in (``_run``), written once to
    a scratch table for the kinds that read them (loops, breaks, support).

    Each kind used to sort the touches by journey and time by itself, and those sorts were
    most of the analysis: 36 CPU-s of the person-level friction at 10M events. The
    scratch table holds only the columns the kinds read.
    """
    w = ibis.window(group_by=x[actor], order_by=[x.ts, x.event_id])
    y = x.mutate(_prev=x.touchpoint.lag().over(w), _pts=x.ts.lag().over(w),
                 _pstage=x.stage.lag().over(w))
    y = y.mutate(_new=ibis.ifelse(y._prev.isnull() | (y._prev != y.touchpoint), 1, 0))
    y = y.mutate(_run=y._new.sum().over(group_by=y[actor], order_by=[y.ts, y.event_id],
                                        rows=(None, 0)))
    name = f"_jm_friction_{uuid.uuid4().hex}"
    engine.replace_scratch(name, y.select(actor, "ts", "touchpoint", "stage", "rating",
                                          "journey_id", "converted", "_pts", "_pstage",
                                          "_run"))
    try:
        yield engine.table(name)
    finally:
        engine.drop(name)


def _abandonment(engine: Engine, j: ir.Table, had: dict[Any, dict],
                 inactive: timedelta) -> list[dict]:
    end = j.last_touch_at.max().as_scalar()
    gone = j.filter(~j.converted & (j.last_touch_at < end - ibis.interval(
        seconds=int(inactive.total_seconds()))))
    ends = engine.to_arrow(gone.group_by(["last_touchpoint", "current_stage"]).aggregate(
        n=gone.count(), ex1=gone.journey_id.min(), ex2=gone.journey_id.max())).to_pylist()
    total_gone = sum(r["n"] for r in ends)
    items = []
    for r in ends:
        base = had.get(r["last_touchpoint"], {"n": 0, "conv": 0})
        had_rate = rate(base["conv"], base["n"])
        items.append(item(
            "abandonment", r["current_stage"], r["last_touchpoint"], r["n"], 0.0, had_rate,
            r["n"] * (had_rate or 0.0),
            f"{r['n']:,} of {total_gone:,} abandoned journeys ended here "
            f"(silent {inactive.days}+ days); journeys with this touch convert "
            f"{(had_rate or 0):.0%}", [r["ex1"], r["ex2"]], code="abandoned",
            args={"n": r["n"], "total": total_gone, "days": inactive.days,
                  "rate": had_rate or 0.0}))
    return items


def _loops(engine: Engine, y: ir.Table, actor: str, had: dict[Any, dict],
           loop_min: int) -> list[dict]:
    runs = y.group_by([actor, "_run", "touchpoint", "stage", "converted", "journey_id"]
                      ).aggregate(length=y.count())
    loops = runs.filter(runs.length >= loop_min)
    per_actor = loops.group_by([actor, "touchpoint", "stage", "converted", "journey_id"]
                               ).aggregate(length=loops.length.max())
    rows = engine.to_arrow(per_actor.group_by(["touchpoint", "stage"]).aggregate(
        n=per_actor.count(), conv=per_actor.converted.sum(), mean_len=per_actor.length.mean(),
        ex1=per_actor.journey_id.min(), ex2=per_actor.journey_id.max())).to_pylist()
    items = []
    for r in rows:
        base = had[r["touchpoint"]]
        others_n, others_c = base["n"] - r["n"], base["conv"] - r["conv"]
        a, o = rate(r["conv"], r["n"]), rate(others_c, others_n)
        items.append(item(
            "loop", r["stage"], r["touchpoint"], r["n"], a, o,
            r["n"] * ((o or 0) - (a or 0)),
            f"{r['n']:,} journeys repeat it {loop_min}+ times in a row (mean "
            f"{r['mean_len']:.1f}); they convert {(a or 0):.0%} vs {(o or 0):.0%} for "
            f"the others with this touch", [r["ex1"], r["ex2"]], code="loop",
            args={"n": r["n"], "times": loop_min, "mean": r["mean_len"], "rate": a or 0.0,
                  "others": o or 0.0}))
    return items


def _with_vs_without(engine: Engine, flagged: ir.Table, base: dict[Any, dict], actor: str,
                     kind: str, where: str, describe: str, args: dict[str, Any]
                     ) -> list[dict]:
    """Per stage: journeys with a flagged touch there, against journeys without one."""
    per = flagged.group_by([actor, "stage", "converted", "journey_id"]).aggregate(
        extra=flagged.extra.max())
    rows = engine.to_arrow(per.group_by("stage").aggregate(
        n=per.count(), conv=per.converted.sum(), extra=per.extra.median(),
        ex1=per.journey_id.min(), ex2=per.journey_id.max())).to_pylist()
    items = []
    for r in rows:
        b = base.get(r["stage"], {"n": r["n"], "conv": r["conv"]})
        a, o = rate(r["conv"], r["n"]), rate(b["conv"] - r["conv"], b["n"] - r["n"])
        items.append(item(kind, r["stage"], where, r["n"], a, o,
                           r["n"] * ((o or 0) - (a or 0)),
                           f"{r['n']:,} journeys in {r['stage'] or 'no stage'}: "
                           + describe.format(extra=r["extra"] or 0)
                           + f"; they convert {(a or 0):.0%} vs {(o or 0):.0%}",
                           [r["ex1"], r["ex2"]], code=kind,
                           args={**args, "n": r["n"], "stage": r["stage"],
                                 "rate": a or 0.0, "others": o or 0.0}
                           | ({"median": float(r["extra"] or 0)} if kind == "long_break"
                              else {})))
    return items


def _breaks(engine: Engine, y: ir.Table, actor: str, by_stage: dict[Any, dict],
            break_days: float) -> list[dict]:
    gap = days_between(y.ts, y._pts)
    y = y.mutate(extra=gap, stage=y._pstage)
    flagged = y.filter(y.extra > break_days)
    where = f"no touch for more than {break_days:g} days"
    return _with_vs_without(engine, flagged, by_stage, actor, "long_break", where,
                            where + " (median {extra:.0f} days)", {"days": break_days})


def _support(engine: Engine, y: ir.Table, actor: str, by_stage: dict[Any, dict]
             ) -> list[dict]:
    negative = (y.touchpoint.startswith(SUPPORT)
                | ((y.touchpoint == "nps_response") & (y.rating <= 6)).fill_null(False)
                | ((y.touchpoint == "csat_response") & (y.rating <= 2)).fill_null(False))
    flagged = y.filter(negative).mutate(stage=y._pstage.fill_null(y.stage), extra=1.0)
    where = "support tickets or negative survey answers"
    return _with_vs_without(engine, flagged, by_stage, actor, "support", where, where, {})


def friction(engine: Engine, settings: Settings, level: str = "account",
             inactive_days: float = 30, loop_min: int = 3, break_days: float = 30,
             segment_by: str | None = None, history_days: float = 60,
             recent_days: float = 90, top: int = 30) -> TableResult:
    """The ranked friction list (largest estimated lost conversions first)."""
    require_built(engine, Tables.touches, Tables.journeys)
    actor = actor_column(level)
    x, j = _journey_touches(engine, level)
    segment_by = segment_by or ("account.industry" if level == "account"
                                else "journey.first_channel")
    with _with_previous(engine, x, actor) as y:  # the touches of x, read once
        by_touchpoint = journeys_with(engine, y, actor, "touchpoint")
        by_stage = journeys_with(engine, y, actor, "stage")
        items = (_loops(engine, y, actor, by_touchpoint, loop_min)
                 + _breaks(engine, y, actor, by_stage, break_days)
                 + _support(engine, y, actor, by_stage))
    items = (_abandonment(engine, j, by_touchpoint, timedelta(days=inactive_days))
             + items
             + segment_drop_offs(engine, settings, level, actor, segment_by)
             + history_drop_offs(engine, settings, level, timedelta(days=history_days),
                                 timedelta(days=recent_days)))
    items.sort(key=lambda r: (-r["lost_conversions"], -r["affected"], r["kind"], r["where"],
                              r["stage"] or ""))
    ranked = [{"rank": i, **r} for i, r in enumerate(items[:top], start=1)]
    schema = pa.schema([("rank", pa.int64()), ("kind", pa.string()), ("stage", pa.string()),
                        ("where", pa.string()), ("affected", pa.int64()),
                        ("conversion_affected", pa.float64()),
                        ("conversion_others", pa.float64()),
                        ("lost_conversions", pa.float64()), ("evidence", pa.string()),
                        ("examples", pa.string()), ("evidence_code", pa.string()),
                        ("evidence_args", pa.string())])
    return TableResult(pa.Table.from_pylist(ranked, schema=schema),
                       f"friction points of {level} journeys")
