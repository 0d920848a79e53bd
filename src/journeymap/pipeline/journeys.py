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
from ibis import _

from journeymap.config import JourneySettings
from journeymap.engine.portable import SECONDS_PER_DAY, epoch_seconds, first_by, last_by
from journeymap.pipeline import sessions


def _distinct_count(touches: ir.Table, key: str, column: str) -> ir.Table:
    """Distinct non-null ``column`` values per ``key``, as column ``_jm_n_<column>``.

    Grouped in two levels over a scan of its own rather than as ``nunique`` inside the
    main aggregate, where DuckDB fans every touch out to one hash table per distinct
    count and the fan-out costs more than the counting.
    """
    pairs = touches.select(key, column).distinct()
    pairs = pairs.filter(pairs[key].notnull())
    return pairs.group_by(key).aggregate(**{f"_jm_n_{column}": pairs[column].count()})


def _aggregate(touches: ir.Table, key: str, settings: JourneySettings, *,
               one_person: bool = False) -> ir.Table:
    """Journey figures of the touches with a ``key`` (column name), grouped by it.

    ``one_person``: every group is one person, so ``persons`` is 1 without counting and
    ``sessions`` is the person's highest session number.
    The figures up to the first conversion are counted over the touches of converted
    journeys only (a join to their conversion times) instead of a window over every
    touch; days come from the first and last times, the current stage from the highest
    ``stage_order``. Each part reads ``touches`` by itself, so no engine has to keep the
    touches in memory for several consumers.
    """
    t = touches.filter(touches[key].notnull())
    is_conv = t.touchpoint.isin(settings.conversion_touchpoints)
    metrics = {
        "first_touch_at": t.ts.min(),
        "last_touch_at": t.ts.max(),
        "_jm_first": first_by(ibis.struct({"touchpoint": t.touchpoint, "channel": t.channel}),
                              t.ts, t.event_id),
        "last_touchpoint": last_by(t.touchpoint, t.ts, t.event_id),
        "touches": t.count(),
        "converted": is_conv.any(),
        "converted_at": t.ts.min(where=is_conv),
        "value": t.value.sum(where=is_conv),
        "_jm_stage_order": t.stage_order.max(),
    }
    if one_person:
        metrics["_jm_n_session_id"] = sessions.person_session_number(t.session_id).max()
    for index, stage in enumerate(settings.stages):
        metrics[f"entered_{stage}"] = t.ts.min(where=t.stage_order == index)
    agg = t.group_by(key).aggregate(**metrics)

    conv = touches.filter(touches[key].notnull()
                          & touches.touchpoint.isin(settings.conversion_touchpoints))
    conv = conv.group_by(key).aggregate(_jm_conv_at=conv.ts.min())
    upto = touches.select(key, "ts", "channel").join(conv, key)
    upto = upto.filter(upto.ts <= upto._jm_conv_at).group_by(key).aggregate(
        _jm_ttc=_.count(), _jm_ctc=_.channel.nunique())

    counted = ["channel", *([] if one_person else ["session_id", "person_id"])]
    for column in counted:
        agg = agg.join(_distinct_count(touches, key, column), key)
    agg = agg.left_join(upto, key).select(agg, "_jm_ttc", "_jm_ctc")
    first_secs = epoch_seconds(agg.first_touch_at)
    return agg.mutate(
        first_touchpoint=agg._jm_first.touchpoint,
        first_channel=agg._jm_first.channel,
        channels=agg._jm_n_channel,
        sessions=agg._jm_n_session_id,
        persons=ibis.literal(1, "int64") if one_person else agg._jm_n_person_id,
        days=(epoch_seconds(agg.last_touch_at) - first_secs) / SECONDS_PER_DAY,
        touches_to_convert=ibis.ifelse(agg.converted, agg._jm_ttc.fill_null(0),
                                       ibis.null("int64")),
        channels_to_convert=ibis.ifelse(agg.converted, agg._jm_ctc.fill_null(0),
                                        ibis.null("int64")),
        days_to_convert=(epoch_seconds(agg.converted_at) - first_secs) / SECONDS_PER_DAY,
        current_stage=agg._jm_stage_order.substitute(dict(enumerate(settings.stages)),
                                                     else_=ibis.null("string")),
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
    agg = _aggregate(touches, "person_id", settings, one_person=True)
    acc = persons_t.select("person_id", "account_id")
    out = agg.left_join(acc, "person_id")
    out = out.mutate(journey_id="person:" + out.person_id, level=ibis.literal("person"))
    return out.select(*journey_columns(settings))


def account_journeys(touches: ir.Table, settings: JourneySettings) -> ir.Table:
    """One journey per account over the touches of all its people and its own events."""
    agg = _aggregate(touches, "account_id", settings)
    out = agg.mutate(journey_id="account:" + agg.account_id, level=ibis.literal("account"),
                     person_id=ibis.null("string"))
    return out.select(*journey_columns(settings))


def journeys(touches: ir.Table, persons_t: ir.Table, settings: JourneySettings) -> ir.Table:
    """Person and account journeys in one table (``level`` tells them apart)."""
    return ibis.union(person_journeys(touches, persons_t, settings),
                      account_journeys(touches, settings))
