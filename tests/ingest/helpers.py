"""Small helpers for ingest tests: write files, read tables back as plain rows."""

from __future__ import annotations

from pathlib import Path

import journeymap as jm


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a hand-made input file (newlines as written)."""
    path.write_bytes(text.encode(encoding))
    return path


def mapping(ws: jm.Workspace, name: str, text: str) -> Path:
    """Save ``mappings/<name>.toml`` in the workspace."""
    path = ws.path / "mappings" / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def rows(ws: jm.Workspace, table: str, order_by: str = "source_row") -> list[dict]:
    """A whole table as dicts, in a stable order."""
    t = ws.engine.table(table)
    return ws.engine.to_arrow(t.order_by(order_by)).to_pylist()


def rejects(ws: jm.Workspace) -> list[tuple]:
    """(row, reason, field, raw_value) of every rejected row, by row."""
    return [(r["row"], r["reason"], r["field"], r["raw_value"])
            for r in ws.rejected().to_dict()]
