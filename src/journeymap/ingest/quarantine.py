"""Reading the quarantine and the load history, and exporting rejects for fixing.

A person fixing rejected rows wants them in a spreadsheet: ``export_rejected`` writes
CSV or XLSX, chosen by the output file's extension.
"""

from __future__ import annotations

from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.csv as pacsv

from journeymap.engine import Engine
from journeymap.errors import InputFileError, NotFoundError
from journeymap.schema import REJECT_REASONS, Tables


def list_rejected(engine: Engine, reason: str | None = None, file: str | None = None
                  ) -> pa.Table:
    """Rejected rows, by file and row; ``file`` matches the full path or the file name."""
    if reason is not None and reason not in REJECT_REASONS:
        raise NotFoundError(f"no reject reason '{reason}'", field="reason",
                            hint=f"use one of: {', '.join(REJECT_REASONS)}")
    t = engine.table(Tables.rejected)
    if reason is not None:
        t = t.filter(t.reason == reason)
    if file is not None:
        full = str(Path(file).resolve())
        t = t.filter((t.file == full) | (t.file == file) | t.file.endswith("/" + file))
    return engine.to_arrow(t.order_by([t.file, t.row]))


def list_loads(engine: Engine) -> pa.Table:
    """The history of loads, newest first."""
    t = engine.table(Tables.loads)
    return engine.to_arrow(t.order_by([ibis.desc(t.started_at), ibis.desc(t.finished_at)]))


def export_rejected(engine: Engine, out_path: Path, reason: str | None = None,
                    file: str | None = None) -> Path:
    """Write rejected rows to ``.csv`` (UTF-8 with BOM, so Excel reads Korean) or ``.xlsx``."""
    return write_rejected(list_rejected(engine, reason=reason, file=file), out_path)


def write_rejected(table: pa.Table, out_path: Path) -> Path:
    """Write rows already listed by :func:`list_rejected` (no second query)."""
    suffix = out_path.suffix.lower()
    if suffix == ".csv":
        with out_path.open("wb") as fh:
            fh.write(b"\xef\xbb\xbf")
            pacsv.write_csv(table, fh)
        return out_path
    if suffix == ".xlsx":
        _write_xlsx(table, out_path)
        return out_path
    raise InputFileError(f"cannot export to '{out_path.suffix}'", file=str(out_path),
                         hint="use a .csv or .xlsx file name")


def _write_xlsx(table: pa.Table, out_path: Path) -> None:
    """Stream rows into a write-only workbook (no sheet held whole in memory)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("rejected")
    sheet.append(table.column_names)
    for batch in table.to_batches(10_000):
        for row in batch.to_pylist():
            sheet.append(list(row.values()))
    book.save(out_path)
