"""Independent readers of the demo files (stdlib csv/json, openpyxl), for the tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

#: rows of the session's demo data set
EVENTS = 20_000

ENCODINGS = {"data/email/newsletter_export.csv": "cp949",
             "data/ads/naver_searchad_clicks.csv": "utf-8-sig"}


def read_rows(root: Path, file: str) -> tuple[list[str], dict[int, dict | None]]:
    """(header, row number -> dict of raw values); None for a row that does not parse."""
    path = root / file
    if file.endswith(".ndjson"):
        rows: dict[int, dict | None] = {}
        with path.open(encoding="utf-8") as fh:
            for no, line in enumerate(fh, start=1):
                try:
                    rows[no] = _flatten(json.loads(line))
                except json.JSONDecodeError:
                    rows[no] = None
        header = sorted({k for r in rows.values() if r for k in r})
        return header, rows
    if file.endswith(".xlsx"):
        sheet = load_workbook(path, read_only=True).worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        header = [str(h) for h in values[0]]
        pad = (None,) * len(header)  # read-only sheets drop trailing empty cells
        return header, {i: dict(zip(header, (*r, *pad), strict=False))
                        for i, r in enumerate(values[1:], 2)}
    with path.open(encoding=ENCODINGS.get(file, "utf-8"), newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        out = {}
        for no, rec in enumerate(reader, start=2):
            out[no] = dict(zip(header, rec, strict=True)) if len(rec) == len(header) else None
        return header, out


def _flatten(obj: dict, prefix: str = "") -> dict:
    flat: dict = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat
