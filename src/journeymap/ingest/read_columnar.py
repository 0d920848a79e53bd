"""Parquet and Excel readers: typed cells rendered as text, one batch at a time.

Parquet is read by row-group batches through pyarrow. Excel is streamed with openpyxl's
read-only mode (a sheet is never loaded whole); merged header cells are refused because
their columns would have no name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow.parquet as pq
from openpyxl import load_workbook

from journeymap.errors import InputFileError
from journeymap.ingest.batch import ROW, RawBatch, strings_only
from journeymap.ingest.read_csv import header_names

MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")


def read_parquet(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    """Yield batches of a Parquet file; ``_row`` is the row index + 1."""
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise InputFileError(f"not a readable Parquet file: {exc}", file=str(path)) from None
    total = max(parquet.metadata.num_rows, 1)
    size = path.stat().st_size
    done = 0
    for record_batch in parquet.iter_batches(batch_size=batch_rows):
        frame = pl.from_arrow(record_batch)
        assert isinstance(frame, pl.DataFrame)
        frame = strings_only(frame.drop(ROW, strict=False))
        rows = np.arange(done + 1, done + 1 + frame.height, dtype=np.int64)
        done += frame.height
        yield RawBatch(frame.with_columns(pl.Series(ROW, rows)), int(size * done / total))


def read_xlsx(path: Path, sheet: str | None, header_row: int,
              batch_rows: int) -> Iterator[RawBatch]:
    """Yield batches of one sheet; ``_row`` is the sheet's row number (header = row 1)."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError) as exc:
        raise InputFileError(f"not a readable Excel file: {exc}", file=str(path)) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputFileError(f"no sheet '{sheet}'", file=str(path),
                                 hint=f"sheets: {', '.join(book.sheetnames)}")
        ws = book[sheet] if sheet else book.worksheets[0]
        _refuse_merged_header(path, ws, header_row)
        rows = ws.iter_rows(min_row=header_row, values_only=True)
        header = next(rows, None)
        if header is None or all(v is None for v in header):
            raise InputFileError(f"row {header_row} of sheet '{ws.title}' (the header) is "
                                 "empty", file=str(path), hint="set header_row in [source]")
        names = header_names([_text(v) or "" for v in header])
        columns: list[list[str | None]] = [[] for _ in names]
        numbers: list[int] = []
        size = path.stat().st_size
        for number, values in enumerate(rows, start=header_row + 1):
            if all(v is None for v in values):
                continue
            for i, col in enumerate(columns):
                col.append(_text(values[i]) if i < len(values) else None)
            numbers.append(number)
            if len(numbers) >= batch_rows:
                yield RawBatch(_frame(names, columns, numbers), 0)
                columns, numbers = [[] for _ in names], []
        yield RawBatch(_frame(names, columns, numbers), size)
    finally:
        book.close()


def _frame(names: list[str], columns: list[list[str | None]], numbers: list[int]
           ) -> pl.DataFrame:
    data = {n: pl.Series(n, c, pl.String) for n, c in zip(names, columns, strict=True)}
    return pl.DataFrame(data).with_columns(pl.Series(ROW, numbers, pl.Int64))


def _text(value: Any) -> str | None:
    """A cell as text: whole numbers without ``.0``, dates in ISO 8601."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _refuse_merged_header(path: Path, ws: Any, header_row: int) -> None:
    """Merged cells touching the header row leave columns unnamed: name the range."""
    pending = b""
    with ws._get_source() as src:  # read-only sheets expose no merged_cells; scan the XML
        while chunk := src.read(1 << 20):
            data = pending + chunk
            for m in MERGE_REF.finditer(data):
                first, last = int(m.group(2)), int(m.group(4) or m.group(2))
                if first <= header_row <= last:
                    ref = m.group(0).split(b'"')[1].decode()
                    raise InputFileError(
                        f"sheet '{ws.title}' has merged header cells {ref}", file=str(path),
                        hint="unmerge them in Excel so every column has its own name",
                    )
            pending = data[-200:]
