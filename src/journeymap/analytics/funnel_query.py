"""Compile a :class:`FunnelSpec` to one Ibis expression: a row per entered actor with the
time each funnel step was reached (``at_0`` .. ``at_{n-1}``, null when not reached).

Cost is linear in the number of steps: the events that match any step are picked in one
pass and numbered per actor; each step is then one small aggregate (``reach``) of its
candidate events joined on the actor to the aggregate of the step it follows — a hash
join, never a range join. Every ``reach`` table is its own aggregate, so the SQL shares it
as a common table expression instead of repeating it in each later step.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.fields import field_expr
from journeymap.analytics.funnel_spec import FunnelSpec
from journeymap.analytics.spec import actor_column, entry_range
from journeymap.analytics.steps import step_expr
from journeymap.engine.portable import UNIX_EPOCH

BREAKDOWN = "breakdown"


def _flag(i: int) -> str:
    return f"_s{i}"


def _xflag(j: int) -> str:
    return f"_x{j}"


def matched_events(touches: ir.Table, spec: FunnelSpec, event_breakdown: bool) -> ir.Table:
    """Events that match any step or exclusion, with one flag column per step and a
    per-actor sequence number ``_seq`` (strict order numbers every event of the actor,
    because "no event between" is about all events)."""
    actor = actor_column(spec.level)
    t = touches.filter(touches[actor].notnull())
    if spec.order == "strict":
        t = t.mutate(_seq=ibis.row_number().over(group_by=t[actor], order_by=[t.ts, t.event_id]))
    flags = {_flag(i): step_expr(t, s) for i, s in enumerate(spec.steps)}
    flags |= {_xflag(j): step_expr(t, x.step) for j, x in enumerate(spec.exclusions)}
    extra = {BREAKDOWN: field_expr(t, spec.breakdown).cast("string")} if event_breakdown else {}
    t = t.mutate(**flags, **extra)
    t = t.filter(ibis.or_(*[t[f] for f in flags]))
    if spec.order != "strict":
        t = t.mutate(_seq=ibis.row_number().over(group_by=t[actor], order_by=[t.ts, t.event_id]))
    return t.select(actor, "ts", "_seq", *flags, *extra)


def _entries(m: ir.Table, spec: FunnelSpec, actor: str, event_breakdown: bool) -> ir.Table:
    """First step-1 event of each actor in the date range: the entry, and the deadline
    (``_dl``) the conversion window sets."""
    first = m.filter(m[_flag(0)])
    in_range = entry_range(first.ts, spec.since, spec.until)
    if in_range is not None:
        first = first.filter(in_range)
    metrics = {"q_0": first._seq.min(), "t_0": first.ts.min()}
    if event_breakdown:
        metrics[BREAKDOWN] = first[BREAKDOWN].argmin(first._seq)
    entries = first.group_by(actor).aggregate(**metrics)
    window = ibis.interval(seconds=int(spec.window.total_seconds()))
    return entries.mutate(_dl=entries.t_0 + window)


def _reach(m: ir.Table, ref: ir.Table, spec: FunnelSpec, actor: str, k: int) -> ir.Table:
    """Actors of ``ref`` (``_after`` sequence, ``_anchor`` time, ``_dl`` deadline) who do
    step ``k``: its first match after ``_after`` (strict: right after), as ``q_k``/``t_k``."""
    step = spec.steps[k]
    cand = m.filter(m[_flag(k)]).select(actor, "ts", "_seq")
    j = cand.inner_join(ref, actor)
    cond = j.ts <= j._dl
    cond &= (j._seq == j._after + 1) if spec.order == "strict" else (j._seq > j._after)
    if step.within is not None:
        cond &= j.ts <= j._anchor + ibis.interval(seconds=int(step.within.total_seconds()))
    hit = j.filter(cond)
    return hit.group_by([actor, "_dl"]).aggregate(
        **{f"q_{k}": hit._seq.min(), f"t_{k}": hit.ts.min()})


def _ref(reached: ir.Table, actor: str, after: str, anchor: str) -> ir.Table:
    return reached.select(actor, "_dl", _after=reached[after], _anchor=reached[anchor])


def _chain(m: ir.Table, entries: ir.Table, spec: FunnelSpec, actor: str) -> list[ir.Table]:
    """One ``reach`` table per step. Ordered: each step after the previous required step;
    strict: right after the last matched step (an optional step that matched moves it);
    any: every step after the entry."""
    reach = [entries]
    anchor = 0
    for k in range(1, len(spec.steps)):
        if spec.order == "any":
            ref = _ref(entries, actor, "q_0", "t_0")
        elif spec.order == "strict" and spec.steps[k - 1].optional:
            ref = _strict_after_optional(reach, spec, actor, anchor, k)
        else:
            ref = _ref(reach[anchor], actor, f"q_{anchor}", f"t_{anchor}")
        reach.append(_reach(m, ref, spec, actor, k))
        if not spec.steps[k].optional:
            anchor = k
    return reach


def _strict_after_optional(reach: list[ir.Table], spec: FunnelSpec, actor: str,
                           anchor: int, k: int) -> ir.Table:
    """Strict order after optional steps: right after the last optional step that
    matched (each right after the one before), else right after the anchor."""
    base = reach[anchor]
    joined = base
    for j in range(anchor + 1, k):
        joined = joined.left_join(reach[j].select(actor, f"q_{j}"), actor)
    after = joined[f"q_{anchor}"]
    for j in range(anchor + 1, k):
        after = joined[f"q_{j}"].coalesce(after)
    return joined.select(actor, "_dl", _anchor=joined[f"t_{anchor}"], _after=after)


def _times(reach: list[ir.Table], actor: str) -> ir.Table:
    """The entries with every step's ``q_k``/``t_k`` (null when not reached)."""
    out = reach[0]
    for k, r in enumerate(reach[1:], start=1):
        out = out.left_join(r.select(actor, f"q_{k}", f"t_{k}"), actor)
    return out


