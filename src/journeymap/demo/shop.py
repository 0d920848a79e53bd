"""The B2C shop (Hanbit Mall): short journeys of free-mail shoppers, web events with order
values, and the order system's export. A fired "Order Completed" web event and the order
row record the same purchase (a planted cross-source duplicate)."""

from __future__ import annotations

import numpy as np
import polars as pl

from journeymap.demo import clock, frames, vocab, web
from journeymap.demo.clock import DAY, HOUR
from journeymap.demo.ids import gather

DUP_BASE = 2_000_000_000


def shop(rng: np.random.Generator, customers: pl.DataFrame, visitors: pl.DataFrame,
         order_prefix: str) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(shop web rows, order rows, ad clicks of the shop's campaigns)."""
    people = pl.concat([customers.select(_COLS), visitors.select(_COLS)])
    n = len(people)
    t0, t_id, t_end = (people[c].to_numpy() for c in ("t0", "t_id", "t_end"))
    known = t_id >= 0
    n_pre = np.where(known, np.where(t_id - t0 > 2 * HOUR, 1 + rng.poisson(1.0, n), 0),
                     1 + rng.poisson(0.6, n))
    n_post = np.where(known, rng.poisson(1.0, n), 0)
    # orders at least a day apart, so two purchases of one person never fall within 60 min
    n_orders = np.where(known, np.minimum(rng.poisson(1.1, n), 6), 0)
    o_who = np.repeat(np.arange(n), n_orders)
    gaps = np.where(np.arange(len(o_who)) == np.repeat(np.cumsum(n_orders) - n_orders, n_orders),
                    rng.integers(600, 3 * DAY, len(o_who)),
                    ((1 + rng.exponential(20, len(o_who))) * DAY).astype(np.int64))
    csum = np.cumsum(gaps)
    head = np.repeat(np.cumsum(n_orders) - n_orders, n_orders)
    o_ts = t_id[o_who] + csum - csum[head] + gaps[head]
    ok = o_ts < clock.NOW - HOUR
    o_who, o_ts = o_who[ok], o_ts[ok]
    person, start, phase = [], [], []
    for count, lo, hi, tag in ((n_pre, t0, np.where(known, t_id - HOUR, t_end), 0),
                               (n_post, t_id + HOUR, t_end, 1)):
        who = np.repeat(np.arange(n), count)
        person += [who]
        start += [clock.uniform_between(rng, lo[who], hi[who])]
        phase += [np.full(len(who), tag)]
    ident = np.flatnonzero(known)
    person += [ident, o_who]
    start += [t_id[ident] - 900, o_ts - 1000]
    phase += [np.full(len(ident), 2), np.full(len(o_who), 3)]
    who, start, phase = np.concatenate(person), np.concatenate(start), np.concatenate(phase)
    entry = web.draw_entries(rng, people["person_no"].to_numpy()[who], start, "shop")
    after = phase % 2 == 1
    second = people["anon2"].gather(who).is_not_null().to_numpy() & after
    second &= rng.random(len(who)) < 0.5
    anon = people["anon2"].gather(who).zip_with(pl.Series(second), people["anon1"].gather(who))
    none = pl.Series([None] * len(who), dtype=pl.String)
    uid = people["user_id"].gather(who).zip_with(pl.Series(after), none)
    pno, ano = people["person_no"].to_numpy()[who], np.full(len(who), -1)
    sess = web.Sessions(pno, ano, start, anon, uid, entry,
                        np.where(phase >= 2, rng.integers(1, 4, len(who)),
                                 1 + np.minimum(rng.poisson(1.5, len(who)), 8)), none)
    pages, clicks, _ = web.page_views(rng, sess, "shop")
    chan = gather(web.ENTRY_CHANNEL, entry)
    li = np.flatnonzero(second)
    parts = [pages, web.tracks(pno[li], ano[li], start[li] + 1, anon.gather(li), uid.gather(li),
                               none.gather(li), "Logged In", "login", "/login", chan.gather(li))]
    iw = np.flatnonzero(phase == 2)
    sel = people[ident]
    parts.append(web.tracks(pno[iw], ano[iw], t_id[ident], sel["anon1"], sel["user_id"],
                            sel["email"], "Signed Up", "signup", "/signup", chan.gather(iw))
                 .with_columns(_protect=pl.lit(True)))
    ow = np.flatnonzero(phase == 3)
    parts.append(web.tracks(pno[ow], ano[ow], o_ts - rng.integers(120, 250, len(ow)),
                            anon.gather(ow), uid.gather(ow), none.gather(ow), "Product Added",
                            "add_to_cart", "/cart", chan.gather(ow)))
    revenue = np.clip(np.round(rng.lognormal(np.log(45_000), 0.7, len(ow)), -2), 9_900, 450_000)
    order_id = pl.Series([f"{order_prefix}{i:07d}" for i in range(len(ow))], dtype=pl.String)
    fired = rng.random(len(ow)) < 0.7
    dup = np.where(fired, DUP_BASE + np.arange(len(ow)), -1)
    fw = np.flatnonzero(fired)
    parts.append(web.tracks(pno[ow][fw], ano[ow][fw], o_ts[fw], anon.gather(ow[fw]),
                            uid.gather(ow[fw]), none.gather(fw), "Order Completed", "purchase",
                            "/checkout/complete", chan.gather(ow[fw])).with_columns(
        **{"properties.order_id": order_id.gather(fw), "properties.revenue": revenue[fw],
           "properties.currency": pl.lit("KRW")},
        _dup=pl.Series(dup[fw]), _dup_role=pl.lit(2, dtype=pl.Int8)))
    buyer = people[o_who]
    rec_ts = o_ts + rng.integers(5, 120, len(ow))
    orders = pl.DataFrame({
        "주문번호": order_id,
        "주문일시": pl.Series(rec_ts),
        "고객이메일": buyer["email"],
        "고객명": buyer["name"],
        "결제금액": pl.Series([f"{int(v):,}" for v in revenue], dtype=pl.String),
        "상품수": pl.Series(rng.integers(1, 5, len(ow))).cast(pl.String),
        "결제수단": gather(vocab.PAYMENT_METHODS, rng.integers(0, 5, len(ow))),
        "배송지역": gather(vocab.REGIONS[:9], rng.integers(0, 9, len(ow))),
        **frames.truth(buyer["person_no"], np.full(len(ow), -1), rec_ts, "purchase",
                       chan.gather(ow)),
    }).with_columns(clock.fmt_kst("주문일시", "%Y-%m-%d %H:%M:%S"), _dup=pl.Series(dup),
                    _dup_role=pl.Series(np.where(fired, 1, 0).astype(np.int8)))
    return frames.concat(parts), frames.concat([orders]), clicks


_COLS = ("person_no", "t0", "t_id", "t_end", "user_id", "anon1", "anon2", "email", "name")
