"""File writers that append one shard at a time and number rows as a person counts them
(CSV and XLSX: the header is row 1; NDJSON: the line number).

Lines marked by :mod:`journeymap.demo.corrupt` are damaged here, after formatting, because
no well-behaved writer would produce them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl
from openpyxl import Workbook

from journeymap.demo.frames import raw_columns


class Sink:
    """One data file being written: CSV (any encoding), NDJSON or XLSX."""

    def __init__(self, path: Path, encoding: str = "utf-8", sheet: str = "Sheet1",
                 datetime_columns: tuple[str, ...] = ()) -> None:
        self.path = path
        self.format = path.suffix.lstrip(".")
        self.encoding = encoding
        self.datetime_columns = datetime_columns
        self.rows = 0
        self.columns: list[str] | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.format == "xlsx":
            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet(sheet)
        else:
            self._file = path.open("wb")

    def write(self, frame: pl.DataFrame) -> np.ndarray:
        """Append the raw columns of ``frame``; return the row number of each row."""
        if self.columns is None:
            self.columns = raw_columns(frame)
            if self.format == "xlsx":
                self._sheet.append(self.columns)
        first = self.rows + (1 if self.format == "ndjson" else 2)
        lines = frame["_line"].to_numpy() if "_line" in frame.columns else None
        raw = frame.select(self.columns)
        if self.format == "csv":
            self._write_csv(raw, lines)
        elif self.format == "ndjson":
            self._write_ndjson(raw, lines)
        else:
            self._write_xlsx(raw)
        self.rows += len(frame)
        return np.arange(first, first + len(frame))

    def close(self) -> None:
        if self.format == "xlsx":
            if self.columns is None:
                self._sheet.append(["empty"])
            self._book.save(self.path)
        else:
            self._file.close()

    def _write_csv(self, raw: pl.DataFrame, lines: np.ndarray | None) -> None:
        header = self.rows == 0
        text = raw.write_csv(None, include_header=header)
        if lines is not None and (lines == "ragged").any():
            rows = text.split("\n")
            offset = 1 if header else 0
            for i in np.flatnonzero(lines == "ragged"):
                rows[i + offset] += ',"unexpected"'
            text = "\n".join(rows)
        bom = header and self.encoding == "utf-8-sig"
        data = text.encode("utf-8" if self.encoding == "utf-8-sig" else self.encoding)
        self._file.write((b"\xef\xbb\xbf" if bom else b"") + data)

    def _write_ndjson(self, raw: pl.DataFrame, lines: np.ndarray | None) -> None:
        text = raw.select(_nest(raw.columns)).write_ndjson(None)
        if lines is not None and (lines == "broken").any():
            rows = text.split("\n")
            for i in np.flatnonzero(lines == "broken"):
                rows[i] = rows[i][: len(rows[i]) // 2]
            text = "\n".join(rows)
        self._file.write(text.encode("utf-8"))

    def _write_xlsx(self, raw: pl.DataFrame) -> None:
        dt_idx = [self.columns.index(c) for c in self.datetime_columns]
        for row in raw.iter_rows():
            values = list(row)
            for i in dt_idx:
                values[i] = _as_datetime(values[i])
            self._sheet.append(values)


def _as_datetime(value: str | None) -> datetime | str | None:
    """A datetime cell for a well-formed value; a damaged value stays text."""
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S") if value else value
    except ValueError:
        return value


def _nest(columns: list[str], prefix: str = "") -> list[pl.Expr]:
    """Struct expressions that turn dotted column names into nested JSON objects."""
    out: list[pl.Expr] = []
    seen: list[str] = []
    for col in columns:
        head = col.split(".", 1)[0]
        if head in seen:
            continue
        seen.append(head)
        children = [c.split(".", 1)[1] for c in columns if c.startswith(head + ".")]
        if children:
            out.append(pl.struct(_nest(children, prefix + head + ".")).alias(head))
        else:
            out.append(pl.col(prefix + col).alias(col))
    return out
