"""Friction in stage-to-stage conversion: a segment below the others, or recent journeys
below their own history.

Both compare proportions with a two-sided two-proportion z-test and report only drops with
p < 0.05. The history check compares journeys **of the same age**: the share that entered
the next stage within ``within`` of entering this one, for journeys that entered in the
last ``recent`` (and at least ``within`` before the end of the data) against all earlier
ones — comparing a young cohort's plain conversion with an old one's would flag every
recent period, because young journeys have not had time to move on.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import ibis
from scipy import stats

from journeymap.analytics.breakdown import actor_breakdown, labelled
from journeymap.analytics.friction_items import item
from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.engine.portable import SECONDS_PER_DAY
from journeymap.schema import Tables


def lower_p(a_moved: int, a_n: int, b_moved: int, b_n: int) -> float | None:
    """p-value of "rate a differs from rate b" when a is lower; None when it is not lower
    or a group is too small (fewer than 5) to say."""
    if a_n < 5 or b_n < 5:
        return None
    a, b = a_moved / a_n, b_moved / b_n
    pooled = (a_moved + b_moved) / (a_n + b_n)
    se = (pooled * (1 - pooled) * (1 / a_n + 1 / b_n)) ** 0.5
    if se == 0 or a >= b:
        return None
    return float(2 * stats.norm.sf(abs((a - b) / se)))


def segment_drop_offs(engine: Engine, settings: Settings, level: str, actor: str,
                      segment_by: str) -> list[dict]:
    """Segments whose stage-to-next conversion is below the other segments'."""
    j = engine.table(Tables.journeys)
    j = j.filter(j.level == level)
    seg = actor_breakdown(engine, level, actor, segment_by)
    jj = j.left_join(seg, actor)
    jj = jj.select(j, segment=labelled(jj.breakdown))
    stages = list(settings.journeys.stages)
    metrics: dict[str, Any] = {}
    for i, s in enumerate(stages[:-1]):
        metrics[f"r{i}"] = jj[f"entered_{s}"].count()
        metrics[f"n{i}"] = jj[f"entered_{stages[i + 1]}"].count(
            where=jj[f"entered_{s}"].notnull())
    rows = engine.to_arrow(jj.group_by("segment").aggregate(**metrics)).to_pylist()
    items = []
    for i, s in enumerate(stages[:-1]):
        total_r = sum(r[f"r{i}"] for r in rows)
        total_n = sum(r[f"n{i}"] for r in rows)
        for r in rows:
            reached, moved = r[f"r{i}"], r[f"n{i}"]
            rest_r, rest_n = total_r - reached, total_n - moved
            p = lower_p(moved, reached, rest_n, rest_r)
            if p is None or p >= 0.05:
                continue
            a, o = moved / reached, rest_n / rest_r
            items.append(item(
                "drop_off", s, f"{segment_by} = {r['segment']}", reached, a, o,
                reached * (o - a),
                f"{s} → {stages[i + 1]}: {a:.0%} of {reached:,} vs {o:.0%} for the other "
                f"segments (p = {p:.3f})", [], code="segment_drop",
                args={"stage": s, "next": stages[i + 1], "field": segment_by,
                      "segment": r["segment"], "n": reached, "rate": a, "others": o,
                      "p": p}))
    return items


def history_drop_offs(engine: Engine, settings: Settings, level: str, within: timedelta,
                      recent: timedelta) -> list[dict]:
    """Stages whose recent journeys moved on (within ``within``) less than earlier ones."""
    j = engine.table(Tables.journeys)
    j = j.filter(j.level == level)
    end = j.last_touch_at.max().as_scalar()
    mature_by = end - ibis.interval(seconds=int(within.total_seconds()))
    recent_from = mature_by - ibis.interval(seconds=int(recent.total_seconds()))
    stages = list(settings.journeys.stages)
    metrics: dict[str, Any] = {}
    for i, s in enumerate(stages[:-1]):
        entered, nxt = j[f"entered_{s}"], j[f"entered_{stages[i + 1]}"]
        mature = entered <= mature_by
        moved = (nxt >= entered) & (nxt <= entered + ibis.interval(
            seconds=int(within.total_seconds())))
        is_recent = mature & (entered > recent_from)
        is_past = mature & (entered <= recent_from)
        metrics[f"rn{i}"] = j.count(where=is_recent)
        metrics[f"rm{i}"] = j.count(where=is_recent & moved)
        metrics[f"pn{i}"] = j.count(where=is_past)
        metrics[f"pm{i}"] = j.count(where=is_past & moved)
    row = engine.to_arrow(j.aggregate(**metrics)).to_pylist()[0] if metrics else {}
    items = []
    days = within.total_seconds() / SECONDS_PER_DAY
    for i, s in enumerate(stages[:-1]):
        rn, rm, pn, pm = (row[f"{k}{i}"] or 0 for k in ("rn", "rm", "pn", "pm"))
        p = lower_p(rm, rn, pm, pn)
        if p is None or p >= 0.05:
            continue
        a, o = rm / rn, pm / pn
        items.append(item(
            "drop_off", s, f"{s} → {stages[i + 1]} lately", rn, a, o, rn * (o - a),
            f"of the {rn:,} journeys that entered {s} in the last "
            f"{recent.days} days, {a:.0%} reached {stages[i + 1]} within {days:g} days vs "
            f"{o:.0%} of {pn:,} earlier ones (p = {p:.3f})", [], code="history_drop",
            args={"stage": s, "next": stages[i + 1], "n": rn, "recent_days": recent.days,
                  "within_days": days, "rate": a, "others": o, "earlier": pn, "p": p}))
    return items
