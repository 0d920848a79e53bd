"""The demo generator: determinism, sizes, readable files and valid mappings."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from journeymap.demo import DemoResult, generate
from journeymap.ingest.mapping import load_mapping
from journeymap.results import RecordResult

from .readers import EVENTS, read_rows


def _contents(root: Path) -> dict[str, object]:
    """Every file's bytes; XLSX by cell values (the zip carries a creation time)."""
    out: dict[str, object] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            out[str(path.relative_to(root))] = list(
                load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
        else:
            out[str(path.relative_to(root))] = path.read_bytes()
    return out


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", events=4_000, seed=5)
    b = generate(tmp_path / "b", events=4_000, seed=5)
    c = generate(tmp_path / "c", events=4_000, seed=6)
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")
    assert a.files == b.files
    assert _contents(tmp_path / "a") != _contents(tmp_path / "c")
    assert c.accounts == a.accounts  # the size follows the requested rows, not the seed


def test_result_is_a_frozen_record(demo: DemoResult) -> None:
    assert isinstance(demo, RecordResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo.events = 0  # type: ignore[misc]
    assert demo.to_dict()["seed"] == 11


def test_event_count_within_ten_percent(demo: DemoResult) -> None:
    assert abs(demo.events - EVENTS) <= 0.1 * EVENTS
    assert demo.events == sum(n for f, n in demo.files.items() if f != "data/crm/accounts.csv")
    assert 0.01 <= demo.bad_rows / demo.events <= 0.02
    assert demo.duplicates > 50
    assert demo.won_accounts > 10


def test_every_file_is_read_by_an_independent_reader(demo: DemoResult, demo_dir: Path) -> None:
    for file, rows in demo.files.items():
        header, records = read_rows(demo_dir, file)
        assert len(records) == rows, file
        assert header, file


def test_newsletter_is_cp949_not_utf8(demo_dir: Path) -> None:
    raw = (demo_dir / "data/email/newsletter_export.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("cp949").startswith("이메일,")


def test_pandas_reads_the_csv_files(demo_dir: Path) -> None:
    frame = pd.read_csv(demo_dir / "data/email/newsletter_export.csv", encoding="cp949",
                        on_bad_lines="skip", dtype=str)
    assert set(frame["이벤트"].dropna()) == {"발송", "열람", "클릭"}
    orders = pd.read_csv(demo_dir / "data/shop/orders.csv", on_bad_lines="skip", dtype=str)
    assert orders["고객이메일"].dropna().str.contains("@").all()


def test_mappings_are_valid_and_name_real_columns(demo_dir: Path) -> None:
    plan = tomllib.loads((demo_dir / "sources.toml").read_text(encoding="utf-8"))["load"]
    assert plan[0]["source"] == "crm_accounts"
    files = {str(p.relative_to(demo_dir)) for p in (demo_dir / "data").rglob("*") if p.is_file()}
    assert {item["file"] for item in plan} == files
    for item in plan:
        mapping = load_mapping(demo_dir / item["mapping"])
        assert item["mapping"] == f"mappings/{item['source']}.toml"
        assert mapping.source.name == item["source"]
        header, _ = read_rows(demo_dir, item["file"])
        missing = set(mapping.columns) - set(header)
        assert not missing, (item["file"], missing)
    kinds = {item["source"]: load_mapping(demo_dir / item["mapping"]).source.kind for item in plan}
    assert kinds["crm_accounts"] == "accounts"
    assert {k for s, k in kinds.items() if s != "crm_accounts"} == {"events"}
