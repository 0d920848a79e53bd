"""Paths and flows: what persons or accounts do step by step — the top paths, next-step
and previous-step trees from a chosen step, and Sankey flows.

Each actor's events (optionally only some, ``include``) are named by a field
(``touchpoint`` by default, or ``channel``, ``utm_campaign``, ``properties.page`` …),
repeats in a row are collapsed (``collapse_loops``), and the first ``depth`` steps are
kept: from the start of the journey, after the actor's first ``start`` event, or before it
(``direction="before"``: step 1 is the event just before). The engine returns one row per
distinct path of ``depth`` steps with its count; trees, Sankey flows and top paths are
sums over those rows, so every figure adds up.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import ibis
import ibis.expr.types as ir
from pydantic import BaseModel, ConfigDict, Field

from journeymap.analytics.fields import field_expr
from journeymap.analytics.spec import Level, actor_column, entry_range
from journeymap.analytics.steps import OptionalStep, step_expr

NONE_NAME = "(none)"


class PathSpec(BaseModel):
    """Which steps make a path and how many of them are kept."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level = "person"
    start: OptionalStep = None
    direction: Literal["after", "before"] = "after"
    depth: int = Field(5, ge=1, le=50)
    step_by: str = "touchpoint"
    include: OptionalStep = None
    collapse_loops: bool = True
    since: datetime | None = None
    until: datetime | None = None



def step_columns(depth: int) -> list[str]:
    return [f"s{k}" for k in range(1, depth + 1)]


def path_counts(touches: ir.Table, spec: PathSpec) -> ir.Table:
    """Distinct paths (``s1``..``s{depth}``, null past the path's end, and ``more``: the
    path goes on beyond ``depth``) with the number of actors that took them.

    Steps travel through the sorts as small integer codes, not names (strings cost more
    to move and compare); the few counted rows get their names back at the end.
    """
    events, names = _coded_events(touches, spec)
    rows = path_rows(events, spec)
    keys = [*step_columns(spec.depth), "more"]
    counts = rows.group_by(keys).aggregate(actors=rows.count())
    for col in step_columns(spec.depth):
        lookup = names.view()
        named = counts.left_join(lookup, counts[col] == lookup._code)
        counts = named.select(*[named._name.name(c) if c == col else c
                                for c in counts.columns])
    return counts


def _coded_events(touches: ir.Table, spec: PathSpec) -> tuple[ir.Table, ir.Table]:
    """The actors' events (``_code`` of the step name, ``_start``) and the names by code."""
    actor = actor_column(spec.level)
    t = touches.filter(touches[actor].notnull())
    in_range = entry_range(t.ts, spec.since, spec.until)
    if in_range is not None:
        t = t.filter(in_range)
    start = step_expr(t, spec.start) if spec.start else ibis.literal(False)
    if spec.include is not None:
        t = t.filter(step_expr(t, spec.include) | start)
    t = t.select(actor, "ts", "event_id", _start=start,
                 _name=field_expr(t, spec.step_by).cast("string").fill_null(NONE_NAME))
    names = t.select("_name").distinct()
    names = names.mutate(_code=ibis.row_number().over(order_by=names._name))
    t = t.inner_join(names, "_name")
    return t.select(actor, "ts", "event_id", "_start", "_code"), names


def path_rows(events: ir.Table, spec: PathSpec) -> ir.Table:
    """One row per actor: the codes of its first ``depth`` steps and ``more``.

    Two sorts of the events at most: one numbers each actor's events (``_seq``) and, in
    the same pass, reads the neighbouring step a repeat is compared with; the other, over
    the kept steps only and by that integer, reads the first ``depth`` steps as ``lead``s
    of each path's first step, so no per-actor pivot is needed.
    """
    actor = actor_column(spec.level)
    t = events
    after = spec.direction == "after"
    if spec.start is not None or spec.collapse_loops:
        t = _numbered(t, actor, spec.collapse_loops, after)
    if spec.start is not None:
        anchor = t.filter(t._start).group_by(actor).aggregate(_anchor=t._seq.min())
        t = t.inner_join(anchor, actor)
        t = t.filter(t._seq > t._anchor if after else t._seq < t._anchor)
    if spec.collapse_loops:
        new_step = t._prev.isnull() | (t._prev != t._code)
        if spec.start is not None:  # the event next to the start begins the path
            new_step |= t._seq == t._anchor + (1 if after else -1)
        t = t.filter(new_step)
    rows = _first_steps(t, actor, spec.depth, after)
    if spec.start is None:
        return rows
    # actors who did the start step and nothing after (before) it: an empty path, kept
    everyone = anchor.select(actor).left_join(rows, actor)
    return everyone.select(actor, *step_columns(spec.depth),
                           more=everyone.more.fill_null(False))


def _numbered(t: ir.Table, actor: str, with_prev: bool, after: bool) -> ir.Table:
    """``_seq`` (1, 2, … in time per actor) and, for collapsing repeats, ``_prev``: the
    step of the event before this one in the path's direction (after: earlier, before:
    later), all in one window so one sort serves both."""
    w = ibis.window(group_by=t[actor], order_by=[t.ts, t.event_id])
    cols = {"_seq": ibis.row_number().over(w) + 1}
    if with_prev:
        cols["_prev"] = (t._code.lag() if after else t._code.lead()).over(w)
    return t.mutate(**cols)


def _first_steps(t: ir.Table, actor: str, depth: int, after: bool) -> ir.Table:
    """One row per actor from its kept steps: the first ``depth`` steps, read as ``lead``s
    of the first one, and whether a step follows them. A column first: Spark cannot
    filter on a window expression."""
    if "_seq" in t.columns:  # an integer key is cheaper to sort than (ts, event_id)
        order = [t._seq if after else t._seq.desc()]
    else:
        order = [t.ts, t.event_id] if after else [t.ts.desc(), t.event_id.desc()]
    w = ibis.window(group_by=t[actor], order_by=order)
    cols = step_columns(depth)
    steps = {c: t._code.lead(k).over(w) for k, c in enumerate(cols[1:], start=1)}
    t = t.mutate(_rank=ibis.row_number().over(w), s1=t._code, **steps,
                 more=t._code.lead(depth).over(w).notnull())
    return t.filter(t._rank == 0).select(actor, *cols, "more")
