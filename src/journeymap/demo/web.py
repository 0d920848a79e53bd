"""Web sessions: page views with referrers and UTM tags, track calls, and the ad clicks
that brought paid sessions (joined to the web by the browser's anonymous id).

A session spec is one row per visit (person, start time, browser id, user id, entry);
:func:`page_views` expands it into pages. Callers add track calls (sign-up, form, login,
order) with :func:`tracks`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from journeymap.demo import frames, vocab
from journeymap.demo.ids import gather

#: How a visit started; the paid entries each come from one ad platform.
ENTRIES = ("direct", "organic_search", "referral", "google", "naver", "meta", "linkedin", "email")
ENTRY_CHANNEL = ("direct", "organic_search", "referral", "paid_search", "paid_search",
                 "paid_social", "paid_social", "email")
B2B_MIX = (0.27, 0.33, 0.12, 0.08, 0.09, 0.04, 0.07, 0.0)
SHOP_MIX = (0.2, 0.3, 0.05, 0.12, 0.2, 0.13, 0.0, 0.0)
ORIGIN = {"b2b": "https://www.hanbitcloud.co.kr", "shop": "https://shop.hanbitmall.kr"}


@dataclass
class Sessions:
    """One row per visit; ``campaign`` names the newsletter of email entries (else null)."""

    person: np.ndarray
    account: np.ndarray
    start: np.ndarray
    anon: pl.Series
    user_id: pl.Series
    entry: np.ndarray
    n_pages: np.ndarray
    campaign: pl.Series


def draw_entries(rng: np.random.Generator, person: np.ndarray, start: np.ndarray,
                 site: str) -> np.ndarray:
    """Entry of each visit; a paid visit within 2 hours of the person's previous visit
    becomes direct, so no two ad clicks of one person from two platforms fall within 60 minutes."""
    mix = B2B_MIX if site == "b2b" else SHOP_MIX
    entry = rng.choice(len(ENTRIES), len(person), p=mix)
    order = np.lexsort((start, person))
    p, s = person[order], start[order]
    close = np.zeros(len(order), dtype=bool)
    close[1:] = (p[1:] == p[:-1]) & (s[1:] - s[:-1] < 7200)
    paid = (entry[order] >= 3) & (entry[order] <= 6)
    entry[order[close & paid]] = 0
    return entry


def page_views(rng: np.random.Generator, sess: Sessions, site: str,
               ) -> tuple[pl.DataFrame, pl.DataFrame, np.ndarray]:
    """Pages of every visit, the ad clicks of paid visits, and each visit's last page time."""
    n_pages = np.maximum(sess.n_pages, 1)
    visit = np.repeat(np.arange(len(n_pages)), n_pages)
    first_idx = np.cumsum(n_pages) - n_pages
    k = np.arange(len(visit)) - first_idx[visit]
    gaps = np.minimum(10 + rng.exponential(70, len(visit)), 240).astype(np.int64)
    gaps[k == 0] = 0
    csum = np.cumsum(gaps)
    ts = sess.start[visit] + csum - csum[first_idx][visit]
    pages = vocab.B2B_PAGES if site == "b2b" else vocab.SHOP_PAGES
    weights = np.array([w for _, w in pages], dtype=float)
    path_idx = rng.choice(len(pages), len(visit), p=weights / weights.sum())
    path = gather(tuple(p for p, _ in pages), path_idx)
    entry = sess.entry[visit]
    landing = _landing(rng, entry, site)
    first = pl.Series(k == 0)
    path = landing.zip_with(first, path)
    origin = ORIGIN[site]
    prev = (origin + path.shift(1)).zip_with(~first, pl.Series([None] * len(path), dtype=pl.String))
    referrer = _external_referrer(rng, entry).zip_with(first, prev)
    src, med, name = _utm(entry, sess.campaign.gather(visit), site)
    none = pl.Series([None] * len(visit), dtype=pl.String)
    df = pl.DataFrame({
        "type": pl.Series(["page"] * len(visit), dtype=pl.String),
        "event": none,
        "anonymousId": sess.anon.gather(visit),
        "userId": sess.user_id.gather(visit),
        "email": none,
        "path": path,
        "referrer": referrer,
        "utm_source": src.zip_with(first, none),
        "utm_medium": med.zip_with(first, none),
        "utm_campaign": name.zip_with(first, none),
        **frames.truth(sess.person[visit], sess.account[visit], ts, "page_view:" + path,
                       gather(ENTRY_CHANNEL, entry)),
    })
    last = ts[first_idx + n_pages - 1]
    return df, _ad_clicks(rng, df.filter(first), site), last


