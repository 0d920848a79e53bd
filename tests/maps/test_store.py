"""The document database on SQLite and on a real PostgreSQL server: versions, conflicts,
migrations from older revisions."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from journeymap.errors import NotFoundError, StoreError, VersionConflictError
from journeymap.maps.store import HEAD_REVISION, MapStore
from journeymap.maps.version_notes import NOTES, Note, note_of, recognise


@pytest.fixture
def store(store_url):
    s = MapStore(store_url)
    yield s
    s.close()


def test_create_save_and_read_versions(store, korean_map):
    before = datetime.now(UTC)
    info = store.create(korean_map, "lee")
    assert (info.head, info.title, info.type) == (1, "B2B 구매 여정", "current_state")
    assert before <= info.created_at <= datetime.now(UTC)
    edited = korean_map.model_copy(deep=True)
    edited.title = "B2B 구매 여정 v2"
    edited.cell("결정", "불편").items[0].text = "견적 회신이 느리다"
    v2 = store.save(info.id, edited, "kim", "faster quotes")
    assert (v2.version, v2.author, v2.message) == (2, "kim", "faster quotes")
    assert store.get(info.id) == edited
    assert store.get(info.id, 1) == korean_map
    assert store.info(info.id).title == "B2B 구매 여정 v2"
    assert [(v.version, v.author) for v in store.versions(info.id)] == [(1, "lee"), (2, "kim")]


def test_saving_an_unchanged_map_adds_no_version(store, english_map):
    info = store.create(english_map, "lee")
    again = store.save(info.id, english_map.model_copy(deep=True), "kim")
    assert again.version == 1 and again.author == "lee"
    assert len(store.versions(info.id)) == 1


def test_a_stale_editor_cannot_overwrite_a_newer_version(store, english_map):
    info = store.create(english_map, "lee")
    first = english_map.model_copy(update={"title": "first"})
    store.save(info.id, first, "kim", base_version=1)
    second = english_map.model_copy(update={"title": "second"})
    with pytest.raises(VersionConflictError, match="saved as version 2 after version 1 was opened"):
        store.save(info.id, second, "park", base_version=1)
    assert store.get(info.id).title == "first"


def test_list_delete_and_missing_maps(store, english_map, korean_map):
    a = store.create(english_map, "lee")
    b = store.create(korean_map, "lee")
    assert [m.id for m in store.list()] == [b.id, a.id]
    store.delete(a.id)
    assert [m.id for m in store.list()] == [b.id]
    with pytest.raises(NotFoundError, match=f"there is no map {a.id}"):
        store.get(a.id)
    with pytest.raises(NotFoundError, match=f"map {b.id} has no version 7"):
        store.get(b.id, 7)


def test_reopening_keeps_everything(store_url, blueprint_map):
    first = MapStore(store_url)
    info = first.create(blueprint_map, "lee")
    first.close()
    second = MapStore(store_url)
    assert second.get(info.id) == blueprint_map
    second.close()


def _alembic(url: str) -> tuple[sa.Engine, Config]:
    from importlib import resources

    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location",
                           str(resources.files("journeymap.maps") / "migrations"))
    return engine, config


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_upgrade_an_empty_database(store_url):
    assert _tables(store_url) == set()
    MapStore(store_url).close()
    assert _tables(store_url) == {"alembic_version", "journeymap_meta", "maps", "map_versions",
                                  "users", "api_tokens"}
    engine = sa.create_engine(store_url)
    with engine.connect() as con:
        assert con.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0004"
    engine.dispose()


def test_the_head_revision_in_the_code_is_alembics_head():
    from alembic.script import ScriptDirectory

    _, config = _alembic("sqlite://")
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_a_database_at_the_head_revision_opens_without_alembic(store_url, english_map,
                                                               monkeypatch):
    store = MapStore(store_url)
    info = store.create(english_map, "lee")
    store.close()

    def refuse(*_args, **_kwargs):
        raise AssertionError("Alembic ran on a database at the head revision")

    monkeypatch.setattr(command, "upgrade", refuse)
    monkeypatch.setattr(command, "stamp", refuse)
    store = MapStore(store_url)
    assert store.get(info.id) == english_map
    store.close()
    # one revision behind, the same open upgrades it (and so reaches Alembic)
    engine = sa.create_engine(store_url)
    with engine.begin() as con:
        con.execute(sa.text("UPDATE alembic_version SET version_num = '0003'"))
    engine.dispose()
    with pytest.raises(AssertionError, match="Alembic ran"):
        MapStore(store_url)


def test_migrations_upgrade_a_database_of_the_previous_revision(store_url, english_map):
    engine, config = _alembic(store_url)
    with engine.begin() as con:
        config.attributes["connection"] = con
        command.upgrade(config, "0001")
        con.execute(sa.text("INSERT INTO journeymap_meta VALUES ('schema_version', '1'), "
                            "('created_by', 'test')"))
    engine.dispose()
    assert _tables(store_url) == {"alembic_version", "journeymap_meta"}
    store = MapStore(store_url)
    store.create(english_map, "lee")
    store.close()
    engine = sa.create_engine(store_url)
    with engine.connect() as con:
        meta = dict(con.execute(sa.text("SELECT key, value FROM journeymap_meta")).all())
    engine.dispose()
    assert meta == {"schema_version": "2", "created_by": "test"}


def test_a_workspace_file_from_before_alembic_is_upgraded(tmp_path, english_map):
    """Workspaces made before maps existed have a SQLite file with only journeymap_meta."""
    path = tmp_path / "documents.sqlite"
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("CREATE TABLE journeymap_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.execute("INSERT INTO journeymap_meta VALUES ('schema_version', '1')")
    store = MapStore(f"sqlite:///{path}")
    assert store.get(store.create(english_map, "lee").id) == english_map
    store.close()


def test_an_unreachable_database_is_one_clear_error():
    with pytest.raises(StoreError) as err:
        MapStore("postgresql+psycopg://jm:secret@127.0.0.1:1/nowhere")
    message = str(err.value)
    assert "cannot open" in message and "127.0.0.1:1/nowhere" in message
    assert "secret" not in message


@pytest.mark.slow
def test_a_workspace_keeps_its_maps_in_postgresql(tmp_path, monkeypatch, postgres_url,
                                                 english_map):
    import journeymap as jm

    monkeypatch.setenv("JOURNEYMAP_DOCUMENTS__URL", postgres_url)
    with jm.init_workspace(tmp_path / "ws") as ws:
        assert ws.maps.store.url == postgres_url
        info = ws.maps.create(english_map, author="lee")
    assert not (tmp_path / "ws" / "documents.sqlite").exists()
    with jm.Workspace(tmp_path / "ws") as ws:
        assert ws.maps.get(info.id) == english_map
    engine = sa.create_engine(postgres_url)
    with engine.connect() as con:
        assert con.execute(sa.text("SELECT count(*) FROM map_versions")).scalar() == 1
    engine.dispose()


def test_maps_saved_before_the_users_revision_survive_the_upgrade(store_url, korean_map):
    engine, config = _alembic(store_url)
    with engine.begin() as con:
        config.attributes["connection"] = con
        command.upgrade(config, "0002")
    engine.dispose()
    assert "users" not in _tables(store_url)
    engine = sa.create_engine(store_url)  # write a map as revision 0002 would have
    from journeymap.maps.tables import map_versions, maps

    now = datetime.now(UTC)
    with engine.begin() as con:
        con.execute(maps.insert().values(id=1, title=korean_map.title, map_type="current_state",
                                         head=1, created_at=now, updated_at=now,
                                         review_cadence_months=6))
        con.execute(map_versions.insert().values(
            map_id=1, version=1, author="lee", created_at=now, message="", schema_version=1,
            document=korean_map.model_dump(mode="json")))
    engine.dispose()
    store = MapStore(store_url)
    assert store.get(1) == korean_map
    store.close()
    assert {"users", "api_tokens"} <= _tables(store_url)


def test_a_note_is_stored_as_its_english_text_and_as_data(store, korean_map):
    info = store.create(korean_map, "lee", Note("imported", {"file": "여정.xlsx"}))
    edited = korean_map.model_copy(deep=True)
    edited.title = "B2B 구매 여정 v2"
    store.save(info.id, edited, "kim", "faster quotes")
    first, second = store.versions(info.id)
    assert (first.message, first.code, first.args) == ("imported from 여정.xlsx", "imported",
                                                       {"file": "여정.xlsx"})
    assert (second.message, second.code, second.args) == ("faster quotes", None, None)


def test_every_note_is_recognised_from_its_text():
    """Versions saved before codes were stored still say which note made their text."""
    values = {"changed": 3, "version": 2}
    for code, template in NOTES.items():
        names = [n for n in ("template", "file", "stage", "lane", "to_stage", "to_lane",
                             "fields", "metric", "name", "changed", "version")
                 if "{" + n + "}" in template]
        note = Note(code, {n: values.get(n, f"{n} (x)") for n in names})
        assert recognise(note.text) == note, code
    assert recognise("faster quotes") is None and recognise("") is None
    assert recognise("refreshed numbers (many changed)") is None
    assert note_of("no_such_code", {}, "reviewed") == Note("reviewed")
    assert note_of("refreshed", {"wrong": 1}, "free text") is None


def test_versions_saved_before_the_notes_revision_survive_the_upgrade(store_url, korean_map):
    engine, config = _alembic(store_url)
    with engine.begin() as con:
        config.attributes["connection"] = con
        command.upgrade(config, "0003")
    engine.dispose()
    engine = sa.create_engine(store_url)  # a version as revision 0003 wrote it: no code
    from journeymap.maps.tables import map_versions, maps

    now = datetime.now(UTC)
    with engine.begin() as con:
        con.execute(maps.insert().values(id=1, title=korean_map.title, map_type="current_state",
                                         head=1, created_at=now, updated_at=now,
                                         review_cadence_months=6))
        con.execute(map_versions.insert().values(
            map_id=1, version=1, author="lee", created_at=now,
            message="refreshed numbers (3 changed)", schema_version=1,
            document=korean_map.model_dump(mode="json")))
    engine.dispose()
    store = MapStore(store_url)  # upgrades: the old version has a message and no code
    [version] = store.versions(1)
    assert (version.message, version.code, version.args) == (
        "refreshed numbers (3 changed)", None, None)
    assert note_of(version.code, version.args, version.message) == Note("refreshed",
                                                                        {"changed": 3})
    assert store.get(1) == korean_map
    store.close()
