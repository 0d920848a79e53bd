"""Importing grids: round trips of our exports, Korean CSVs, lane kinds, emotions, errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from journeymap.errors import InputNotFoundError, MapError
from journeymap.maps.grid_format import Line, parse_emotion
from journeymap.maps.import_grid import read_grid
from journeymap.maps.items import LaneKind, item_text
from journeymap.maps.lane_kinds import guess_lane_kind
from journeymap.maps.model import JourneyMap
from journeymap.render.map_csv import write_grid_csv
from journeymap.render.map_xlsx import write_map_xlsx


def shape(doc: JourneyMap) -> tuple:
    """Stages, lanes with kinds and every cell's item texts."""
    cells = {(c.stage, c.lane): [item_text(i) for i in c.items] for c in doc.cells if c.items}
    return ([s.name for s in doc.stages], [(x.name, x.kind) for x in doc.lanes], cells)


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.mark.parametrize("fixture", ["korean_map", "english_map", "blueprint_map"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_import_round_trip(fixture: str, suffix: str, tmp_path: Path,
                                  request: pytest.FixtureRequest):
    doc: JourneyMap = request.getfixturevalue(fixture)
    writer = write_map_xlsx if suffix == ".xlsx" else write_grid_csv
    back = read_grid(writer(doc, tmp_path / f"map{suffix}"))
    assert shape(back) == shape(doc)
    assert back.title == doc.title
    assert back.language == doc.language
    assert back.type == doc.type
    emotions = [i.score for c in back.cells for i in c.items if i.kind == "emotion"]
    assert emotions == [1, -1, -2]


def test_xlsx_round_trip_keeps_the_map_info(korean_map: JourneyMap, tmp_path: Path):
    back = read_grid(write_map_xlsx(korean_map, tmp_path / "map.xlsx"))
    assert back.personas == korean_map.personas
    assert back.stages == korean_map.stages  # with their analytics stages
    assert (back.owner, back.scenario) == (korean_map.owner, korean_map.scenario)
    assert (back.expectations, back.goals) == (korean_map.expectations, korean_map.goals)


def test_stated_lane_kinds_beat_guesses(tmp_path: Path):
    """A custom lane whose title looks like another kind keeps its kind through XLSX."""
    from journeymap.maps.schema import parse_map

    doc = parse_map({"title": "t", "stages": [{"name": "s"}],
                     "lanes": [{"name": "감정 메모", "kind": "custom"}],
                     "cells": [{"stage": "s", "lane": "감정 메모",
                                "items": [{"kind": "text", "text": "그냥 메모"}]}]})
    back = read_grid(write_map_xlsx(doc, tmp_path / "map.xlsx"))
    assert back.lanes[0].kind == LaneKind.custom


def test_korean_cp949_csv(tmp_path: Path):
    rows = [["구분", "인지", "구매"],
            ["고객 행동", "광고를 본다", "결제한다\n영수증을 받는다"],
            ["접점", "유튜브 광고 (동영상)", "결제 페이지"],
            ["감정", "+1 호기심", "-2 짜증"],
            ["페인포인트", "", "결제 오류"],
            ["개선 기회", "", "간편결제 도입"],
            ["지표", "", "결제 완료율"]]
    path = write_csv(tmp_path / "여정.csv", rows, encoding="cp949")
    doc = read_grid(path)
    assert doc.title == "여정"  # "구분" is a header word, so the file name is the title
    assert doc.language == "ko"
    assert [s.name for s in doc.stages] == ["인지", "구매"]
    assert [x.kind for x in doc.lanes] == [LaneKind.actions, LaneKind.touchpoints,
                                          LaneKind.emotions, LaneKind.pain_points,
                                          LaneKind.opportunities, LaneKind.kpis]
    assert [item_text(i) for i in doc.items("구매", "고객 행동")] == ["결제한다", "영수증을 받는다"]
    touch = doc.items("인지", "접점")[0]
    assert (touch.name, touch.channel) == ("유튜브 광고", "동영상")
    assert [(i.score, i.label) for i in doc.items("구매", "감정")] == [(-2, "짜증")]
    assert doc.items("구매", "개선 기회")[0].description == "간편결제 도입"


def test_euc_kr_and_utf8_without_bom(tmp_path: Path):
    rows = [["", "단계1"], ["행동", "검색한다"]]
    for encoding in ("euc-kr", "utf-8", "utf-8-sig"):
        doc = read_grid(write_csv(tmp_path / f"g-{encoding}.csv", rows, encoding))
        assert doc.items("단계1", "행동")[0].text == "검색한다"


def test_corner_cell_is_the_title_and_turned_grids_are_read(tmp_path: Path):
    rows = [["Onboarding map", "Actions", "Emotions", "Pain points"],
            ["Sign up", "Fills the form", "😊 curious", "Too many fields"],
            ["First use", "Creates a project", "frustrated -1", ""]]
    doc = read_grid(write_csv(tmp_path / "turned.csv", rows))
    assert doc.title == "Onboarding map"
    assert doc.language == "en"
    assert [s.name for s in doc.stages] == ["Sign up", "First use"]
    assert [x.kind for x in doc.lanes] == [LaneKind.actions, LaneKind.emotions,
                                          LaneKind.pain_points]
    assert [(i.score, i.label) for i in doc.items("Sign up", "Emotions")] == [(1, "curious")]
    assert doc.items("First use", "Emotions")[0].score == -1


def test_xlsx_grid_made_by_hand(tmp_path: Path):
    book = Workbook()
    ws = book.active
    ws.title = "Sheet1"
    grid = book.create_sheet("Grid")
    for row in [[None, None, None], [None, "Stage", "Discover", "Buy"],
                [None, "Doing", "Searches", None], [None, None, None],
                [None, "Feelings", 1, -2], [None, "Line of visibility", "-----", None],
                [None, "Backstage", "CRM logs the lead", "Invoice"]]:
        grid.append(row)
    book.save(tmp_path / "hand.xlsx")
    doc = read_grid(tmp_path / "hand.xlsx", title="Hand made", language="ko")
    assert (doc.title, doc.language, doc.type) == ("Hand made", "ko", "service_blueprint")
    assert [(x.name, x.kind) for x in doc.lanes] == [
        ("Doing", LaneKind.actions), ("Feelings", LaneKind.emotions),
        ("Line of visibility", LaneKind.line_of_visibility), ("Backstage", LaneKind.backstage)]
    assert [i.score for i in doc.items("Buy", "Feelings")] == [-2]
    assert doc.items("Discover", "Line of visibility") == []


@pytest.mark.parametrize("title, kind", [
    ("Actions", LaneKind.actions), ("Doing", LaneKind.actions), ("행동", LaneKind.actions),
    ("고객 행동", LaneKind.actions), ("Customer activities", LaneKind.actions),
    ("Touchpoints", LaneKind.touchpoints), ("접점", LaneKind.touchpoints),
    ("터치 포인트", LaneKind.touchpoints), ("Channels", LaneKind.channels),
    ("채널", LaneKind.channels), ("Thoughts", LaneKind.thoughts),
    ("Thinking", LaneKind.thoughts), ("생각", LaneKind.thoughts),
    ("Thoughts & feelings", LaneKind.thoughts), ("Emotions", LaneKind.emotions),
    ("Feelings", LaneKind.emotions), ("감정", LaneKind.emotions),
    ("감정 곡선", LaneKind.emotions), ("Pain points", LaneKind.pain_points),
    ("불편", LaneKind.pain_points), ("페인 포인트", LaneKind.pain_points),
    ("Opportunities", LaneKind.opportunities), ("기회", LaneKind.opportunities),
    ("개선 아이디어", LaneKind.opportunities), ("KPI", LaneKind.kpis),
    ("지표", LaneKind.kpis), ("Metrics", LaneKind.kpis),
    ("Physical evidence", LaneKind.evidence), ("물리적 증거", LaneKind.evidence),
    ("Frontstage actions", LaneKind.frontstage), ("프론트스테이지", LaneKind.frontstage),
    ("Line of visibility", LaneKind.line_of_visibility),
    ("가시선", LaneKind.line_of_visibility), ("Backstage", LaneKind.backstage),
    ("백스테이지", LaneKind.backstage), ("Support processes", LaneKind.support),
    ("지원 프로세스", LaneKind.support), ("pain_points", LaneKind.pain_points),
    ("Notes", LaneKind.custom), ("메모", LaneKind.custom), ("", LaneKind.custom),
])
def test_lane_kind_guesses(title: str, kind: LaneKind):
    assert guess_lane_kind(title) == kind


@pytest.mark.parametrize("text, score, label", [
    ("+1", 1, ""), ("-2 frustrated", -2, "frustrated"), ("+1 기대", 1, "기대"),
    ("(+1) 기대", 1, "기대"), ("1.5: relieved", 1.5, "relieved"), ("−1 답답함", -1, "답답함"),
    ("frustrated -2", -2, "frustrated"), ("기대 (+1)", 1, "기대"), ("😊 기대", 1, "기대"),
    ("😡", -2, ""), ("보통", 0, "보통"), ("매우 불만족", -2, "매우 불만족"),
    ("happy", 1, "happy"), ("0", 0, ""),
])
def test_emotion_lines(text: str, score: float, label: str):
    item = parse_emotion(Line(text))
    assert (item["score"], item["label"]) == (score, label)


def test_an_emotion_marker_scores_a_line_without_a_number():
    assert parse_emotion(Line("surprised by the price", -1))["score"] == -1
    assert parse_emotion(Line("+2 wow", -1))["score"] == 2


def test_emotion_out_of_range_names_row_and_column(tmp_path: Path):
    rows = [["", "Discover", "Buy"], ["Actions", "a", "b"], ["Emotions", "+1 ok", "5 great"]]
    with pytest.raises(MapError) as err:
        read_grid(write_csv(tmp_path / "bad.csv", rows))
    exc = err.value
    assert (exc.row, exc.field) == (3, "column C")
    assert exc.file.endswith("bad.csv")
    assert "score 5" in exc.message and "-2" in exc.message
    assert "stage 'Buy', lane 'Emotions'" in exc.message
    assert str(exc).startswith(f"{exc.file}, row 3, field 'column C': ")


def test_emotion_without_a_score(tmp_path: Path):
    rows = [["", "Discover"], ["감정", "그냥 그래요"]]
    with pytest.raises(MapError, match="has no score") as err:
        read_grid(write_csv(tmp_path / "bad.csv", rows))
    assert (err.value.row, err.value.field) == (2, "column B")


def test_empty_stage_header_names_its_column(tmp_path: Path):
    rows = [["", "Discover", "", "Buy"], ["Actions", "a", "orphan", "b"]]
    with pytest.raises(MapError, match="a stage has no name") as err:
        read_grid(write_csv(tmp_path / "bad.csv", rows))
    assert (err.value.row, err.value.field) == (1, "column C")


def test_lane_without_title_and_duplicate_lanes(tmp_path: Path):
    rows = [["", "Discover"], ["Actions", "x"], ["", "a"]]
    with pytest.raises(MapError, match="a lane has no name") as err:
        read_grid(write_csv(tmp_path / "bad.csv", rows))
    assert (err.value.row, err.value.field) == (3, "column A")
    rows = [["", "Discover"], ["Actions", "a"], ["Actions", "b"]]
    with pytest.raises(MapError, match="two lanes are named 'Actions'") as err:
        read_grid(write_csv(tmp_path / "dup.csv", rows))
    assert err.value.row == 3


def test_grid_without_stages_or_content(tmp_path: Path):
    with pytest.raises(MapError, match="the grid is empty"):
        read_grid(write_csv(tmp_path / "empty.csv", []))
    with pytest.raises(MapError, match="no stage names") as err:
        read_grid(write_csv(tmp_path / "lanes.csv", [["Title"], ["Actions"]]))
    assert err.value.row == 1


def test_text_on_the_line_of_visibility(tmp_path: Path):
    rows = [["", "Buy"], ["Frontstage", "a"], ["Line of visibility", "oops"],
            ["Backstage", "b"]]
    with pytest.raises(MapError, match="line of visibility holds no items") as err:
        read_grid(write_csv(tmp_path / "bad.csv", rows))
    assert (err.value.row, err.value.field) == (3, "column B")


def test_unreadable_files(tmp_path: Path):
    with pytest.raises(InputNotFoundError):
        read_grid(tmp_path / "missing.csv")
    (tmp_path / "map.json").write_text("{}")
    with pytest.raises(MapError, match=r"cannot import a grid from a '\.json' file"):
        read_grid(tmp_path / "map.json")
    (tmp_path / "fake.xlsx").write_text("not a zip")
    with pytest.raises(MapError, match="not a readable Excel file"):
        read_grid(tmp_path / "fake.xlsx")


def test_a_stage_named_like_a_lane_does_not_turn_the_grid(tmp_path: Path):
    rows = [["", "Discover", "Buy", "Support"], ["Notes", "a", "b", "c"],
            ["Quotes", "d", "", ""]]
    doc = read_grid(write_csv(tmp_path / "grid.csv", rows))
    assert [s.name for s in doc.stages] == ["Discover", "Buy", "Support"]
    assert [(x.name, x.kind) for x in doc.lanes] == [("Notes", LaneKind.custom),
                                                    ("Quotes", LaneKind.custom)]
