"""Touches join the event columns back by DuckDB's row id, checked by event_id."""

from __future__ import annotations

from journeymap.pipeline.build import build
from journeymap.schema import Tables

EVENTS = 600_000  # several row groups, so a checkpoint after deletes merges (vacuums) them


def _synthetic_events(engine) -> None:
    """Events whose ``text`` is their own id and ``source_row`` their first row id."""
    engine.con.con.execute(f"""
        INSERT INTO {Tables.events} (event_id, ts, source, touchpoint, anonymous_id, text,
                                     source_row, load_id)
        SELECT 'e' || i, TIMESTAMP '2026-01-01' + to_seconds(i * 60), 'web',
               'page_view:/' || (i % 7), 'a' || (i % 50000), 'e' || i, i, 'l1'
        FROM range({EVENTS}) r(i) ORDER BY i
    """)
    engine.con.con.execute("CHECKPOINT")


def test_rows_moved_by_a_vacuum_during_the_build_are_not_joined_to_other_events(make_ws):
    engine, settings = make_ws([])
    _synthetic_events(engine)
    moved = {}

    def delete_before_touches(task: str, done: float, total: float | None) -> None:
        # a `forget` (or any delete) committed between the build's steps, then a checkpoint
        if task == "build: touches":
            other = engine.cursor()
            other.con.con.execute(f"DELETE FROM {Tables.events} WHERE source_row % 3 <> 0")
            other.con.con.execute("CHECKPOINT")
            moved["rows"] = other.con.con.execute(
                f"SELECT count(*) FROM {Tables.events} WHERE rowid <> source_row").fetchone()[0]

    build(engine, settings, progress=delete_before_touches)
    assert moved["rows"] > 0  # the deletes did renumber stored rows
    con = engine.con.con
    touches, wrong = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE text <> event_id OR source_row <> "
        f"CAST(substr(event_id, 2) AS BIGINT)) FROM {Tables.touches}").fetchone()
    assert wrong == 0
    # rows whose id stayed keep their touch; only moved rows drop out (the next build has
    # them), and no deleted event comes back
    kept = con.execute(f"SELECT count(*) FROM {Tables.events} WHERE rowid = source_row"
                       ).fetchone()[0]
    assert touches == kept
    assert con.execute(f"SELECT count(*) FROM {Tables.touches} t ANTI JOIN {Tables.events} e "
                       "USING (event_id)").fetchone()[0] == 0


def test_touches_carry_their_own_event_columns(make_ws):
    engine, settings = make_ws([])
    _synthetic_events(engine)
    build(engine, settings)
    con = engine.con.con
    assert con.execute(f"SELECT count(*), count(*) FILTER (WHERE text = event_id) "
                       f"FROM {Tables.touches}").fetchone() == (EVENTS, EVENTS)
