"""The load plan of the demo: where each file is, its source, and its mapping file (TOML
following docs/mapping.md). Accounts load first so events find their companies."""

from __future__ import annotations

from dataclasses import dataclass

import tomli_w

from journeymap.demo.crm import TYPES


@dataclass(frozen=True)
class SourceFile:
    """One data file of the demo and the mapping that loads it."""

    file: str  # relative to the output folder
    source: str
    mapping: dict


def _ts(formats: list[str] | None, timezone: str) -> dict:
    return {"formats": formats or [], "timezone": timezone}


_WEB_COLUMNS = {
    "messageId": "event_id", "timestamp": "ts", "anonymousId": "anonymous_id",
    "userId": "user_id", "context.traits.email": "email", "event": "touchpoint",
    "context.campaign.source": "utm_source", "context.campaign.medium": "utm_medium",
    "context.campaign.name": "utm_campaign", "context.page.referrer": "referrer",
}


def _ads(name: str, ts_col: str, click: str, visitor: str, campaign: str, utm: tuple[str, str],
         channel: str, ts: dict, encoding: str = "utf-8") -> dict:
    return {
        "source": {"name": name, "kind": "events", "format": "csv", "encoding": encoding},
        "columns": {click: "event_id", ts_col: "ts", visitor: "anonymous_id",
                    campaign: "utm_campaign"},
        "constants": {"touchpoint": "ad_click", "channel": channel, "utm_source": utm[0],
                      "utm_medium": utm[1]},
        "timestamp": ts,
    }


