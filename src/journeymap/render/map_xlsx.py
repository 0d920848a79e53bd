"""Exporting a journey map to Excel: the map as a grid, one sheet per lane, and its info.

The "Map" sheet is the map as people draw it: stages across, lanes down, each cell's items
one per line (as :func:`~journeymap.maps.items.item_text` writes them), so
:func:`journeymap.maps.import_grid.read_grid` reads it back. One sheet per lane lists its
items with every field (scores, severities, KPI values and targets, bound metrics with their
last refresh in UTC); the "Map info" sheet holds the title, type, language, personas and the
stage and lane details. Numbers stay numbers; every string is neutralised against formula
injection (:func:`journeymap.maps.grid_format.neutralise`).
"""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from journeymap.maps.grid_format import (
    INFO_FIELDS,
    INFO_SHEET,
    INFO_TABLES,
    neutralise,
    one_line,
)
from journeymap.maps.items import LANE_ITEMS, LaneKind, item_text
from journeymap.maps.model import JourneyMap, Lane

GRID_SHEET = "Map"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
LANE_FILL = PatternFill("solid", fgColor="E8EDF3")
VISIBILITY_FILL = PatternFill("solid", fgColor="BFBFBF")
EMOTION_FILLS = {1: PatternFill("solid", fgColor="E2F0D9"),
                 0: PatternFill("solid", fgColor="FFF2CC"),
                 -1: PatternFill("solid", fgColor="F8D7DA")}
WRAP = Alignment(wrap_text=True, vertical="top")

#: Columns of a lane sheet: key, English and Korean heading.
COLUMNS: list[tuple[str, str, str]] = [
    ("stage", "Stage", "단계"), ("kind", "Kind", "종류"), ("text", "Text", "내용"),
    ("channel", "Channel", "채널"), ("score", "Score", "점수"), ("label", "Label", "라벨"),
    ("severity", "Severity", "심각도"), ("impact", "Impact", "영향"),
    ("effort", "Effort", "노력"), ("owner", "Owner", "담당"), ("status", "Status", "상태"),
    ("target_kpi", "Target KPI", "목표 KPI"), ("value", "Value", "값"),
    ("target", "Target", "목표"), ("unit", "Unit", "단위"),
    ("metric", "Bound metric", "연결 지표"), ("bound_value", "Bound value", "연결 값"),
    ("refreshed_at", "Refreshed at (UTC)", "갱신 시각 (UTC)"), ("change", "Change", "변화"),
]
BOUND = {"metric", "bound_value", "refreshed_at", "change"}
#: The columns each item kind fills besides stage, kind and text.
KIND_COLUMNS: dict[str, set[str]] = {
    "text": BOUND, "touchpoint": {"channel"} | BOUND, "emotion": {"score", "label"} | BOUND,
    "pain_point": {"severity"} | BOUND,
    "opportunity": {"impact", "effort", "owner", "status", "target_kpi"},
    "kpi": {"value", "target", "unit"} | BOUND,
}
RATIOS = {"value", "target", "bound_value", "change"}  # shown as percents when unit is %
WIDTHS = {"stage": 16, "kind": 12, "text": 48, "label": 20, "owner": 14, "metric": 24,
          "refreshed_at": 18}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def write_map_xlsx(doc: JourneyMap, out_path: Path) -> Path:
    """Write ``doc`` to an .xlsx workbook: "Map", one sheet per lane, "Map info"."""
    book = Workbook()
    grid = book.active
    assert isinstance(grid, Worksheet)
    grid.title = GRID_SHEET
    _write_grid(grid, doc)
    taken = {GRID_SHEET.casefold(), INFO_SHEET.casefold()}
    for lane in doc.lanes:
        if lane.kind != LaneKind.line_of_visibility:
            _write_lane(book.create_sheet(sheet_name(lane.name, taken)), doc, lane)
    _write_info(book.create_sheet(INFO_SHEET), doc)
    book.save(out_path)
    return out_path


def grid_rows(doc: JourneyMap) -> list[list[str]]:
    """The map as a table of text: the title and stage names, then per lane its title and
    each stage's items one per line (not yet neutralised)."""
    rows = [[doc.title, *(stage.name for stage in doc.stages)]]
    for lane in doc.lanes:
        rows.append([lane.name, *("\n".join(one_line(item_text(item))
                                            for item in doc.items(stage.id, lane.id))
                                  for stage in doc.stages)])
    return rows


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid sheet name for ``name`` (at most 31 characters, none of ``[]:*?/\\``, not
    starting or ending with a quote) not yet in ``taken`` (case-folded), which it joins."""
    base = _BAD_SHEET_CHARS.sub(" ", name).strip().strip("'").strip() or "Lane"
    if base.casefold() == "history":  # reserved by Excel
        base += " lane"
    candidate, n = base[:31].rstrip("'"), 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate, n = base[:31 - len(suffix)].rstrip("'") + suffix, n + 1
    taken.add(candidate.casefold())
    return candidate


def cell_value(value: Any) -> Any:
    """A value as a cell holds it: strings cleaned of characters XML forbids, neutralised."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _header(ws: Worksheet, row: int, values: list[str]) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row, col, cell_value(value))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP


