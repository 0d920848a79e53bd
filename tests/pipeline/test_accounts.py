"""Accounts: CRM account ids first, then corporate email domains; free mail never."""

from __future__ import annotations

from .literal import built, rows

RECORDS = [
    {"account_id": "A1", "name": "Acme", "domain": "https://www.acme.co.kr/", "industry": "SaaS",
     "size": "51-200", "region": "Seoul"},
    {"account_id": "A2", "name": "Beta", "domain": "beta.com"},
]


def test_person_account_matching(make_ws):
    engine = built(make_ws, [
        {"email": "kim@acme.co.kr", "account_id": "A2", "touchpoint": "signup"},
        {"email": "kim@acme.co.kr", "account_id": "A1", "touchpoint": "mql"},
        {"email": "kim@acme.co.kr", "account_id": "A1", "touchpoint": "sql"},
        {"email": "park@acme.co.kr", "touchpoint": "signup"},
        {"email": "sha256:9f86d081884c7d65@beta.com", "touchpoint": "signup"},
        {"email": "choi@newco.io", "touchpoint": "signup"},
        {"email": "lee@naver.com", "touchpoint": "signup"},
        {"email": "jo@gmail.com", "touchpoint": "signup"},
        {"email": "han@mycoop.kr", "touchpoint": "signup"},
        {"account_id": "A3", "source": "crm", "touchpoint": "opportunity_created"},
    ], RECORDS, identity={"free_mail_domains_extra": ["MyCoop.kr"]})
    persons = rows(engine, "persons", "email", ["email", "account_id", "account_match"])
    assert persons == [
        {"email": "choi@newco.io", "account_id": "domain:newco.io",
         "account_match": "email_domain"},
        {"email": "han@mycoop.kr", "account_id": None, "account_match": "none"},
        {"email": "jo@gmail.com", "account_id": None, "account_match": "none"},
        {"email": "kim@acme.co.kr", "account_id": "A1", "account_match": "crm_account_id"},
        {"email": "lee@naver.com", "account_id": None, "account_match": "none"},
        {"email": "park@acme.co.kr", "account_id": "A1", "account_match": "email_domain"},
        {"email": "sha256:9f86d081884c7d65@beta.com", "account_id": "A2",
         "account_match": "email_domain"},
    ]
    assert rows(engine, "accounts", "account_id") == [
        {"account_id": "A1", "name": "Acme", "domain": "acme.co.kr", "industry": "SaaS",
         "size": "51-200", "region": "Seoul", "persons": 2},
        {"account_id": "A2", "name": "Beta", "domain": "beta.com", "industry": None,
         "size": None, "region": None, "persons": 1},
        {"account_id": "A3", "name": None, "domain": None, "industry": None, "size": None,
         "region": None, "persons": 0},
        {"account_id": "domain:newco.io", "name": None, "domain": "newco.io", "industry": None,
         "size": None, "region": None, "persons": 1},
    ]


def test_account_level_events_join_the_account_journey_only(make_ws):
    engine = built(make_ws, [
        {"email": "kim@acme.co.kr", "touchpoint": "signup"},
        {"account_id": "A1", "source": "crm", "touchpoint": "deal_won", "value": 5000.0},
    ], RECORDS)
    journeys = rows(engine, "journeys", "journey_id",
                    ["journey_id", "touches", "persons", "converted", "value"])
    assert journeys[0] == {"journey_id": "account:A1", "touches": 2, "persons": 1,
                           "converted": True, "value": 5000.0}
    assert journeys[1]["touches"] == 1 and journeys[1]["converted"] is False


def test_free_mail_list_has_korean_providers():
    from journeymap.pipeline.accounts import free_mail_domains

    assert {"naver.com", "daum.net", "hanmail.net", "kakao.com", "nate.com", "gmail.com",
            "x.io"} <= free_mail_domains(["X.io "])


def test_colleagues_join_the_crm_account_most_people_of_their_domain_have(make_ws):
    # no account record names these domains: only colleagues with CRM ids can tell
    engine = built(make_ws, [
        *({"email": f"{name}@gamma.kr", "account_id": acc, "touchpoint": "signup"}
          for name, acc in (("a", "G2"), ("b", "G2"), ("c", "G1"))),
        {"email": "new@gamma.kr", "touchpoint": "signup"},
        # a tie between two accounts: the smaller id wins
        *({"email": f"{name}@delta.kr", "account_id": acc, "touchpoint": "signup"}
          for name, acc in (("d", "D2"), ("e", "D1"))),
        {"email": "new@delta.kr", "touchpoint": "signup"},
        {"email": "solo@omega.kr", "touchpoint": "signup"},
    ], RECORDS)
    persons = {r["email"]: (r["account_id"], r["account_match"])
               for r in rows(engine, "persons", "email", ["email", "account_id",
                                                          "account_match"])}
    assert persons == {
        "a@gamma.kr": ("G2", "crm_account_id"), "b@gamma.kr": ("G2", "crm_account_id"),
        "c@gamma.kr": ("G1", "crm_account_id"), "new@gamma.kr": ("G2", "email_domain"),
        "d@delta.kr": ("D2", "crm_account_id"), "e@delta.kr": ("D1", "crm_account_id"),
        "new@delta.kr": ("D1", "email_domain"),
        "solo@omega.kr": ("domain:omega.kr", "email_domain"),
    }
