"""Dedupe step: one touchpoint recorded by two systems is one touch.

A webinar attendance arrives from the webinar tool and again from the CRM sync; counting
both would inflate touches. Two events of one person with the same touchpoint from
*different* sources within ``[clean] dedupe_tolerance_minutes`` are one touch: the earliest
is kept and lists every source in ``properties.merged_sources``. Chains (webinar -> crm ->
zoom, each within the tolerance of the previous) collapse to the first event. Repeats from
one source are real repeats and stay. Done with window functions over (person,
touchpoint) ordered by time, so it runs in the engine at any size.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.config import CleanSettings
from journeymap.engine.portable import collect_ordered, epoch_seconds


def mark_duplicates(events: ir.Table, settings: CleanSettings) -> ir.Table:
    """Events plus ``is_duplicate`` and ``in_chain``.

    Only a touchpoint that more than one source records can have duplicates, so the
    window (a sort, the costly part) runs over those events only, typically a quarter;
    the others are never duplicates.
    """
    multi = events.group_by("touchpoint").aggregate(_jm_sources=events.source.nunique())
    multi = multi.filter(multi._jm_sources > 1)
    candidate = events.touchpoint.isin(multi.touchpoint) & events.person_id.notnull()
    rest = events.filter(~candidate).mutate(is_duplicate=ibis.literal(False),
                                            in_chain=ibis.literal(False))
    return ibis.union(_mark_candidates(events.filter(candidate), settings), rest)


def _mark_candidates(events: ir.Table, settings: CleanSettings) -> ir.Table:
    """Events plus ``is_duplicate`` and ``in_chain`` (one window pass over ``events``).

    An event is a duplicate of the previous one (same person and touchpoint) when their
    sources differ and they are at most the tolerance apart; ``in_chain`` marks events
    that are a duplicate or have one right after them. Events without a person are never
    merged (nothing says they are the same person).
    """
    tolerance = settings.dedupe_tolerance_minutes * 60.0
    order = [events.ts, events.source, events.event_id]
    win = ibis.window(group_by=[events.person_id, events.touchpoint], order_by=order)
    secs = epoch_seconds(events.ts)
    has_person = events.person_id.notnull()
    dup = has_person & ((events.source != events.source.lag().over(win))
                        & ((secs - secs.lag().over(win)) <= tolerance)).fill_null(False)
    next_dup = has_person & ((events.source != events.source.lead().over(win))
                             & ((secs.lead().over(win) - secs) <= tolerance)).fill_null(False)
    return events.mutate(is_duplicate=dup, in_chain=dup | next_dup)


def chains(marked: ir.Table) -> ir.Table:
    """Chain members (a small subset) with the chain's first event as ``kept_*``.

    Runs the chain windows only over events that take part in a merge, so their cost
    does not grow with the whole event table.
    """
    m = marked.filter(marked.in_chain)
    order = [m.ts, m.source, m.event_id]
    run = ibis.window(group_by=[m.person_id, m.touchpoint], order_by=order, rows=(None, 0))
    # A chain starts at every non-duplicate; its number is the running count of starts.
    numbered = m.mutate(_jm_chain=(~m.is_duplicate).cast("int64").sum().over(run))
    win = ibis.window(group_by=[numbered.person_id, numbered.touchpoint, numbered._jm_chain],
                      order_by=[numbered.ts, numbered.source, numbered.event_id])
    return numbered.mutate(
        kept_event_id=numbered.event_id.first().over(win),
        kept_source=numbered.source.first().over(win),
        kept_ts=numbered.ts.first().over(win),
    ).drop("_jm_chain")


def merges(marked: ir.Table) -> ir.Table:
    """The ``merges`` log: one row per event merged away, with the kept one."""
    linked = chains(marked)
    dups = linked.filter(linked.is_duplicate)
    return dups.select(
        "kept_event_id",
        merged_event_id=dups.event_id,
        person_id=dups.person_id,
        touchpoint=dups.touchpoint,
        kept_source=dups.kept_source,
        merged_source=dups.source,
        seconds_apart=epoch_seconds(dups.ts) - epoch_seconds(dups.kept_ts),
    )


def _json_string(col: ir.StringValue) -> ir.StringValue:
    return '"' + col.re_replace(r'["\\\x00-\x1f]', "") + '"'


def with_merged_sources(touches: ir.Table, merges_t: ir.Table) -> ir.Table:
    """Kept events get ``"merged_sources": [kept, merged...]`` added to ``properties``."""
    # Ordered by time apart, then source, on every engine (see collect_ordered).
    listed = merges_t.group_by("kept_event_id").aggregate(_jm_more=collect_ordered(
        _json_string(merges_t.merged_source), merges_t.seconds_apart).join(","))
    joined = touches.left_join(listed, touches.event_id == listed.kept_event_id)
    sources = "[" + _json_string(joined.source) + "," + joined._jm_more + "]"
    props = joined.properties.fill_null("").strip()
    body = props.re_replace(r"^\{\s*", "").re_replace(r"\s*\}$", "")
    merged = ibis.ifelse(body == "", "{" + '"merged_sources":' + sources + "}",
                         "{" + body + ',"merged_sources":' + sources + "}")
    return joined.mutate(
        properties=ibis.ifelse(joined._jm_more.isnull(), joined.properties, merged)
    ).select(*touches.columns)
