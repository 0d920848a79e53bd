"""The NDJSON fast paths: pyarrow only where it reads values as polars does; odd lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl
import pytest

from journeymap.ingest.batch import strings_only
from journeymap.ingest.ndjson_arrow import ArrowChunks, read_arrow
from journeymap.ingest.read_json import read_ndjson

from .helpers import rejects, rows, write

AGREE = [
    b'{"a":1}\n{"a":2.5}\n',
    b'{"a":"2024-01-01"}\n{"a":"2024-01-01 10:00:00"}\n',  # pyarrow would make timestamps
    b'{"a":{"b":"2024-01-01T00:00:00"}}\n{"a":null}\n',
    b'{"a":true}\n{"b":false}\n',
    b'{"a":0.1}\n{"a":1e5}\n{"a":-3}\n',
    b'{"x":{"y":1}}\n{"x":{"z":"q"}}\n',
    b'{"a":"10:00:00","b":{}}\n',
]
DECLINE = [
    b'{"a":1}\n{"a":"x"}\n',  # mixed types: polars makes text
    b'{"a":123456789012345678901234}\n',  # polars: exact Int128; pyarrow: a rounded double
    b'{"a":[1,"x"]}\n',
    b'{"a":1, "a":2}\n',
    b'{"a":"\xe9"}\n',  # not UTF-8
]


@pytest.mark.parametrize("chunk", AGREE)
def test_arrow_reads_text_as_polars_does(chunk: bytes):
    table = read_arrow(chunk)
    assert table is not None
    expected = strings_only(pl.read_ndjson(io.BytesIO(chunk), infer_schema_length=None))
    assert strings_only(pl.from_arrow(table)).equals(expected)


#: Chunks of one file, read in turn: the times found in the first are given to pyarrow as
#: text for the next ones; a chunk where that does not fit is read the plain way.
SEQUENCE = [
    (b'{"id":"a","ts":"2024-01-01T10:00:00Z","n":1}\n{"id":"b","ts":"2024-01-02","n":2}\n',
     ["id", "ts", "n"]),
    (b'{"id":"c","ts":"2024-01-03T10:00:00Z","n":3}\n', ["id", "ts", "n"]),  # with the hint
    (b'{"id":"d","ts":"2024-01-04","n":4,"seen":"2024-02-01"}\n',  # a new time-like field
     ["id", "ts", "n", "seen"]),
    (b'{"n":6,"id":"f"}\n', ["id", "ts", "n", "seen"]),  # hinted fields missing: null
    (b'{"id":"e","n":5,"ts":1704362400}\n', ["id", "n", "ts"]),  # a number: read plainly
    (b'{"id":"g","ts":"2024-01-07T10:00:00Z","n":7,"ctx":{"at":"2024-01-07"}}\n',
     ["id", "ts", "n", "ctx.at"]),
]


def test_arrow_chunks_of_one_file_read_as_polars_reads_each():
    arrow = ArrowChunks()
    for chunk, columns in SEQUENCE:
        table = arrow.read(chunk)
        assert table is not None
        got = strings_only(pl.from_arrow(table))
        expected = strings_only(pl.read_ndjson(io.BytesIO(chunk), infer_schema_length=None))
        assert got.columns == columns
        assert got.select(expected.columns).equals(expected)
        extra = got.drop(expected.columns)  # only hinted fields the chunk lacks: all null
        assert extra.columns in ([], ["ts", "seen"])
        assert all(extra[c].null_count() == len(got) for c in extra.columns)


@pytest.mark.parametrize("chunk", DECLINE)
def test_arrow_leaves_doubtful_chunks_to_polars(chunk: bytes):
    assert read_arrow(chunk) is None


def test_ndjson_reader_keeps_line_numbers_around_odd_lines(tmp_path: Path):
    lines = [json.dumps({"id": i, "ts": "2024-01-01 00:00:00"}) for i in range(1, 9)]
    lines[2] = "   "  # whitespace only: a blank line, not a row
    lines[4] = '{"id": '
    lines[6] = "[1, 2]"
    path = write(tmp_path / "x.ndjson", "\r\n".join(lines) + "\r\n")
    batches = list(read_ndjson(path, batch_rows=1000))
    frame = pl.concat([b.frame for b in batches])
    assert frame["id"].to_list() == ["1", "2", "4", "6", "8"]
    assert frame["_row"].to_list() == [1, 2, 4, 6, 8]
    assert frame["ts"].to_list() == ["2024-01-01 00:00:00"] * 5
    assert [r.row for b in batches for r in b.parse_rejects] == [5, 7]


def test_ndjson_line_that_is_not_utf8_loads_with_replacement(workspace, tmp_path: Path):
    path = tmp_path / "latin.ndjson"
    path.write_bytes(b'{"ts":"2026-03-01","touchpoint":"a","user_id":"u1"}\n'
                     b'{"ts":"2026-03-02","touchpoint":"caf\xe9","user_id":"u2"}\n'
                     b'{"ts": \n')
    result = workspace.ingest(path, "app")
    assert (result.loaded, result.rejected) == (2, 1)
    assert [r["touchpoint"] for r in rows(workspace, "events")] == ["a", "caf\ufffd"]
    assert [r[:2] for r in rejects(workspace)] == [(3, "parse_error")]


def test_ndjson_reader_agrees_with_python_on_every_kind_of_odd_line(tmp_path: Path):
    """Cut lines are set aside by their shape, other odd lines by the full JSON check;
    over many chunks the rows and rejects are what reading line by line with Python's
    json module gives (broken lines seen in earlier chunks change nothing)."""
    odd = {
        3: lambda s: s[:25],              # cut short (not shaped like an object)
        5: lambda s: "  " + s,            # leading space: valid, shaped otherwise
        7: lambda s: s + "  ",            # trailing space
        11: lambda s: s + "\r",           # CRLF line end
        13: lambda s: "[1, 2]",           # valid JSON, not an object
        17: lambda s: s + "}",            # shaped, invalid
        19: lambda s: s.replace("{", "{,", 1),  # shaped, invalid inside
        23: lambda s: "",                 # blank
    }
    lines = []
    for i in range(1, 150_001):  # about 10 MB: several chunks
        line = json.dumps({"id": i, "ts": "2024-01-01T00:00:00Z", "n": {"k": i % 5}})
        for every, change in odd.items():
            if i % 29 == every:
                line = change(line)
        lines.append(line)
    path = write(tmp_path / "odd.ndjson", "\n".join(lines) + "\n")
    expected_rows, expected_rejects = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            expected_rows.append((number, str(value["id"])))
        else:
            expected_rejects.append(number)
    batches = list(read_ndjson(path, batch_rows=2_000))
    assert len(batches) > 1
    frame = pl.concat([b.frame for b in batches])
    assert list(zip(frame["_row"].to_list(), frame["id"].to_list(), strict=True)) == \
        expected_rows
    assert [r.row for b in batches for r in b.parse_rejects] == expected_rejects


def test_cut_lines_need_no_json_check_of_every_line(tmp_path: Path, monkeypatch):
    """Lines cut short are found by their shape alone: the JSON check of every line (a
    pass over the whole chunk) is not needed when the readers take the other lines."""
    from journeymap.ingest import read_json

    def no_full_check(*args: object) -> None:
        raise AssertionError("every line was checked")

    monkeypatch.setattr(read_json, "_object_lines", no_full_check)
    lines = [json.dumps({"id": i}) for i in range(1, 2001)]
    for i in range(0, 2000, 97):
        lines[i] = lines[i][:5]
    path = write(tmp_path / "cut.ndjson", "\n".join(lines) + "\n")
    batches = list(read_ndjson(path, batch_rows=1000))
    assert sum(b.frame.height for b in batches) == 2000 - 21
    assert [r.row for b in batches for r in b.parse_rejects] == list(range(1, 2001, 97))
