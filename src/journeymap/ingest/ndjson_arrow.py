"""NDJSON chunks parsed by pyarrow, only where the result equals what polars would give.

pyarrow's JSON reader is multi-threaded and about four times faster than polars on the
chunks ingest reads (it infers types per block instead of in a whole extra pass). Its type
inference differs from polars' in a few places, and the raw text of each value decides
``event_id`` hashes and ``properties``, so a table is used only when every column has a type
both readers agree on:

* strings pyarrow reads as timestamps or dates are re-read as plain strings (polars keeps
  them as text);
* a number column holding any value beyond 2^53 (pyarrow makes a huge integer a double,
  polars an exact ``Int128``) and list columns (element types are inferred differently) are
  left to polars;
* anything pyarrow refuses (a key of mixed types, a repeated key) is left to polars too,
  and so is text that is not UTF-8 (pyarrow would keep the invalid bytes).

Columns come in the order keys first appear. Where keys are sparse, polars' order can
differ; ``properties`` then hold the same members in another order.

Callers fall back to the polars reader when this returns None, so the fallback decides
every case this module is not sure of.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

#: Doubles up to this magnitude hold integers exactly, as polars' ``Int64``/``Float64`` would.
EXACT_DOUBLE = float(2**53)
_PLAIN = (pa.types.is_string, pa.types.is_large_string, pa.types.is_null,
          pa.types.is_boolean, pa.types.is_int64, pa.types.is_float64)


def read_arrow(chunk: bytes) -> pa.Table | None:
    """The chunk's records as an Arrow table, or None when polars must decide."""
    return ArrowChunks().read(chunk)


class ArrowChunks:
    """pyarrow's reading of the chunks of one file.

    Telling pyarrow which fields hold text it would take for times saves parsing each chunk
    twice (once to see the types, once with those fields as text): the top-level fields
    found so in one chunk are given as text for the next. Fields given come first in
    pyarrow's table, so the columns are put back in the order the file's first chunk had.
    """

    def __init__(self) -> None:
        self._text = pa.schema([])  # top-level fields to read as text
        self._order: list[str] = []

    def read(self, chunk: bytes) -> pa.Table | None:
        """The chunk's records as an Arrow table, or None when polars must decide."""
        try:
            table = self._hinted(chunk)
            if table is None:
                table = self._plain(chunk)
            table.validate(full=True)  # pyarrow passes bytes that are not UTF-8 through
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        if not all(_agrees(f.type) for f in table.schema):
            return None
        if not all(_exact(table.column(i)) for i in range(table.num_columns)):
            return None
        return table

    def _plain(self, chunk: bytes) -> pa.Table:
        """Types as pyarrow infers them, times read again as text; learns the hint."""
        table = pj.read_json(pa.BufferReader(chunk))
        inferred = table.schema
        self._order = inferred.names
        self._text = pa.schema([pa.field(f.name, pa.string()) for f in inferred
                                if _temporal(f.type)])
        if _has_temporal(inferred):
            table = pj.read_json(pa.BufferReader(chunk), parse_options=pj.ParseOptions(
                explicit_schema=pa.schema([_as_text(f) for f in inferred])))
        return table

    def _hinted(self, chunk: bytes) -> pa.Table | None:
        """The chunk read with the known time-like fields as text; None when that fails or
        a new field still reads as a time (the chunk is then read the plain way)."""
        if not len(self._text):
            return None
        try:
            table = pj.read_json(pa.BufferReader(chunk), parse_options=pj.ParseOptions(
                explicit_schema=self._text, unexpected_field_behavior="infer"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        if _has_temporal(table.schema):
            return None
        names = table.schema.names
        known = [n for n in self._order if n in names]
        return table.select(known + [n for n in names if n not in known])


def _temporal(t: pa.DataType) -> bool:
    return pa.types.is_timestamp(t) or pa.types.is_date(t) or pa.types.is_time(t)


def _has_temporal(schema: pa.Schema | pa.StructType) -> bool:
    fields = list(schema) if isinstance(schema, pa.Schema) else [
        schema.field(i) for i in range(schema.num_fields)]
    return any(_temporal(f.type) or (pa.types.is_struct(f.type) and _has_temporal(f.type))
               for f in fields)


def _as_text(field: pa.Field) -> pa.Field:
    """The field with timestamps and dates (at any depth) read as strings."""
    if _temporal(field.type):
        return field.with_type(pa.string())
    if pa.types.is_struct(field.type):
        return field.with_type(pa.struct(
            [_as_text(field.type.field(i)) for i in range(field.type.num_fields)]))
    return field


def _agrees(t: pa.DataType) -> bool:
    """A type both readers infer alike (structs of such types included)."""
    if pa.types.is_struct(t):
        return all(_agrees(t.field(i).type) for i in range(t.num_fields))
    return any(check(t) for check in _PLAIN)


def _exact(column: pa.ChunkedArray) -> bool:
    """No double holds an integer too large for polars to read the same way."""
    if pa.types.is_struct(column.type):
        return all(_exact(pa.chunked_array([c.field(i) for c in column.chunks],
                                           column.type.field(i).type))
                   for i in range(column.type.num_fields))
    if not pa.types.is_float64(column.type) or column.null_count == len(column):
        return True
    largest = pc.max(pc.abs(column)).as_py()
    return largest is None or largest < EXACT_DOUBLE
