"""The unit readers hand to the mapper: raw string columns plus the row a person counts.

Every reader yields :class:`RawBatch` objects so the mapper never knows the file format.
Columns hold raw text (numbers and dates of typed formats rendered as text) because the
mapping, not the reader, decides what a value means; ``_row`` is the row number as a
person counts it (header = row 1 for CSV/XLSX, line number for NDJSON).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

ROW = "_row"
#: Columns whose names start with this prefix are internal (never kept in properties).
INTERNAL_PREFIX = "__"


@dataclass(frozen=True)
class ParseReject:
    """A row that could not be split into fields: its number, raw text and why."""

    row: int
    raw: str
    message: str


@dataclass
class RawBatch:
    """Raw rows of one batch; ``bytes_done`` is how far into the file reading has come."""

    frame: pl.DataFrame
    bytes_done: int
    parse_rejects: list[ParseReject] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        """Raw data columns, without the row number."""
        return [c for c in self.frame.columns if c != ROW]


def strings_only(frame: pl.DataFrame) -> pl.DataFrame:
    """Flatten nested structs to dotted names and render every column as text.

    Lists are kept as JSON text; temporal values become ISO 8601 (UTC with ``Z`` when the
    column carries a time zone) so the mapper reads them like any other timestamp.
    """
    frame = flatten_structs(frame)
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if name == ROW or dtype == pl.String:
            exprs.append(col)
        elif isinstance(dtype, pl.Datetime):
            fmt = "%Y-%m-%dT%H:%M:%S%.f"
            if dtype.time_zone:
                col = col.dt.convert_time_zone("UTC")
                fmt += "Z"
            exprs.append(col.dt.strftime(fmt).alias(name))
        elif isinstance(dtype, pl.Date):
            exprs.append(col.dt.strftime("%Y-%m-%d").alias(name))
        elif isinstance(dtype, (pl.List, pl.Array)):
            prefix = len(pl.DataFrame({name: [1]}).select(pl.struct(name).struct.json_encode())
                         .item()) - 2
            encoded = pl.struct(col).struct.json_encode()
            exprs.append(encoded.str.slice(prefix, encoded.str.len_chars() - prefix - 1)
                         .alias(name))
        elif dtype == pl.Null:
            exprs.append(col.cast(pl.String))
        elif dtype.is_float():
            # 3.0 reads better as "3" (ids and amounts exported by spreadsheets)
            text = col.cast(pl.String)
            exprs.append(text.str.replace(r"\.0$", "").alias(name))
        else:
            exprs.append(col.cast(pl.String))
    return frame.select(exprs)


def flatten_structs(frame: pl.DataFrame) -> pl.DataFrame:
    """Unnest struct columns recursively: ``context.traits.email`` becomes one column."""
    while any(isinstance(t, pl.Struct) for t in frame.schema.values()):
        exprs = []
        for name, dtype in frame.schema.items():
            if isinstance(dtype, pl.Struct):
                if not dtype.fields:
                    exprs.append(pl.lit(None, pl.String).alias(name))
                    continue
                exprs.extend(
                    pl.col(name).struct.field(f.name).alias(f"{name}.{f.name}")
                    for f in dtype.fields
                )
            else:
                exprs.append(pl.col(name))
        frame = frame.select(exprs)
    return frame
