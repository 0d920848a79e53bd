"""Kaplan-Meier estimate from day-level counts: the share of journeys not yet converted
after d days, treating journeys still open at the end of the data as censored.

Counts come aggregated from the engine (one row per day and outcome), so this is small
numpy work whatever the number of journeys.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def kaplan_meier(rows: Iterable[tuple[int, bool, int]]) -> list[dict[str, float]]:
    """``rows`` are (day, converted, count); returns one point per day with an event or a
    censoring: day, at_risk, converted, censored, survival (share not converted yet).

    Conversions on a day are counted before censorings on that day (the usual convention:
    a journey observed for d days was at risk on day d).
    """
    days: dict[int, list[int]] = {}
    for day, converted, count in rows:
        days.setdefault(int(day), [0, 0])[0 if converted else 1] += int(count)
    if not days:
        return []
    order = np.array(sorted(days))
    events = np.array([days[d][0] for d in order])
    censored = np.array([days[d][1] for d in order])
    at_risk = np.concatenate(([events.sum() + censored.sum()],
                              (events.sum() + censored.sum()) - np.cumsum(events + censored)[:-1]))
    survival = np.cumprod(1.0 - events / at_risk)
    return [{"day": int(d), "at_risk": int(n), "converted": int(e), "censored": int(c),
             "survival": float(s)}
            for d, n, e, c, s in zip(order, at_risk, events, censored, survival, strict=True)]
