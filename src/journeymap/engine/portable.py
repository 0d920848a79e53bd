"""Expressions whose results are the same on every engine.

Some Ibis operations compile to functions that differ between backends: ``epoch_seconds``
is fractional on DuckDB (``epoch``) but whole seconds on Spark (``unix_timestamp``). The
pipeline uses these helpers instead, so DuckDB and Spark give the same tables.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

UNIX_EPOCH = ibis.timestamp("1970-01-01 00:00:00")
MICROS_PER_SECOND = 1_000_000.0
SECONDS_PER_DAY = 86_400.0


def epoch_seconds(ts: ir.TimestampValue) -> ir.FloatingValue:
    """Seconds since 1970-01-01 UTC as float64, exact to the microsecond on every engine."""
    return ts.delta(UNIX_EPOCH, unit="microsecond").cast("float64") / MICROS_PER_SECOND


def seconds_between(later: ir.TimestampValue, earlier: ir.TimestampValue) -> ir.FloatingValue:
    """``later - earlier`` in seconds (float64, exact to the microsecond on every engine)."""
    return epoch_seconds(later) - epoch_seconds(earlier)


def days_between(later: ir.TimestampValue, earlier: ir.TimestampValue) -> ir.FloatingValue:
    """``later - earlier`` in days (float64)."""
    return seconds_between(later, earlier) / SECONDS_PER_DAY


def _order_key(keys: tuple[ir.Value, ...]) -> ir.Value:
    if len(keys) == 1:
        return keys[0]
    return ibis.struct({f"k{i}": key for i, key in enumerate(keys)})


def first_by(value: ir.Value, *keys: ir.Value) -> ir.Scalar:
    """``value`` of the row with the smallest ``keys`` (later keys break ties).

    ``argmin`` picks any of tied rows, differently per engine and run; a tie-breaking key
    (compared as a struct, non-null keys only) makes the choice reproducible.
    """
    return value.argmin(_order_key(keys))


def last_by(value: ir.Value, *keys: ir.Value) -> ir.Scalar:
    """``value`` of the row with the largest ``keys`` (later keys break ties)."""
    return value.argmax(_order_key(keys))


def collect_ordered(value: ir.Value, *keys: ir.Value) -> ir.ArrayValue:
    """The group's ``value``s as an array ordered by ``keys`` (then by value).

    Spark has no ordered aggregation (``collect(order_by=...)``): an array of (keys, value)
    structs is collected and sorted in the engine instead, which both engines support.
    """
    fields = {f"k{i}": key for i, key in enumerate(keys)}
    pairs = ibis.struct({**fields, "value": value}).collect().sort()
    return pairs.map(lambda pair: pair["value"])
