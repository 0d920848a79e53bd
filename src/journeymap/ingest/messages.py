"""Reject rows with messages a person can act on: what was wrong and where to fix it."""

from __future__ import annotations

import json

import polars as pl

from journeymap.ingest.batch import ROW, ParseReject
from journeymap.ingest.mapping import Mapping

REJECT_COLUMNS = {"row": pl.Int64, "field": pl.String, "raw_value": pl.String,
                  "reason": pl.String, "message": pl.String, "raw": pl.String}
RAW_VALUE_CHARS = 1000
SUGGEST = "a mapping file (journeymap ingest FILE --source NAME --suggest drafts one)"


def mapping_name(mapping: Mapping) -> str:
    """How messages refer to the mapping: its file, or how to make one."""
    return mapping.path if mapping.path and not mapping.path.startswith("<") else SUGGEST


def reject_messages(bad: pl.DataFrame, raw: pl.DataFrame, frame: pl.DataFrame,
                    mapping: Mapping, max_text_chars: int) -> pl.DataFrame:
    """One reject row per failed row: row number, field, raw value, reason, message, raw.

    ``bad`` has the failed rows' ``__reason`` and ``__field``; ``raw`` (mapped, before
    types) and ``frame`` (as read) hold the same rows in the same order, so they are put
    side by side without a join.
    """
    if bad.height == 0:
        return pl.DataFrame(schema=REJECT_COLUMNS)
    where = mapping_name(mapping)
    fields = [c for c in raw.columns if c not in (ROW, "properties", "__key")]
    originals = raw.select(*(pl.col(c).alias(f"raw_{c}") for c in fields))
    rows = pl.concat([bad.select(ROW, "__reason", "__field"), originals], how="horizontal")
    field = pl.col("__field")
    raw_value = pl.lit(None, pl.String)
    for f in fields:
        raw_value = pl.when(field == f).then(pl.col(f"raw_{f}")).otherwise(raw_value)
    raw_value = raw_value.str.slice(0, RAW_VALUE_CHARS)
    reason = pl.col("__reason")
    message = (
        pl.when((reason == "cast_error") & (field == "ts"))
        .then(pl.concat_str([pl.lit("timestamp '"), raw_value, pl.lit(
            f"' matches no format; add its format to [timestamp].formats in {where}")]))
        .when(reason == "cast_error")
        .then(pl.concat_str([field, pl.lit(" '"), raw_value, pl.lit(
            f"' is not a number; fix the value in the file or map another column in {where}"
        )]))
        .when(reason == "schema_violation")
        .then(pl.concat_str([pl.lit("required field '"), field, pl.lit(
            f"' is empty; map a column, template or constant to it in {where}")]))
        .when(reason == "missing_identifier")
        .then(pl.lit("no identifier (anonymous_id, user_id, email or account_id) is set; "
                     f"map an identifier column in {where}"))
        .otherwise(pl.concat_str([pl.lit("text is "), pl.col("raw_text").str.len_chars()
                                  .cast(pl.String), pl.lit(
            f" characters, over ingest.max_text_chars = {max_text_chars}; raise the limit "
            "in journeymap.toml or shorten the text")]))
    )
    data_columns = [c for c in frame.columns if c != ROW]
    rows = rows.with_columns(frame.select(pl.struct(data_columns).struct.json_encode())
                             .to_series().alias("raw"))
    if "raw_text" not in rows.columns:
        rows = rows.with_columns(pl.lit(None, pl.String).alias("raw_text"))
    return (
        rows.select(
            pl.col(ROW).alias("row"), field.alias("field"), raw_value.alias("raw_value"),
            reason.alias("reason"), message.alias("message"), pl.col("raw"),
        )
        .cast(REJECT_COLUMNS)  # type: ignore[arg-type]
    )


def parse_reject_frame(rejects: list[ParseReject]) -> pl.DataFrame:
    """Rows the reader could not split into fields, as reject rows."""
    return pl.DataFrame(
        {
            "row": [r.row for r in rejects],
            "field": [None] * len(rejects),
            "raw_value": [None] * len(rejects),
            "reason": ["parse_error"] * len(rejects),
            "message": [r.message for r in rejects],
            "raw": [json.dumps(r.raw, ensure_ascii=False) for r in rejects],
        },
        schema=REJECT_COLUMNS,
    )
