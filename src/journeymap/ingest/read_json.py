"""NDJSON and JSON readers; nested objects become dotted columns (``context.traits.email``).

NDJSON chunks are parsed by pyarrow where its types agree with polars' (see
:mod:`journeymap.ingest.ndjson_arrow`), else by polars, both at native speed. Broken lines are
found by a vectorised JSON check and set aside as ``parse_error`` rejects with their line
numbers; a chunk neither reader takes (a key holding numbers and objects in different rows)
is read line by line, so all other lines load.
A JSON document (an array of records, or an object holding one list of records) is
decoded one record at a time from a sliding text window, so it never sits whole in memory.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

from journeymap.errors import InputFileError
from journeymap.ingest.batch import ROW, ParseReject, RawBatch, strings_only
from journeymap.ingest.chunks import open_binary, position, record_chunks
from journeymap.ingest.ndjson_arrow import ArrowChunks
from journeymap.ingest.parse_notes import parse_message

#: Bytes that do not make a line non-blank: space, tab, carriage return, newline.
WHITESPACE = np.array([32, 9, 13, 10], dtype=np.uint8)
#: A single JSON record larger than this is taken as a broken file, not read further.
MAX_RECORD_CHARS = 1 << 26
#: One private in-memory DuckDB per reading thread for the JSON check: opening one per
#: chunk (and loading its JSON functions) cost more than the check itself.
_CHECKER = threading.local()


def read_ndjson(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    """Yield batches of one JSON object per line; ``_row`` is the line number."""
    first_line = 1
    chunk_bytes = batch_rows * 200
    # An export with a broken line in one chunk has them in most: once one is seen, the
    # lines are checked before parsing instead of after a whole parse that fails.
    broken_seen = False
    arrow = ArrowChunks()
    with open_binary(path) as fh:
        for chunk in record_chunks(fh, chunk_bytes, quoted=False):
            lines = _lines(chunk, first_line)
            first_line += len(lines.ends)
            batch = None if broken_seen else _parse_fast(arrow, chunk, lines.numbers)
            if batch is None:
                batch = _parse_around_broken(arrow, chunk, lines, tried_fast=not broken_seen)
                broken_seen = broken_seen or bool(batch and batch.parse_rejects)
            batch = batch or _parse_lines(chunk, lines)
            batch.bytes_done = position(fh)
            yield batch


@dataclass(frozen=True)
class _Lines:
    """Where the lines of a chunk are: every line's end, and the non-blank ones."""

    ends: np.ndarray  # offset of each line's newline (all lines, blank ones too)
    keep: np.ndarray  # indices of the lines that are not blank (whitespace only)
    numbers: np.ndarray  # line numbers of the kept lines, as a person counts them

    def span(self, i: int) -> tuple[int, int]:
        """Byte range of kept line ``i`` without its newline."""
        line = int(self.keep[i])
        return (int(self.ends[line - 1]) + 1 if line else 0), int(self.ends[line])


def _lines(chunk: bytes, first_line: int) -> _Lines:
    """The lines of a chunk that ends with a newline; blank means only whitespace."""
    buf = np.frombuffer(chunk, dtype=np.uint8)
    ends = np.flatnonzero(buf == 10)
    starts = np.concatenate(([0], ends[:-1] + 1))
    # Only a line that starts with whitespace can be blank: the rest are looked at whole
    # (a pass over every byte would cost more than parsing the lines).
    blank = np.zeros(len(ends), dtype=bool)
    for i in np.flatnonzero(np.isin(buf[starts], WHITESPACE)).tolist():
        blank[i] = not chunk[starts[i]:ends[i]].strip(b" \t\r\n")
    keep = np.flatnonzero(~blank)
    return _Lines(ends, keep, (keep + first_line).astype(np.int64))


def _parse_fast(arrow: ArrowChunks, chunk: bytes, lines: np.ndarray) -> RawBatch | None:
    """Parse a whole chunk (pyarrow, else polars), or None when a line needs a closer look."""
    table = arrow.read(chunk)
    if table is not None:
        frame = pl.from_arrow(table)
    else:
        try:
            frame = pl.read_ndjson(io.BytesIO(chunk), infer_schema_length=None)
        except (pl.exceptions.ComputeError, pl.exceptions.PolarsError):
            return None
    if not isinstance(frame, pl.DataFrame) or frame.height != len(lines) or ROW in frame.columns:
        return None
    frame = strings_only(frame)
    return RawBatch(frame.with_columns(pl.Series(ROW, lines)), 0)


