"""The monthly newsletter: sends, opens and clicks, exported by a Korean email tool
(CP949, Korean headers, Seoul time to the minute). Clicks open web visits."""

from __future__ import annotations

import numpy as np
import polars as pl

from journeymap.demo import clock, frames
from journeymap.demo.ids import gather

EVENT_LABELS = ("발송", "열람", "클릭")
TOUCHPOINTS = ("newsletter_sent", "newsletter_opened", "newsletter_clicked")
MINUTE_FORMAT = "%Y.%m.%d %H:%M"


def newsletter(rng: np.random.Generator, contacts: pl.DataFrame,
               ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows of the newsletter export and the clicks that start a web visit.

    Subscribed contacts receive every send between their identification and their
    unsubscribe date; about a third open a send and a third of openers click.
    """
    sends = clock.newsletter_sends()
    names = clock.newsletter_names()
    sub = contacts.filter(pl.col("subscribed"))
    t_id = sub["t_id"].to_numpy()
    sub_end = np.minimum(
        t_id + ((60 + rng.exponential(300, len(sub))) * clock.DAY).astype(np.int64), clock.NOW
    )
    first = np.searchsorted(sends, t_id)
    count = np.maximum(np.searchsorted(sends, sub_end) - first, 0)
    who = np.repeat(np.arange(len(sub)), count)
    camp = first[who] + np.arange(len(who)) - np.repeat(np.cumsum(count) - count, count)
    sent = sends[camp] + rng.integers(0, 2400, len(who))
    opened = rng.random(len(who)) < 0.35
    open_ts = sent + np.minimum(rng.exponential(6 * 3600, len(who)), 5 * clock.DAY).astype(np.int64)
    opened &= open_ts < clock.NOW
    clicked = opened & (rng.random(len(who)) < 0.3)
    click_ts = open_ts + rng.integers(10, 600, len(who))
    kind = np.concatenate([np.zeros(len(who)), np.ones(opened.sum()), np.full(clicked.sum(), 2)])
    kind = kind.astype(np.int64)
    row_who = np.concatenate([who, who[opened], who[clicked]])
    row_camp = np.concatenate([camp, camp[opened], camp[clicked]])
    ts = np.concatenate([sent, open_ts[opened], click_ts[clicked]])
    ts -= ts % 60  # the tool exports minutes
    email = sub["email"].gather(row_who)
    messy = pl.Series(rng.random(len(row_who)) < 0.05)
    email = (email.str.to_uppercase() + " ").zip_with(messy, email)
    df = pl.DataFrame({
        "이메일": email,
        "이름": sub["name"].gather(row_who),
        "캠페인": names.gather(row_camp),
        "발송일시": pl.Series(sends[row_camp]),
        "이벤트": gather(EVENT_LABELS, kind),
        "이벤트일시": pl.Series(ts),
        "링크": pl.Series(["https://www.hanbitcloud.co.kr/blog/finops-guide"] * len(ts)).zip_with(
            pl.Series(kind == 2), pl.Series([None] * len(ts), dtype=pl.String)),
        **frames.truth(sub["person_no"].gather(row_who), sub["account_no"].gather(row_who), ts,
                       gather(TOUCHPOINTS, kind), "email"),
    }).with_columns(
        clock.fmt_kst("발송일시", MINUTE_FORMAT), clock.fmt_kst("이벤트일시", MINUTE_FORMAT),
    )
    click_rows = np.flatnonzero(kind == 2)
    visits = pl.DataFrame({
        "person_no": df["_person"].gather(click_rows),
        "start": df["_ts"].gather(click_rows) + pl.Series(rng.integers(63, 80, len(click_rows))),
        "campaign": df["캠페인"].gather(click_rows),
    })
    web_people = contacts.filter(pl.col("web"))["person_no"]
    visits = visits.filter(pl.col("person_no").is_in(web_people.implode()))
    return frames.concat([df]), visits
