"""The customer's voice: support tickets (NDJSON from the help desk) and NPS / CSAT survey
responses (CSV), in Korean and English."""

from __future__ import annotations

import numpy as np
import polars as pl

from journeymap.demo import clock, frames, texts
from journeymap.demo.clock import DAY
from journeymap.demo.ids import gather


def tickets(rng: np.random.Generator, persons: pl.DataFrame) -> pl.DataFrame:
    """Tickets of customers after the win (B2B), of trial users, and of shoppers."""
    t_id, t_end = persons["t_id"].to_numpy(), persons["t_end"].to_numpy()
    b2b = (persons["kind"] == "b2b_contact").to_numpy()
    won = persons["outcome"].eq("won").fill_null(False).to_numpy()
    trial = persons["user_id"].is_not_null().to_numpy() & b2b
    after = np.maximum(clock.NOW - t_end - 7 * DAY, 0) / (30 * DAY)
    n_after = np.where(won, np.minimum(rng.poisson(0.12 * after), 8), 0)
    n_trial = np.where(trial, rng.poisson(0.2, len(persons)), 0)
    n_shop = np.where(~b2b, rng.poisson(0.25, len(persons)), 0)
    who, ts = [], []
    for count, lo, hi in ((n_after, t_end + 7 * DAY, np.full(len(persons), clock.NOW)),
                          (n_trial, t_id, t_end), (n_shop, t_id, np.full(len(persons), clock.NOW))):
        w = np.repeat(np.arange(len(persons)), count)
        who.append(w)
        ts.append(clock.uniform_between(rng, lo[w], hi[w]))
    who, ts = np.concatenate(who), np.concatenate(ts)
    sel = persons[who]
    n = len(sel)
    english = sel["is_global"].fill_null(False).to_numpy() | (rng.random(n) < 0.1)
    subject = texts.pick(rng, texts.TICKET_SUBJECTS_EN, n).zip_with(
        pl.Series(english), texts.pick(rng, texts.TICKET_SUBJECTS_KO, n))
    body = texts.compose(rng, texts.TICKET_BODY_EN, n, 3).zip_with(
        pl.Series(english), texts.compose(rng, texts.TICKET_BODY_KO, n, 3))
    df = pl.DataFrame({
        "ticket_id": pl.Series([f"T-{i:07d}" for i in rng.permutation(n)]),
        "created_at": pl.Series(ts),
        "requester.email": sel["email"],
        "requester.name": sel["name"],
        "subject": subject,
        "body": body,
        "priority": gather(("low", "normal", "high", "urgent"),
                           rng.choice(4, n, p=[.3, .5, .15, .05])),
        "status": gather(("solved", "open", "pending"), rng.choice(3, n, p=[.8, .1, .1])),
        "channel": gather(("email", "chat", "phone"), rng.choice(3, n, p=[.5, .4, .1])),
        "language": pl.Series(np.where(english, "en", "ko")),
        **frames.truth(sel["person_no"], sel["account_no"], ts, "ticket_opened", "support"),
    }).with_columns(clock.fmt_kst("created_at", "%Y-%m-%d %H:%M:%S"))
    return frames.concat([df])


def surveys(rng: np.random.Generator, persons: pl.DataFrame, ticket_rows: pl.DataFrame,
            ) -> pl.DataFrame:
    """CSAT after some tickets, NPS every quarter for some B2B customers, once for shoppers."""
    after = ticket_rows.filter(pl.Series(rng.random(len(ticket_rows)) < 0.35))
    csat_ts = after["_ts"].to_numpy() + rng.integers(DAY, 4 * DAY, len(after))
    keep = csat_ts < clock.NOW
    after, csat_ts = after.filter(pl.Series(keep)), csat_ts[keep]
    won = persons["outcome"].eq("won").fill_null(False).to_numpy()
    since_win = np.maximum(clock.NOW - persons["t_end"].to_numpy(), 0)
    quarters = np.where(won, since_win // (90 * DAY), 0)
    shop = (persons["kind"] == "b2c_customer").to_numpy() & (rng.random(len(persons)) < 0.2)
    q = np.repeat(np.arange(len(persons)), quarters)
    k = np.arange(len(q)) - np.repeat(np.cumsum(quarters) - quarters, quarters)
    answer = rng.random(len(q)) < 0.3
    q, k = q[answer], k[answer]
    nps_ts = persons["t_end"].to_numpy()[q] + k * 90 * DAY + rng.integers(0, 30 * DAY, len(q))
    s = np.flatnonzero(shop)
    s_ts = persons["t_id"].to_numpy()[s] + rng.integers(7 * DAY, 30 * DAY, len(s))
    nps_who = np.concatenate([q, s])
    nps_ts = np.concatenate([nps_ts, s_ts])
    ok = nps_ts < clock.NOW
    nps_who, nps_ts = nps_who[ok], nps_ts[ok]
    n_csat, n_nps = len(after), len(nps_who)
    nps = rng.choice(11, n_nps, p=[.02, .02, .03, .03, .04, .06, .08, .14, .2, .18, .2])
    csat = rng.choice(5, n_csat, p=[.06, .09, .2, .35, .3]) + 1
    nps_sel = persons[nps_who]
    band = np.where(nps <= 6, 0, np.where(nps <= 8, 1, 2))
    nps_text = _comments(rng, texts.NPS_COMMENTS, ("detractor", "passive", "promoter"), band)
    c_band = np.where(csat <= 2, 0, np.where(csat == 3, 1, 2))
    csat_text = _comments(rng, texts.CSAT_COMMENTS, ("low", "mid", "high"), c_band)
    shop_nps = (nps_sel["kind"] == "b2c_customer").to_numpy()
    nps_text = _comments(rng, texts.SHOP_COMMENTS, ("low", "mid", "high"), band).zip_with(
        pl.Series(shop_nps), nps_text)
    none = pl.Series([None] * (n_csat + n_nps), dtype=pl.String)
    comment = pl.concat([csat_text, nps_text])
    comment = comment.zip_with(pl.Series(rng.random(len(comment)) < 0.6), none)
    ts = np.concatenate([csat_ts, nps_ts])
    df = pl.DataFrame({
        "submitted_at": pl.Series(ts),
        "email": pl.concat([after["requester.email"], nps_sel["email"]]),
        "survey": pl.Series(["csat"] * n_csat + ["nps"] * n_nps, dtype=pl.String),
        "score": pl.Series(np.concatenate([csat, nps])).cast(pl.String),
        "comment": comment,
        "ticket_id": pl.concat([after["ticket_id"], none.head(n_nps)]),
        **frames.truth(pl.concat([after["_person"], nps_sel["person_no"]]),
                       pl.concat([after["_account"], nps_sel["account_no"]]), ts,
                       pl.Series(["csat_response"] * n_csat + ["nps_response"] * n_nps),
                       "survey"),
    }).with_columns(clock.fmt_kst("submitted_at", "%Y-%m-%dT%H:%M:%S+09:00"))
    df = frames.concat([df])
    return df.with_columns(pl.Series("response_id", [f"R{i:08d}" for i in range(len(df))])).select(
        "response_id", pl.exclude("response_id"))


def _comments(rng: np.random.Generator, table: dict[str, tuple[str, ...]], bands: tuple[str, ...],
              band: np.ndarray) -> pl.Series:
    options = [texts.pick(rng, table[b], len(band)) for b in bands]
    out = options[0]
    for i in (1, 2):
        out = options[i].zip_with(pl.Series(band == i), out)
    return out
