"""Bad rows planted on purpose, each with the rejection reason docs/mapping.md gives.

About 1.5 % of the rows of each file are damaged, one defect per row, never a row that is
part of a planted duplicate or that identifies a person. The damage is either a value
(a timestamp that matches no format, an amount "TBD", an empty required field, no
identifier, an overlong text) or the line itself, which the writer breaks when it formats
the file (a ragged CSV row, a truncated JSON line).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

RATE = 0.015


@dataclass(frozen=True)
class Defect:
    """One way to damage a row: ``columns`` get ``value`` (None: empty) or the writer
    damages the line (``line`` = "ragged" or "broken"). ``field`` is the canonical field the
    loader reports ("" when the whole row fails), ``where`` limits the rows it fits."""

    reason: str
    field: str
    columns: tuple[str, ...] = ()
    value: str | None = None
    line: str | None = None
    where: pl.Expr | None = None


def corrupt(rng: np.random.Generator, frame: pl.DataFrame, defects: tuple[Defect, ...],
            ) -> pl.DataFrame:
    """Damage about ``RATE`` of the eligible rows; add the truth columns ``_kind``,
    ``_reason``, ``_field``, ``_column`` and ``_line``."""
    n = len(frame)
    kind = np.where(frame["_dup_role"].to_numpy() == 2, "duplicate", "event").astype(object)
    reason = np.full(n, None, dtype=object)
    field = np.full(n, None, dtype=object)
    column = np.full(n, None, dtype=object)
    line = np.full(n, None, dtype=object)
    eligible = ~frame["_protect"].to_numpy() & (frame["_dup"].to_numpy() < 0)
    updates: dict[str, list[tuple[np.ndarray, str | None]]] = {}
    for defect in defects:
        ok = eligible.copy()
        if defect.where is not None:
            ok &= frame.select(defect.where.fill_null(False)).to_series().to_numpy()
        candidates = np.flatnonzero(ok)
        m = min(len(candidates), round(n * RATE / len(defects)))
        rows = np.sort(rng.choice(candidates, m, replace=False)) if m else candidates[:0]
        eligible[rows] = False
        kind[rows], reason[rows], field[rows] = "bad", defect.reason, defect.field
        column[rows] = ";".join(defect.columns)
        line[rows] = defect.line
        for col in defect.columns:
            updates.setdefault(col, []).append((rows, defect.value))
    out = frame
    for col, changes in updates.items():
        values = out[col].cast(pl.String)
        for rows, value in changes:
            mask = np.zeros(n, dtype=bool)
            mask[rows] = True
            fill = pl.Series([value] * n, dtype=pl.String)
            values = fill.zip_with(pl.Series(mask), values)
        out = out.with_columns(values.alias(col))
    return out.with_columns(
        **{name: pl.Series(values.tolist(), dtype=pl.String) for name, values in (
            ("_kind", kind), ("_reason", reason), ("_field", field), ("_column", column),
            ("_line", line))},
    )

