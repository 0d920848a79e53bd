"""What every analysis shares: who is counted (persons or accounts), over which entry
dates, and durations written the way people say them ("30d", "12h", "2w")."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Literal

import ibis.expr.types as ir

from journeymap.errors import AnalysisError

Level = Literal["person", "account"]
#: The column that identifies who a journey belongs to, per level.
ACTOR_COLUMNS: dict[str, str] = {"person": "person_id", "account": "account_id"}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)?\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def actor_column(level: str) -> str:
    """``person_id`` or ``account_id``; anything else is a clear error."""
    if level not in ACTOR_COLUMNS:
        raise AnalysisError(f"unknown level '{level}'", field="level",
                            hint="count per 'person' or per 'account'",
                            code="analysis.unknown_level", params={"level": level})
    return ACTOR_COLUMNS[level]


def parse_duration(value: str | float | int | timedelta, field: str = "window") -> timedelta:
    """``30d``, ``12h``, ``90m``, ``2w``, ``45s``; a bare number is days. Must be > 0."""
    if isinstance(value, timedelta):
        duration = value
    elif isinstance(value, int | float):
        duration = timedelta(days=value)
    else:
        found = _DURATION.match(str(value))
        if not found:
            raise AnalysisError(f"cannot read the duration '{value}'", field=field,
                                hint="write a number and a unit: 30d, 12h, 90m, 2w",
                                code="analysis.bad_duration", params={"value": str(value)})
        duration = timedelta(**{_UNITS[found.group(2) or "d"]: float(found.group(1))})
    if duration <= timedelta(0):
        raise AnalysisError(f"the {field} is empty ({value})", field=field,
                            hint="give a window longer than zero, for example 30d",
                            code="analysis.empty_duration",
                            params={"field": field, "value": str(value)})
    return duration


def entry_range(ts: ir.TimestampValue, since: datetime | None,
                until: datetime | None) -> ir.BooleanValue | None:
    """Entries in ``[since, until)`` (UTC), or None for no limit; an empty range is an error."""
    if since is not None and until is not None and since >= until:
        raise AnalysisError(f"the date range {since:%Y-%m-%d} .. {until:%Y-%m-%d} is empty",
                            field="since", hint="'since' must be before 'until'",
                            code="analysis.empty_dates",
                            params={"since": f"{since:%Y-%m-%d}", "until": f"{until:%Y-%m-%d}"})
    cond = None
    if since is not None:
        cond = ts >= since
    if until is not None:
        cond = (ts < until) if cond is None else cond & (ts < until)
    return cond
