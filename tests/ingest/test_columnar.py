"""Parquet and Excel: typed cells, row numbers, sheets and merged header cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from journeymap.errors import InputFileError

from .helpers import mapping, rejects, rows


def test_parquet_typed_columns(workspace, tmp_path: Path):
    path = tmp_path / "app.parquet"
    pl.DataFrame({
        "ts": [dt.datetime(2026, 3, 1, 9), dt.datetime(2026, 3, 2, 9)],
        "touchpoint": ["signup", "purchase"],
        "user_id": [101, 102],
        "value": [None, 99.5],
        "context": [{"os": "ios"}, {"os": "android"}],
    }).with_columns(pl.col("ts").dt.replace_time_zone("Asia/Seoul")).write_parquet(path)
    result = workspace.ingest(path, "app")
    assert (result.loaded, result.rejected) == (2, 0)
    got = rows(workspace, "events")
    assert [(r["ts"], r["user_id"], r["value"], r["properties"], r["source_row"])
            for r in got] == [
        (dt.datetime(2026, 3, 1, 0), "101", None, '{"context.os":"ios"}', 1),
        (dt.datetime(2026, 3, 2, 0), "102", 99.5, '{"context.os":"android"}', 2),
    ]


def _workbook(path: Path, rows_: list[list], merge: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "응답"
    for r in rows_:
        sheet.append(r)
    if merge:
        sheet.merge_cells(merge)
    book.save(path)
    return path


SURVEY = """
[source]
name = "survey"

[columns]
"응답일시" = "ts"
"이메일" = "email"
"점수" = "rating"
"의견" = "text"

[constants]
touchpoint = "nps_response"

[timestamp]
timezone = "Asia/Seoul"
"""


def test_xlsx_rows_and_dates(workspace, tmp_path: Path):
    mapping(workspace, "survey", SURVEY)
    path = _workbook(tmp_path / "survey.xlsx", [
        ["응답일시", "이메일", "점수", "의견"],
        [dt.datetime(2026, 3, 1, 9, 0), "a@x.com", 9, "좋아요"],
        [None, None, None, None],
        [dt.datetime(2026, 3, 2, 9, 0), "b@x.com", "열", None],
        [dt.datetime(2026, 3, 3, 9, 0), "c@x.com", 10.0, None],
    ])
    result = workspace.ingest(path, "survey")
    assert (result.rows_read, result.loaded, result.rejected) == (3, 2, 1)
    assert rejects(workspace) == [(4, "cast_error", "rating", "열")]
    got = rows(workspace, "events")
    assert [(r["ts"], r["rating"], r["text"], r["source_row"]) for r in got] == [
        (dt.datetime(2026, 3, 1, 0), 9.0, "좋아요", 2),
        (dt.datetime(2026, 3, 3, 0), 10.0, None, 5),
    ]


def test_xlsx_merged_header_is_refused(workspace, tmp_path: Path):
    mapping(workspace, "survey", SURVEY)
    path = _workbook(tmp_path / "merged.xlsx", [["응답일시", "이메일", None, "의견"],
                                                [dt.datetime(2026, 3, 1), "a@x.com", 9, ""]],
                     merge="B1:C1")
    with pytest.raises(InputFileError) as err:
        workspace.ingest(path, "survey")
    text = str(err.value)
    assert "merged.xlsx" in text and "'응답'" in text and "B1:C1" in text and "unmerge" in text


def test_xlsx_unknown_sheet(workspace, tmp_path: Path):
    mapping(workspace, "survey", SURVEY.replace('name = "survey"',
                                                'name = "survey"\nsheet = "Sheet9"'))
    path = _workbook(tmp_path / "s.xlsx", [["응답일시"], [dt.datetime(2026, 3, 1)]])
    with pytest.raises(InputFileError, match="Sheet9"):
        workspace.ingest(path, "survey")


def test_xlsx_error_cells_are_rejected_not_nulled(workspace, tmp_path: Path):
    # An Excel error (#DIV/0!, #N/A) is a value that went wrong: it must reach the
    # quarantine with its text, never load as an empty field.
    mapping(workspace, "survey", SURVEY)
    path = _workbook(tmp_path / "errors.xlsx", [
        ["응답일시", "이메일", "점수", "의견"],
        [dt.datetime(2026, 3, 1, 9, 0), "a@x.com", "#DIV/0!", None],
        ["#N/A", "b@x.com", 7, None],
        [dt.datetime(2026, 3, 3, 9, 0), "c@x.com", 10, "#REF!"],
    ])
    result = workspace.ingest(path, "survey")
    assert (result.rows_read, result.loaded, result.rejected) == (3, 1, 2)
    assert rejects(workspace) == [(2, "cast_error", "rating", "#DIV/0!"),
                                  (3, "cast_error", "ts", "#N/A")]
    assert [r["text"] for r in rows(workspace, "events")] == ["#REF!"]


def test_xlsx_reader_batches_offset_range_blank_rows_and_mixed_columns(tmp_path: Path):
    # The table starts at C3; blank rows are skipped but counted; a column mixes numbers,
    # text, dates and booleans; a cell holds only spaces; several batches.
    from journeymap.ingest.read_columnar import read_xlsx

    book = Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"], sheet["E3"] = "id", "value", "note"
    expected = []
    row = 4
    for i in range(1, 2_501):
        if i % 500 == 0:
            row += 1  # a blank row
        value = [i * 1.0, f" t{i} ", dt.datetime(2026, 3, 1, i % 24), i % 2 == 0][i % 4]
        text = ["   ", f"n{i}"][i % 2]
        sheet.cell(row, 3, i)
        sheet.cell(row, 4, value)
        sheet.cell(row, 5, text)
        shown = {0: str(i), 1: f"t{i}", 2: f"2026-03-01T{i % 24:02d}:00:00",
                 3: "true" if i % 2 == 0 else "false"}[i % 4]
        expected.append({"column_1": None, "column_2": None, "id": str(i), "value": shown,
                         "note": f"n{i}" if i % 2 else None, "_row": row})
        row += 1
    path = tmp_path / "offset.xlsx"
    book.save(path)
    batches = list(read_xlsx(path, None, header_row=3, batch_rows=700))
    assert len(batches) == 4
    assert [b.bytes_done for b in batches] == [0, 0, 0, path.stat().st_size]
    got = pl.concat([b.frame for b in batches])
    # columns A and B, left of the table, are unnamed and empty
    assert got.columns == ["column_1", "column_2", "id", "value", "note", "_row"]
    assert got.to_dicts() == expected
