"""Typed results that a notebook user holds: eager tables with conversions and HTML.

Every analysis and listing returns a :class:`TableResult` (or a subclass with named
fields), never a dict with magic keys.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, fields
from typing import Any

import pyarrow as pa


@dataclass(frozen=True)
class TableResult:
    """An eager table (Arrow) with the conversions notebooks expect."""

    table: pa.Table
    title: str = ""

    def to_pandas(self) -> Any:
        return self.table.to_pandas()

    def to_polars(self) -> Any:
        import polars as pl

        return pl.from_arrow(self.table)

    def to_dict(self) -> list[dict[str, Any]]:
        """Rows as dicts (JSON-friendly once timestamps are formatted by the caller)."""
        return self.table.to_pylist()

    def __len__(self) -> int:
        return self.table.num_rows

    def _repr_html_(self) -> str:
        return table_html(self.table, self.title, limit=50)


def table_html(table: pa.Table, title: str = "", limit: int = 50) -> str:
    """A small escaped HTML table for notebooks."""
    head = "".join(f"<th>{html.escape(n)}</th>" for n in table.column_names)
    rows = []
    for rec in table.slice(0, limit).to_pylist():
        cells = "".join(f"<td>{_cell(v)}</td>" for v in rec.values())
        rows.append(f"<tr>{cells}</tr>")
    more = f"<p>{table.num_rows - limit:,} more rows</p>" if table.num_rows > limit else ""
    caption = f"<caption>{html.escape(title)}</caption>" if title else ""
    body = "".join(rows)
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _plain(value: Any) -> Any:
    if isinstance(value, TableResult | RecordResult):
        return value.to_dict()
    if isinstance(value, pa.Table):
        return value.to_pylist()
    return value


def _html_value(value: Any) -> str:
    """Nested results render as their own tables, scalars as escaped text."""
    if hasattr(value, "_repr_html_"):
        return value._repr_html_()
    return _cell(value)


def _cell(value: Any) -> str:
    return html.escape("" if value is None else str(value))


@dataclass(frozen=True)
class RecordResult:
    """Base for results that are one record of named figures (a load, a build, a summary)."""

    def to_dict(self) -> dict[str, Any]:
        """Fields as plain values; nested tables become lists of row dicts."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    def to_pandas(self) -> Any:
        import pandas as pd

        return pd.DataFrame([self.to_dict()])

    def to_polars(self) -> Any:
        import polars as pl

        return pl.DataFrame([self.to_dict()])

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{html.escape(f.name)}</th><td>{_html_value(getattr(self, f.name))}</td></tr>"
            for f in fields(self)
        )
        return f"<table><caption>{type(self).__name__}</caption>{rows}</table>"


@dataclass(frozen=True)
class LoadResult(RecordResult):
    """What one file load did. ``rows_read == loaded + rejected + already_loaded``.

    ``seconds`` is the load's own work, reading to commit; in a plan whose files load two at
    a time, the wait for the file before it to commit is not counted.
    """

    load_id: str
    file: str
    source: str
    kind: str
    rows_read: int
    loaded: int
    rejected: int
    already_loaded: int
    seconds: float
    rejected_by_reason: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildResult(RecordResult):
    """What a build produced (row counts of the derived tables) and how long it took."""

    events: int
    touches: int
    duplicates_merged: int
    persons: int
    accounts: int
    journeys: int
    seconds: float
    step_seconds: dict[str, float] = field(default_factory=dict)
    maps_refreshed: int = 0
