"""The population of one shard: B2B accounts with buying committees, B2C shoppers, visitors.

Every person gets the times that shape their journey (first touch ``t0``, identification
``t_id``, end of the buying window ``t_end``, all UTC epoch seconds) and the identifiers the
source systems will record (email, web user id, anonymous browser ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from journeymap.demo import clock, vocab
from journeymap.demo.clock import DAY
from journeymap.demo.ids import anonymous_ids, gather

OUTCOMES = ("open", "won", "lost")
ID_EVENTS = ("none", "form", "demo", "signup")


@dataclass
class Numbering:
    """Running numbers shared by all shards so ids and domains stay unique."""

    accounts: int = 0
    persons: int = 0
    domains: dict[str, int] = field(default_factory=dict)

    def unique_domains(self, bases: list[str], tlds: list[str]) -> list[str]:
        out = []
        for base, tld in zip(bases, tlds, strict=True):
            seen = self.domains.get(base + tld, 0)
            self.domains[base + tld] = seen + 1
            out.append(f"{base}{seen + 1 if seen else ''}{tld}")
        return out


def make_accounts(rng: np.random.Generator, n: int, numbering: Numbering) -> pl.DataFrame:
    """B2B accounts: outcome, buying window (start..end), deal amount (KRW), firmographics."""
    no = numbering.accounts + np.arange(n, dtype=np.int64)
    numbering.accounts += n
    outcome = rng.choice(3, n, p=[0.62, 0.14, 0.24])
    dur_days = np.select(
        [outcome == 1, outcome == 2], [rng.uniform(90, 300, n), rng.uniform(60, 240, n)],
        rng.uniform(20, 300, n),
    )
    dur = (dur_days * DAY).astype(np.int64)
    latest_start = np.where(outcome == 0, clock.NOW - 20 * DAY, clock.NOW - dur)
    start = clock.uniform_between(rng, np.full(n, clock.START), latest_start)
    end = np.minimum(start + dur, clock.NOW)
    # how far an open account got: lead, mql, sql, opportunity; closed accounts went all the way
    stage = np.where(outcome == 0, rng.choice(4, n, p=[0.5, 0.3, 0.1, 0.1]), 4)
    amount = np.clip(np.round(rng.lognormal(np.log(60e6), 0.8, n), -6), 12e6, 480e6)
    is_global = rng.random(n) < 0.08
    combo = (no * 7919) % (60 * 15 * 20)
    pre, mid, suf = combo // 300, (combo // 20) % 15, combo % 20
    glob = (no * 31) % len(vocab.GLOBAL_COMPANIES)
    ko_name = [
        vocab.COMPANY_PREFIX[p][0] + vocab.COMPANY_MIDDLE[m][0] + vocab.COMPANY_SUFFIX[s][0]
        for p, m, s in zip(pre, mid, suf, strict=True)
    ]
    legal = rng.random(n) < 0.5
    names = [
        vocab.GLOBAL_COMPANIES[g][0] + " Korea" if gl else ("(주)" if lg else "주식회사 ") + ko
        for gl, g, lg, ko in zip(is_global, glob, legal, ko_name, strict=True)
    ]
    bases = [
        vocab.GLOBAL_COMPANIES[g][1] if gl else
        vocab.COMPANY_PREFIX[p][1] + vocab.COMPANY_MIDDLE[m][1] + vocab.COMPANY_SUFFIX[s][1]
        for gl, g, p, m, s in zip(is_global, glob, pre, mid, suf, strict=True)
    ]
    tlds = [".com" if gl else ".co.kr" for gl in is_global]
    return pl.DataFrame({
        "account_no": no,
        "account_id": [f"ACC-{i:06d}" for i in no],
        "outcome": gather(OUTCOMES, outcome),
        "start": start,
        "end": end,
        "stage": stage.astype(np.int8),
        "amount": amount.astype(np.int64),
        "name": names,
        "domain": numbering.unique_domains(bases, tlds),
        "industry": gather(vocab.INDUSTRIES, rng.integers(0, len(vocab.INDUSTRIES), n)),
        "size": gather(vocab.SIZE_BANDS, rng.choice(5, n, p=[0.2, 0.35, 0.25, 0.15, 0.05])),
        "region": gather(vocab.REGIONS, rng.choice(10, n, p=[.45, .2, .05, .07, .04, .05,
                                                              .03, .03, .02, .06])),
        "is_global": is_global,
        "n_contacts": rng.integers(3, 9, n),
    })


def make_contacts(rng: np.random.Generator, accounts: pl.DataFrame, numbering: Numbering,
                  ) -> pl.DataFrame:
    """Buying committees: 3-8 contacts per account; contact 0 is the champion."""
    n_c = accounts["n_contacts"].to_numpy()
    acc = np.repeat(np.arange(len(accounts)), n_c)
    n = len(acc)
    k = np.arange(n) - np.repeat(np.cumsum(n_c) - n_c, n_c)
    start, end = accounts["start"].to_numpy()[acc], accounts["end"].to_numpy()[acc]
    span = end - start
    champ = k == 0
    t0 = np.where(champ, start, start + (rng.uniform(0, 0.45, n) * span).astype(np.int64))
    web = champ | (rng.random(n) < 0.65)
    t_id = np.where(
        champ, start + (rng.uniform(0.05, 0.2, n) * span).astype(np.int64),
        t0 + (rng.uniform(0, 0.3, n) * (end - t0)).astype(np.int64),
    )
    t_id = np.minimum(np.maximum(t_id, t0 + DAY), clock.NOW - clock.HOUR)
    id_event = np.where(
        champ, rng.choice([1, 2, 3], n, p=[0.2, 0.5, 0.3]), rng.choice([1, 2, 3], n, p=[.5, .2, .3])
    )
    id_event = np.where(web, id_event, 0)
    # a shared office PC: four committee members of a few large committees browse on one id
    shared = (accounts["n_contacts"].to_numpy()[acc] >= 5) & (k >= 1) & (k <= 4)
    shared &= (rng.random(len(accounts)) < 0.06)[acc]
    web |= shared
    id_event = np.where(shared & (id_event == 0), 1, id_event)
    base = _persons(rng, n, numbering, "b2b_contact", t0, t_id, end, id_event)
    is_global = accounts["is_global"].to_numpy()[acc]
    ko_combo = (base["person_no"].to_numpy() * 919 + 17) % 800
    gl_combo = (base["person_no"].to_numpy() * 919 + 17) % 192
    sur, giv = ko_combo // 40, ko_combo % 40
    first, last = gl_combo // 12, gl_combo % 12
    names = [
        f"{vocab.GLOBAL_FIRST[f]} {vocab.GLOBAL_LAST[la]}" if g else
        vocab.SURNAMES[s][0] + vocab.GIVEN_NAMES[v][0]
        for g, f, la, s, v in zip(is_global, first, last, sur, giv, strict=True)
    ]
    locals_ = [
        f"{vocab.GLOBAL_FIRST[f]}.{vocab.GLOBAL_LAST[la]}".lower() if g else
        f"{vocab.GIVEN_NAMES[v][1]}.{vocab.SURNAMES[s][1]}"
        for g, f, la, s, v in zip(is_global, first, last, sur, giv, strict=True)
    ]
    domain = accounts["domain"].gather(acc)
    shared_anon = anonymous_ids(rng, len(accounts)).gather(acc)
    return base.with_columns(
        account_no=accounts["account_no"].gather(acc),
        account_id=accounts["account_id"].gather(acc),
        role=np.where(champ, "champion", "member"),
        web=web,
        name=pl.Series(names),
        email=pl.Series(locals_) + "@" + domain,
        title=gather(vocab.JOB_TITLES, rng.integers(0, len(vocab.JOB_TITLES), n)),
        subscribed=rng.random(n) < 0.15,
        shared=shared,
        anon1=pl.when(pl.Series(shared)).then(shared_anon).otherwise(pl.col("anon1")),
    )


def make_shoppers(rng: np.random.Generator, n: int, numbering: Numbering) -> pl.DataFrame:
    """B2C customers of the shop: free-mail addresses, short journeys."""
    t0 = clock.uniform_between(rng, np.full(n, clock.START), np.full(n, clock.NOW - 10 * DAY))
    t_id = t0 + (rng.uniform(0.05, 10, n) * DAY).astype(np.int64)
    t_end = np.minimum(t_id + ((7 + rng.exponential(60, n)) * DAY).astype(np.int64), clock.NOW)
    id_event = np.full(n, 3)
    base = _persons(rng, n, numbering, "b2c_customer", t0, t_id, t_end, id_event)
    sur = rng.integers(0, len(vocab.SURNAMES), n)
    giv = rng.integers(0, len(vocab.GIVEN_NAMES), n)
    mail = gather(vocab.FREE_MAIL, rng.choice(6, n, p=[.45, .3, .1, .07, .05, .03]))
    locals_ = [f"{vocab.GIVEN_NAMES[g][1]}{vocab.SURNAMES[s][1]}{no}"
               for g, s, no in zip(giv, sur, base["person_no"].to_list(), strict=True)]
    return base.with_columns(
        name=pl.Series([vocab.SURNAMES[s][0] + vocab.GIVEN_NAMES[g][0]
                        for s, g in zip(sur, giv, strict=True)]),
        email=pl.Series(locals_) + "@" + mail,
        web=pl.lit(True),
    )


def make_visitors(rng: np.random.Generator, n: int, numbering: Numbering, kind: str,
                  ) -> pl.DataFrame:
    """Anonymous visitors who never identify themselves (only a browser id)."""
    t0 = clock.uniform_between(rng, np.full(n, clock.START), np.full(n, clock.NOW - DAY))
    t_end = np.minimum(t0 + (rng.uniform(0, 30, n) * DAY).astype(np.int64), clock.NOW)
    base = _persons(rng, n, numbering, kind, t0, np.full(n, -1), t_end, np.zeros(n, np.int64))
    return base.with_columns(web=pl.lit(True))


def _persons(rng: np.random.Generator, n: int, numbering: Numbering, kind: str,
             t0: np.ndarray, t_id: np.ndarray, t_end: np.ndarray, id_event: np.ndarray,
             ) -> pl.DataFrame:
    no = numbering.persons + np.arange(n, dtype=np.int64)
    numbering.persons += n
    signup = id_event == 3
    second = signup & (rng.random(n) < 0.35)
    prefix = "hc" if kind.startswith("b2b") else "shop"
    return pl.DataFrame({
        "person_no": no,
        "person_id": [f"P{i:07d}" for i in no],
        "kind": pl.Series([kind] * n, dtype=pl.String),
        "t0": t0.astype(np.int64),
        "t_id": t_id.astype(np.int64),
        "t_end": np.maximum(t_end, t_id).astype(np.int64),
        "id_event": gather(ID_EVENTS, id_event),
        "user_id": pl.Series([f"{prefix}_u{i * 7 + 3:08d}" for i in no]).zip_with(
            pl.Series(signup), pl.Series([None] * n, dtype=pl.String)),
        "anon1": anonymous_ids(rng, n),
        "anon2": anonymous_ids(rng, n).zip_with(pl.Series(second),
                                                pl.Series([None] * n, dtype=pl.String)),
    })
