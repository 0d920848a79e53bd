"""Presenting results in the terminal: Rich tables, JSON and progress bars."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from journeymap.progress import ProgressFn

console = Console()
err_console = Console(stderr=True)


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, pa.Table):
        return value.to_pylist()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return str(value)


def _clean(value: Any) -> Any:
    """NaN is not JSON: make it null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def print_json(obj: Any) -> None:
    """Machine-readable output on stdout, nothing else."""
    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    elif isinstance(obj, pa.Table):
        obj = obj.to_pylist()
    print(json.dumps(_clean(obj), default=_default, ensure_ascii=False, indent=2))


def fmt(value: Any) -> str:
    """A cell as a person reads it."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        return f"{value:,.2f}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def local_times(table: pa.Table, tz: str) -> pa.Table:
    """Show stored UTC timestamps in the workspace time zone (DESIGN: store UTC, show local)."""
    import pyarrow.compute as pc

    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            col = table.column(i)
            utc = col if field.type.tz else pc.assume_timezone(col, "UTC")
            table = table.set_column(i, field.name, utc.cast(pa.timestamp("us", tz=tz)))
    return table


def local_record(record: dict[str, Any], tz: str) -> dict[str, Any]:
    """:func:`local_times` for one record."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)
    return {
        k: (v if v.tzinfo else v.replace(tzinfo=dt.UTC)).astimezone(zone)
        if isinstance(v, dt.datetime)
        else v
        for k, v in record.items()
    }


def print_table(table: pa.Table, title: str = "", limit: int | None = 50) -> None:
    """A Rich table of the first ``limit`` rows and a note of how many more there are."""
    view = Table(title=title or None, header_style="bold cyan")
    for name in table.column_names:
        view.add_column(name, overflow="fold")
    rows = table if limit is None else table.slice(0, limit)
    for rec in rows.to_pylist():
        # Text(), not str: user data such as '[source]' must not be read as Rich markup.
        view.add_row(*(Text(fmt(v)) for v in rec.values()))
    console.print(view)
    if limit is not None and table.num_rows > limit:
        console.print(f"[dim]… {table.num_rows - limit:,} more rows (use --limit or --json)[/]")


def print_record(record: dict[str, Any], title: str = "") -> None:
    """Two columns: name and value."""
    view = Table(title=title or None, show_header=False)
    view.add_column(style="bold")
    view.add_column()
    for key, value in record.items():
        view.add_row(
            key,
            fmt(value)
            if not isinstance(value, dict)
            else json.dumps(_clean(value), default=_default, ensure_ascii=False),
        )
    console.print(view)


@contextlib.contextmanager
def progress_bar(enabled: bool = True) -> Iterator[ProgressFn]:
    """A Rich progress bar fed by journeymap's ``ProgressFn`` calls; silent when disabled."""
    if not enabled:
        yield lambda task, completed, total: None
        return
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def report(task: str, completed: float, total: float | None) -> None:
        # "build: identity" and "build: dedupe" are steps of one bar named "build".
        key = task.split(": ", 1)[0]
        if key not in tasks:
            tasks[key] = bar.add_task(task, total=total)
        bar.update(tasks[key], completed=completed, total=total, description=task)

    with bar:
        yield report
