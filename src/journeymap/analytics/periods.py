"""Calendar periods (day, week, month) in the workspace time zone, the same on every
engine: timestamps are stored as UTC, shifted by the zone's UTC offset, then truncated."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir

from journeymap.errors import AnalysisError

UNITS = {"day": "D", "week": "W", "month": "M"}


def check_period(period: str) -> str:
    if period not in UNITS:
        raise AnalysisError(f"unknown period '{period}'", field="period",
                            hint="use day, week or month", code="analysis.unknown_period",
                            params={"period": period})
    return period


def local(ts: ir.TimestampValue, timezone: str) -> ir.TimestampValue:
    """UTC wall time shifted to the zone's offset (today's offset: exact for zones without
    daylight saving such as Asia/Seoul, an hour off around DST changes elsewhere)."""
    offset = ZoneInfo(timezone).utcoffset(datetime.now())
    seconds = int(offset.total_seconds()) if offset is not None else 0
    return ts + ibis.interval(seconds=seconds) if seconds else ts


def period_start(ts: ir.TimestampValue, period: str, timezone: str) -> ir.DateValue:
    """The local date that starts ``ts``'s day, week (Monday) or month."""
    return local(ts, timezone).truncate(UNITS[check_period(period)]).date()


def period_index(day: ir.DateValue, period: str) -> ir.IntegerValue:
    """A running number of the period starting on ``day`` (differences count periods)."""
    if period == "month":
        return day.year() * 12 + day.month()
    days = day.delta(ibis.date("1970-01-05"), unit="day")  # a Monday
    return days // 7 if period == "week" else days
