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


def path_rows(touches: ir.Table, spec: PathSpec) -> ir.Table:
    """One row per actor: ``s1``..``s{depth}`` (null past the path's end) and ``more``
    (the path goes on beyond ``depth``)."""
    actor = actor_column(spec.level)
    t = touches.filter(touches[actor].notnull())
    in_range = entry_range(t.ts, spec.since, spec.until)
    if in_range is not None:
        t = t.filter(in_range)
    name = field_expr(t, spec.step_by).cast("string").fill_null(NONE_NAME)
    t = t.mutate(_name=name, _start=step_expr(t, spec.start) if spec.start else False)
    if spec.include is not None:
        t = t.filter(step_expr(t, spec.include) | t._start)
    if spec.start is not None:  # numbering every event costs a sort: only with a start
        t = t.mutate(_seq=ibis.row_number().over(group_by=t[actor], order_by=[t.ts, t.event_id]))
        anchor = t.filter(t._start).group_by(actor).aggregate(_anchor=t._seq.min())
        anchor = anchor.select(actor, "_anchor")
        t = t.inner_join(anchor, actor)
        after = spec.direction == "after"
        t = t.filter(t._seq > t._anchor if after else t._seq < t._anchor)
    def key(t: ir.Table) -> list[ir.Value]:  # outward from the start event
        if spec.direction == "before":
            return [t.ts.desc(), t.event_id.desc()]
        return [t.ts, t.event_id]

    if spec.collapse_loops:  # a column first: Spark cannot filter on a window expression
        t = t.mutate(_prev=t._name.lag().over(group_by=t[actor], order_by=key(t)))
        t = t.filter(t._prev.isnull() | (t._prev != t._name))
    t = t.mutate(_rank=ibis.row_number().over(group_by=t[actor], order_by=key(t)) + 1)
    metrics = {c: t._name.max(where=t._rank == k)
               for k, c in enumerate(step_columns(spec.depth), start=1)}
    rows = t.group_by(actor).aggregate(**metrics, more=(t._rank > spec.depth).any())
    if spec.start is None:
        return rows
    # actors who did the start step and nothing after (before) it: an empty path, kept
    everyone = anchor.select(actor).left_join(rows, actor)
    return everyone.select(actor, *step_columns(spec.depth),
                           more=everyone.more.fill_null(False))


def path_counts(rows: ir.Table, spec: PathSpec) -> ir.Table:
    """Distinct paths with the number of actors that took them."""
    keys = [*step_columns(spec.depth), "more"]
    return rows.group_by(keys).aggregate(actors=rows.count())
