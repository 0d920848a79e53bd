"""Click exports of four ad platforms, each in its own dialect.

Every click carries the browser id of the visit it opened (the landing URL's ``ajs_aid``
parameter, exported as its own column), which is how ads join the web journey.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from journeymap.demo import clock, frames
from journeymap.demo.ids import click_ids

#: platform -> (file stem, click id prefix)
FILES = {
    "google": ("google_ads", "Cj0KCQ"),
    "naver": ("naver_searchad", "nv."),
    "meta": ("meta_ads", "IwAR"),
    "linkedin": ("linkedin_ads", "li."),
}


def ad_exports(rng: np.random.Generator, clicks: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """One frame per platform file stem, in that platform's column names and time style."""
    out = {}
    for platform, (stem, prefix) in FILES.items():
        c = clicks.filter(pl.col("platform") == platform).sort("_ts", maintain_order=True)
        cid = click_ids(rng, len(c), prefix)
        url = c["landing"] + "?ajs_aid=" + c["anonymousId"]
        truth = frames.truth(c["_person"], c["_account"], c["_ts"], "ad_click", c["_channel"])
        out[stem] = _dialect(platform, c, cid, url).with_columns(**truth)
    return out


def _dialect(platform: str, c: pl.DataFrame, cid: pl.Series, url: pl.Series) -> pl.DataFrame:
    ts = pl.DataFrame({"t": c["_ts"]})
    if platform == "google":
        return pl.DataFrame({
            "Click time": ts.select(clock.fmt_kst("t", "%Y-%m-%d %H:%M:%S")).to_series(),
            "GCLID": cid, "Campaign": c["campaign"], "Ad group": c["keyword"] + " 그룹",
            "Keyword": c["keyword"], "Final URL": url + "&gclid=" + cid,
            "Visitor ID": c["anonymousId"], "Cost (KRW)": c["cost"].cast(pl.String),
        })
    if platform == "naver":
        return pl.DataFrame({
            "클릭일시": ts.select(clock.fmt_kst("t", "%Y.%m.%d %H:%M:%S")).to_series(),
            "클릭ID": cid, "캠페인": c["campaign"], "광고그룹": c["keyword"] + " 그룹",
            "키워드": c["keyword"], "랜딩URL": url, "방문자ID": c["anonymousId"],
            "비용": c["cost"].cast(pl.String),
        })
    if platform == "meta":
        return pl.DataFrame({
            "click_time": ts.select(clock.fmt_kst("t", "%Y-%m-%dT%H:%M:%S+09:00")).to_series(),
            "fbclid": cid, "campaign_name": c["campaign"], "adset_name": c["campaign"] + "_adset",
            "landing_url": url + "&fbclid=" + cid, "visitor_id": c["anonymousId"],
            "spend": (c["cost"] * 1.1).round(0).cast(pl.Int64).cast(pl.String),
        })
    return pl.DataFrame({
        "Click Time (UTC)": ts.select(clock.fmt_utc("t", "%m/%d/%Y %H:%M:%S")).to_series(),
        "Click ID": cid, "Campaign Name": c["campaign"], "Campaign Group": pl.Series(
            ["Hanbit ABM"] * len(c), dtype=pl.String),
        "Landing URL": url, "Visitor ID": c["anonymousId"],
        "Cost": (c["cost"] * 4).cast(pl.String),
    })
