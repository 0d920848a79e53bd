"""Literal event and account tables for pipeline tests, and a reader for whole tables."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa

from journeymap.engine import Engine
from journeymap.schema import ACCOUNT_SCHEMA, EVENT_SCHEMA

T0 = datetime(2024, 3, 1, 9, 0, 0)


def at(minutes: float = 0, days: float = 0) -> datetime:
    """A timestamp ``days`` and ``minutes`` after the fixture's time zero (UTC)."""
    return T0 + timedelta(days=days, minutes=minutes)


def event_rows(rows: list[dict[str, Any]]) -> pa.Table:
    """Literal events: missing columns are null, event ids default to e1, e2, ..."""
    full = []
    for i, row in enumerate(rows, start=1):
        rec = {name: row.get(name) for name in EVENT_SCHEMA.names}
        rec["event_id"] = row.get("event_id", f"e{i}")
        rec["source"] = row.get("source", "web")
        rec["ts"] = row.get("ts", at(i))
        full.append(rec)
    return pa.Table.from_pylist(full, schema=EVENT_SCHEMA.to_pyarrow())


def account_rows(rows: list[dict[str, Any]]) -> pa.Table:
    full = [{name: row.get(name) for name in ACCOUNT_SCHEMA.names} for row in rows]
    return pa.Table.from_pylist(full, schema=ACCOUNT_SCHEMA.to_pyarrow())


def rows(engine: Engine, table: str, order_by: str | list[str] | None = None,
         columns: list[str] | None = None) -> list[dict[str, Any]]:
    """A table as a list of dicts, ordered, optionally only some columns."""
    t = engine.table(table)
    if order_by:
        t = t.order_by(order_by)
    if columns:
        t = t.select(*columns)
    return engine.to_arrow(t).to_pylist()


def built(make_ws: Any, events: list[dict[str, Any]], accounts: list[dict[str, Any]] | None = None,
          **settings: Any) -> Engine:
    """A workspace with these events, built."""
    from journeymap.pipeline.build import build

    engine, s = make_ws(events, accounts, **settings)
    build(engine, s)
    return engine


def person_of(engine: Engine, event_id: str) -> str | None:
    """The person_id the build gave an event (from touches, or via its kept event)."""
    t = engine.table("touches")
    found = engine.to_arrow(t.filter(t.event_id == event_id).select("person_id")).to_pylist()
    if found:
        return found[0]["person_id"]
    m = engine.table("merges")
    return engine.to_arrow(m.filter(m.merged_event_id == event_id).select("person_id")
                           ).to_pylist()[0]["person_id"]
