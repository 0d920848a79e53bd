"""Writing a result table to a file a spreadsheet user opens: CSV (UTF-8 with BOM, so
Excel shows Korean text) or XLSX, chosen by the file's suffix."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv

from journeymap.errors import InputFileError

SUFFIXES = (".csv", ".xlsx")
BOM = b"\xef\xbb\xbf"


def write_csv(table: pa.Table, sink: BinaryIO) -> None:
    """``table`` as CSV into a binary file or buffer, UTF-8 with a BOM."""
    sink.write(BOM)
    pacsv.write_csv(table, sink)


def write_table(table: pa.Table, out_path: Path, sheet: str = "data") -> Path:
    """Write ``table`` to ``out_path`` (.csv or .xlsx)."""
    suffix = out_path.suffix.lower()
    if suffix == ".csv":
        with out_path.open("wb") as fh:
            write_csv(table, fh)
        return out_path
    if suffix == ".xlsx":
        _write_xlsx(table, out_path, sheet)
        return out_path
    raise InputFileError(f"cannot export to '{out_path.suffix}'", file=str(out_path),
                         hint="use a .csv or .xlsx file name")


def _write_xlsx(table: pa.Table, out_path: Path, sheet: str) -> None:
    """Stream rows into a write-only workbook (no sheet held whole in memory)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    ws.append(table.column_names)
    for batch in table.to_batches(10_000):
        for row in batch.to_pylist():
            ws.append(list(row.values()))
    book.save(out_path)
