"""Engine neutrality: the same demo ingested and built on DuckDB and on local Spark gives
the same tables.

One small demo (about 5,000 events, every input format) goes through ``ingest_plan`` and
``build`` in two workspaces, one per engine; every derived table is then compared whole.
Load ids are random per load, so events are compared by the file their load read instead.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import journeymap as jm
from journeymap.demo import generate

pytestmark = pytest.mark.slow

ENGINES = {
    "duckdb": {"backend": "duckdb"},
    "pyspark": {"backend": "pyspark", "spark_master": "local[2]"},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """Both workspaces, ingested and built from one demo (one Spark session for all)."""
    root = tmp_path_factory.mktemp("engines")
    generate(root / "demo", events=5_000, seed=3)
    workspaces = {}
    for name, engine in ENGINES.items():
        ws = jm.init_workspace(root / name, engine=engine)
        ws.ingest_plan(root / "demo" / "sources.toml")
        ws.build()
        workspaces[name] = ws
    yield workspaces
    for ws in workspaces.values():
        ws.close()


def _frame(ws: jm.Workspace, table: str, key: list[str]) -> pd.DataFrame:
    """A whole table, load ids replaced by the loaded file's name, sorted by ``key``."""
    engine = ws.engine
    t = engine.table(table)
    if "load_id" in t.columns:
        loads = engine.table("loads").select(_load="load_id", loaded_file="file")
        t = t.left_join(loads, t.load_id == loads._load).drop("load_id", "_load")
    df = engine.to_arrow(t).to_pandas()
    for col in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            df[col] = pd.to_datetime(df[col], utc=True)
    return df.sort_values(key, kind="stable").reset_index(drop=True)


def _types(ws: jm.Workspace, table: str) -> dict[str, object]:
    """Column types; DuckDB states the timestamp precision (microseconds), Spark does not."""
    schema = ws.engine.table(table).schema()
    return {n: t.copy(scale=None) if t.is_timestamp() else t for n, t in schema.items()}


def _assert_same(built, table: str, key: list[str]) -> None:
    duck, spark = built["duckdb"], built["pyspark"]
    assert _types(duck, table) == _types(spark, table)
    expected = _frame(duck, table, key)
    assert len(expected) > 0
    pd.testing.assert_frame_equal(_frame(spark, table, key), expected, check_exact=False,
                                  rtol=1e-9, atol=1e-9)


def test_events_are_the_same(built):
    _assert_same(built, "events", ["event_id"])


def test_touches_are_the_same(built):
    _assert_same(built, "touches", ["event_id"])


def test_journeys_are_the_same(built):
    _assert_same(built, "journeys", ["journey_id"])


def test_identities_are_the_same(built):
    _assert_same(built, "identities", ["identifier_type", "identifier"])


def test_identity_links_are_the_same(built):
    _assert_same(built, "identity_links", ["left_type", "left", "right_type", "right"])


def test_merges_are_the_same(built):
    _assert_same(built, "merges", ["merged_event_id"])


def test_persons_and_accounts_are_the_same(built):
    _assert_same(built, "persons", ["person_id"])
    _assert_same(built, "accounts", ["account_id"])


def test_rejected_rows_are_the_same(built):
    def rows(ws: jm.Workspace) -> set[tuple[str, int, str]]:
        table = ws.rejected().table.select(["file", "row", "reason"])
        return {(Path(f).name, r, why) for f, r, why in zip(*table.to_pydict().values(),
                                                             strict=True)}

    expected = rows(built["duckdb"])
    assert expected
    assert rows(built["pyspark"]) == expected


def test_summary_is_the_same(built):
    def figures(ws: jm.Workspace) -> dict:
        return {k: v for k, v in ws.summary().to_dict().items() if k != "built_at"}

    expected = figures(built["duckdb"])
    assert expected["converted_accounts"] > 0
    assert figures(built["pyspark"]) == expected


def _busiest_email(ws: jm.Workspace) -> str:
    """The email of the person with the most identifiers (merged from several records)."""
    ids = ws.engine.to_arrow(ws.engine.table("identities")).to_pandas()
    person = ids.groupby("person_id").size().sort_values(kind="stable").index[-1]
    mine = ids[(ids["person_id"] == person) & (ids["identifier_type"] == "email")]
    return sorted(mine["identifier"])[0]


def _without_load_ids(value):
    """``value`` with every ``load_id`` left out (they are random per load)."""
    if isinstance(value, dict):
        return {k: _without_load_ids(v) for k, v in value.items() if k != "load_id"}
    if isinstance(value, list):
        return [_without_load_ids(v) for v in value]
    return value


