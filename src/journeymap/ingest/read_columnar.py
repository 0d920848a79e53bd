"""Parquet and Excel readers: typed cells rendered as text, one batch at a time.

Parquet is read by row-group batches through pyarrow. Excel cells are read with
python-calamine (the sheet's values are loaded, then yielded in batches); merged header
cells, found by scanning the sheet XML, are refused because their columns would have no
name.
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

import numpy as np
import polars as pl
import pyarrow.parquet as pq
from openpyxl.utils.cell import column_index_from_string
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from journeymap.errors import InputFileError
from journeymap.ingest.batch import ROW, RawBatch, strings_only
from journeymap.ingest.read_csv import header_names

DIMENSION_REF = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]+)\$?\d+(?::\$?([A-Z]+)\$?\d+)?\"")
#: A cell holding an Excel error (``t="e"``): calamine reads it as empty, so the reader takes
#: the error text (``#DIV/0!``) from the XML, and the row is rejected rather than nulled.
ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c\b([^>]*\bt="e"[^>]*)>(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*'
    rb"</(?:\w+:)?f>)?<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
CELL_REF = re.compile(rb'\br="\$?([A-Z]+)\$?(\d+)"')
MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")


def read_parquet(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    """Yield batches of a Parquet file; ``_row`` is the row index + 1."""
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise InputFileError(f"not a readable Parquet file: {exc}", file=str(path),
                             code="input.bad_parquet", params={"error": str(exc)}) from None
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
    """Yield batches of one sheet; ``_row`` is the sheet's row number (header = header_row)."""
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (OSError, ValueError, KeyError, CalamineError) as exc:
        raise InputFileError(f"not a readable Excel file: {exc}", file=str(path),
                             code="input.bad_excel", params={"error": str(exc)}) from None
    try:
        if sheet is not None and sheet not in book.sheet_names:
            raise InputFileError(f"no sheet '{sheet}'", file=str(path),
                                 hint=f"sheets: {', '.join(book.sheet_names)}",
                                 code="input.no_sheet",
                                 params={"sheet": sheet, "sheets": list(book.sheet_names)})
        title = sheet or _first_worksheet(path, book)
        width, errors = _scan_sheet_xml(path, title, header_row)
        try:
            ws = book.get_sheet_by_name(title)
        except (ValueError, CalamineError) as exc:
            raise InputFileError(f"not a readable Excel file: {exc}",
                                 file=str(path), code="input.bad_excel",
                                 params={"error": str(exc)}) from None
        rows = ws.iter_rows()
        first = next(rows, None)
        if first is not None:
            rows = itertools.chain([first], rows)
        first_row, first_col = _range_origin(ws, first)
        number = first_row
        header: list[Any] | None = None
        for values in rows:
            number += 1
            if number == header_row:
                header = [None] * first_col + [_cell(v) for v in values]
                break
        if header is None or all(v is None for v in header):
            raise InputFileError(f"row {header_row} of sheet '{title}' (the header) is "
                                 "empty", file=str(path), hint="set header_row in [source]",
                                 code="input.empty_sheet_header",
                                 params={"row": header_row, "sheet": title})
        while header and header[-1] is None:  # openpyxl read-only drops trailing blanks ...
            header.pop()
        header += [None] * ((width or 0) - len(header))  # ... unless the sheet is sized
        names = header_names([v or "" for v in header])
        size = path.stat().st_size
        block = list(itertools.islice(rows, batch_rows))
        while True:
            after = list(itertools.islice(rows, batch_rows))
            yield RawBatch(_frame(names, first_col, block, number + 1, errors),
                           0 if after else size)
            if not after:
                break
            number += len(block)
            block = after
    finally:
        book.close()


def _frame(names: list[str], first_col: int, block: list[list[Any]], first_number: int,
           errors: Errors) -> pl.DataFrame:
    """Rows of the sheet as text columns, converted a column at a time (a sheet is
    mostly columns of one type); rows with no value and no error cell are left out."""
    width = len(block[0]) if block else 0
    raw = list(zip(*block, strict=True)) if block else []
    cells = [_column(list(col)) for col in raw]
    columns: list[list[str | None]] = []
    for i in range(len(names)):
        j = i - first_col
        columns.append(cells[j] if 0 <= j < width else [None] * len(block))
    numbers = list(range(first_number, first_number + len(block)))
    for number in set(errors).intersection(numbers):
        for i, text in errors[number].items():
            if i < len(columns):
                columns[i][number - first_number] = text
    frame = pl.DataFrame({n: pl.Series(n, c, pl.String) for n, c in zip(names, columns,
                                                                          strict=True)})
    frame = frame.with_columns(pl.Series(ROW, numbers, pl.Int64))
    if not cells:
        return frame.clear()
    values = pl.DataFrame([pl.Series(str(k), c, pl.String) for k, c in enumerate(cells)])
    blank = values.select(pl.all_horizontal(pl.all().is_null())).to_series()
    has_error = pl.Series([n in errors for n in numbers], dtype=pl.Boolean)
    return frame.filter(~blank | has_error)