def _at_ordered(t: ir.Table, spec: FunnelSpec) -> dict[str, ir.Value]:
    """``at_k``: an optional step counts only when it came before the next required one."""
    n = len(spec.steps)
    at = {f"at_{k}": t[f"t_{k}"] for k in range(n)}
    for j in range(1, n):
        if spec.steps[j].optional:
            nxt = next(k for k in range(j + 1, n) if not spec.steps[k].optional)
            late = t[f"q_{nxt}"].notnull() & (t[f"q_{j}"] > t[f"q_{nxt}"])
            at[f"at_{j}"] = ibis.ifelse(late, ibis.null("timestamp"), t[f"t_{j}"])
    return at


def _at_any(t: ir.Table, spec: FunnelSpec) -> dict[str, ir.Value]:
    """``at_k``: when the actor had done k+1 of the steps (entry first, then by time)."""
    n = len(spec.steps)
    micros = [t[f"t_{k}"].delta(UNIX_EPOCH, unit="microsecond") for k in range(1, n)]
    done = ibis.array(micros).filter(lambda v: v.notnull()).sort()
    at = {"at_0": t.t_0}
    for k in range(1, n):
        at[f"at_{k}"] = ibis.ifelse(done.length() >= k,
                                    UNIX_EPOCH + done[k - 1].as_interval("us"),
                                    ibis.null("timestamp"))
    return at


def _exclusions(m: ir.Table, reach: list[ir.Table], times: ir.Table, done_all: ir.Value,
                spec: FunnelSpec, actor: str) -> ir.Table | None:
    """Actors with an exclusion event between its two steps (or, when the second step was
    never reached, after the first within the window). In any order: from the entry until
    all steps were done, else the window's end."""
    if not spec.exclusions:
        return None
    hits = []
    for j, x in enumerate(spec.exclusions):
        if spec.order == "any":
            ref = times.select(actor, _lo=times.q_0, _hi=ibis.null("int64"),
                               _end=done_all.coalesce(times._dl))
        else:
            a, b = (i - 1 for i in spec.between(x))
            lo = reach[a].select(actor, "_dl", _lo=reach[a][f"q_{a}"])
            hi = reach[b].select(actor, _hi=reach[b][f"q_{b}"])
            joined = lo.left_join(hi, actor)
            ref = joined.select(actor, "_lo", "_hi", _end=joined._dl)
        ev = m.filter(m[_xflag(j)]).select(actor, "ts", "_seq").inner_join(ref, actor)
        inside = (ev._seq > ev._lo) & ibis.ifelse(ev._hi.notnull(), ev._seq < ev._hi,
                                                  ev.ts <= ev._end)
        hits.append(ev.filter(inside).select(actor))
    return ibis.union(*hits, distinct=True).mutate(excluded=ibis.literal(True))


def funnel_actors(touches: ir.Table, spec: FunnelSpec, event_breakdown: bool) -> ir.Table:
    """One row per entered actor: ``actor``, ``at_0``..``at_{n-1}``, ``excluded`` and, for
    a breakdown on an event field, its value at the entry event."""
    actor = actor_column(spec.level)
    m = matched_events(touches, spec, event_breakdown)
    reach = _chain(m, _entries(m, spec, actor, event_breakdown), spec, actor)
    t = _times(reach, actor)
    at = _at_any(t, spec) if spec.order == "any" else _at_ordered(t, spec)
    gone = _exclusions(m, reach, t, at[f"at_{len(spec.steps) - 1}"], spec, actor)
    extra = [BREAKDOWN] if event_breakdown else []
    if gone is None:
        return t.select(actor, *extra, **at, excluded=ibis.literal(False))
    out = t.left_join(gone, actor)
    return out.select(actor, *extra, **at, excluded=out.excluded.fill_null(False))


def candidate_counts(touches: ir.Table, spec: FunnelSpec, event_breakdown: bool) -> ir.Table:
    """One row: how many events match each step (``c_k``) and exclusion (``cx_j``) at all.

    Zero means the step can never match (a misspelt touchpoint). It reads the very
    ``matched_events`` expression the funnel reads (same arguments, so one shared CTE):
    checking costs no extra scan."""
    m = matched_events(touches, spec, event_breakdown)
    counts = {f"c_{k}": m[_flag(k)].sum() for k in range(len(spec.steps))}
    counts |= {f"cx_{j}": m[_xflag(j)].sum() for j in range(len(spec.exclusions))}
    return m.aggregate(**{k: v.cast("int64").fill_null(0) for k, v in counts.items()})
