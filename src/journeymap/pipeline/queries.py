"""Reading journeys back: a filtered list, and one journey with its touches.

Thin, eager helpers for the workspace, CLI and web app; the filtering runs in the engine
and only the requested rows travel to Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pyarrow as pa

from journeymap.engine import Engine
from journeymap.errors import NotFoundError
from journeymap.pipeline.lookup import require_built, resolve
from journeymap.results import RecordResult, TableResult
from journeymap.schema import Tables

LEVELS = ("account", "person")


def list_journeys(engine: Engine, level: Literal["account", "person"] = "account",
                  converted: bool | None = None, limit: int | None = None) -> pa.Table:
    """Journeys of one level, longest (most touches) first, then by journey_id."""
    if level not in LEVELS:
        raise NotFoundError(f"unknown journey level '{level}'", field="level",
                            hint="use 'account' or 'person'",
                            code="journeys.unknown_level", params={"level": level})
    require_built(engine, Tables.journeys)
    t = engine.table(Tables.journeys)
    t = t.filter(t.level == level)
    if converted is not None:
        t = t.filter(t.converted == converted)
    t = t.order_by([t.touches.desc(), t.journey_id])
    if limit is not None:
        t = t.limit(limit)
    return engine.to_arrow(t)


@dataclass(frozen=True)
class JourneyDetail(RecordResult):
    """One journey row (``journey``), the account journey of a person if any, and the
    touches of the journey ordered by time (UTC)."""

    key: str
    journey: dict[str, Any]
    touches: TableResult
    account_journey: dict[str, Any] | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "journey": self.journey,
                "account_journey": self.account_journey, "touches": self.touches.to_dict()}


def _journey_row(engine: Engine, journey_id: str) -> dict[str, Any] | None:
    t = engine.table(Tables.journeys)
    found = engine.to_arrow(t.filter(t.journey_id == journey_id)).to_pylist()
    return found[0] if found else None


def journey_detail(engine: Engine, key: str) -> JourneyDetail:
    """The journey of a person (any identifier) or an account, with its touches."""
    require_built(engine, Tables.journeys, Tables.touches)
    who = resolve(engine, key)
    touches = engine.table(Tables.touches)
    if who.person_id is not None:
        row = _journey_row(engine, f"person:{who.person_id}")
        picked = touches.filter(touches.person_id == who.person_id)
    else:
        row = _journey_row(engine, f"account:{who.account_id}")
        picked = touches.filter(touches.account_id == who.account_id)
    if row is None:
        raise NotFoundError(f"'{key}' has no journey (no touches)",
                            hint="check that its events were loaded, then run journeymap build",
                            code="journeys.no_journey", params={"key": key})
    account = None
    if who.person_id is not None and row.get("account_id"):
        account = _journey_row(engine, f"account:{row['account_id']}")
    table = engine.to_arrow(picked.order_by([picked.ts, picked.event_id]))
    return JourneyDetail(key, row, TableResult(table, f"touches of {row['journey_id']}"), account)
