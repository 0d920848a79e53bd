"""Erasing a person (right to be forgotten): every row about them, in every table.

A person is found by any identifier (person_id, email, user_id, anonymous_id). Their
events, quarantined raw rows that carry one of their identifiers as a JSON string value,
merges, identities, identity links, person row, touches and person journey are deleted;
their account's journey is rebuilt from the touches that remain (with the journey
settings of the last build, kept in ``build_info``), and the account's person count is
updated (a synthetic ``domain:`` account left with nobody is deleted). One transaction on
DuckDB; the result says how many rows went from each table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir

from journeymap.config import JourneySettings
from journeymap.engine import Engine
from journeymap.pipeline.accounts import SYNTHETIC_PREFIX
from journeymap.pipeline.identity import ID_TYPES
from journeymap.pipeline.journeys import account_journeys
from journeymap.pipeline.lookup import resolve
from journeymap.pipeline.scalars import scalar
from journeymap.results import RecordResult
from journeymap.schema import Tables


@dataclass(frozen=True)
class ForgetResult(RecordResult):
    """Who was erased, by which identifiers, and rows removed per table."""

    person_id: str
    identifiers: list[str]
    removed: dict[str, int] = field(default_factory=dict)
    account_id: str | None = None

    @property
    def total(self) -> int:
        return sum(self.removed.values())


Where = Callable[[ir.Table], ir.BooleanValue]


def _any(conditions: list[ir.BooleanValue]) -> ir.BooleanValue:
    return ibis.or_(*conditions) if conditions else ibis.literal(False)


def _delete(engine: Engine, table: str, where: Where) -> int:
    """Delete the rows ``where`` selects, returning how many there were."""
    if not engine.has(table):
        return 0
    t = engine.table(table)
    before = int(scalar(engine, t.filter(where(t)).count()))
    if before:
        engine.delete_where(table, where)
    return before


def _journey_settings(engine: Engine) -> JourneySettings:
    info = engine.to_arrow(engine.table(Tables.build_info)).to_pylist()
    return JourneySettings.model_validate(json.loads(info[0]["journey_settings"]))


def forget(engine: Engine, key: str, raw_terms: tuple[str, ...] = ()) -> ForgetResult:
    """Erase the person ``key`` names from every table; see the module docstring.

    ``raw_terms`` are more values to look for in rejected rows' raw text: the email as typed
    when the workspace stores emails hashed.
    """
    person_id = resolve(engine, key, accounts=False).person_id
    ids_t = engine.table(Tables.identities)
    mine = engine.to_arrow(ids_t.filter(ids_t.person_id == person_id)
                           .select("identifier_type", "identifier")).to_pylist()
    ids = {t: [r["identifier"] for r in mine if r["identifier_type"] == t] for t in ID_TYPES}
    persons = engine.table(Tables.persons)
    account_id = engine.to_arrow(persons.filter(persons.person_id == person_id)
                                 .select("account_id")).column(0)[0].as_py()
    removed: dict[str, int] = {}
    with engine.transaction():
        removed[Tables.events] = _delete(engine, Tables.events, lambda t: _any(
            [t[typ].isin(ids[typ]) for typ in ID_TYPES if ids[typ]]))
        terms = [i for t in ID_TYPES for i in ids[t]] + list(raw_terms)
        needles = sorted({'"' + i.lower() + '"' for i in terms})
        removed[Tables.rejected] = _delete(engine, Tables.rejected, lambda t: _any(
            [t.raw.lower().contains(needle) for needle in needles]))
        for table in (Tables.merges, Tables.identities, Tables.persons, Tables.touches):
            removed[table] = _delete(engine, table, lambda t: t.person_id == person_id)
        removed[Tables.identity_links] = _delete(engine, Tables.identity_links, lambda t: _any(
            [(t[f"{side}_type"] == r["identifier_type"]) & (t[side] == r["identifier"])
             for side in ("left", "right") for r in mine]))
        removed[Tables.journeys] = _delete(
            engine, Tables.journeys, lambda t: t.journey_id == f"person:{person_id}")
        if account_id is not None:
            journeys_gone, accounts_gone = _rebuild_account(engine, account_id)
            removed[Tables.journeys] += journeys_gone
            removed[Tables.accounts] = accounts_gone
    return ForgetResult(person_id, sorted(i for t in ID_TYPES for i in ids[t]), removed,
                        account_id)


def _rebuild_account(engine: Engine, account_id: str) -> tuple[int, int]:
    """Recompute the account's journey and person count.

    Returns (account journeys removed for good, account rows deleted).
    """
    journeys_gone = _delete(
        engine, Tables.journeys, lambda t: t.journey_id == f"account:{account_id}")
    touches: ir.Table = engine.table(Tables.touches)
    remaining = touches.filter(touches.account_id == account_id)
    if journeys_gone and scalar(engine, remaining.count()):
        engine.append(Tables.journeys, account_journeys(remaining, _journey_settings(engine)))
        journeys_gone = 0
    persons = engine.table(Tables.persons)
    left = int(scalar(engine, persons.filter(persons.account_id == account_id).count()))
    accounts = engine.table(Tables.accounts)
    engine.replace(Tables.accounts, accounts.mutate(persons=ibis.ifelse(
        accounts.account_id == account_id, ibis.literal(left).cast(accounts.persons.type()),
        accounts.persons)))
    if left == 0 and account_id.startswith(SYNTHETIC_PREFIX):
        return journeys_gone, _delete(
            engine, Tables.accounts, lambda t: t.account_id == account_id)
    return journeys_gone, 0
