"""Importing a journey map from a grid: a CSV or XLSX table with stages across, lanes down.

The first row is a corner cell then the stage names; the first column the lane titles;
each other cell holds the items of that stage and lane, one per line. Each lane's kind is
guessed from its title (:mod:`journeymap.maps.lane_kinds`); a grid whose first row holds
the lane titles and first column the stages is read turned around. Blank rows and columns
are skipped. CSV files may be UTF-8 (with or without BOM) or Korean CP949/EUC-KR, as Excel
saves them. An XLSX export of journeymap also carries a "Map info" sheet; its title, type,
language, personas, stage details and lane kinds are read back, so export and import give
the same map.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl.utils import get_column_letter

from journeymap.errors import InputNotFoundError, MapError
from journeymap.maps.grid_format import (
    INFO_FIELDS,
    INFO_SHEET,
    INFO_TABLES,
    Line,
    info_key,
    split_cell,
    unneutralise,
)
from journeymap.maps.items import LaneKind
from journeymap.maps.lane_kinds import guess_lane_kind, is_lane_title, normalise_title
from journeymap.maps.model import JourneyMap
from journeymap.maps.outline import Outline, build_map

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: Sheets read as the grid when present (by name, any case); else the first sheet.
GRID_SHEETS = ("map", "grid", "맵", "지도")
#: Corner cells that are a header word rather than the map's title.
GENERIC_CORNERS = {"", "stage", "stages", "lane", "lanes", "lanestage", "stagelane",
                   "lanesstages", "stageslanes", "단계", "레인", "구분", "항목", "레인단계",
                   "단계레인"}


def read_grid(path: Path | str, title: str | None = None,
              language: str | None = None) -> JourneyMap:
    """The map a CSV or XLSX grid describes.

    The title is ``title``, else the one in the "Map info" sheet, else the corner cell
    (unless it is a header word such as "Stage" or "구분"), else the file's name; the
    language is ``language``, else the info sheet's, else Korean when names have Hangul.
    """
    path = Path(path)
    if not path.is_file():
        raise InputNotFoundError("the grid file does not exist", file=str(path),
                                 code="import.no_file")
    suffix = path.suffix.lower()
    info = None
    if suffix in XLSX_SUFFIXES:
        rows, info = _read_xlsx(path)
    elif suffix in CSV_SUFFIXES:
        rows = _read_csv(path)
    else:
        raise MapError(f"cannot import a grid from a '{suffix}' file", file=str(path),
                       hint="save the grid as .csv or .xlsx", code="grid.bad_suffix",
                       params={"suffix": suffix})
    outline = grid_outline(rows, str(path), may_turn=info is None)
    if info is not None:
        read_info(info, outline)
    outline.fields.setdefault("title", path.stem)
    return build_map(outline, title, language)


class _Cell(NamedTuple):
    text: str
    row: int  # 1-based, as a spreadsheet shows it
    col: int  # 1-based


def grid_outline(rows: list[list[str]], source: str, may_turn: bool = True) -> Outline:
    """The outline of a grid given as rows of cell texts (row 1 first); ``may_turn`` lets
    a grid with lanes across and stages down be read turned around."""
    matrix = [[_Cell(text, r, c) for c, text in enumerate(row, 1)]
              for r, row in enumerate(rows, 1)]
    matrix = _drop_blank(matrix)
    if not matrix:
        raise MapError("the grid is empty", file=source,
                       hint="put stage names in the first row and lane titles in column A",
                       code="grid.empty")
    if may_turn and _turned(matrix):
        matrix = [list(col) for col in zip(*matrix, strict=True)]
    outline = Outline(source)
    header, body = matrix[0], matrix[1:]
    corner = header[0].text.strip()
    if normalise_title(corner) not in GENERIC_CORNERS:
        outline.fields["title"] = corner
    for stage_no, cell in enumerate(header[1:]):
        outline.stages.append(cell.text.strip())
        outline.where[(None, stage_no)] = _where(cell)
    if not outline.stages:
        raise MapError("the first row has no stage names", file=source, row=header[0].row,
                       hint="put the stage names in the first row, after a corner cell",
                       code="grid.no_stages")
    for lane_no, row in enumerate(body):
        outline.lanes.append(row[0].text.strip())
        outline.where[(lane_no, None)] = _where(row[0])
        for stage_no, cell in enumerate(row[1:]):
            lines = split_cell(cell.text)
            if lines:
                outline.cells[(lane_no, stage_no)] = [Line(text) for text in lines]
            outline.where[(lane_no, stage_no)] = _where(cell)
    return outline


def _where(cell: _Cell) -> tuple[int, str]:
    return cell.row, f"column {get_column_letter(cell.col)}"


def _drop_blank(matrix: list[list[_Cell]]) -> list[list[_Cell]]:
    """The matrix without blank rows and columns, its rows padded to one width."""
    rows = [row for row in matrix if any(c.text.strip() for c in row)]
    width = max((len(row) for row in rows), default=0)
    rows = [row + [_Cell("", row[0].row, c) for c in range(len(row) + 1, width + 1)]
            for row in rows]
    keep = [c for c in range(width) if any(row[c].text.strip() for row in rows)]
    return [[row[c] for c in keep] for row in rows]


def _turned(matrix: list[list[_Cell]]) -> bool:
    """Whether the first row names lanes and the first column stages: at least half of the
    first row (and two) are lane titles, and more than in the first column (so one stage
    called "Support" does not turn a grid)."""
    header = matrix[0][1:]
    across = sum(is_lane_title(c.text) for c in header)
    down = sum(is_lane_title(row[0].text) for row in matrix[1:])
    return across > down and across >= max(2, len(header) / 2)


def read_info(rows: list[list[str]], outline: Outline) -> None:
    """Add what a "Map info" sheet states to ``outline``: fields (label in column A, value
    in B) and the tables of personas, stages and lanes (a title row, then one row each
    until a blank row)."""
    table = None
    for raw in rows:
        cells = [c.strip() for c in raw] + [""] * 4
        if not any(cells):
            table = None
        elif table is None:
            table = info_key(cells[0], INFO_TABLES)
            key = info_key(cells[0], INFO_FIELDS) if table is None else None
            if key is not None and cells[1]:
                multi = key in ("expectations", "goals")
                outline.fields[key] = _lines(cells[1]) if multi else cells[1]
        elif table == "personas":
            outline.fields.setdefault("personas", []).append(
                {"name": cells[0], "description": cells[1], "goals": _lines(cells[2]),
                 "segment": cells[3] or None})
        elif table == "stages":
            extra = {"description": cells[1], "analytics_stage": cells[2] or None}
            outline.stage_fields[cells[0]] = {k: v for k, v in extra.items() if v}
        elif table == "lanes" and cells[1]:
            stated = cells[1].casefold().replace(" ", "_")
            kind = LaneKind(stated) if stated in LaneKind.__members__ else guess_lane_kind(
                cells[1])
            if kind != LaneKind.custom or stated == LaneKind.custom:
                outline.kinds[cells[0]] = kind


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- files -------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[list[str]]:
    """The rows of a CSV file in UTF-8 (BOM or not) or CP949, quotes of our export undone."""
    from journeymap.ingest.encoding import SAMPLE_BYTES, detect_encoding

    data = path.read_bytes()
    encoding = detect_encoding(data[:SAMPLE_BYTES])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise MapError(f"cannot be read as {encoding}", file=str(path),
                       row=data[:exc.start].count(b"\n") + 1,
                       hint="save it as 'CSV UTF-8' in Excel", code="grid.encoding",
                       params={"encoding": encoding}) from None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else (
        ";" if first.count(";") > first.count(",") else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [[unneutralise(value) for value in row] for row in reader]
    except csv.Error as exc:
        raise MapError(f"not a readable CSV file: {exc}", file=str(path),
                       row=reader.line_num, code="grid.bad_csv",
                       params={"error": str(exc)}) from None


def _read_xlsx(path: Path) -> tuple[list[list[str]], list[list[str]] | None]:
    """The rows of the grid sheet and of the "Map info" sheet (None when there is none)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # unsupported Excel extensions
            book = load_workbook(path, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise MapError(f"not a readable Excel file: {exc}", file=str(path),
                       code="grid.bad_xlsx", params={"error": str(exc)}) from None
    sheets = {ws.title.strip().casefold(): ws for ws in book.worksheets}
    if not sheets:
        raise MapError("the workbook has no worksheet", file=str(path),
                       code="grid.no_worksheet")
    grid = next((sheets[n] for n in GRID_SHEETS if n in sheets), book.worksheets[0])
    info = sheets.get(INFO_SHEET.casefold())
    return _values(grid), (_values(info) if info is not None and info is not grid else None)


def _values(ws: Any) -> list[list[str]]:
    return [[_text(value) for value in row] for row in ws.iter_rows(values_only=True)]


def _text(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, dates in ISO 8601, our quotes undone."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unneutralise(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)
