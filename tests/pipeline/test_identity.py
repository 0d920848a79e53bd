"""Identity: transitive merges, the over-merge guard, stable person ids, link tables."""

from __future__ import annotations

import hashlib

from .literal import at, built, person_of, rows

CHAIN = [
    {"anonymous_id": "a1", "touchpoint": "page_view:/"},                         # e1
    {"anonymous_id": "a1", "email": "kim@acme.co.kr", "touchpoint": "signup"},   # e2
    {"user_id": "u1", "email": "kim@acme.co.kr", "touchpoint": "login"},         # e3
    {"anonymous_id": "a2", "user_id": "u1", "touchpoint": "login"},              # e4
    {"anonymous_id": "a2", "touchpoint": "page_view:/pricing"},                  # e5
    {"anonymous_id": "zz", "touchpoint": "page_view:/"},                         # e6
    {"account_id": "A1", "source": "crm", "touchpoint": "deal_won"},             # e7
]


def pid(smallest: str) -> str:
    return "p_" + hashlib.md5(smallest.encode()).hexdigest()[:12]


def test_transitive_merge_and_stable_ids(make_ws):
    engine = built(make_ws, CHAIN)
    kim = pid("anonymous_id:a1")  # smallest "type:identifier" of the component
    assert {e: person_of(engine, e) for e in ("e1", "e2", "e3", "e4", "e5", "e6", "e7")} == {
        "e1": kim, "e2": kim, "e3": kim, "e4": kim, "e5": kim,
        "e6": pid("anonymous_id:zz"), "e7": None,
    }
    assert rows(engine, "identities", ["identifier_type", "identifier"],
                ["identifier_type", "identifier", "person_id", "events", "used_for_merge"]) == [
        {"identifier_type": "anonymous_id", "identifier": "a1", "person_id": kim, "events": 2,
         "used_for_merge": True},
        {"identifier_type": "anonymous_id", "identifier": "a2", "person_id": kim, "events": 2,
         "used_for_merge": True},
        {"identifier_type": "anonymous_id", "identifier": "zz",
         "person_id": pid("anonymous_id:zz"), "events": 1, "used_for_merge": True},
        {"identifier_type": "email", "identifier": "kim@acme.co.kr", "person_id": kim,
         "events": 2, "used_for_merge": True},
        {"identifier_type": "user_id", "identifier": "u1", "person_id": kim, "events": 2,
         "used_for_merge": True},
    ]
    links = rows(engine, "identity_links", ["left_type", "left"],
                 ["left", "right", "events", "first_event_id", "used_for_merge"])
    assert links == [
        {"left": "a1", "right": "kim@acme.co.kr", "events": 1, "first_event_id": "e2",
         "used_for_merge": True},
        {"left": "a2", "right": "u1", "events": 1, "first_event_id": "e4",
         "used_for_merge": True},
        {"left": "u1", "right": "kim@acme.co.kr", "events": 1, "first_event_id": "e3",
         "used_for_merge": True},
    ]
    # Rebuilding gives the same ids; adding an unrelated person changes none of them.
    again = built(make_ws, [*CHAIN, {"email": "lee@other.com", "touchpoint": "signup"}])
    assert person_of(again, "e1") == kim and person_of(again, "e6") == pid("anonymous_id:zz")


def shared_device(people: int) -> list[dict]:
    """One kiosk anonymous id used by ``people`` different users, plus one anonymous visit."""
    events = [{"anonymous_id": "kiosk", "email": f"user{i}@corp.com", "touchpoint": "login",
               "ts": at(i)} for i in range(people)]
    return [*events, {"anonymous_id": "kiosk", "touchpoint": "page_view:/", "ts": at(99),
                      "event_id": "anon_only"}]


def test_over_merge_guard(make_ws):
    engine = built(make_ws, shared_device(4), identity={"max_people_per_anonymous_id": 3})
    persons = {r["person_id"] for r in rows(engine, "persons")}
    assert len(persons) == 5  # four users apart, and the kiosk's own anonymous visit
    assert person_of(engine, "anon_only") == pid("anonymous_id:kiosk")
    kiosk = next(r for r in rows(engine, "identities") if r["identifier"] == "kiosk")
    assert (kiosk["used_for_merge"], kiosk["linked_people"]) == (False, 4)
    assert {r["used_for_merge"] for r in rows(engine, "identity_links")} == {False}


def test_guard_limit_is_configurable(make_ws):
    engine = built(make_ws, shared_device(4), identity={"max_people_per_anonymous_id": 4})
    assert len(rows(engine, "persons")) == 1
    assert {r["used_for_merge"] for r in rows(engine, "identities")} == {True}


def test_account_id_never_merges_people(make_ws):
    engine = built(make_ws, [
        {"email": "kim@acme.co.kr", "account_id": "A1", "touchpoint": "signup"},
        {"email": "lee@acme.co.kr", "account_id": "A1", "touchpoint": "signup"},
    ])
    persons = rows(engine, "persons", "email", ["email", "account_id"])
    assert persons == [{"email": "kim@acme.co.kr", "account_id": "A1"},
                       {"email": "lee@acme.co.kr", "account_id": "A1"}]
