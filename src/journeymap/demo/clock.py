"""Time in the demo world: UTC epoch seconds, the Seoul offset and the marketing calendar.

All generators work in integer seconds since the epoch (UTC); writers format them in the
zone and style each source system uses. Korea has no daylight saving, so Seoul time is
always UTC+9.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import polars as pl

from journeymap.demo import vocab

DAY = 86_400
HOUR = 3_600
KST_OFFSET = 9 * HOUR


def _kst(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> int:
    return int(datetime(y, m, d, hh, mm, tzinfo=UTC).timestamp()) - KST_OFFSET


#: The world begins on 2024-07-01 and the export is taken on 2026-03-31 (Seoul time).
START = _kst(2024, 7, 1)
NOW = _kst(2026, 3, 31, 18)


def newsletter_sends() -> np.ndarray:
    """Send times of the monthly newsletter: every 28 days, Tuesdays 10:00 KST."""
    return np.arange(_kst(2024, 7, 2, 10), NOW, 28 * DAY, dtype=np.int64)


def newsletter_names() -> pl.Series:
    """Campaign names, one per send, numbered like a Korean newsletter (제3호)."""
    sends = newsletter_sends()
    return pl.Series([f"한빛 인사이트 제{i + 1}호" for i in range(len(sends))], dtype=pl.String)


def webinar_times() -> np.ndarray:
    """Webinar start times: every 21 days, Thursdays 14:00 KST."""
    return np.arange(_kst(2024, 7, 11, 14), NOW, 21 * DAY, dtype=np.int64)


def webinar_titles() -> pl.Series:
    titles = vocab.WEBINAR_TITLES
    return pl.Series([titles[i % len(titles)] for i in range(len(webinar_times()))])


def conference_days() -> np.ndarray:
    """Opening time (10:00 KST) of each two-day conference, about every 55 days."""
    return np.arange(_kst(2024, 8, 20, 10), NOW - 2 * DAY, 55 * DAY, dtype=np.int64)


def conference_names() -> pl.Series:
    days = conference_days()
    names = vocab.CONFERENCES
    years = [datetime.fromtimestamp(int(d) + KST_OFFSET, UTC).year for d in days]
    return pl.Series([f"{names[i % len(names)]} {y}" for i, y in enumerate(years)])


def fmt_kst(col: str | pl.Expr, fmt: str) -> pl.Expr:
    """Format epoch seconds as Seoul wall time, no offset (how Korean exports write it)."""
    expr = pl.col(col) if isinstance(col, str) else col
    return (pl.from_epoch(expr, time_unit="s") + pl.duration(hours=9)).dt.strftime(fmt)


def fmt_utc(col: str | pl.Expr, fmt: str, unit: str = "s") -> pl.Expr:
    """Format epoch seconds (or ``unit``) as UTC wall time."""
    expr = pl.col(col) if isinstance(col, str) else col
    return pl.from_epoch(expr, time_unit=unit).dt.strftime(fmt)


def iso_utc(col: str | pl.Expr) -> pl.Expr:
    """ISO 8601 with ``Z`` from epoch seconds, for the ground truth."""
    return fmt_utc(col, "%Y-%m-%dT%H:%M:%SZ")


def uniform_between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """One integer time drawn uniformly in ``[lo, hi]`` per element (``hi < lo`` gives lo)."""
    span = np.maximum(hi - lo, 0)
    return lo + (rng.random(len(lo)) * span).astype(np.int64)
