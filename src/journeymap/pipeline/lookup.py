"""Finding a person or an account by whatever key a user has at hand.

People ask about "kim@acme.co.kr" or a CRM account id, not about ``p_1a2b...``; every
question (journey, explain, forget) resolves its key here, the same way: a person_id, an
account_id, any identifier (email, user_id, anonymous_id), or ``type:identifier``
(``email:kim@acme.co.kr``) when one string is an identifier of two kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.engine import Engine
from journeymap.errors import NotBuiltError, NotFoundError
from journeymap.pipeline.identity import ID_TYPES
from journeymap.pipeline.scalars import scalar
from journeymap.schema import Tables

BUILD_HINT = "run journeymap build"


def require_built(engine: Engine, *tables: str) -> None:
    """Raise :class:`NotBuiltError` unless the build has written ``tables``."""
    for name in (Tables.build_info, *tables):
        if not engine.has(name):
            raise NotBuiltError(f"table '{name}' does not exist yet", hint=BUILD_HINT,
                                code="build.not_built", params={"table": name})


@dataclass(frozen=True)
class Resolved:
    """What a key named: a person (``person_id``) or an account (``account_id``)."""

    key: str
    person_id: str | None = None
    account_id: str | None = None


def find_person(engine: Engine, key: str) -> str | None:
    """The person_id a key names, or None; ambiguity is an error naming the fix."""
    persons = engine.table(Tables.persons)
    person_id = key.removeprefix("person:")
    if scalar(engine, persons.filter(persons.person_id == person_id).count()):
        return person_id
    ids = engine.table(Tables.identities)
    typ, _, value = key.partition(":")
    if typ in ID_TYPES and value:
        cond = (ids.identifier_type == typ) & (ids.identifier == value)
    else:
        cond = (ids.identifier == key) | (
            (ids.identifier_type == "email") & (ids.identifier == key.strip().lower()))
    found = sorted(set(engine.to_arrow(ids.filter(cond).select("person_id"))
                       .column("person_id").to_pylist()))
    if len(found) > 1:
        raise NotFoundError(
            f"'{key}' is an identifier of {len(found)} people ({', '.join(found)})",
            hint="give the type too, e.g. 'email:…', 'user_id:…', or a person_id",
            code="lookup.ambiguous", params={"key": key, "n": len(found), "people": found},
        )
    return found[0] if found else None


def resolve(engine: Engine, key: str, accounts: bool = True) -> Resolved:
    """A person (by person_id or identifier) or, if ``accounts``, an account id."""
    require_built(engine, Tables.persons, Tables.identities, Tables.accounts)
    person = find_person(engine, key)
    if person is not None:
        return Resolved(key, person_id=person)
    if accounts:
        acc = engine.table(Tables.accounts)
        account_id = key.removeprefix("account:")
        if scalar(engine, acc.filter(acc.account_id == account_id).count()):
            return Resolved(key, account_id=account_id)
    raise NotFoundError(
        f"no person{' or account' if accounts else ''} is known by '{key}'",
        hint="use a person_id, email, user_id, anonymous_id"
        + (" or account_id" if accounts else ""),
        code="lookup.unknown_key" if accounts else "lookup.unknown_person",
        params={"key": key},
    )
