"""One shard of the demo world: its people and every source's rows, before writing."""

from __future__ import annotations

import numpy as np
import polars as pl

from journeymap.demo import ads, clock, crm, live, newsletter, people, shop, voice
from journeymap.demo.b2b_web import b2b_web
from journeymap.demo.ids import random_text

#: Population per requested event, tuned so the files hold about that many rows.
ACCOUNTS_PER_EVENT = 1 / 100
B2B_VISITORS_PER_EVENT = 1 / 48
SHOPPERS_PER_EVENT = 1 / 64
SHOP_VISITORS_PER_EVENT = 1 / 74
WEBINAR_DUP, BOOTH_DUP = 0, 1_000_000_000

PERSON_COLUMNS = {
    "person_no": pl.Int64, "person_id": pl.String, "kind": pl.String, "account_no": pl.Int64,
    "account_id": pl.String, "company": pl.String, "is_global": pl.Boolean, "outcome": pl.String,
    "role": pl.String, "t0": pl.Int64, "t_id": pl.Int64, "t_end": pl.Int64,
    "id_event": pl.String, "user_id": pl.String, "anon1": pl.String, "anon2": pl.String,
    "name": pl.String, "email": pl.String, "title": pl.String, "web": pl.Boolean,
    "subscribed": pl.Boolean, "shared": pl.Boolean,
}


def build_shard(rng: np.random.Generator, target: float, numbering: people.Numbering, shard: int,
                ) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, pl.DataFrame], pl.DataFrame]:
    """(accounts, persons, rows per data file, accounts export) for ``target`` events."""
    accounts = people.make_accounts(rng, max(1, round(target * ACCOUNTS_PER_EVENT)), numbering)
    contacts = people.make_contacts(rng, accounts, numbering).join(
        accounts.select("account_no", "outcome", "is_global", pl.col("name").alias("company")),
        on="account_no", how="left", maintain_order="left")
    b2b_vis = people.make_visitors(rng, round(target * B2B_VISITORS_PER_EVENT), numbering,
                                   "b2b_visitor")
    shoppers = people.make_shoppers(rng, max(1, round(target * SHOPPERS_PER_EVENT)), numbering)
    shop_vis = people.make_visitors(rng, round(target * SHOP_VISITORS_PER_EVENT), numbering,
                                    "b2c_visitor")
    persons = pl.concat([_uniform(f) for f in (contacts, b2b_vis, shoppers, shop_vis)])
    contacts, b2b_vis = _uniform(contacts), _uniform(b2b_vis)
    shoppers, shop_vis = _uniform(shoppers), _uniform(shop_vis)

    news, email_visits = newsletter.newsletter(rng, contacts)
    web_rows, b2b_clicks = b2b_web(rng, contacts, b2b_vis, accounts, email_visits)
    shop_rows, orders, shop_clicks = shop.shop(rng, shoppers, shop_vis, f"ORD-{shard:03d}-")
    ad_rows = ads.ad_exports(rng, pl.concat([b2b_clicks, shop_clicks], how="diagonal_relaxed"))
    webinar = _candidates(live.webinars(rng, contacts), "webinar_attended", WEBINAR_DUP)
    booths = _candidates(live.booth_scans(rng, contacts), "event_attended", BOOTH_DUP)
    activities = crm.activity_export(rng, accounts, contacts, [
        (webinar.filter(pl.col("_dup") >= 0), "Webinar Attended"),
        (booths.filter(pl.col("_dup") >= 0), "Trade Show Visit"),
    ])
    copied = activities["_dup"].filter(activities["_dup"] >= 0).implode()
    webinar, booths = _originals(webinar, copied), _originals(booths, copied)
    customers = persons.filter(pl.col("kind").is_in(["b2b_contact", "b2c_customer"]))
    tickets = voice.tickets(rng, customers)
    surveys = voice.surveys(rng, customers, tickets)
    rows = {
        "data/crm/contacts.csv": crm.contact_export(rng, contacts),
        "data/crm/activities.csv": activities.with_columns(
            pl.concat_str(pl.lit(f"00T{shard:03d}"), pl.col("Activity ID").str.slice(3))
            .alias("Activity ID")),
        "data/web/hanbitcloud_events.ndjson": _segment(rng, web_rows),
        **{f"data/ads/{stem}_clicks.csv": ad_rows[stem] for stem in sorted(ad_rows)},
        "data/email/newsletter_export.csv": news,
        "data/webinar/webinar_attendance.xlsx": webinar,
        "data/events/booth_scans.csv": booths,
        "data/support/tickets.ndjson": _prefix(tickets, "ticket_id", f"T-{shard:03d}"),
        "data/survey/survey_responses.csv": _prefix(surveys, "response_id", f"R{shard:03d}"),
        "data/shop/shop_events.ndjson": _segment(rng, shop_rows),
        "data/shop/orders.csv": orders,
    }
    return accounts, persons, rows, crm.account_export(rng, accounts)


def _uniform(frame: pl.DataFrame) -> pl.DataFrame:
    """Persons of every kind with the same columns (missing ones null)."""
    defaults = {"account_no": -1, "is_global": False, "web": False, "subscribed": False,
                "shared": False}
    return frame.select([
        (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t)
        .fill_null(defaults.get(c)).alias(c) if c in defaults else
        (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in PERSON_COLUMNS.items()
    ])


def _candidates(frame: pl.DataFrame, touchpoint: str, base: int) -> pl.DataFrame:
    """Give each row of ``touchpoint`` a pair key; CRM copies some of them."""
    hit = (frame["_touchpoint"] == touchpoint).to_numpy()
    keys = np.where(hit, base + np.cumsum(hit) - 1, -1)
    return frame.with_columns(_dup=pl.Series(keys, dtype=pl.Int64))


def _originals(frame: pl.DataFrame, copied: pl.Series) -> pl.DataFrame:
    """Keep pair keys only on rows CRM copied; they are the original records."""
    was = pl.col("_dup").is_in(copied)
    return frame.with_columns(
        _dup=pl.when(was).then(pl.col("_dup")).otherwise(-1),
        _dup_role=pl.when(was).then(1).otherwise(0).cast(pl.Int8),
    )


def _prefix(frame: pl.DataFrame, column: str, prefix: str) -> pl.DataFrame:
    return frame.with_columns(pl.concat_str(pl.lit(prefix), pl.col(column).str.slice(1)).alias(
        column))


def _segment(rng: np.random.Generator, rows: pl.DataFrame) -> pl.DataFrame:
    """Segment's field names and order: messageId, timestamp (ms, Z), type, event, ids,
    then ``context`` and ``properties`` as dotted names the writer nests."""
    n = len(rows)
    ms = rows["_ts"].to_numpy() * 1000 + rng.integers(0, 1000, n)
    extra = [c for c in rows.columns if c.startswith("properties.")]
    return rows.with_columns(
        messageId=pl.lit("ajs-") + random_text(rng, n, 32),
        timestamp=pl.DataFrame({"t": ms}).select(
            clock.fmt_utc("t", "%Y-%m-%dT%H:%M:%S%.3fZ", "ms")).to_series(),
    ).rename({
        "path": "context.page.path", "referrer": "context.page.referrer",
        "utm_source": "context.campaign.source", "utm_medium": "context.campaign.medium",
        "utm_campaign": "context.campaign.name", "email": "context.traits.email",
    }).select(
        "messageId", "timestamp", "type", "event", "anonymousId", "userId", "context.page.path",
        "context.page.referrer", "context.campaign.source", "context.campaign.medium",
        "context.campaign.name", "context.traits.email", *extra,
        *[c for c in rows.columns if c.startswith("_")],
    )

