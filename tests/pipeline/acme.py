"""One small readable B2B journey, with its numbers worked out by hand in the tests.

Acme (CRM account A1, acme.co.kr): Kim finds the site by a Naver ad, reads pricing and
signs up (one session), attends a webinar that the webinar tool and the CRM both record
(one touch), Park from Acme requests a demo from LinkedIn, the CRM records the won deal on
the account (12,000), and Kim logs in afterwards. Lee (gmail) only signs up.
"""

from __future__ import annotations

from .literal import at

KIM = "kim@acme.co.kr"
EVENTS = [
    {"event_id": "e1", "anonymous_id": "a1", "touchpoint": "page_view:/", "ts": at(0),
     "utm_source": "naver", "utm_medium": "cpc"},
    {"event_id": "e2", "anonymous_id": "a1", "touchpoint": "page_view:/Pricing", "ts": at(5)},
    {"event_id": "e3", "anonymous_id": "a1", "email": KIM, "touchpoint": "signup", "ts": at(10)},
    {"event_id": "e4", "source": "webinar", "email": KIM, "touchpoint": "webinar_attended",
     "ts": at(0, days=3)},
    {"event_id": "e5", "source": "crm", "email": KIM, "touchpoint": "webinar_attendance",
     "ts": at(10, days=3)},
    {"event_id": "e6", "email": "park@acme.co.kr", "touchpoint": "demo_request",
     "referrer": "https://www.linkedin.com/feed/", "ts": at(0, days=5)},
    {"event_id": "e7", "source": "crm", "account_id": "A1", "touchpoint": "deal_won",
     "value": 12000.0, "ts": at(0, days=10)},
    {"event_id": "e8", "email": KIM, "touchpoint": "login", "ts": at(0, days=12)},
    {"event_id": "e9", "email": "lee@gmail.com", "touchpoint": "signup", "ts": at(0, days=1)},
]
ACCOUNTS = [{"account_id": "A1", "name": "Acme", "domain": "acme.co.kr"}]
REJECTED = [
    {"load_id": "l1", "file": "crm.csv", "source": "crm", "row": 7, "field": "ts",
     "raw_value": "yesterday", "reason": "cast_error", "message": "bad time",
     "raw": '{"Email": "Kim@Acme.co.kr", "ts": "yesterday"}', "rejected_at": at(0)},
    {"load_id": "l1", "file": "crm.csv", "source": "crm", "row": 8, "field": "ts",
     "raw_value": "soon", "reason": "cast_error", "message": "bad time",
     "raw": '{"Email": "kim@acme.co.kr.evil.com", "ts": "soon"}', "rejected_at": at(0)},
]
