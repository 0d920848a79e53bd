"""Hanbit Cloud's website: anonymous visits, the form fill or sign-up that identifies a
person, later visits (some on a second device after a login), customers logging in after
the deal, newsletter click-throughs and never-identified visitors."""

from __future__ import annotations

import numpy as np
import polars as pl

from journeymap.demo import clock, frames, web
from journeymap.demo.clock import DAY, HOUR
from journeymap.demo.ids import gather

IDENTIFY = {  # id_event -> (raw event name, canonical touchpoint, form page)
    "form": ("Form Submitted", "form_submitted", "/resources/whitepaper-cloud-cost"),
    "demo": ("Demo Requested", "demo_request", "/demo"),
    "signup": ("Signed Up", "signup", "/signup"),
}


def b2b_web(rng: np.random.Generator, contacts: pl.DataFrame, visitors: pl.DataFrame,
            accounts: pl.DataFrame, email_visits: pl.DataFrame,
            ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The web tracking rows (flat, dotted Segment names) and the ad clicks behind them."""
    wc = contacts.filter(pl.col("web"))
    people = pl.concat([wc.select(_COLS), visitors.select(_COLS)])
    base = int(people["person_no"].min()) if len(people) else 0
    index = np.full(int(people["person_no"].max()) - base + 1 if len(people) else 0, -1)
    index[people["person_no"].to_numpy() - base] = np.arange(len(people))
    t0, t_id, t_end = (people[c].to_numpy() for c in ("t0", "t_id", "t_end"))
    champ = people["role"].eq("champion").fill_null(False).to_numpy()
    known = t_id >= 0
    # before identification (visitors: their whole short life)
    n_pre = np.where(known, np.where(t_id - t0 > 2 * HOUR, 1 + rng.poisson(0.3, len(people)), 0),
                     1 + rng.poisson(0.6, len(people)))
    pre_hi = np.where(known, t_id - HOUR, t_end)
    # after identification, until the deal closes (or the account goes quiet)
    months = np.maximum(t_end - t_id, 0) / (30 * DAY)
    n_post = np.where(known, np.minimum(rng.poisson(np.where(champ, 0.35, 0.1) * months), 12), 0)
    # customers keep logging in after a won deal
    won = people["outcome"].eq("won").fill_null(False).to_numpy()
    won &= people["user_id"].is_not_null().to_numpy()
    since = np.maximum(clock.NOW - t_end, 0) / (30 * DAY)
    n_use = np.where(won, np.minimum(rng.poisson(0.5 * since), 10), 0)
    person, start, phase = [], [], []
    for count, lo, hi, tag in ((n_pre, t0, pre_hi, 0), (n_post, t_id + HOUR, t_end, 1),
                               (n_use, t_end + HOUR, np.full(len(people), clock.NOW), 2)):
        who = np.repeat(np.arange(len(people)), count)
        person.append(who)
        start.append(clock.uniform_between(rng, lo[who], hi[who]))
        phase.append(np.full(len(who), tag))
    ident = np.flatnonzero(known)
    person.append(ident)
    start.append(t_id[ident] - 900)
    phase.append(np.full(len(ident), 3))
    ev = index[email_visits["person_no"].to_numpy() - base]
    person.append(ev)
    start.append(email_visits["start"].to_numpy())
    phase.append(np.full(len(ev), 4))
    who, start, phase = np.concatenate(person), np.concatenate(start), np.concatenate(phase)
    campaign = pl.concat([pl.Series([None] * (len(who) - len(ev)), dtype=pl.String),
                          email_visits["campaign"]])
    entry = web.draw_entries(rng, people["person_no"].to_numpy()[who], start, "b2b")
    entry[phase == 4] = 7
    after = phase != 0
    second = people["anon2"].gather(who).is_not_null().to_numpy() & after & (phase != 3)
    second &= rng.random(len(who)) < 0.5
    anon = people["anon2"].gather(who).zip_with(pl.Series(second), people["anon1"].gather(who))
    uid = people["user_id"].gather(who).zip_with(
        pl.Series(after & (phase != 3)), pl.Series([None] * len(who), dtype=pl.String))
    sess = web.Sessions(
        person=people["person_no"].to_numpy()[who], account=people["account_no"].to_numpy()[who],
        start=start, anon=anon, user_id=uid, entry=entry,
        n_pages=np.where(phase == 3, 1, 1 + np.minimum(rng.poisson(0.6, len(who)), 7)),
        campaign=campaign,
    )
    pages, clicks, _ = web.page_views(rng, sess, "b2b")
    login = uid.is_not_null().to_numpy() & (second | (phase == 2) | (rng.random(len(who)) < 0.25))
    li = np.flatnonzero(login)
    logins = web.tracks(sess.person[li], sess.account[li], start[li] + 1, anon.gather(li),
                        uid.gather(li), pl.Series([None] * len(li), dtype=pl.String),
                        "Logged In", "login", "/login", gather(web.ENTRY_CHANNEL, entry[li]))
    id_channel = gather(web.ENTRY_CHANNEL, entry[phase == 3])
    return frames.concat([pages, logins, *_identify(rng, people, ident, id_channel)]), clicks


_COLS = ("person_no", "account_no", "role", "outcome", "t0", "t_id", "t_end", "id_event",
         "user_id", "anon1", "anon2", "email")


def _identify(rng: np.random.Generator, people: pl.DataFrame, ident: np.ndarray,
              channel: pl.Series) -> list[pl.DataFrame]:
    """The form page and the identifying track call (email trait, user id after sign-up)."""
    sel = people[ident]
    kinds = sel["id_event"].to_list()
    event = pl.Series([IDENTIFY[k][0] for k in kinds], dtype=pl.String)
    touch = pl.Series([IDENTIFY[k][1] for k in kinds], dtype=pl.String)
    path = pl.Series([IDENTIFY[k][2] for k in kinds], dtype=pl.String)
    ts = sel["t_id"].to_numpy()
    n = len(sel)
    none = pl.Series([None] * n, dtype=pl.String)
    signup = pl.Series([k == "signup" for k in kinds])
    person, account = sel["person_no"].to_numpy(), sel["account_no"].to_numpy()
    form_page = web.tracks(person, account, ts - rng.integers(20, 100, n), sel["anon1"], none,
                           none, "", "page_view:" + path, path, channel).with_columns(
        type=pl.lit("page"), event=pl.lit(None, dtype=pl.String))
    track = web.tracks(person, account, ts, sel["anon1"], sel["user_id"].zip_with(signup, none),
                       sel["email"], event, touch, path, channel)
    return [form_page, track.with_columns(_protect=pl.lit(True))]
