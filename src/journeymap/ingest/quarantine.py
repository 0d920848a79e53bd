"""Reading the quarantine and the load history, and exporting rejects for fixing.

A person fixing rejected rows wants them in a spreadsheet: ``export_rejected`` writes
CSV or XLSX, chosen by the output file's extension.
"""

from __future__ import annotations

from pathlib import Path

import ibis
import pyarrow as pa

from journeymap.engine import Engine
from journeymap.errors import NotFoundError
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
    from journeymap.render.table_file import write_table

    return write_table(table, out_path, sheet="rejected")
