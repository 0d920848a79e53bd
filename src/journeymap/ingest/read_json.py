"""NDJSON and JSON readers; nested objects become dotted columns (``context.traits.email``).

NDJSON chunks are parsed by polars at native speed; a chunk polars refuses (a broken line,
a key holding numbers and objects in different rows) is re-read line by line so that broken
lines become ``parse_error`` rejects with their line numbers and all other lines load.
A JSON document (an array of records, or an object holding one list of records) is
decoded one record at a time from a sliding text window, so it never sits whole in memory.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

from journeymap.errors import InputFileError
from journeymap.ingest.batch import ROW, ParseReject, RawBatch, strings_only
from journeymap.ingest.chunks import open_binary, position, record_chunks

NDJSON_CHUNK_BYTES = 1 << 25
#: A single JSON record larger than this is taken as a broken file, not read further.
MAX_RECORD_CHARS = 1 << 26


def read_ndjson(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    """Yield batches of one JSON object per line; ``_row`` is the line number."""
    first_line = 1
    chunk_bytes = min(max(batch_rows * 200, 1 << 20), NDJSON_CHUNK_BYTES)
    with open_binary(path) as fh:
        for chunk in record_chunks(fh, chunk_bytes, quoted=False):
            lines = _line_numbers(chunk, first_line)
            first_line += chunk.count(b"\n")
            batch = (_parse_fast(chunk, lines) or _parse_around_broken(chunk, lines)
                     or _parse_lines(chunk, lines))
            batch.bytes_done = position(fh)
            yield batch


def _line_numbers(chunk: bytes, first_line: int) -> np.ndarray:
    """Line numbers of the non-blank lines of a chunk that ends with a newline."""
    buf = np.frombuffer(chunk, dtype=np.uint8)
    ends = np.flatnonzero(buf == 10)
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts
    cr = (lengths == 1) & (buf[np.minimum(starts, len(buf) - 1)] == 13)
    keep = (lengths > 0) & ~cr
    return (np.flatnonzero(keep) + first_line).astype(np.int64)


def _parse_fast(chunk: bytes, lines: np.ndarray) -> RawBatch | None:
    """Parse a whole chunk with polars, or None when any line needs a closer look."""
    try:
        frame = pl.read_ndjson(io.BytesIO(chunk), infer_schema_length=None)
    except (pl.exceptions.ComputeError, pl.exceptions.PolarsError):
        return None
    if frame.height != len(lines) or ROW in frame.columns:
        return None
    frame = strings_only(frame)
    return RawBatch(frame.with_columns(pl.Series(ROW, lines)), 0)


def _parse_around_broken(chunk: bytes, lines: np.ndarray) -> RawBatch | None:
    """Set broken lines aside and parse the rest with polars, or None to go line by line.

    Exports with a broken line every few hundred lines are common; finding those lines with
    a vectorised JSON check keeps every other line on the fast path. Only the lines polars
    calls invalid are decoded by Python, which also words the reject message; if Python
    reads any of them as an object after all (or polars still refuses the rest, as with a
    key of mixed types), the whole chunk goes line by line so no row is judged twice.
    """
    texts = [t for t in chunk.split(b"\n") if t.strip()]
    if len(texts) != len(lines):
        return None
    ok = _object_lines(texts)
    if ok.all():
        return None
    rejects: list[ParseReject] = []
    for i in np.flatnonzero(~ok).tolist():
        _, reject = _decode_line(int(lines[i]), texts[i])
        if reject is None:
            return None
        rejects.append(reject)
    good = np.flatnonzero(ok)
    batch = _parse_fast(b"\n".join(texts[i] for i in good.tolist()) + b"\n", lines[good])
    if batch is None:
        return None
    batch.parse_rejects = rejects
    return batch


def _object_lines(texts: list[bytes]) -> np.ndarray:
    """Per line: is it valid JSON starting with ``{``? (a vectorised first opinion)

    DuckDB's JSON validator (a library call on a private in-memory database, whatever
    engine holds the events) reads about 1 GB/s, several times faster than a polars JSON
    path; lines that are not UTF-8 count as invalid here and are judged by Python.
    """
    text = pl.Series(texts, dtype=pl.Binary).cast(pl.String, strict=False)
    with duckdb.connect() as con:
        con.register("lines", pa.table({"line": text.to_arrow()}))
        ok = con.sql("SELECT coalesce(json_valid(line) AND starts_with(ltrim(line), '{'), "
                     "false) AS ok FROM lines").to_arrow_table()
    return ok.column("ok").to_numpy(zero_copy_only=False)


def _decode_line(number: int, raw: bytes) -> tuple[dict[str, Any] | None, ParseReject | None]:
    """The record of one line, or the reject saying why the line is not one JSON object."""
    text = raw.decode("utf-8", errors="replace").strip()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, ParseReject(number, text, f"not valid JSON ({exc.msg} at column "
                                 f"{exc.colno}); fix the line and load it again")
    if not isinstance(value, dict):
        return None, ParseReject(number, text, "the line is not a JSON object; "
                                 "each line must hold one record {...}")
    return value, None


def _parse_lines(chunk: bytes, lines: np.ndarray) -> RawBatch:
    """Line-by-line fallback: good lines are kept, broken ones become parse rejects."""
    records: list[dict[str, str | None]] = []
    numbers: list[int] = []
    rejects: list[ParseReject] = []
    texts = [t for t in chunk.split(b"\n") if t.strip()]
    for number, raw in zip(lines.tolist(), texts, strict=True):
        value, reject = _decode_line(number, raw)
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
            )
        buf, pos = buf[pos:] + more, 0