def _write_grid(ws: Worksheet, doc: JourneyMap) -> None:
    rows = grid_rows(doc)
    _header(ws, 1, rows[0])
    for r, (lane, row) in enumerate(zip(doc.lanes, rows[1:], strict=True), 2):
        for c, value in enumerate(row, 1):
            cell = ws.cell(r, c, cell_value(value))
            cell.alignment = WRAP
            if c == 1:
                cell.font, cell.fill = Font(bold=True), LANE_FILL
            if lane.kind == LaneKind.line_of_visibility:
                cell.fill = VISIBILITY_FILL
            elif lane.kind == LaneKind.emotions and c > 1:
                scores = [i.score for i in doc.items(doc.stages[c - 2].id, lane.id)]
                if scores:
                    mean = sum(scores) / len(scores)
                    cell.fill = EMOTION_FILLS[(mean > 0) - (mean < 0)]
    ws.column_dimensions["A"].width = 24
    for c in range(2, len(rows[0]) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 36
    ws.freeze_panes = "B2"


def _write_lane(ws: Worksheet, doc: JourneyMap, lane: Lane) -> None:
    kinds = LANE_ITEMS[lane.kind]
    keys = ["stage", "kind", "text", *(key for key, _, _ in COLUMNS[3:]
                                       if any(key in KIND_COLUMNS[k] for k in kinds))]
    heading = {key: (ko if doc.language == "ko" else en) for key, en, ko in COLUMNS}
    _header(ws, 1, [heading[key] for key in keys])
    row = 2
    for stage in doc.stages:
        for item in doc.items(stage.id, lane.id):
            fields = item_fields(item) | {"stage": stage.name}
            for col, key in enumerate(keys, 1):
                cell = ws.cell(row, col, cell_value(fields.get(key)))
                cell.alignment = WRAP
                if key == "refreshed_at":
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif key in RATIOS and fields.get("unit") == "%":
                    cell.number_format = "0.0%"
            row += 1
    for col, key in enumerate(keys, 1):
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(key, 12)
    ws.freeze_panes = "B2"


def item_fields(item: Any) -> dict[str, Any]:
    """Every field of an item by lane-sheet column; a refresh time as naive UTC (Excel has
    no time zones)."""
    fields: dict[str, Any] = {"kind": item.kind, "text": item_text(item)}
    for key in ("channel", "score", "label", "severity", "impact", "effort", "owner",
                "target_kpi", "value", "target", "unit"):
        if key in type(item).model_fields:
            fields[key] = getattr(item, key)
    if item.kind == "opportunity":
        fields["status"] = item.status.value
    binding = getattr(item, "binding", None)
    if binding is not None:
        at = binding.refreshed_at
        if at is not None and at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
        fields |= {"metric": binding.metric, "bound_value": binding.value,
                   "refreshed_at": at, "change": binding.change}
    return fields


def _write_info(ws: Worksheet, doc: JourneyMap) -> None:
    ko = doc.language == "ko"
    values = {"title": doc.title, "type": doc.type.value, "language": doc.language,
              "owner": doc.owner or "", "scenario": doc.scenario,
              "expectations": "\n".join(doc.expectations), "goals": "\n".join(doc.goals)}
    row = 1
    for key, labels in INFO_FIELDS.items():
        ws.cell(row, 1, labels[ko]).font = Font(bold=True)
        ws.cell(row, 2, cell_value(values[key])).alignment = WRAP
        row += 1
    tables = {
        "personas": [[p.name, p.description, "\n".join(p.goals), p.segment or ""]
                     for p in doc.personas],
        "stages": [[s.name, s.description, s.analytics_stage or ""] for s in doc.stages],
        "lanes": [[lane.name, lane.kind.value] for lane in doc.lanes],
    }
    for key, entries in tables.items():
        row += 1
        _header(ws, row, [labels[ko] for labels in INFO_TABLES[key]])
        for entry in entries:
            row += 1
            for col, value in enumerate(entry, 1):
                ws.cell(row, col, cell_value(value)).alignment = WRAP
        row += 1
    for col, width in zip("ABCD", (22, 48, 30, 20), strict=True):
        ws.column_dimensions[col].width = width
