"""User-written TOML files: missing or broken files name the file and say what it is."""

from pathlib import Path

import pytest

from journeymap.errors import MappingError
from journeymap.ingest.mapping import load_mapping


def test_missing_mapping_names_the_file(tmp_path: Path):
    with pytest.raises(MappingError, match=r"web\.toml: mapping file not found"):
        load_mapping(tmp_path / "web.toml")


def test_broken_mapping_names_the_file_and_the_line(tmp_path: Path):
    path = tmp_path / "web.toml"
    path.write_text('[source]\nname = "web\n', encoding="utf-8")
    with pytest.raises(MappingError) as info:
        load_mapping(path)
    assert "web.toml" in str(info.value) and "not valid TOML" in str(info.value)
    assert "line 2" in str(info.value)