def _parse_around_broken(arrow: ArrowChunks, chunk: bytes, lines: _Lines, tried_fast: bool
                         ) -> RawBatch | None:
    """Set broken lines aside and parse the rest, or None to go line by line.

    Exports with a broken line every few hundred lines are common, and nearly always the
    line is cut short. Lines not shaped like an object (not ``{`` first and ``}`` last) are
    set aside first, a byte check per line; when the readers then take every other line,
    that is the answer (they accept only valid JSON). Otherwise a vectorised JSON check of
    every line decides. Only the lines judged invalid are decoded by Python, which also
    words the reject message; if Python reads any of them as an object after all (or the
    readers still refuse the rest, as with a key of mixed types), the whole chunk goes line
    by line so no row is judged twice.
    """
    shaped = _shaped_lines(chunk, lines)
    if not shaped.all():
        batch = _parse_without(arrow, chunk, lines, shaped)
        if batch is not None:
            return batch
    ok = _object_lines(chunk, lines)
    if ok.all():
        return None if tried_fast else _parse_fast(arrow, chunk, lines.numbers)
    return _parse_without(arrow, chunk, lines, ok)


def _parse_without(arrow: ArrowChunks, chunk: bytes, lines: _Lines, ok: np.ndarray
                   ) -> RawBatch | None:
    """The chunk without the lines not ``ok`` (each a reject), or None when Python reads
    one of those as an object or the readers refuse the rest.

    The good lines are the runs between broken ones, joined from the chunk's buffer, so no
    line is copied one by one.
    """
    rejects: list[ParseReject] = []
    view = memoryview(chunk)  # runs are sliced without a copy; the join copies them once
    pieces: list[memoryview] = []
    done = 0
    for i in np.flatnonzero(~ok).tolist():
        start, end = lines.span(i)
        _, reject = _decode_line(int(lines.numbers[i]), chunk[start:end])
        if reject is None:
            return None
        rejects.append(reject)
        pieces.append(view[done:start])
        done = end + 1
    pieces.append(view[done:])
    batch = _parse_fast(arrow, b"".join(pieces), lines.numbers[ok])
    if batch is None:
        return None
    batch.parse_rejects = rejects
    return batch


def _shaped_lines(chunk: bytes, lines: _Lines) -> np.ndarray:
    """Per kept line: does it start with ``{`` and end with ``}`` (before ``\\r``)?

    A line that does not cannot be a JSON object unless whitespace surrounds it, and such a
    line is left to the full check (Python reads it as an object, see the caller).
    """
    buf = np.frombuffer(chunk, dtype=np.uint8)
    ends = lines.ends[lines.keep]
    starts = np.concatenate(([0], lines.ends[:-1] + 1))[lines.keep]
    last = ends - 1 - ((buf[ends - 1] == 13) & (ends - 1 > starts))
    return (buf[starts] == ord("{")) & (buf[last] == ord("}"))


def _object_lines(chunk: bytes, lines: _Lines) -> np.ndarray:
    """Per kept line: is it valid JSON starting with ``{``? (a vectorised first opinion)

    DuckDB's JSON validator (a library call on the thread's private in-memory database,
    whatever engine holds the events) reads about 1 GB/s, several times faster than a
    polars JSON path. It reads the lines straight from the chunk's buffer as binary; a
    line that is not UTF-8 fails ``decode`` and counts as invalid here, so Python judges it.
    """
    offsets = np.concatenate(([0], lines.ends + 1)).astype(np.int64)
    every = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), len(lines.ends), [None, pa.py_buffer(offsets), pa.py_buffer(chunk)])
    con = getattr(_CHECKER, "con", None)
    if con is None:
        con = _CHECKER.con = duckdb.connect()
    con.register("lines", pa.table({"line": every}))
    try:
        ok = con.sql("SELECT coalesce(json_valid(try(decode(line))) AND "
                     "starts_with(ltrim(try(decode(line))), '{'), false) AS ok "
                     "FROM lines").to_arrow_table()
    finally:
        con.unregister("lines")
    return ok.column("ok").to_numpy(zero_copy_only=False)[lines.keep]


def _decode_line(number: int, raw: bytes) -> tuple[dict[str, Any] | None, ParseReject | None]:
    """The record of one line, or the reject saying why the line is not one JSON object."""
    text = raw.decode("utf-8", errors="replace").strip()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, ParseReject(number, text, parse_message("bad_json", error=exc.msg,
                                                             column=exc.colno))
    if not isinstance(value, dict):
        return None, ParseReject(number, text, parse_message("not_an_object"))
    return value, None