def source_files() -> list[SourceFile]:
    """Every file of the demo in load order, accounts first."""
    seoul = "Asia/Seoul"
    return [
        SourceFile("data/crm/accounts.csv", "crm_accounts", {
            "source": {"name": "crm_accounts", "kind": "accounts", "format": "csv"},
            "columns": {"Account ID": "account_id", "회사명": "name", "Domain": "domain",
                        "Industry": "industry", "Employees": "size", "Region": "region"},
        }),
        SourceFile("data/crm/contacts.csv", "crm_contacts", {
            "source": {"name": "crm_contacts", "format": "csv"},
            "columns": {"Contact ID": "event_id", "Email": "email", "Account ID": "account_id",
                        "Created Date": "ts"},
            "constants": {"touchpoint": "contact_created", "channel": "sales"},
            "timestamp": _ts(["%Y-%m-%d %H:%M:%S"], seoul),
        }),
        SourceFile("data/crm/activities.csv", "crm_activities", {
            "source": {"name": "crm_activities", "format": "csv"},
            "columns": {"Activity ID": "event_id", "Contact Email": "email",
                        "Account ID": "account_id", "Activity Date": "ts", "Type": "touchpoint",
                        "Amount": "value"},
            "constants": {"channel": "sales"},
            "values": {"touchpoint": dict(TYPES)},
            "timestamp": _ts(["%Y-%m-%d %H:%M"], seoul),
        }),
        SourceFile("data/web/hanbitcloud_events.ndjson", "web", {
            "source": {"name": "web", "format": "ndjson"},
            "columns": _WEB_COLUMNS,
            "templates": {"touchpoint": "page_view:{context.page.path}"},
            "values": {"touchpoint": {"Form Submitted": "form_submitted",
                                      "Demo Requested": "demo_request", "Signed Up": "signup",
                                      "Logged In": "login"}},
            "timestamp": _ts(None, "UTC"),
            "properties": {"columns": ["context.page.path"], "rest": True},
        }),
        SourceFile("data/ads/google_ads_clicks.csv", "google_ads", _ads(
            "google_ads", "Click time", "GCLID", "Visitor ID", "Campaign", ("google", "cpc"),
            "paid_search", _ts(["%Y-%m-%d %H:%M:%S"], seoul))),
        SourceFile("data/ads/naver_searchad_clicks.csv", "naver_searchad", _ads(
            "naver_searchad", "클릭일시", "클릭ID", "방문자ID", "캠페인", ("naver", "cpc"),
            "paid_search", _ts(["%Y.%m.%d %H:%M:%S"], seoul), encoding="utf-8-sig")),
        SourceFile("data/ads/meta_ads_clicks.csv", "meta_ads", _ads(
            "meta_ads", "click_time", "fbclid", "visitor_id", "campaign_name",
            ("meta", "paid_social"), "paid_social", _ts(None, seoul))),
        SourceFile("data/ads/linkedin_ads_clicks.csv", "linkedin_ads", _ads(
            "linkedin_ads", "Click Time (UTC)", "Click ID", "Visitor ID", "Campaign Name",
            ("linkedin", "paid_social"), "paid_social", _ts(["%m/%d/%Y %H:%M:%S"], "UTC"))),
        SourceFile("data/email/newsletter_export.csv", "newsletter", {
            "source": {"name": "newsletter", "format": "csv", "encoding": "cp949"},
            "columns": {"이메일": "email", "이벤트": "touchpoint", "이벤트일시": "ts",
                        "캠페인": "utm_campaign"},
            "constants": {"channel": "email", "utm_source": "newsletter", "utm_medium": "email"},
            "values": {"touchpoint": {"발송": "newsletter_sent", "열람": "newsletter_opened",
                                      "클릭": "newsletter_clicked"}},
            "timestamp": _ts(["%Y.%m.%d %H:%M"], seoul),
        }),
        SourceFile("data/webinar/webinar_attendance.xlsx", "webinar", {
            "source": {"name": "webinar", "format": "xlsx", "sheet": "Attendees"},
            "columns": {"Registrant Email": "email", "Time (KST)": "ts", "Status": "touchpoint"},
            "constants": {"channel": "webinar"},
            "values": {"touchpoint": {"Registered": "webinar_registered",
                                      "Attended": "webinar_attended"}},
            "timestamp": _ts(["%Y-%m-%d %H:%M:%S"], seoul),
        }),
        SourceFile("data/events/booth_scans.csv", "field_events", {
            "source": {"name": "field_events", "format": "csv"},
            "columns": {"Badge ID": "event_id", "Email": "email", "Scan Time": "ts"},
            "constants": {"touchpoint": "event_attended", "channel": "event"},
            "timestamp": _ts(["%Y/%m/%d %H:%M"], seoul),
        }),
        SourceFile("data/support/tickets.ndjson", "support", {
            "source": {"name": "support", "format": "ndjson"},
            "columns": {"ticket_id": "event_id", "created_at": "ts", "requester.email": "email",
                        "body": "text"},
            "constants": {"touchpoint": "ticket_opened", "channel": "support"},
            "timestamp": _ts(["%Y-%m-%d %H:%M:%S"], seoul),
        }),
        SourceFile("data/survey/survey_responses.csv", "survey", {
            "source": {"name": "survey", "format": "csv"},
            "columns": {"response_id": "event_id", "submitted_at": "ts", "email": "email",
                        "survey": "touchpoint", "score": "rating", "comment": "text"},
            "values": {"touchpoint": {"nps": "nps_response", "csat": "csat_response"}},
            "properties": {"columns": ["survey"], "rest": True},
        }),
        SourceFile("data/shop/shop_events.ndjson", "shop_web", {
            "source": {"name": "shop_web", "format": "ndjson"},
            "columns": {**_WEB_COLUMNS, "properties.revenue": "value"},
            "templates": {"touchpoint": "page_view:{context.page.path}"},
            "values": {"touchpoint": {"Signed Up": "signup", "Logged In": "login",
                                      "Product Added": "add_to_cart",
                                      "Order Completed": "purchase"}},
            "properties": {"columns": ["context.page.path"], "rest": True},
        }),
        SourceFile("data/shop/orders.csv", "shop_orders", {
            "source": {"name": "shop_orders", "format": "csv"},
            "columns": {"주문번호": "event_id", "주문일시": "ts", "고객이메일": "email",
                        "결제금액": "value"},
            "constants": {"touchpoint": "purchase"},
            "timestamp": _ts(["%Y-%m-%d %H:%M:%S"], seoul),
        }),
    ]


def mapping_toml(item: SourceFile) -> str:
    """The mapping file text, with a comment saying what the file is."""
    return f"# mapping for {item.file} (journeymap demo data; see docs/mapping.md)\n" + \
        tomli_w.dumps(item.mapping)


def plan_toml(items: list[SourceFile]) -> str:
    """``sources.toml``: paths are relative to the file itself."""
    loads = [{"file": i.file, "source": i.source, "mapping": f"mappings/{i.source}.toml"}
             for i in items]
    return "# load plan of the journeymap demo data: accounts first\n" + \
        tomli_w.dumps({"load": loads})
