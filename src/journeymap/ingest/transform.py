"""Applying a mapping to one raw batch: canonical rows, and rejects with their reasons.

Everything is a vectorised polars expression over the batch. Each field takes the first
non-empty of its mapped columns, its template and its constant, then ``[values.FIELD]``
replaces listed values. A row failing several checks is rejected once, for the first
failure in the order cast_error, schema_violation, missing_identifier, size_violation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import polars as pl

from journeymap.ingest.batch import INTERNAL_PREFIX, ROW
from journeymap.ingest.mapping import Mapping
from journeymap.ingest.messages import reject_messages
from journeymap.ingest.timestamps import UTC_NAIVE, parse_timestamps
from journeymap.schema import ACCOUNT_SCHEMA, EVENT_SCHEMA, IDENTIFIER_FIELDS

PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
NUMBER_JUNK = r"[,\s₩$€£¥]|원$|KRW|USD"
KEY = "__key"
NUMERIC = ("value", "rating")


@dataclass(frozen=True)
class MappedBatch:
    """Rows that passed and rows rejected.

    Events carry ``__key``, the text hashed into ``event_id``, only when some row of the
    batch has no event id of its own.
    """

    good: pl.DataFrame
    rejects: pl.DataFrame


def field_expr(mapping: Mapping, field: str, columns: list[str], default: str | None
               ) -> pl.Expr:
    """The first non-empty of mapped columns, template and constant, then value renames."""
    parts = [pl.col(raw) for raw, target in mapping.columns.items()
             if target == field and raw in columns]
    if field in mapping.templates:
        parts.append(_template(mapping.templates[field], columns))
    if field in mapping.constants:
        parts.append(pl.lit(str(mapping.constants[field])))
    if default is not None:
        parts.append(pl.lit(default))
    expr = pl.coalesce(parts) if parts else pl.lit(None, pl.String)
    if mapping.values.get(field):
        expr = expr.replace(mapping.values[field])
    return expr.alias(field)


def _template(text: str, columns: list[str]) -> pl.Expr:
    """``page_view:{properties.path}`` as an expression; null when a placeholder is empty."""
    pieces: list[pl.Expr] = []
    last = 0
    for m in PLACEHOLDER.finditer(text):
        pieces.append(pl.lit(text[last:m.start()]))
        name = m.group(1).strip()
        pieces.append(pl.col(name) if name in columns else pl.lit(None, pl.String))
        last = m.end()
    pieces.append(pl.lit(text[last:]))
    return pl.concat_str(pieces)


def properties_expr(mapping: Mapping, columns: list[str]) -> pl.Expr:
    """Kept raw columns as one JSON object; ``properties.x`` is stored as ``x``."""
    mapped = set(mapping.columns)
    keep = [c for c in columns if c in mapping.properties.columns or (
        mapping.properties.rest and c not in mapped and not c.startswith(INTERNAL_PREFIX))]
    if not keep:
        return pl.lit("{}")
    names = [c.removeprefix("properties.") or c for c in keep]
    if len(set(names)) < len(names):
        names = keep
    # One "name":value member per non-null value, joined: null members never appear, so
    # none has to be cut out of an encoded object with a regex afterwards (the slow part).
    members = [pl.concat_str([pl.lit(json.dumps(n, ensure_ascii=False) + ":"), _json_text(c)])
               for c, n in zip(keep, names, strict=True)]
    return pl.concat_str([pl.lit("{"), pl.concat_str(members, separator=",", ignore_nulls=True),
                          pl.lit("}")])


def _json_text(column: str) -> pl.Expr:
    """The column's text as a JSON string, written as polars' JSON encoder writes it; null
    stays null, so the member is left out of the object.

    Only text with a quote, a backslash or a control character needs escaping (the
    encoder's own); other text is the same quoted as it is.
    """
    col = pl.col(column)
    encoded = pl.struct(col.alias("v")).struct.json_encode()  # {"v":"..."}
    escaped = encoded.str.strip_prefix('{"v":').str.strip_suffix("}")
    return (pl.when(col.str.contains(r'["\\\x00-\x1f]')).then(escaped)
            .otherwise(pl.concat_str([pl.lit('"'), col, pl.lit('"')])))


def row_key(source: pl.Expr, columns: list[str]) -> pl.Expr:
    """Text hashed into ``event_id``: the source and every raw value, named, in name order."""
    named = [pl.concat_str([pl.lit(c + "="), pl.col(c)]) for c in sorted(columns)]
    return pl.concat_str([source, *named], separator="\x1f", ignore_nulls=True).alias(KEY)


def map_batch(frame: pl.DataFrame, mapping: Mapping, source: str | None,
              max_text_chars: int) -> MappedBatch:
    """Canonical rows of one batch and the rejects, both vectorised."""
    columns = [c for c in frame.columns if c != ROW]
    # stripped once, then blanks to null (a strip inside the when/then would run twice)
    clean = frame.with_columns(pl.col(columns).str.strip_chars()).with_columns(
        pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in columns)
    events = mapping.source.kind == "events"
    schema = EVENT_SCHEMA if events else ACCOUNT_SCHEMA
    targets = [f for f in mapping.fields if f != "properties"]
    default_source = source or mapping.source.name
    raw = clean.select(
        pl.col(ROW),
        *(field_expr(mapping, f, columns, default_source if f == "source" else None)
          for f in targets),
        pl.coalesce(field_expr(mapping, "properties", columns, None),
                    properties_expr(mapping, columns)).alias("properties"),
    )
    if events and raw["event_id"].null_count():
        # only rows without an event id need the hashed key (most sources give an id)
        raw = raw.with_columns(clean.select(
            row_key(field_expr(mapping, "source", columns, default_source), columns)
        ).to_series())
    typed = raw.with_columns(
        *([pl.Series("ts", parse_timestamps(raw["ts"], mapping.timestamp.formats,
                                            mapping.timestamp.timezone))] if events else []),
        *(pl.col(f).str.replace_all(NUMBER_JUNK, "").cast(pl.Float64, strict=False)
          for f in NUMERIC if events),
        *([pl.col("email").str.to_lowercase()] if events else []),
    )
    checks = _checks(raw, typed, events, max_text_chars)
    flagged = typed.with_columns(
        pl.Series("__reason", checks[0]), pl.Series("__field", checks[1]))
    is_bad = checks[0].is_not_null()
    bad = flagged.filter(is_bad)
    good = flagged.filter(~is_bad)
    keep = [c for c in schema.names if c not in ("load_id", "source_row")]
    good = good.select(
        *(pl.col(c).cast(UTC_NAIVE) if c == "ts" else pl.col(c) for c in keep),
        pl.col(ROW).alias("source_row"),
        *([pl.col(KEY)] if KEY in good.columns else []),
    )
    # raw and frame hold the batch's rows in flagged's order: the same mask picks them
    rejects = reject_messages(bad, raw.filter(is_bad), frame.filter(is_bad), mapping,
                              max_text_chars)
    return MappedBatch(good, rejects)


def _checks(raw: pl.DataFrame, typed: pl.DataFrame, events: bool, max_text_chars: int
            ) -> tuple[pl.Series, pl.Series]:
    """Per row: the first failed check's reason and field (null when the row passes)."""
    rules: list[tuple[pl.Expr, str, str]] = []
    if events:
        for f in ("ts", *NUMERIC):
            rules.append((pl.col(f"r_{f}").is_not_null() & pl.col(f).is_null(),
                          "cast_error", f))
        rules += [(pl.col(f).is_null(), "schema_violation", f)
                  for f in ("ts", "source", "touchpoint")]
        rules.append((pl.all_horizontal(pl.col(f).is_null() for f in IDENTIFIER_FIELDS),
                      "missing_identifier", ",".join(IDENTIFIER_FIELDS)))
        rules.append((pl.col("text").str.len_chars() > max_text_chars, "size_violation",
                      "text"))
    else:
        rules.append((pl.col("account_id").is_null(), "schema_violation", "account_id"))
    both = typed.with_columns(
        *(raw[f].alias(f"r_{f}") for f in ("ts", *NUMERIC) if events))
    reason: pl.Expr = pl.lit(None, pl.String)
    field: pl.Expr = pl.lit(None, pl.String)
    for cond, why, name in reversed(rules):
        reason = pl.when(cond.fill_null(False)).then(pl.lit(why)).otherwise(reason)
        field = pl.when(cond.fill_null(False)).then(pl.lit(name)).otherwise(field)
    out = both.select(reason.alias("r"), field.alias("f"))
    return out["r"], out["f"]
