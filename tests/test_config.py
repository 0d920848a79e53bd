"""Workspace settings: the file, defaults, environment overrides and clear errors."""

from pathlib import Path

import pytest

import journeymap as jm
from journeymap.config import load_settings
from journeymap.errors import ConfigError, WorkspaceError, WorkspaceNotFoundError


def test_init_creates_the_workspace_files(tmp_path: Path):
    ws = jm.init_workspace(tmp_path / "w", timezone="UTC", locale="en")
    for name in ("journeymap.toml", "events.duckdb", "documents.sqlite", "mappings"):
        assert (ws.path / name).exists(), name
    ws.close()
    reopened = jm.Workspace(tmp_path / "w")
    assert reopened.settings.timezone == "UTC"
    assert reopened.settings.locale == "en"
    reopened.close()


def test_init_twice_is_refused(tmp_path: Path):
    jm.init_workspace(tmp_path / "w").close()
    with pytest.raises(WorkspaceError, match="already exists"):
        jm.init_workspace(tmp_path / "w")


def test_missing_workspace_is_a_file_not_found(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="journeymap init"):
        jm.Workspace(tmp_path / "nothing")
    assert issubclass(WorkspaceNotFoundError, FileNotFoundError)


def test_file_values_and_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "journeymap.toml").write_text(
        '[identity]\nmax_people_per_anonymous_id = 5\n[journeys]\nsession_gap_minutes = 45\n'
    )
    settings = load_settings(tmp_path)
    assert settings.identity.max_people_per_anonymous_id == 5
    assert settings.journeys.session_gap_minutes == 45
    monkeypatch.setenv("JOURNEYMAP_IDENTITY__MAX_PEOPLE_PER_ANONYMOUS_ID", "9")
    assert load_settings(tmp_path).identity.max_people_per_anonymous_id == 9
    assert load_settings(tmp_path).journeys.session_gap_minutes == 45


def test_invalid_setting_names_file_and_key(tmp_path: Path):
    (tmp_path / "journeymap.toml").write_text("[journeys]\nsession_gap_minutes = -3\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert "journeymap.toml" in str(info.value)
    assert "journeys.session_gap_minutes" in str(info.value)


def test_unknown_setting_is_refused(tmp_path: Path):
    (tmp_path / "journeymap.toml").write_text("[identity]\nmax_poeple = 3\n")
    with pytest.raises(ConfigError, match=r"identity\.max_poeple"):
        load_settings(tmp_path)
