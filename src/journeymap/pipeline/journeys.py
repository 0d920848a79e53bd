"""Journeys step: one row per person journey and per account journey.

The headline questions ("how many touches, channels and days until an account buys?")
are answered from these rows, so every figure is computed once here, in the engine:
first/last touch, touches, distinct channels and sessions, days (first -> last, float
days), conversion (any touch in ``[journeys] conversion_touchpoints``), the same figures
up to and including the first conversion, the highest stage reached and when each stage
was first entered (``entered_<stage>``).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.config import JourneySettings
from journeymap.engine.portable import SECONDS_PER_DAY, epoch_seconds, first_by, last_by


def _aggregate(t: ir.Table, key: str, settings: JourneySettings) -> ir.Table:
    """Journey figures of ``t`` grouped by column ``key``."""
    is_conv = t.touchpoint.isin(settings.conversion_touchpoints)
    conv_at = t.ts.min(where=is_conv).over(group_by=t[key])
    t = t.mutate(_jm_conv=is_conv, _jm_conv_at=conv_at, _jm_secs=epoch_seconds(t.ts))
    upto = t._jm_conv_at.notnull() & (t.ts <= t._jm_conv_at)
    metrics = {
        "first_touch_at": t.ts.min(),
        "last_touch_at": t.ts.max(),
        "first_touchpoint": first_by(t.touchpoint, t.ts, t.event_id),
        "last_touchpoint": last_by(t.touchpoint, t.ts, t.event_id),
        "first_channel": first_by(t.channel, t.ts, t.event_id),
        "touches": t.count(),
        "channels": t.channel.nunique(),
        "sessions": t.session_id.nunique(),
        "persons": t.person_id.nunique(),
        "days": (t._jm_secs.max() - t._jm_secs.min()) / SECONDS_PER_DAY,
        "converted": t._jm_conv.any(),
        "converted_at": t.ts.min(where=t._jm_conv),
        "value": t.value.sum(where=t._jm_conv),
        "touches_to_convert": t.count(where=upto),
        "channels_to_convert": t.channel.nunique(where=upto),
        "_jm_conv_secs": t._jm_secs.min(where=t._jm_conv),
        "current_stage": t.stage.argmax(t.stage_order),
    }
    for stage in settings.stages:
        metrics[f"entered_{stage}"] = t.ts.min(where=t.stage == stage)
    agg = t.group_by(key).aggregate(**metrics)
    return agg.mutate(
        days_to_convert=(agg._jm_conv_secs - epoch_seconds(agg.first_touch_at)) / SECONDS_PER_DAY,
        touches_to_convert=ibis.ifelse(agg.converted, agg.touches_to_convert,
                                       ibis.null("int64")),
        channels_to_convert=ibis.ifelse(agg.converted, agg.channels_to_convert,
                                        ibis.null("int64")),
    )


def journey_columns(settings: JourneySettings) -> list[str]:
    """Column order of the ``journeys`` table."""
    return [
        "journey_id", "level", "person_id", "account_id", "first_touch_at", "last_touch_at",
        "first_touchpoint", "last_touchpoint", "first_channel", "touches", "channels",
        "sessions", "persons", "days", "converted", "converted_at", "value",
        "touches_to_convert", "channels_to_convert", "days_to_convert", "current_stage",
        *[f"entered_{s}" for s in settings.stages],
    ]


def person_journeys(touches: ir.Table, persons_t: ir.Table,
                    settings: JourneySettings) -> ir.Table:
    """One journey per person; its account is the person's account."""
    agg = _aggregate(touches.filter(touches.person_id.notnull()), "person_id", settings)
    acc = persons_t.select("person_id", "account_id")
    out = agg.left_join(acc, "person_id")
    out = out.mutate(journey_id="person:" + out.person_id, level=ibis.literal("person"))
    return out.select(*journey_columns(settings))


def account_journeys(touches: ir.Table, settings: JourneySettings) -> ir.Table:
    """One journey per account over the touches of all its people and its own events."""
    agg = _aggregate(touches.filter(touches.account_id.notnull()), "account_id", settings)
    out = agg.mutate(journey_id="account:" + agg.account_id, level=ibis.literal("account"),
                     person_id=ibis.null("string"))
    return out.select(*journey_columns(settings))


def journeys(touches: ir.Table, persons_t: ir.Table, settings: JourneySettings) -> ir.Table:
    """Person and account journeys in one table (``level`` tells them apart)."""
    return ibis.union(person_journeys(touches, persons_t, settings),
                      account_journeys(touches, settings))
