"""How the DuckDB engine stores identifier and JSON columns, and replacing tables that hold
them."""

from __future__ import annotations

import pyarrow as pa
import pytest

from journeymap.config import load_settings
from journeymap.engine import connect
from journeymap.pipeline.build import build
from journeymap.schema import EVENT_SCHEMA, UNIQUE_TEXT_COLUMNS, Tables, column_compression


@pytest.fixture
def engine(tmp_path):
    eng = connect(load_settings(tmp_path), tmp_path)
    yield eng
    eng.close()


def _compression(engine, table: str) -> dict[str, set[str]]:
    """Each column's compression methods in the file, once the table is checkpointed."""
    con = engine.con.con
    con.execute("CHECKPOINT")
    found: dict[str, set[str]] = {}
    for column, method in con.execute(
            f"SELECT column_name, compression FROM pragma_storage_info('{table}') "
            "WHERE segment_type = 'VARCHAR' AND compression <> 'Constant'").fetchall():
        found.setdefault(column, set()).add(method)
    return found


def _events(n: int) -> pa.Table:
    """``n`` web events of 500 visitors, ten minutes apart per visitor (one session each
    day), with repeated touchpoints that compress well."""
    return pa.Table.from_pylist([{
        "event_id": f"evt-{i:08d}", "ts": pa.scalar(1_700_000_000_000_000 + i * 1_200_000_000,
                                                      pa.timestamp("us")).as_py(),
        "source": "web", "touchpoint": f"page_view:/p{i % 5}", "anonymous_id": f"a{i % 500}",
        "properties": f'{{"path": "/p{i % 5}", "visit": {i}}}',
    } for i in range(n)], schema=EVENT_SCHEMA.to_pyarrow())


def test_identifiers_are_stored_uncompressed_json_with_zstd_other_text_compressed(
        engine, tmp_path):
    settings = load_settings(tmp_path)
    engine.ensure(Tables.events, EVENT_SCHEMA)
    engine.append(Tables.events, _events(30_000))
    build(engine, settings)
    events, touches = _compression(engine, Tables.events), _compression(engine, Tables.touches)
    assert events["event_id"] == {"Uncompressed"}
    assert touches["event_id"] == touches["session_id"] == {"Uncompressed"}
    for table in (events, touches):
        assert "Uncompressed" not in table["touchpoint"] | table["anonymous_id"]
        assert table["properties"] == {"ZSTD"}
    # every table the build writes stores its listed columns so, and only those
    for table in (Tables.identities, Tables.identity_links, Tables.persons, Tables.journeys):
        found = _compression(engine, table)
        plain = {c for c, methods in found.items() if methods == {"Uncompressed"}}
        assert plain == UNIQUE_TEXT_COLUMNS[table] & set(found), table


def test_column_compression_names_each_listed_column_once():
    touches = column_compression(Tables.touches)
    assert touches == {"event_id": "uncompressed", "session_id": "uncompressed",
                       "properties": "zstd"}
    assert column_compression("some_other_table") == {}


def test_a_table_rebuilt_from_itself_keeps_its_rows(engine):
    name = Tables.touches
    engine.replace(name, pa.table({"event_id": ["b", "a", "c"], "n": [2, 1, 3]}))
    t = engine.table(name)
    engine.replace(name, t.filter(t.n >= 2).mutate(n=t.n * 10))
    assert sorted(engine.to_arrow(engine.table(name)).to_pylist(), key=str) == [
        {"event_id": "b", "n": 20}, {"event_id": "c", "n": 30}]
    assert _compression(engine, name)["event_id"] == {"Uncompressed"}
    # a table without unique columns is created as before, and stored compressed
    engine.replace("other", t.select(event_id=t.event_id + "-x"))
    assert "Uncompressed" not in _compression(engine, "other")["event_id"]


def test_a_replace_inside_a_transaction_joins_it(engine):
    name = Tables.touches
    engine.replace(name, pa.table({"event_id": ["a"]}))
    with pytest.raises(RuntimeError, match="stop"), engine.transaction():
        engine.replace(name, pa.table({"event_id": ["x", "y"]}))
        assert engine.to_arrow(engine.table(name).count()).as_py() == 2
        raise RuntimeError("stop")
    # rolled back with the transaction around it: the old table is back
    assert engine.to_arrow(engine.table(name)).to_pylist() == [{"event_id": "a"}]
    assert engine.con.con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_jm_new_%'"
    ).fetchone()[0] == 0
