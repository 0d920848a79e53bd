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
from ibis import _

from journeymap.config import CleanSettings


def mark_duplicates(events: ir.Table, settings: CleanSettings) -> ir.Table:
    """Events plus ``kept_event_id``, ``kept_source``, ``kept_ts`` and ``is_duplicate``.

    ``is_duplicate`` rows are merged into the chain's first event (``kept_*``). Events
    without a person are never merged (nothing says they are the same person).
    """
    tolerance = settings.dedupe_tolerance_minutes * 60.0
    order = [events.ts, events.source, events.event_id]
    win = ibis.window(group_by=[events.person_id, events.touchpoint], order_by=order)
    secs = events.ts.epoch_seconds()
    step = events.mutate(
        _jm_dup=events.person_id.notnull()
        & (events.source != events.source.lag().over(win)).fill_null(False)
        & ((secs - secs.lag().over(win)) <= tolerance).fill_null(False)
    )
    # A chain starts at every non-duplicate; its number is the running count of starts.
    win2 = ibis.window(group_by=[step.person_id, step.touchpoint],
                       order_by=[step.ts, step.source, step.event_id], rows=(None, 0))
    chained = step.mutate(_jm_chain=(~step._jm_dup).cast("int64").sum().over(win2))
    win3 = ibis.window(group_by=[chained.person_id, chained.touchpoint, chained._jm_chain],
                       order_by=[chained.ts, chained.source, chained.event_id])
    return chained.mutate(
        kept_event_id=chained.event_id.first().over(win3),
        kept_source=chained.source.first().over(win3),
        kept_ts=chained.ts.first().over(win3),
        is_duplicate=chained._jm_dup,
    ).drop("_jm_dup", "_jm_chain")


def merges(marked: ir.Table) -> ir.Table:
    """The ``merges`` log: one row per event merged away, with the kept one."""
    dups = marked.filter(marked.is_duplicate)
    return dups.select(
        "kept_event_id",
        merged_event_id=dups.event_id,
        person_id=dups.person_id,
        touchpoint=dups.touchpoint,
        kept_source=dups.kept_source,
        merged_source=dups.source,
        seconds_apart=dups.ts.epoch_seconds().cast("float64")
        - dups.kept_ts.epoch_seconds().cast("float64"),
    )


def _json_string(col: ir.StringValue) -> ir.StringValue:
    return '"' + col.re_replace(r'["\\\x00-\x1f]', "") + '"'


def with_merged_sources(touches: ir.Table, merges_t: ir.Table) -> ir.Table:
    """Kept events get ``"merged_sources": [kept, merged...]`` added to ``properties``."""
    listed = merges_t.group_by("kept_event_id").aggregate(
        _jm_more=_json_string(_.merged_source).group_concat(",", order_by=_.seconds_apart))
    joined = touches.left_join(listed, touches.event_id == listed.kept_event_id)
    sources = "[" + _json_string(joined.source) + "," + joined._jm_more + "]"
    props = joined.properties.fill_null("").strip()
    body = props.re_replace(r"^\{\s*", "").re_replace(r"\s*\}$", "")
    merged = ibis.ifelse(body == "", "{" + '"merged_sources":' + sources + "}",
                         "{" + body + ',"merged_sources":' + sources + "}")
    return joined.mutate(
        properties=ibis.ifelse(joined._jm_more.isnull(), joined.properties, merged)
    ).select(*touches.columns)
