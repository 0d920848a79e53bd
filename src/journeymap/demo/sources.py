"""How each demo file is written and damaged: its sink options and its planted defects.

Defects follow the rejection reasons of docs/mapping.md; each file gets the ones its
format and mapping make possible (an XLSX sheet has no ragged rows, a CSV has no broken
JSON line).
"""

from __future__ import annotations

import polars as pl

from journeymap.demo import texts
from journeymap.demo.corrupt import Defect

BAD_TS = "2026-13-45 25:61:00"
PARSE_CSV = Defect("parse_error", "", line="ragged")
PARSE_JSON = Defect("parse_error", "", line="broken")

#: file -> sink options
SINKS: dict[str, dict] = {
    "data/ads/naver_searchad_clicks.csv": {"encoding": "utf-8-sig"},
    "data/email/newsletter_export.csv": {"encoding": "cp949"},
    "data/webinar/webinar_attendance.xlsx": {"sheet": "Attendees",
                                             "datetime_columns": ("Time (KST)",)},
}

_WEB = (
    PARSE_JSON,
    Defect("cast_error", "ts", ("timestamp",), "2026-13-45T25:61:00Z"),
    Defect("schema_violation", "touchpoint", ("context.page.path",), None,
           where=pl.col("type") == "page"),
    Defect("missing_identifier", "", ("anonymousId", "userId", "context.traits.email"), None),
)


def _ads(ts: str, visitor: str) -> tuple[Defect, ...]:
    return (PARSE_CSV, Defect("cast_error", "ts", (ts,), BAD_TS),
            Defect("missing_identifier", "", (visitor,), None))


DEFECTS: dict[str, tuple[Defect, ...]] = {
    "data/crm/contacts.csv": (
        PARSE_CSV, Defect("cast_error", "ts", ("Created Date",), "2026-02-30 10:00:00"),
        Defect("missing_identifier", "", ("Email", "Account ID"), None),
    ),
    "data/crm/activities.csv": (
        PARSE_CSV, Defect("cast_error", "value", ("Amount",), "TBD",
                          where=pl.col("Amount").is_not_null()),
        Defect("cast_error", "ts", ("Activity Date",), "2026-13-45 10:00"),
        Defect("schema_violation", "touchpoint", ("Type",), None),
    ),
    "data/web/hanbitcloud_events.ndjson": _WEB,
    "data/ads/google_ads_clicks.csv": _ads("Click time", "Visitor ID"),
    "data/ads/naver_searchad_clicks.csv": _ads("클릭일시", "방문자ID"),
    "data/ads/meta_ads_clicks.csv": _ads("click_time", "visitor_id"),
    "data/ads/linkedin_ads_clicks.csv": _ads("Click Time (UTC)", "Visitor ID"),
    "data/email/newsletter_export.csv": (
        PARSE_CSV, Defect("cast_error", "ts", ("이벤트일시",), "2026.13.45 25:61"),
        Defect("schema_violation", "touchpoint", ("이벤트",), None),
        Defect("missing_identifier", "", ("이메일",), None),
    ),
    "data/webinar/webinar_attendance.xlsx": (
        Defect("cast_error", "ts", ("Time (KST)",), "2026-13-45 14:00"),
        Defect("missing_identifier", "", ("Registrant Email",), None),
    ),
    "data/events/booth_scans.csv": (
        PARSE_CSV, Defect("cast_error", "ts", ("Scan Time",), "2026/13/45 25:61"),
        Defect("missing_identifier", "", ("Email",), None),
    ),
    "data/support/tickets.ndjson": (
        PARSE_JSON, Defect("missing_identifier", "", ("requester.email",), None),
        Defect("size_violation", "text", ("body",), texts.long_log()),
    ),
    "data/survey/survey_responses.csv": (
        PARSE_CSV, Defect("cast_error", "rating", ("score",), "N/A"),
        Defect("missing_identifier", "", ("email",), None),
    ),
    "data/shop/shop_events.ndjson": _WEB,
    "data/shop/orders.csv": (
        PARSE_CSV, Defect("cast_error", "value", ("결제금액",), "TBD"),
        Defect("missing_identifier", "", ("고객이메일",), None),
    ),
}
