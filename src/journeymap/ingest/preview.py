"""Trying a mapping without loading: a file's first rows as its reader gives them, mapped
with the mapping, and quarantined rows checked again.

This is what ``journeymap ingest --suggest`` shows, for any mapping rather than only the
draft: rows that pass (first few) and rows that would be set aside, with their reasons.
``Workspace.preview_mapping`` and the web app's mapping assistant use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from journeymap.errors import InputNotFoundError
from journeymap.ingest.batch import ROW
from journeymap.ingest.mapping import Mapping
from journeymap.ingest.messages import parse_reject_frame
from journeymap.ingest.readers import file_format, read_batches
from journeymap.ingest.transform import KEY, map_batch
from journeymap.results import table_html

#: Rows read to fill the form and check the mapping; the preview shows the first few.
SAMPLE_ROWS = 200
PREVIEW_ROWS = 10
PROBLEM_ROWS = 20
#: Rows of the quarantine re-checked against an edited mapping.
RECHECK_ROWS = 5000


@dataclass
class Sample:
    """The first rows of a file as its reader gives them (raw text), and reader errors."""

    frame: pl.DataFrame
    columns: list[str]
    parse_rejects: pl.DataFrame


@dataclass
class Preview:
    """The sample mapped: rows that pass (first few) and rows that would be set aside."""

    columns: list[str]
    rows: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    checked: int
    failing: int

    def to_dict(self) -> dict[str, Any]:
        return {"columns": self.columns, "rows": self.rows, "problems": self.problems,
                "checked": self.checked, "failing": self.failing}

    def _repr_html_(self) -> str:
        head = (f"<p>{self.checked} rows checked, {self.failing} would be set aside</p>")
        rows = table_html(pa.Table.from_pylist(self.rows), "rows that load (first few)")
        problems = table_html(pa.Table.from_pylist(self.problems), "rows set aside")
        return head + rows + (problems if self.problems else "")


def read_sample(path: Path, mapping: Mapping | None, encoding: str | None = None) -> Sample:
    """The first :data:`SAMPLE_ROWS` rows of ``path`` read with ``mapping``'s options
    (``encoding`` overrides its CSV encoding)."""
    if not path.is_file():
        raise InputNotFoundError("file not found", file=str(path), code="input.not_found")
    fmt = file_format(path, mapping)
    batch = next(read_batches(path, fmt, mapping, encoding, SAMPLE_ROWS * 5), None)
    if batch is None:
        empty = pl.DataFrame(schema={ROW: pl.Int64})
        return Sample(empty, [], parse_reject_frame([]))
    frame = batch.frame.head(SAMPLE_ROWS)
    last = frame[ROW].max() if frame.height else 0
    rejects = [r for r in batch.parse_rejects if r.row <= (last or 0)]
    return Sample(frame, batch.columns, parse_reject_frame(rejects))


def samples_of(sample: Sample) -> dict[str, str]:
    """The first non-empty value of each column, cut short, to help choose columns."""
    out = {}
    for col in sample.columns:
        values = sample.frame[col].drop_nulls()
        values = values.filter(values.str.strip_chars() != "")
        text = values[0] if values.len() else ""
        out[col] = text if len(text) <= 40 else text[:39] + "…"
    return out


def preview(sample: Sample, mapping: Mapping, source: str, max_text_chars: int) -> Preview:
    """The sample mapped; raises polars errors a strange mapping can cause."""
    mapped = map_batch(sample.frame, mapping, source, max_text_chars)
    good = mapped.good.drop(KEY, strict=False)
    shown = [c for c in good.columns if c != "source_row" and good[c].null_count() < good.height
             and not (c == "properties" and (good[c] == "{}").all())]
    rows = good.head(PREVIEW_ROWS).select("source_row", *shown).to_dicts()
    problems = pl.concat([sample.parse_rejects, mapped.rejects]).sort("row")
    return Preview(columns=shown, rows=rows,
                   problems=problems.head(PROBLEM_ROWS).drop("raw").to_dicts(),
                   checked=sample.frame.height + sample.parse_rejects.height,
                   failing=problems.height)


def recheck(rejected: list[dict[str, Any]], columns: list[str], mapping: Mapping,
            source: str, max_text_chars: int) -> int:
    """How many quarantined rows (their raw JSON) would load with ``mapping`` now."""
    records = []
    for row in rejected[:RECHECK_ROWS]:
        try:
            raw = json.loads(row.get("raw") or "")
        except ValueError:
            continue
        if isinstance(raw, dict):
            records.append({ROW: row["row"], **{c: _text(raw.get(c)) for c in columns}})
    if not records or not columns:
        return 0
    frame = pl.DataFrame(records, schema={ROW: pl.Int64, **dict.fromkeys(columns, pl.String)})
    return map_batch(frame, mapping, source, max_text_chars).good.height


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def empty_sample() -> Sample:
    """What a file that cannot be read shows: no columns, no rows."""
    return Sample(pl.DataFrame(), [], parse_reject_frame([]))
