"""Load plans, the quarantine listing and its export, load history and progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from journeymap.errors import InputNotFoundError, MappingError, NotFoundError
from journeymap.ingest.plan import read_plan
from journeymap.ingest.quarantine import export_rejected

from .helpers import write

BAD = "ts,touchpoint,user_id\n2026-03-01,signup,u1\nnot a time,signup,u2\n"


def test_plan_paths_are_relative_to_the_plan(workspace, tmp_path: Path):
    (tmp_path / "data").mkdir()
    (tmp_path / "maps").mkdir()
    write(tmp_path / "data" / "web.csv", BAD)
    write(tmp_path / "maps" / "web.toml", '[source]\nname = "web"\n[columns]\nts = "ts"\n'
          'touchpoint = "touchpoint"\nuser_id = "user_id"\n')
    plan = write(tmp_path / "sources.toml", '[[load]]\nfile = "data/web.csv"\nsource = "web"\n'
                 'mapping = "maps/web.toml"\n')
    items = read_plan(plan)
    assert [(i.file, i.source, i.mapping) for i in items] == [
        ((tmp_path / "data" / "web.csv").resolve(), "web", (tmp_path / "maps/web.toml").resolve())]
    results = workspace.ingest_plan(plan)
    assert [(r.loaded, r.rejected) for r in results] == [(1, 1)]


@pytest.mark.parametrize(("text", "error", "needle"), [
    ('[[load]]\nfile = "missing.csv"\nsource = "web"\n', InputNotFoundError, "entry 1"),
    ('[[load]]\nfile = "x.csv"\n', MappingError, "source"),
    ('[[load]]\nfile = "x.csv"\nsource = "w"\nsheet = "a"\n', MappingError, "sheet"),
    ("nothing = 1\n", MappingError, "[[load]]"),
])
def test_plan_errors_name_plan_and_entry(tmp_path: Path, text, error, needle):
    write(tmp_path / "x.csv", BAD)
    plan = write(tmp_path / "plan.toml", text)
    with pytest.raises(error) as err:
        read_plan(plan)
    assert str(plan) in str(err.value) and needle in str(err.value)


def test_export_and_listing(workspace, tmp_path: Path):
    calls: list[tuple] = []
    path = write(tmp_path / "web.csv", BAD)
    workspace.ingest(path, "web", progress=lambda *a: calls.append(a))
    assert calls[-1] == (f"ingest {path.name}", path.stat().st_size, path.stat().st_size)
    assert len(workspace.rejected(reason="cast_error", file="web.csv")) == 1
    assert len(workspace.rejected(reason="parse_error")) == 0
    with pytest.raises(NotFoundError):
        workspace.rejected(reason="bad_reason")
    csv_out = export_rejected(workspace.engine, tmp_path / "out.csv")
    lines = csv_out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith('"load_id","file"') and len(lines) == 2
    xlsx_out = export_rejected(workspace.engine, tmp_path / "out.xlsx")
    sheet = load_workbook(xlsx_out).active
    assert sheet.max_row == 2 and sheet["F2"].value == "not a time"


def test_loads_newest_first(workspace, tmp_path: Path):
    first = workspace.ingest(write(tmp_path / "a.csv", BAD), "web")
    second = workspace.ingest(write(tmp_path / "b.csv", BAD), "web")
    assert [r["load_id"] for r in workspace.loads().to_dict()] == [second.load_id,
                                                                    first.load_id]


def test_a_load_leaves_no_batches_registered_in_the_engine(workspace, tmp_path: Path):
    # Staged batches are handed to the engine as in-memory tables; each must be released
    # once appended, or every batch of every file stays resident until the process exits.
    src = write(tmp_path / "web.csv", BAD)
    workspace.ingest(src, "web", mapping=mapping_file(workspace))
    names = workspace.engine.con.con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()
    assert not [n for (n,) in names if "memtable" in n]


def mapping_file(ws) -> Path:
    path = ws.path / "mappings" / "web_plain.toml"
    path.write_text('[source]\nname = "web"\n[columns]\nts = "ts"\ntouchpoint = "touchpoint"\n'
                    'user_id = "user_id"\n', encoding="utf-8")
    return path