def _column(values: list[Any]) -> list[str | None]:
    """One column's cells as text; a column of strings only takes the short way."""
    if all(type(v) is str for v in values):
        return [v.strip() or None for v in values]
    return [_cell(v) for v in values]


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


def _cell(value: Any) -> str | None:
    """A calamine cell as text, rendered like openpyxl's value (see ``_text``)."""
    if value == "":
        return None
    if type(value) is dt.date:  # calamine gives a date for a midnight date-time cell
        return dt.datetime(value.year, value.month, value.day).isoformat()
    return _text(value)


def _range_origin(ws: Any, first: list[Any] | None) -> tuple[int, int]:
    """0-based sheet row and column of the first value ``iter_rows`` yields.

    Rows are padded to the range's width, which starts at its first used column; the rows
    start at sheet row 0 in current python-calamine (dimastbk/python-calamine#177) or at
    the range's first used row. The range's first row holds a value, so an empty first
    row means the rows start at row 0.
    """
    if first is None or ws.start is None or ws.end is None:
        return 0, 0
    start_row, end_col = ws.start[0], ws.end[1]
    col = end_col + 1 - len(first)
    row = 0 if start_row and all(v == "" for v in first) else start_row
    return row, col


def _first_worksheet(path: Path, book: CalamineWorkbook) -> str:
    for meta in book.sheets_metadata:
        if meta.typ == SheetTypeEnum.WorkSheet:
            return str(meta.name)
    raise InputFileError("the workbook has no worksheet", file=str(path),
                         code="input.no_worksheet")


def _sheet_member(zf: zipfile.ZipFile, title: str) -> str | None:
    """The zip member holding the XML of the sheet named ``title``."""
    rels_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    book_part = "xl/workbook.xml"
    for rel in ElementTree.fromstring(zf.read("_rels/.rels")).iter(f"{rels_ns}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            book_part = rel.get("Target", book_part).lstrip("/")
    base = posixpath.dirname(book_part)
    rel_id = None
    for el in ElementTree.fromstring(zf.read(book_part)).iter():
        if el.tag.rpartition("}")[2] == "sheet" and el.get("name") == title:
            rel_id = next((v for k, v in el.attrib.items() if k.rpartition("}")[2] == "id"),
                          None)
    rels_part = posixpath.join(base, "_rels", posixpath.basename(book_part) + ".rels")
    for rel in ElementTree.fromstring(zf.read(rels_part)).iter(f"{rels_ns}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(base, target)))
    return None


Errors = dict[int, dict[int, str]]  # sheet row (1-based) -> column (0-based) -> error text


def _scan_sheet_xml(path: Path, title: str, header_row: int) -> tuple[int | None, Errors]:
    """Refuse merged header cells; return the declared width and the error cells."""
    try:
        with zipfile.ZipFile(path) as zf:
            member = _sheet_member(zf, title)
            if member is None:
                return None, {}
            with zf.open(member) as src:
                return _refuse_merged_header(path, src, title, header_row)
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise InputFileError(f"not a readable Excel file: {exc}", file=str(path),
                             code="input.bad_excel", params={"error": str(exc)}) from None


def _refuse_merged_header(path: Path, src: IO[bytes], title: str, header_row: int
                          ) -> tuple[int | None, Errors]:
    """Merged cells touching the header row leave columns unnamed: name the range."""
    pending = b""
    width: int | None = None
    errors: Errors = {}
    head = True
    while chunk := src.read(1 << 20):
        data = pending + chunk
        if head:
            head = False
            before = data.split(b"<sheetData", 1)[0] if b"<sheetData" in data else data
            if m := DIMENSION_REF.search(before):
                width = column_index_from_string((m.group(2) or m.group(1)).decode())
        # the regexes run only on the rare chunks that can match (a plain search is faster)
        for m in MERGE_REF.finditer(data) if b"mergeCell" in data else ():
            first, last = int(m.group(2)), int(m.group(4) or m.group(2))
            if first <= header_row <= last:
                ref = m.group(0).split(b'"')[1].decode()
                raise InputFileError(
                    f"sheet '{title}' has merged header cells {ref}", file=str(path),
                    hint="unmerge them in Excel so every column has its own name",
                    code="input.merged_header", params={"sheet": title, "cells": ref},
                )
        for m in ERROR_CELL.finditer(data) if b't="e"' in data else ():
            if ref := CELL_REF.search(m.group(1)):
                col = column_index_from_string(ref.group(1).decode()) - 1
                errors.setdefault(int(ref.group(2)), {})[col] = m.group(2).decode()
        pending = data[-200:]
    return width, errors