def tracks(person: np.ndarray, account: np.ndarray, ts: np.ndarray, anon: pl.Series,
           user_id: pl.Series, email: pl.Series, event: str | pl.Series,
           touchpoint: str | pl.Series, path: str | pl.Series, channel: str | pl.Series,
           ) -> pl.DataFrame:
    """Track calls (``type = track``) such as "Signed Up", "Logged In", "Order Completed"."""
    n = len(ts)
    none = pl.Series([None] * n, dtype=pl.String)

    def as_series(value: str | pl.Series) -> pl.Series:
        return value if isinstance(value, pl.Series) else pl.Series([value] * n, dtype=pl.String)

    return pl.DataFrame({
        "type": pl.Series(["track"] * n, dtype=pl.String),
        "event": as_series(event),
        "anonymousId": anon,
        "userId": user_id,
        "email": email,
        "path": as_series(path),
        "referrer": none,
        "utm_source": none,
        "utm_medium": none,
        "utm_campaign": none,
        **frames.truth(person, account, ts, as_series(touchpoint), channel),
    })


def _landing(rng: np.random.Generator, entry: np.ndarray, site: str) -> pl.Series:
    n = len(entry)
    land = vocab.B2B_LANDING if site == "b2b" else vocab.SHOP_LANDING
    content = vocab.B2B_BLOG if site == "b2b" else vocab.SHOP_LANDING
    paid = gather(land, rng.integers(0, len(land), n))
    blog = gather(content, rng.integers(0, len(content), n))
    code = pl.Series(entry)
    return (pl.DataFrame({"e": code, "paid": paid, "blog": blog}).select(
        pl.when(pl.col("e") == 0).then(pl.lit("/"))
        .when(pl.col("e").is_between(3, 6)).then(pl.col("paid"))
        .otherwise(pl.col("blog"))
    ).to_series())


def _external_referrer(rng: np.random.Generator, entry: np.ndarray) -> pl.Series:
    n = len(entry)
    organic = gather(vocab.ORGANIC_REFERRERS, rng.integers(0, len(vocab.ORGANIC_REFERRERS), n))
    referral = gather(vocab.REFERRAL_REFERRERS, rng.integers(0, len(vocab.REFERRAL_REFERRERS), n))
    none = pl.Series([None] * n, dtype=pl.String)
    return organic.zip_with(pl.Series(entry == 1), referral.zip_with(pl.Series(entry == 2), none))


def _utm(entry: np.ndarray, campaign: pl.Series, site: str) -> tuple[pl.Series, ...]:
    """utm_source, utm_medium, utm_campaign of the landing page of each visit."""
    keys = ("google", "naver", "meta", "linkedin")
    src = [None, None, None] + [vocab.AD_PLATFORMS[k][1] for k in keys] + ["newsletter"]
    med = [None, None, None] + [vocab.AD_PLATFORMS[k][2] for k in keys] + ["email"]
    code = pl.Series(entry.astype(np.int64))
    source = pl.Series(src, dtype=pl.String).gather(code)
    medium = pl.Series(med, dtype=pl.String).gather(code)
    name = _ad_campaign(entry, site).zip_with(pl.Series(entry == 7).not_(), campaign)
    return source, medium, name


def _ad_campaign(entry: np.ndarray, site: str) -> pl.Series:
    """The campaign of a paid visit: deterministic from the visit index within its platform."""
    keys = ("google", "naver", "meta", "linkedin")
    if site == "b2b":
        options = [vocab.AD_PLATFORMS[k][4] for k in keys]
    else:
        options = [(vocab.SHOP_CAMPAIGNS[k],) for k in keys]
    flat = tuple(name for opts in options for name in opts)
    lens = np.array([len(o) for o in options])
    offsets = np.cumsum(lens) - lens
    paid = (entry >= 3) & (entry <= 6)
    platform = np.clip(entry - 3, 0, 3)
    index = offsets[platform] + np.arange(len(entry)) % lens[platform]
    none = pl.Series([None] * len(entry), dtype=pl.String)
    return gather(flat, index).zip_with(pl.Series(paid), none)


def _ad_clicks(rng: np.random.Generator, landings: pl.DataFrame, site: str) -> pl.DataFrame:
    """One click per paid landing page, a few seconds before it."""
    paid = landings.filter(pl.col("_channel").str.starts_with("paid_"))
    n = len(paid)
    keys = {v[1]: k for k, v in vocab.AD_PLATFORMS.items()}
    return paid.select(
        platform=pl.col("utm_source").replace_strict(keys),
        campaign=pl.col("utm_campaign"),
        anonymousId=pl.col("anonymousId"),
        landing=pl.lit(ORIGIN[site]) + pl.col("path"),
        _person=pl.col("_person"),
        _account=pl.col("_account"),
        _ts=pl.col("_ts") - pl.Series(rng.integers(2, 11, n)),
        _channel=pl.col("_channel"),
    ).with_columns(
        keyword=gather(vocab.KEYWORDS, rng.integers(0 if site == "b2b" else 5,
                                                    5 if site == "b2b" else 7, n)),
        cost=pl.Series(rng.integers(3, 60, n) * 100),
    )
