"""Why these records are one person: identifiers, the events that linked them, the
identifiers the over-merge guard kept apart, and how the account was matched.

Identity resolution must be auditable: a wrong merge shows as a strange journey, and the
fix (a guard setting, a bad CRM import) is only found by seeing the linking evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis
import pyarrow as pa
from ibis import _

from journeymap.engine import Engine
from journeymap.engine.portable import collect_ordered
from journeymap.pipeline.identity import PAIRS
from journeymap.pipeline.lookup import resolve
from journeymap.pipeline.scalars import scalar
from journeymap.results import RecordResult, TableResult
from journeymap.schema import Tables

MAX_EVENT_IDS = 20


@dataclass(frozen=True)
class IdentityExplanation(RecordResult):
    """The identity of one person and the evidence for it."""

    key: str
    person_id: str
    identifiers: TableResult
    links: TableResult
    not_merged: TableResult
    account_id: str | None
    account_match: str
    account_name: str | None
    account_domain: str | None
    account_in_crm: bool

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ("key", "person_id", "account_id", "account_match",
                                              "account_name", "account_domain", "account_in_crm")}
        for name in ("identifiers", "links", "not_merged"):
            out[name] = getattr(self, name).to_dict()
        return out


def _links(engine: Engine, ids: dict[str, list[str]]) -> pa.Table:
    """Pairs of the person's identifiers seen on one event, with event ids, sources, times."""
    events = engine.table(Tables.events)
    parts = []
    for a, b in PAIRS:
        if not ids[a] or not ids[b]:
            continue
        both = events.filter(events[a].isin(ids[a]) & events[b].isin(ids[b]))
        parts.append(both.group_by(left=both[a], right=both[b]).aggregate(
            events=_.count(), event_ids=collect_ordered(both.event_id, both.ts),
            sources=_.source.collect(distinct=True).sort(), first_seen=_.ts.min(),
            last_seen=_.ts.max(),
        ).mutate(left_type=ibis.literal(a), right_type=ibis.literal(b)))
    if not parts:
        return pa.table({"left_type": [], "left": [], "right_type": [], "right": []})
    found = ibis.union(*parts).order_by(["first_seen", "left", "right"])
    table = engine.to_arrow(found.select("left_type", "left", "right_type", "right", "events",
                                         "event_ids", "sources", "first_seen", "last_seen"))
    trimmed = [ids_[:MAX_EVENT_IDS] for ids_ in table.column("event_ids").to_pylist()]
    return table.set_column(table.schema.get_field_index("event_ids"), "event_ids",
                            pa.array(trimmed, pa.list_(pa.string())))


def explain(engine: Engine, key: str) -> IdentityExplanation:
    """Explain the person a key (person_id, email, user_id, anonymous_id) names."""
    person_id = resolve(engine, key, accounts=False).person_id
    identities = engine.table(Tables.identities)
    mine = engine.to_arrow(identities.filter(identities.person_id == person_id).order_by(
        ["identifier_type", "identifier"]))
    ids: dict[str, list[str]] = {"anonymous_id": [], "user_id": [], "email": []}
    for row in mine.select(["identifier_type", "identifier"]).to_pylist():
        ids[row["identifier_type"]].append(row["identifier"])
    links = engine.table(Tables.identity_links)
    strong = ids["user_id"] + ids["email"]
    guarded = links.filter(~links.used_for_merge & links.right.isin(strong or [""]))
    guarded = guarded.join(identities, [guarded.left_type == identities.identifier_type,
                                        guarded.left == identities.identifier])
    not_merged = engine.to_arrow(guarded.select(
        identifier_type=guarded.left_type, identifier=guarded.left,
        seen_with=guarded.right, events=guarded.events, linked_people=guarded.linked_people,
        own_person_id=guarded.person_id,
    ).order_by(["identifier", "seen_with"]))
    persons = engine.table(Tables.persons)
    person = engine.to_arrow(persons.filter(persons.person_id == person_id)).to_pylist()[0]
    account: dict[str, Any] = {}
    in_crm = False
    if person["account_id"] is not None:
        acc = engine.table(Tables.accounts)
        rows = engine.to_arrow(acc.filter(acc.account_id == person["account_id"])).to_pylist()
        account = rows[0] if rows else {}
        raw = engine.table(Tables.accounts_raw)
        in_crm = bool(scalar(engine, raw.filter(raw.account_id == person["account_id"])
                                         .count()))
    return IdentityExplanation(
        key=key, person_id=person_id,
        identifiers=TableResult(mine, f"identifiers of {person_id}"),
        links=TableResult(_links(engine, ids), f"events linking the identifiers of {person_id}"),
        not_merged=TableResult(not_merged, "identifiers kept apart by the over-merge guard"),
        account_id=person["account_id"], account_match=person["account_match"],
        account_name=account.get("name"), account_domain=account.get("domain"),
        account_in_crm=in_crm,
    )
