"""A straightforward pandas/Python reference for funnels, written independently of the
Ibis compiler: loop over each actor's events in time order and walk the steps.

Steps are given as boolean masks over the touches frame, so any step the product can
express can be checked here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd


@dataclass
class RefStep:
    mask: np.ndarray  # bool per row of the touches frame
    optional: bool = False
    within: timedelta | None = None


@dataclass
class RefExclusion:
    mask: np.ndarray
    between: tuple[int, int]  # 1-based


def actor_times(touches: pd.DataFrame, steps: list[RefStep], order: str, window: timedelta,
                actor: str, exclusions: list[RefExclusion] = (),
                since: pd.Timestamp | None = None, until: pd.Timestamp | None = None
                ) -> dict[str, tuple[list, bool]]:
    """actor -> (time each step was reached or None, excluded)."""
    df = touches.assign(_i=np.arange(len(touches)))
    df = df[df[actor].notna()].sort_values([actor, "ts", "event_id"])
    out = {}
    for key, ev in df.groupby(actor, sort=False):
        idx = ev["_i"].to_numpy()
        ts = list(ev["ts"])
        result = _walk(idx, ts, steps, order, window, since, until)
        if result is None:
            continue
        at, pos, deadline = result
        excluded = any(_excluded(idx, ts, x, at, pos, deadline, order, len(steps))
                       for x in exclusions)
        out[key] = (at, excluded)
    return out


def _walk(idx, ts, steps, order, window, since, until):
    n = len(steps)
    entry = next((p for p in range(len(idx)) if steps[0].mask[idx[p]]
                  and (since is None or ts[p] >= since) and (until is None or ts[p] < until)),
                 None)
    if entry is None:
        return None
    deadline = ts[entry] + window
    at, pos = [None] * n, [None] * n
    at[0], pos[0] = ts[entry], entry

    def first_after(k, after, anchor_time):
        rng = [after + 1] if order == "strict" else range(after + 1, len(idx))
        for p in rng:
            if p >= len(idx) or ts[p] > deadline:
                return None
            if steps[k].within is not None and ts[p] > anchor_time + steps[k].within:
                return None
            if steps[k].mask[idx[p]]:
                return p
        return None

    if order == "any":
        done = sorted(ts[p] for k in range(1, n)
                      if (p := first_after(k, entry, ts[entry])) is not None)
        for k, t in enumerate(done, start=1):
            at[k] = t
        return at, pos, deadline
    anchor, last = 0, entry
    pending = []
    for k in range(1, n):
        if pos[anchor] is None:
            break
        after = last if order == "strict" else pos[anchor]
        p = first_after(k, after, at[anchor])
        if steps[k].optional:
            if p is not None:
                at[k], pos[k] = ts[p], p
                if order == "strict":
                    last = p
            pending.append(k)
            continue
        if p is None:
            break
        at[k], pos[k] = ts[p], p
        for j in pending:
            if pos[j] is not None and pos[j] > p:
                at[j], pos[j] = None, None
        pending, anchor, last = [], k, p
    return at, pos, deadline


def _excluded(idx, ts, x, at, pos, deadline, order, n):
    if order == "any":
        lo, hi, end = pos[0], None, at[n - 1] or deadline
    else:
        a, b = x.between[0] - 1, x.between[1] - 1
        if pos[a] is None:
            return False
        lo, hi, end = pos[a], pos[b], deadline
    for p in range(lo + 1, len(idx)):
        if not x.mask[idx[p]]:
            continue
        if (p < hi) if hi is not None else (ts[p] <= end):
            return True
    return False


def funnel_counts(times: dict[str, tuple[list, bool]], steps: list[RefStep], order: str
                  ) -> list[dict]:
    """entered and median/p90 seconds from the previous (required) step, per step."""
    kept = [at for at, excluded in times.values() if not excluded]
    rows = []
    for k in range(len(steps)):
        prev = k - 1
        if order != "any":
            while prev > 0 and steps[prev].optional:
                prev -= 1
        secs = [(at[k] - at[prev]).total_seconds() for at in kept if k and at[k] is not None]
        rows.append({
            "entered": sum(1 for at in kept if at[k] is not None),
            "median": float(np.quantile(secs, 0.5)) if secs else None,
            "p90": float(np.quantile(secs, 0.9)) if secs else None,
        })
    return rows
