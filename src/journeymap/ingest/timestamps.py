"""Timestamps to naive UTC: ISO 8601 with or without offset, strptime formats, Unix time.

Each format is tried only on the values the earlier ones left unparsed, so a batch in one
format costs one vectorised parse. The mapping's formats come first, in their order; of the
built-in ones, the one that reads the batch's first value goes first (they read any value
two of them accept alike, so their order decides only the speed). Values with an offset
(``+09:00``, ``Z``) are converted to UTC; values without are read in the mapping's time
zone. Numbers are Unix seconds, or milliseconds when above 10^11.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

#: Tried first on the text as written: polars parses these without fractions fastest.
FAST = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
#: UTC with a ``Z`` as JavaScript and Segment write it (fraction optional): no normalising.
UTC_Z = "%Y-%m-%dT%H:%M:%S%.fZ"
#: Tried on the rest after normalising (``T``, ``Z`` → ``+00:00``); aware and naive
#: formats cannot both match one value, so their order is free.
ISO = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%.f",
       "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M", "%Y-%m-%d")
EPOCH = r"^-?\d+(\.\d+)?$"
MILLIS_ABOVE = 1e11
UTC_NAIVE = pl.Datetime("us")
Attempt = Callable[[pl.Series], pl.Series]


def parse_timestamps(values: pl.Series, formats: list[str], timezone: str) -> pl.Series:
    """Parse text to naive UTC datetimes (microseconds); unparseable values become null."""
    text = values.str.strip_chars()
    built_in: list[Attempt] = [
        *(_strptime(f, timezone) for f in FAST),
        _strptime(UTC_Z, "UTC"),
        lambda text: _first_of(_iso_normalised(text), [_strptime(f, timezone) for f in ISO]),
        _epoch,
    ]
    attempts = [*(_strptime(f, timezone) for f in formats), *_reader_first(built_in, text)]
    return _first_of(text, attempts).alias(values.name)


def _reader_first(attempts: list[Attempt], text: pl.Series) -> list[Attempt]:
    """``attempts`` with the first one that reads the first value moved to the front.

    A batch is nearly always in one format; trying that one first saves a failing pass
    over the batch for each attempt before it.
    """
    sample = text.drop_nulls().head(1)
    for i, attempt in enumerate(attempts):
        if sample.len() and attempt(sample).null_count() == 0:
            return [attempt, *attempts[:i], *attempts[i + 1:]]
    return attempts


def _first_of(text: pl.Series, attempts: list[Attempt]) -> pl.Series:
    """Each attempt parses only what the earlier ones left, so one format costs one pass."""
    result = pl.Series(text.name, [None] * len(text), UTC_NAIVE)
    todo = text.is_not_null()
    for attempt in attempts:
        if not todo.any():
            break
        if todo.all():
            result = attempt(text)
        else:
            index = todo.arg_true()
            result = result.scatter(index, attempt(text.gather(index)))
        todo = result.is_null() & text.is_not_null()
    return result


def _iso_normalised(values: pl.Series) -> pl.Series:
    """``2026-03-01 10:00:00Z`` → ``2026-03-01T10:00:00+00:00``: one shape for ISO parsing."""
    return (
        values.str.replace(r"^(\d{4}-\d{2}-\d{2}) (\d)", "${1}T${2}")
        .str.replace(r"(\d)\s*[zZ]$", "${1}+00:00")
        .str.replace(r"(\d)\s+([+-]\d{2}:?\d{2})$", "${1}${2}")
    )


def _strptime(fmt: str, timezone: str) -> Callable[[pl.Series], pl.Series]:
    aware = "%z" in fmt or "%Z" in fmt

    def parse(text: pl.Series) -> pl.Series:
        # no cache: event times are nearly all distinct, so a cache of them only costs
        parsed = text.str.to_datetime(fmt, strict=False, exact=True, time_unit="us",
                                      cache=False)
        if aware or parsed.dtype.time_zone is not None:  # type: ignore[union-attr]
            return parsed.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        return (
            parsed.dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")
            .dt.convert_time_zone("UTC")
            .dt.replace_time_zone(None)
        )

    return parse


def _epoch(text: pl.Series) -> pl.Series:
    """Unix seconds, or milliseconds when the number is above 10^11."""
    t = pl.col("t")
    number = pl.when(t.str.contains(EPOCH)).then(t.cast(pl.Float64, strict=False))
    micros = pl.when(number.abs() > MILLIS_ABOVE).then(number * 1e3).otherwise(number * 1e6)
    out = pl.DataFrame({"t": text}).select(micros.cast(pl.Int64, strict=False).alias("t"))
    return pl.from_epoch(out["t"], time_unit="us").cast(UTC_NAIVE).alias(text.name)