def _parse_lines(chunk: bytes, lines: _Lines) -> RawBatch:
    """Line-by-line fallback: good lines are kept, broken ones become parse rejects."""
    records: list[dict[str, str | None]] = []
    numbers: list[int] = []
    rejects: list[ParseReject] = []
    for i, number in enumerate(lines.numbers.tolist()):
        start, end = lines.span(i)
        value, reject = _decode_line(number, chunk[start:end])
        if reject is not None:
            rejects.append(reject)
            continue
        records.append(flatten_record(value))
        numbers.append(number)
    return RawBatch(records_frame(records, numbers), 0, rejects)


def flatten_record(record: dict[str, Any], prefix: str = "") -> dict[str, str | None]:
    """One record as dotted keys and text values (lists and scalars as JSON text)."""
    out: dict[str, str | None] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flatten_record(value, name + "."))
        elif value is None or value == {}:
            out[name] = None
        elif isinstance(value, str):
            out[name] = value
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, float) and value.is_integer():
            out[name] = str(int(value))
        elif isinstance(value, int | float):
            out[name] = str(value)
        else:
            out[name] = json.dumps(value, ensure_ascii=False)
    return out


def records_frame(records: list[dict[str, str | None]], numbers: list[int]) -> pl.DataFrame:
    """A string frame from flattened records (keys missing from a record are null)."""
    names = list(dict.fromkeys(k for r in records for k in r))
    data = {n: [r.get(n) for r in records] for n in names}
    frame = pl.DataFrame(data, schema=dict.fromkeys(names, pl.String))
    return frame.with_columns(pl.Series(ROW, numbers, pl.Int64))


def read_json(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    """Yield batches of a JSON array; ``_row`` is the record's position (first = 1)."""
    decoder = json.JSONDecoder()
    with open_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig")
        buf, pos = _open_array(path, text, decoder)
        records: list[dict[str, str | None]] = []
        numbers: list[int] = []
        index = 0
        while True:
            buf, pos = _skip(text, buf, pos, " \t\r\n,")
            if pos >= len(buf) or buf[pos] == "]":
                break
            value, buf, pos = _decode_one(path, text, decoder, buf, pos, index + 1)
            index += 1
            if isinstance(value, dict):
                records.append(flatten_record(value))
                numbers.append(index)
            if len(records) >= batch_rows:
                yield RawBatch(records_frame(records, numbers), position(raw))
                records, numbers = [], []
        yield RawBatch(records_frame(records, numbers), position(raw))


def _open_array(path: Path, text: io.TextIOWrapper, decoder: json.JSONDecoder
                ) -> tuple[str, int]:
    """Position after the ``[`` that opens the records: top level, or the one list inside."""
    buf, pos = _skip(text, "", 0, " \t\r\n")
    if buf[pos:pos + 1] == "[":
        return buf, pos + 1
    head = buf[pos:pos + 65536]
    if head.startswith("{"):
        key_end = head.find("[")
        prefix = head[:key_end].rstrip() if key_end > 0 else ""
        if prefix.endswith(":") and prefix.count('"') == 2:
            return buf, pos + key_end + 1
    raise InputFileError(
        "not a JSON array of records", file=str(path),
        hint="use an array [{...}, ...], an object with one list of records, or NDJSON",
        code="input.not_records",
    )


def _skip(text: io.TextIOWrapper, buf: str, pos: int, chars: str) -> tuple[str, int]:
    """Advance past ``chars``, reading more text when the window runs out."""
    while True:
        while pos < len(buf) and buf[pos] in chars:
            pos += 1
        if pos < len(buf):
            return buf, pos
        more = text.read(1 << 20)
        if not more:
            return buf, pos
        buf, pos = buf[pos:] + more, 0


def _decode_one(path: Path, text: io.TextIOWrapper, decoder: json.JSONDecoder, buf: str,
                pos: int, index: int) -> tuple[Any, str, int]:
    """Decode the record at ``pos``, reading more text while it may be incomplete."""
    while True:
        error: json.JSONDecodeError | None = None
        try:
            value, end = decoder.raw_decode(buf, pos)
            if end < len(buf):
                return value, buf, end
        except json.JSONDecodeError as exc:
            error = exc
        more = text.read(1 << 20) if len(buf) - pos < MAX_RECORD_CHARS else ""
        if not more:
            if error is None:
                return value, buf, end
            raise InputFileError(
                f"record {index} is not valid JSON ({error.msg})", file=str(path), row=index,
                hint="fix the file, or export it as NDJSON (one record a line)",
                code="input.bad_record", params={"index": index, "error": error.msg},
            )
        buf, pos = buf[pos:] + more, 0
