"""CSV reader: chunks of whole records parsed by pyarrow, ragged rows set aside.

Each chunk is transcoded to UTF-8 (CP949 exports are common in Korea) and parsed by
pyarrow at native speed. When pyarrow reports a row with the wrong number of fields, that
one chunk is re-read with Python's csv module so every row keeps its exact number and the
ragged rows become ``parse_error`` rejects; all other rows still load.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from journeymap.errors import InputFileError
from journeymap.ingest.batch import ROW, ParseReject, RawBatch
from journeymap.ingest.chunks import open_binary, position, record_chunks
from journeymap.ingest.encoding import decoding_error, detect_encoding, normalise, sample_of
from journeymap.ingest.parse_notes import parse_message

UTF8 = ("utf-8", "utf-8-sig")


@dataclass(frozen=True)
class CsvOptions:
    """How to read one CSV file; ``encoding`` "auto" means detect."""

    encoding: str = "auto"
    delimiter: str | None = None
    header_row: int = 1
    batch_rows: int = 200_000


def resolve_encoding(path: Path, encoding: str) -> str:
    """The encoding to read with: the one given, or the one detected from a sample."""
    return detect_encoding(sample_of(path)) if encoding == "auto" else normalise(encoding)


def sniff_delimiter(header_line: str) -> str:
    """The likeliest delimiter of a header line (comma, tab, semicolon or bar)."""
    counts = {d: header_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def default_delimiter(path: Path, header_line: str) -> str:
    """The delimiter of a file read without a mapping: tab for ``.tsv``, else sniffed."""
    return "\t" if ".tsv" in path.suffixes else sniff_delimiter(header_line)


def header_names(fields: list[str]) -> list[str]:
    """Unique, non-empty column names (spreadsheets export blanks and repeats)."""
    names: list[str] = []
    for i, raw in enumerate(fields):
        name = raw.strip() or f"column_{i + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


def read_csv(path: Path, options: CsvOptions) -> Iterator[RawBatch]:
    """Yield batches of string columns with ``_row`` (the header is row ``header_row``)."""
    encoding = resolve_encoding(path, options.encoding)
    with open_binary(path) as fh:
        for _ in range(options.header_row - 1):
            fh.readline()
        line = fh.readline()
        try:
            header = line.decode(encoding).lstrip("\ufeff").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise decoding_error(path, line, exc, options.header_row, encoding) from None
        if not header.strip():
            raise InputFileError(f"row {options.header_row} (the header) is empty",
                                 file=str(path), hint="set header_row in [source]",
                                 code="input.empty_header",
                                 params={"row": options.header_row})
        delimiter = options.delimiter or default_delimiter(path, header)
        names = header_names(next(csv.reader([header], delimiter=delimiter)))
        row_bytes = max(16, len(line))
        chunk_bytes = options.batch_rows * row_bytes * 3
        next_row = options.header_row + 1
        # An export with a ragged row in one chunk has them in most: once one is seen, the
        # records are counted before parsing instead of after a whole parse that fails.
        ragged_seen = False
        for chunk in record_chunks(fh, chunk_bytes, quoted=True):
            data = _to_utf8(path, chunk, encoding, next_row)
            batch = _parse_chunk(data, names, delimiter, next_row, ragged_seen)
            ragged_seen = ragged_seen or bool(batch.parse_rejects)
            next_row += batch.frame.height + len(batch.parse_rejects)
            batch.bytes_done = position(fh)
            yield batch


def _to_utf8(path: Path, chunk: bytes, encoding: str, first_row: int) -> bytes:
    """Transcode one chunk; a byte sequence the encoding cannot read is an input error."""
    try:
        text = chunk.decode(encoding)
    except UnicodeDecodeError as exc:
        raise decoding_error(path, chunk, exc, first_row, encoding) from None
    return chunk if encoding in UTF8 and not text.startswith("\ufeff") else text.encode()


def _parse_chunk(data: bytes, names: list[str], delimiter: str, first_row: int,
                 ragged_seen: bool) -> RawBatch:
    """Parse with pyarrow; on a ragged row fall back to csv.reader for this chunk only."""
    if ragged_seen:
        batch = _parse_around_ragged(data, names, delimiter, first_row)
        if batch is not None:
            return batch
    table, ragged = _read_arrow(data, names, delimiter)
    if ragged:
        return (_parse_around_ragged(data, names, delimiter, first_row)
                or _parse_slowly(data, names, delimiter, first_row))
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    rows = pl.Series(ROW, np.arange(first_row, first_row + frame.height, dtype=np.int64))
    return RawBatch(frame.with_columns(rows), 0)


def _read_arrow(data: bytes, names: list[str], delimiter: str) -> tuple[pa.Table, int]:
    """Parse with pyarrow as strings; also how many rows had the wrong number of fields."""
    ragged = 0

    def on_invalid(row: pacsv.InvalidRow) -> str:
        nonlocal ragged
        ragged += 1
        return "skip"

    table = pacsv.read_csv(
        pa.BufferReader(data),  # reads the bytes in place (a BytesIO copies them)
        read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                          invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
    )
    return table, ragged


def _parse_around_ragged(data: bytes, names: list[str], delimiter: str,
                         first_row: int) -> RawBatch | None:
    """Find ragged records with a vectorised scan, parse the rest with pyarrow.

    A record ends at a newline outside quotes and has one field more than it has
    delimiters outside quotes. Only the ragged records are read by Python's csv module
    (which words the reject); if that reading or pyarrow disagrees with the scan in any
    way, None sends the chunk row by row instead, so no row is judged differently.
    """
    sep = delimiter.encode()
    if len(sep) != 1 or not data.endswith(b"\n"):
        return None
    buf = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(buf == ord('"'))
    ends = _outside_quotes(np.flatnonzero(buf == 10), quotes)
    starts = np.concatenate(([0], ends[:-1] + 1))
    seps = _outside_quotes(np.flatnonzero(buf == sep[0]), quotes)
    fields = np.searchsorted(seps, ends) - np.searchsorted(seps, starts) + 1
    lengths = ends - starts
    lengths -= (lengths > 0) & (buf[np.maximum(ends - 1, 0)] == 13)
    blank = lengths == 0
    if ((lengths == 2) & (buf[starts] == ord('"'))).any():
        return None  # a lone "" is skipped by the row-by-row reader: leave it to that
    numbers = first_row + np.cumsum(~blank) - 1
    bad = np.flatnonzero(~blank & (fields != len(names)))
    rejects: list[ParseReject] = []
    view = memoryview(data)  # runs are sliced without a copy; the join copies them once
    pieces: list[memoryview] = []
    last = 0
    for i in bad.tolist():
        text = data[starts[i]:starts[i] + lengths[i]].decode("utf-8")
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        if len(parsed) != 1 or len(parsed[0]) == len(names):
            return None
        rejects.append(ParseReject(
            int(numbers[i]), delimiter.join(parsed[0]),
            parse_message("ragged_row", fields=len(parsed[0]), header=len(names)),
        ))
        pieces.append(view[last:starts[i]])
        last = int(ends[i]) + 1
    pieces.append(view[last:])
    good = np.ones(len(ends), dtype=bool)
    good[bad] = False
    good &= ~blank
    table, ragged = _read_arrow(b"".join(pieces), names, delimiter)
    if ragged or table.num_rows != int(good.sum()):
        return None
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    rows = pl.Series(ROW, numbers[good].astype(np.int64))
    return RawBatch(frame.with_columns(rows), 0, rejects)


def _outside_quotes(positions: np.ndarray, quotes: np.ndarray) -> np.ndarray:
    """The positions preceded by an even number of quotes (outside a quoted field).

    Counting the quotes before each newline and delimiter (a binary search in the quote
    positions) costs a fraction of a running count over every byte of the chunk.
    """
    return positions[(np.searchsorted(quotes, positions) & 1) == 0]


def _parse_slowly(data: bytes, names: list[str], delimiter: str, first_row: int) -> RawBatch:
    """Row-by-row parse of one chunk that holds ragged rows, keeping exact row numbers."""
    good: list[list[str]] = []
    numbers: list[int] = []
    rejects: list[ParseReject] = []
    row = first_row
    for fields in csv.reader(io.StringIO(data.decode("utf-8"), newline=""),
                             delimiter=delimiter):
        if not fields or fields == [""]:
            continue
        if len(fields) == len(names):
            good.append(fields)
            numbers.append(row)
        else:
            rejects.append(ParseReject(
                row, delimiter.join(fields),
                parse_message("ragged_row", fields=len(fields), header=len(names)),
            ))
        row += 1
    columns = {n: [f[i] for f in good] for i, n in enumerate(names)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(names, pl.String))
    return RawBatch(frame.with_columns(pl.Series(ROW, numbers, pl.Int64)), 0, rejects)
