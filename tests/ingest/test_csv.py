"""CSV: encodings, ragged rows, empty files, canonical columns and missing mappings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journeymap.errors import InputFileError, MappingError

from .helpers import mapping, rejects, rows, write

CANONICAL = (
    "event_id,ts,touchpoint,user_id,plan\n"
    "e1,2026-03-01T10:00:00+09:00,signup,u1,pro\n"
    "e2,2026-03-01 10:00:00,demo_request,u2,\n"
)
KOREAN = (
    "회원번호,발송일시,이벤트,이메일,금액\n"
    "1001,2026.03.01 14:00,메일 발송,Kim@Acme.co.kr ,\"1,200,000원\"\n"
    "1002,2026.03.02 09:30,메일 열람,lee@b.com,500원\n"
)
KOREAN_MAPPING = """
[source]
name = "crm"

[columns]
"회원번호" = "user_id"
"발송일시" = "ts"
"이벤트" = "touchpoint"
"이메일" = "email"
"금액" = "value"

[timestamp]
formats = ["%Y.%m.%d %H:%M"]
timezone = "Asia/Seoul"
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_canonical_columns_load_without_mapping(workspace, tmp_path: Path, encoding: str):
    result = workspace.ingest(write(tmp_path / "web.csv", CANONICAL, encoding), "web")
    assert (result.rows_read, result.loaded, result.rejected) == (2, 2, 0)
    got = rows(workspace, "events")
    assert [(r["event_id"], r["ts"], r["source"], r["touchpoint"], r["source_row"])
            for r in got] == [
        ("e1", dt.datetime(2026, 3, 1, 1, 0), "web", "signup", 2),
        ("e2", dt.datetime(2026, 3, 1, 10, 0), "web", "demo_request", 3),
    ]
    assert got[0]["properties"] == '{"plan":"pro"}'
    assert got[1]["properties"] == "{}"


def test_source_column_names_the_source(workspace, tmp_path: Path):
    path = write(tmp_path / "mixed.csv", "ts,touchpoint,source,user_id\n"
                 "2026-03-01,signup,app,u1\n2026-03-02,signup,web,u2\n")
    workspace.ingest(path)
    assert [r["source"] for r in rows(workspace, "events")] == ["app", "web"]


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "utf-8", "utf-8-sig"])
def test_korean_headers_in_any_encoding(workspace, tmp_path: Path, encoding: str):
    mapping(workspace, "crm", KOREAN_MAPPING)
    result = workspace.ingest(write(tmp_path / "crm.csv", KOREAN, encoding), "crm")
    assert (result.loaded, result.rejected) == (2, 0)
    got = rows(workspace, "events")
    assert [(r["user_id"], r["ts"], r["touchpoint"], r["email"], r["value"]) for r in got] == [
        ("1001", dt.datetime(2026, 3, 1, 5, 0), "메일 발송", "kim@acme.co.kr", 1_200_000.0),
        ("1002", dt.datetime(2026, 3, 2, 0, 30), "메일 열람", "lee@b.com", 500.0),
    ]


def test_wrong_encoding_names_row_and_the_right_one(workspace, tmp_path: Path):
    mapping(workspace, "crm", KOREAN_MAPPING)
    path = write(tmp_path / "crm.csv", KOREAN, "cp949")
    with pytest.raises(InputFileError) as err:
        workspace.ingest(path, "crm", encoding="utf-8")
    text = str(err.value)
    assert str(path) in text and "row 1" in text and "cp949" in text


def test_ragged_rows_are_parse_errors_and_the_rest_loads(workspace, tmp_path: Path):
    path = write(tmp_path / "web.csv", "ts,touchpoint,user_id\n"
                 "2026-03-01,signup,u1\n"
                 "2026-03-02,signup\n"
                 "2026-03-03,signup,u3,extra\n"
                 "2026-03-04,purchase,u4\n")
    result = workspace.ingest(path, "web")
    assert (result.rows_read, result.loaded, result.rejected) == (4, 2, 2)
    assert result.rejected_by_reason == {"parse_error": 2}
    assert rejects(workspace) == [(3, "parse_error", None, None), (4, "parse_error", None, None)]
    assert [r["source_row"] for r in rows(workspace, "events")] == [2, 5]
    first = workspace.rejected().to_dict()[0]
    assert first["raw"] == '"2026-03-02,signup"' and "2 fields" in first["message"]