def test_person_lookups_are_the_same(built):
    key = _busiest_email(built["duckdb"])
    for question in ("identities", "journey"):
        expected = _without_load_ids(getattr(built["duckdb"], question)(key).to_dict())
        assert _without_load_ids(getattr(built["pyspark"], question)(key).to_dict()) == expected


def test_forget_is_the_same(built):
    """Last: it erases a person from both workspaces, then the tables must still agree."""
    key = _busiest_email(built["duckdb"])
    expected = built["duckdb"].forget(key).to_dict()
    assert expected["removed"]["events"] > 0
    assert built["pyspark"].forget(key).to_dict() == expected
    for table, key_columns in (("events", ["event_id"]), ("touches", ["event_id"]),
                               ("journeys", ["journey_id"]), ("accounts", ["account_id"])):
        _assert_same(built, table, key_columns)


def test_spark_workspace_persists_across_processes(tmp_path: Path):
    """Each CLI verb is its own process: tables written by one are found by the next."""
    import json
    import os
    import subprocess
    import sys

    csv = tmp_path / "events.csv"
    csv.write_text(
        "event_id,ts,source,touchpoint,email\n"
        "e1,2026-01-05T09:00:00Z,crm,contact_created,kim@acme.co.kr\n"
        "e2,2026-02-01T09:00:00Z,crm,deal_won,kim@acme.co.kr\n",
        encoding="utf-8",
    )
    ws = tmp_path / "ws"
    env = {**os.environ, "JOURNEYMAP_ENGINE__BACKEND": "pyspark"}

    def cli(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "journeymap.cli", "-w", str(ws), *args],
            capture_output=True, text=True, timeout=300, env=env, check=False,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    cli("init", str(ws))
    assert json.loads(cli("ingest", str(csv), "--source", "crm", "--json"))[0]["loaded"] == 2
    cli("build", "--json")
    journeys = json.loads(cli("journeys", "list", "--level", "person", "--json"))
    assert [(j["touches"], j["converted"]) for j in journeys] == [(2, True)]
    assert (ws / "metastore_db").is_dir()


# -- analytics: the same answers on both engines ------------------------------------------
ANALYSES = {
    "funnel ordered": lambda ws: ws.funnel(
        ["page_view:*", "signup", "login"], window="14d", breakdown="channel"),
    "funnel strict, account": lambda ws: ws.funnel(
        ["ad_click", "page_view:*", "signup"], order="strict", level="account"),
    "funnel any, exclusion": lambda ws: ws.funnel(
        ["ad_click", "signup", "login"], order="any", exclude=["ticket_opened"]),
    "funnel optional, within, properties": lambda ws: ws.funnel(
        ["newsletter_sent", "newsletter_opened?",
         {"touchpoint": "newsletter_clicked", "within": "3d"}], window="30d",
        breakdown="account.industry"),
    "funnel trend": lambda ws: ws.funnel(["ad_click", "signup"]).trend("month"),
    "funnel dropped": lambda ws: ws.funnel(["ad_click", "signup"]).dropped(2),
    "retention": lambda ws: ws.retention("week", periods=6),
    "repeat purchase": lambda ws: ws.retention("month", start="purchase",
                                               returning="purchase"),
    "time to convert": lambda ws: ws.time_to_convert(level="account",
                                                     breakdown="account.size"),
    "stages": lambda ws: ws.stages(level="account", period="90d"),
    "paths": lambda ws: ws.paths("contact_created", depth=3, top=1000),
    "paths before, by channel": lambda ws: ws.paths(
        "signup", direction="before", depth=2, step_by="channel", top=1000),
    "paths from the first touch, sankey": lambda ws: ws.paths(depth=4).sankey(),
    "compare paths": lambda ws: ws.compare_paths(level="account", min_actors=1),
    "friction": lambda ws: ws.friction(level="person", top=1000),
}


@pytest.mark.parametrize("name", list(ANALYSES))
def test_analytics_are_the_same(built, name):
    duck, spark = (ANALYSES[name](built[e]) for e in ENGINES)
    expected = duck.to_pandas()
    assert len(expected) > 0
    got = spark.to_pandas()
    sort = [c for c in expected.columns if pd.api.types.is_string_dtype(expected[c])] or None
    if sort:
        expected = expected.sort_values(sort, kind="stable").reset_index(drop=True)
        got = got.sort_values(sort, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-9, atol=1e-9,
                                  check_dtype=False)
