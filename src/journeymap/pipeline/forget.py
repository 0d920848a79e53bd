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
from dataclasses import dataclass, field

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


def _in(column: str, values: list[str]) -> tuple[str, list[str]]:
    if not values:
        return "FALSE", []
    return f'"{column}" IN ({", ".join("?" * len(values))})', list(values)


def _delete(engine: Engine, table: str, where: str, params: list[str]) -> int:
    """Delete matching rows, returning how many there were."""
    if not engine.has(table):
        return 0
    before = _count_sql(engine, table, where, params)
    if before:
        engine.execute_sql(f'DELETE FROM "{table}" WHERE {where}', params)
    return before


def _count_sql(engine: Engine, table: str, where: str, params: list[str]) -> int:
    if engine.name == "duckdb":
        return int(engine.con.con.execute(
            f'SELECT count(*) FROM "{table}" WHERE {where}', params).fetchone()[0])
    from journeymap.engine.backend import _inline

    return int(engine.con.sql(_inline(f'SELECT count(*) AS n FROM "{table}" WHERE {where}',
                                      params)).execute().iloc[0, 0])


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
    person = ('"person_id" = ?', [person_id])
    with engine.transaction():
        conds = [_in(t, ids[t]) for t in ID_TYPES]
        params = [p for _, ps in conds for p in ps]
        removed[Tables.events] = _delete(
            engine, Tables.events, " OR ".join(c for c, _ in conds), params)
        terms = [i for t in ID_TYPES for i in ids[t]] + list(raw_terms)
        needles = sorted({'"' + i.lower() + '"' for i in terms})
        removed[Tables.rejected] = _delete(
            engine, Tables.rejected, " OR ".join(["contains(lower(raw), ?)"] * len(needles))
            or "FALSE", needles)
        for table in (Tables.merges, Tables.identities, Tables.persons, Tables.touches):
            removed[table] = _delete(engine, table, *person)
        link_conds = [f'("{side}_type" = ? AND "{side}" = ?)' for side in ("left", "right")
                      for _ in mine]
        link_params = [v for _side in ("left", "right") for r in mine
                       for v in (r["identifier_type"], r["identifier"])]
        removed[Tables.identity_links] = _delete(
            engine, Tables.identity_links, " OR ".join(link_conds) or "FALSE", link_params)
        removed[Tables.journeys] = _delete(engine, Tables.journeys, '"journey_id" = ?',
                                           [f"person:{person_id}"])
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
    journeys_gone = _delete(engine, Tables.journeys, '"journey_id" = ?',
                            [f"account:{account_id}"])
    touches: ir.Table = engine.table(Tables.touches)
    remaining = touches.filter(touches.account_id == account_id)
    if journeys_gone and scalar(engine, remaining.count()):
        engine.append(Tables.journeys, account_journeys(remaining, _journey_settings(engine)))
        journeys_gone = 0
    persons = engine.table(Tables.persons)
    left = int(scalar(engine, persons.filter(persons.account_id == account_id).count()))
    engine.execute_sql('UPDATE "accounts" SET "persons" = ? WHERE "account_id" = ?',
                       [left, account_id])
    if left == 0 and account_id.startswith(SYNTHETIC_PREFIX):
        return journeys_gone, _delete(engine, Tables.accounts, '"account_id" = ?', [account_id])
    return journeys_gone, 0