def test_quoted_newlines_stay_in_one_row(workspace, tmp_path: Path):
    path = write(tmp_path / "support.csv", 'ts,touchpoint,user_id,text\n'
                 '2026-03-01,ticket_opened,u1,"line one\nline two"\n'
                 '2026-03-02,ticket_closed,u1,done\n')
    workspace.ingest(path, "support")
    got = rows(workspace, "events")
    assert [r["text"] for r in got] == ["line one\nline two", "done"]
    assert [r["source_row"] for r in got] == [2, 3]


def test_empty_file(workspace, tmp_path: Path):
    with pytest.raises(InputFileError, match="file is empty"):
        workspace.ingest(write(tmp_path / "empty.csv", ""), "web")


def test_non_canonical_columns_need_a_mapping(workspace, tmp_path: Path):
    path = write(tmp_path / "export.csv", "when,what,who\n2026-03-01,signup,u1\n")
    with pytest.raises(MappingError, match="--suggest"):
        workspace.ingest(path, "web")


def test_mapped_column_missing_from_header(workspace, tmp_path: Path):
    mapping(workspace, "crm", KOREAN_MAPPING.replace('"금액"', '"금 액"'))
    with pytest.raises(MappingError, match="금 액"):
        workspace.ingest(write(tmp_path / "crm.csv", KOREAN), "crm")


def test_header_row_and_delimiter(workspace, tmp_path: Path):
    mapping(workspace, "ads", """
[source]
name = "ads"
delimiter = ";"
header_row = 3

[columns]
day = "ts"
user = "user_id"

[constants]
touchpoint = "ad_click"
""")
    path = write(tmp_path / "ads.csv", "report\nexported 2026-03-05\nday;user\n2026-03-01;u1\n")
    workspace.ingest(path, "ads")
    got = rows(workspace, "events")
    assert [(r["ts"], r["user_id"], r["touchpoint"], r["source_row"]) for r in got] == [
        (dt.datetime(2026, 3, 1), "u1", "ad_click", 4)]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_ragged_rows_found_by_scan_read_like_row_by_row(tmp_path: Path, newline: str):
    # The vectorised scan that sets ragged rows aside must number and word every row
    # exactly as the row-by-row reader does: quoted delimiters and newlines, blank lines.
    from journeymap.ingest.read_csv import _parse_around_ragged, _parse_slowly

    lines = ["a,b,c", '1,"x, y",3', "", '2,"multi', 'line",4', "5,6", "7,8,9,10",
             '"q ""r"", s",t,u', "  ", "11,12,13"]
    data = newline.join(lines).encode() + newline.encode()
    names = ["a", "b", "c"]
    fast = _parse_around_ragged(data, names, ",", 2)
    slow = _parse_slowly(data, names, ",", 2)
    assert fast is not None
    assert fast.frame.to_dicts() == slow.frame.to_dicts()
    assert fast.parse_rejects == slow.parse_rejects
    assert [r.row for r in fast.parse_rejects] == [5, 6, 8]


def test_ragged_rows_in_many_chunks_keep_their_row_numbers(tmp_path: Path):
    # Once a chunk had a ragged row, later chunks are scanned before parsing: rows and
    # rejects must come out as a one-chunk read gives them, in a chunk without ragged
    # rows too.
    from journeymap.ingest.read_csv import CsvOptions, read_csv

    lines = ["id,name,note"]
    ragged = set()
    for i in range(1, 200_001):  # about 18 MB: chunks are read 4 MB at a time at least
        if i % 997 == 0 and i < 150_000:  # none in the last chunks
            lines.append(f"{i},too,many,fields")
            ragged.add(i + 1)  # the header is row 1
        else:
            lines.append(f'{i},"name {i}","a, b {i} {"x" * 60}"')
    path = write(tmp_path / "big.csv", "\n".join(lines) + "\n")
    batches = list(read_csv(path, CsvOptions(encoding="utf-8", batch_rows=1_000)))
    assert len(batches) > 3
    got_rows = [r for b in batches for r in b.frame["_row"].to_list()]
    assert got_rows == [n for n in range(2, 200_002) if n not in ragged]
    assert [r.row for b in batches for r in b.parse_rejects] == sorted(ragged)
    ids = [int(v) for b in batches for v in b.frame["id"].to_list()]
    assert ids == [n - 1 for n in got_rows]
    notes = [v for b in batches for v in b.frame["note"].to_list()]
    assert notes[-1] == "a, b 200000 " + "x" * 60
