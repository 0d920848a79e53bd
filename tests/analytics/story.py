"""Small readable journeys written straight into the analytics tables.

Analytics read ``touches``, ``journeys`` and ``accounts`` only, so these fixtures write
those tables from a literal story — who did what, on which day — and derive stages,
sessions and journeys with the pipeline's own steps::

    story = {"kim": ["ad_click@0", "page_view:/pricing@1", "demo_request@3"], ...}

``touchpoint@day`` (days may be fractional); a dict gives more fields
(``{"tp": "signup", "day": 2, "channel": "paid_search", "properties": {...}}``).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa

from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.pipeline import journeys, sessions, stages
from journeymap.schema import EVENT_SCHEMA, Tables

T0 = datetime(2024, 3, 4, 9, 0, 0)  # a Monday, 18:00 in Seoul
Story = dict[str, list[str | dict[str, Any]]]


def day(d: float) -> datetime:
    return T0 + timedelta(days=d)


def _event(person: str, i: int, item: str | dict[str, Any], account: str | None) -> dict:
    if isinstance(item, str):
        tp, _, when = item.rpartition("@")
        item = {"tp": tp, "day": float(when)}
    props = item.get("properties")
    return {
        "event_id": item.get("event_id", f"{person}-{i:03d}"),
        "ts": item.get("ts", day(item["day"])),
        "source": item.get("source", "web"),
        "channel": item.get("channel", "direct"),
        "touchpoint": item["tp"],
        "user_id": person,
        "account_id": item.get("account", account),
        "value": item.get("value"),
        "rating": item.get("rating"),
        "utm_campaign": item.get("utm_campaign"),
        "properties": json.dumps(props) if props is not None else None,
        "person_id": person,
    }


def write_story(engine: Engine, settings: Settings, story: Story,
                accounts: dict[str, str] | None = None,
                firmographics: dict[str, dict[str, str]] | None = None) -> None:
    """Write touches, persons, accounts, journeys and build_info for ``story``.

    ``accounts`` maps person -> account_id; ``firmographics`` account -> fields.
    """
    accounts = accounts or {}
    rows = [_event(p, i, item, accounts.get(p)) for p, items in story.items()
            for i, item in enumerate(items)]
    schema = pa.schema([*EVENT_SCHEMA.to_pyarrow(), ("person_id", pa.string())])
    full = [{name: r.get(name) for name in schema.names} for r in rows]
    events = pa.Table.from_pylist(full, schema=schema)
    import ibis

    t = ibis.memtable(events)
    t = sessions.sessionise(t, settings.journeys.session_gap_minutes)
    t = stages.assign_stages(t, settings.journeys)
    engine.replace(Tables.touches, engine.to_arrow(t))
    persons = pa.Table.from_pylist(
        [{"person_id": p, "account_id": accounts.get(p)} for p in story],
        schema=pa.schema([("person_id", pa.string()), ("account_id", pa.string())]))
    engine.replace(Tables.persons, persons)
    firm = firmographics or {}
    acc_ids = sorted({a for a in accounts.values() if a})
    engine.replace(Tables.accounts, pa.Table.from_pylist(
        [{"account_id": a, "name": a, "domain": None,
          "industry": firm.get(a, {}).get("industry"), "size": firm.get(a, {}).get("size"),
          "region": firm.get(a, {}).get("region"), "persons": None} for a in acc_ids],
        schema=pa.schema([("account_id", pa.string()), ("name", pa.string()),
                          ("domain", pa.string()), ("industry", pa.string()),
                          ("size", pa.string()), ("region", pa.string()),
                          ("persons", pa.int64())])))
    j = journeys.journeys(engine.table(Tables.touches), engine.table(Tables.persons),
                          settings.journeys)
    engine.replace(Tables.journeys, engine.to_arrow(j))
    engine.replace(Tables.build_info, pa.table({"built_at": [datetime(2024, 1, 1)]}))
