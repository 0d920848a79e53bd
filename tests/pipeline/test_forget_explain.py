"""Forget erases a person from every table; explain shows why records were merged."""

from __future__ import annotations

import pyarrow as pa
import pytest

from journeymap.errors import NotFoundError
from journeymap.pipeline.build import build
from journeymap.pipeline.forget import forget
from journeymap.pipeline.identity_explain import explain
from journeymap.schema import REJECTED_SCHEMA, Tables

from .acme import ACCOUNTS, EVENTS, KIM, REJECTED
from .literal import at, built, rows
from .test_identity import shared_device
from .test_journeys import KIM_ID


@pytest.fixture
def acme(make_ws):
    engine, settings = make_ws(EVENTS, ACCOUNTS)
    engine.replace(Tables.rejected, pa.Table.from_pylist(
        REJECTED, schema=REJECTED_SCHEMA.to_pyarrow()))
    build(engine, settings)
    return engine


def mentions_kim(row: dict) -> bool:
    return any(v in ("a1", KIM, KIM_ID) for v in row.values())


@pytest.mark.parametrize("key", [KIM, "a1", KIM_ID])
def test_forget_by_any_identifier(acme, key):
    result = forget(acme, key)
    assert result.person_id == KIM_ID and result.identifiers == ["a1", KIM]
    assert result.removed == {
        "events": 6, "rejected": 1, "merges": 1, "identities": 2, "persons": 1, "touches": 5,
        "identity_links": 1, "journeys": 1, "accounts": 0,
    }
    assert result.total == 18
    for table in ("events", "merges", "identities", "identity_links", "persons", "touches",
                  "journeys"):
        assert not [r for r in rows(acme, table) if mentions_kim(r)], table
    assert [r["row"] for r in rows(acme, "rejected")] == [8]
    (account,) = [r for r in rows(acme, "journeys") if r["level"] == "account"]
    assert (account["touches"], account["persons"], account["converted"],
            account["touches_to_convert"], account["first_touch_at"]) == (2, 1, True, 2,
                                                                          at(0, days=5))
    assert [r["persons"] for r in rows(acme, "accounts")] == [1]
    with pytest.raises(NotFoundError):
        forget(acme, key)


def test_forget_last_person_of_a_synthetic_account(make_ws):
    engine = built(make_ws, [{"email": "choi@newco.io", "touchpoint": "signup"}])
    result = forget(engine, "choi@newco.io")
    assert result.removed["accounts"] == 1 and result.removed["journeys"] == 2
    for table in ("events", "persons", "accounts", "journeys", "touches", "identities"):
        assert rows(engine, table) == [], table


def test_explain_merged_person(acme):
    why = explain(acme, KIM)
    assert why.person_id == KIM_ID
    assert [(r["identifier_type"], r["identifier"], r["events"])
            for r in why.identifiers.to_dict()] == [("anonymous_id", "a1", 3), ("email", KIM, 4)]
    (link,) = why.links.to_dict()
    assert (link["left"], link["right"], link["events"], link["event_ids"], link["sources"],
            link["first_seen"]) == ("a1", KIM, 1, ["e3"], ["web"], at(10))
    assert len(why.not_merged) == 0
    assert (why.account_id, why.account_match, why.account_name, why.account_in_crm) == (
        "A1", "email_domain", "Acme", True)
    assert why.to_dict()["links"][0]["event_ids"] == ["e3"]


def test_explain_shows_identifiers_kept_apart(make_ws):
    engine = built(make_ws, shared_device(4))
    why = explain(engine, "user0@corp.com")
    assert [(r["identifier"], r["linked_people"]) for r in why.not_merged.to_dict()] == [
        ("kiosk", 4)]
    assert len(why.links) == 0 and why.account_id == "domain:corp.com"
    with pytest.raises(NotFoundError, match="A1"):
        explain(engine, "A1")
