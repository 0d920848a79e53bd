"""The shape every generator returns: raw columns plus underscore-prefixed truth columns.

Raw columns are what the source system exports (already formatted as text); columns whose
names start with ``_`` are the ground truth about the row and are never written to the data
file: ``_person``/``_account`` (numbers, -1 for none), ``_ts`` (UTC epoch seconds),
``_touchpoint`` and ``_channel`` (canonical names), ``_protect`` (must not be corrupted),
``_dup`` (pair key of a planted cross-source duplicate, -1 for none) and ``_dup_role``
(1 the original record, 2 the copy).
"""

from __future__ import annotations

import numpy as np
import polars as pl

TRUTH_COLUMNS = ("_person", "_account", "_ts", "_touchpoint", "_channel", "_protect", "_dup",
                 "_dup_role")


def truth(person: np.ndarray | pl.Series, account: np.ndarray | pl.Series,
          ts: np.ndarray | pl.Series, touchpoint: str | pl.Series, channel: str | pl.Series,
          ) -> dict[str, pl.Series]:
    """Truth columns for ``len(ts)`` rows with no duplicate and no protection."""
    n = len(ts)
    return {
        "_person": pl.Series(person, dtype=pl.Int64),
        "_account": pl.Series(account, dtype=pl.Int64),
        "_ts": pl.Series(ts, dtype=pl.Int64),
        "_touchpoint": touchpoint if isinstance(touchpoint, pl.Series)
        else pl.Series([touchpoint] * n, dtype=pl.String),
        "_channel": channel if isinstance(channel, pl.Series)
        else pl.Series([channel] * n, dtype=pl.String),
        "_protect": pl.Series(np.zeros(n, dtype=bool)),
        "_dup": pl.Series(np.full(n, -1, dtype=np.int64)),
        "_dup_role": pl.Series(np.zeros(n, dtype=np.int8)),
    }


def raw_columns(frame: pl.DataFrame) -> list[str]:
    """The columns a data file gets, in frame order."""
    return [c for c in frame.columns if not c.startswith("_")]


def concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Stack frames of one source, sorted by time as exports are."""
    frames = [f for f in frames if len(f)]
    return pl.concat(frames, how="diagonal_relaxed").sort("_ts", maintain_order=True)
