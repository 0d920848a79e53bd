"""Review reminders: maps past their review date, and maps whose numbers moved.

A map is due when its review cadence (6 months by default, 3 for quarterly) has passed
since it was last reviewed (or created, if never), or when a bound metric moved more than
``threshold`` (relative) from its value at the last review — the map no longer tells the
truth even if the calendar says it is fine.
"""

from __future__ import annotations

import calendar
from datetime import datetime

import pyarrow as pa

from journeymap.maps.model import JourneyMap
from journeymap.results import TableResult


def add_months(when: datetime, months: int) -> datetime:
    """``when`` plus calendar months (31 Aug + 6 months = 28/29 Feb)."""
    month = when.month - 1 + months
    year, month = when.year + month // 12, month % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def moved_metrics(doc: JourneyMap, threshold: float) -> list[str]:
    """Bound numbers that moved more than ``threshold`` (0.2 = 20%) since the last review;
    a metric that was 0 at review moves by any change."""
    out = []
    stages = {s.id: s.name for s in doc.stages}
    for cell, b in doc.bindings():
        if b.reviewed is None or b.value is None:
            continue
        base = abs(b.reviewed)
        moved = abs(b.value - b.reviewed) / base if base else float(b.value != b.reviewed)
        if moved > threshold:
            out.append(f"{b.metric} ({stages[cell.stage]}) {b.reviewed:.4g} → {b.value:.4g}")
    return out


def due_rows(maps: list[tuple[int, JourneyMap, datetime]], now: datetime,
             threshold: float) -> TableResult:
    """``maps`` are (id, document, created_at); one row per map that is due."""
    rows = []
    for map_id, doc, created in maps:
        since = doc.review.last_reviewed_at or created
        next_review = add_months(since, doc.review.cadence_months)
        reasons = []
        if next_review <= now:
            reasons.append(f"review overdue since {next_review:%Y-%m-%d}")
        moved = moved_metrics(doc, threshold)
        if moved:
            reasons.append(f"{len(moved)} metric(s) moved more than {threshold:.0%}: "
                           + "; ".join(moved))
        if reasons:
            rows.append({"map_id": map_id, "title": doc.title, "owner": doc.owner,
                         "last_reviewed": since, "next_review": next_review,
                         "reason": " | ".join(reasons)})
    schema = pa.schema([("map_id", pa.int64()), ("title", pa.string()),
                        ("owner", pa.string()), ("last_reviewed", pa.timestamp("us", "UTC")),
                        ("next_review", pa.timestamp("us", "UTC")), ("reason", pa.string())])
    return TableResult(pa.Table.from_pylist(rows, schema=schema), "maps due for review")
