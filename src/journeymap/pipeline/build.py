"""The build: events -> clean -> identity -> dedupe -> accounts -> sessions -> stages ->
touches and journeys, each step an Ibis expression the engine runs.

Intermediate results that several later steps read are materialised once (tables named
``_jm_build_*``, dropped at the end) so no window or join runs twice. Every derived table
is replaced, so a build is idempotent: the same events give the same tables.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.pipeline import accounts, dedupe, identity, journeys, sessions, stages
from journeymap.pipeline.clean import NameLookups, clean, name_lookups
from journeymap.pipeline.scalars import scalar
from journeymap.progress import ProgressFn, silent
from journeymap.results import BuildResult
from journeymap.schema import ACCOUNT_SCHEMA, EVENT_SCHEMA, Tables

STAGED = "_jm_build_staged"
CHANNEL_NAMES = "_jm_build_channel_names"
TOUCHPOINT_NAMES = "_jm_build_touchpoint_names"
STEPS = ("clean", "identity", "dedupe", "accounts", "touches", "journeys")


#: Event columns the steps before ``touches`` read; the others (text, properties, ...)
#: are joined back when ``touches`` is written, so the one scratch table of the build
#: stays narrow.
STAGED_COLUMNS = ("event_id", "ts", "source", "channel", "touchpoint")
#: The staged rows' key back to their stored event (see :meth:`Engine.row_key`).
ROW = "_jm_row"


def _staged(events: ir.Table, row: ir.Value, ids: ir.Table, settings: Settings,
            lookups: NameLookups | None = None) -> ir.Table:
    """Cleaned key columns with person, the events' account id and duplicate marks;
    ``row`` is the events' row key, kept as :data:`ROW`.

    Persons are found here once, for the people's accounts and for the touches alike."""
    keyed = events.mutate(**{ROW: row})
    ev = identity.assign_person(clean(keyed, settings.clean, lookups), ids)
    ev = ev.select(ROW, *STAGED_COLUMNS, "person_id", account_id=ev.account_id.nullif(""))
    return dedupe.mark_duplicates(ev, settings.clean)


def _touches(events: ir.Table, row: ir.Value, staged: ir.Table, persons_t: ir.Table,
             settings: Settings, merges_t: ir.Table) -> ir.Table:
    """Kept events with every column back, sessions, accounts, merged sources and stages.

    Sessions are numbered on the row keys, owners and times of the kept rows alone, and
    the numbers joined back to the staged rows (which keeps only the kept ones); the
    other event columns (text, properties, ...) are joined last, by ``row``, the events'
    row key, and ``event_id``. A touch's account is its person's, else its own. Stages
    are looked up per distinct touchpoint of the staged table.
    """
    kept = staged.filter(~staged.is_duplicate)
    numbers = sessions.session_numbers(
        kept.select(ROW, "ts", "person_id", "account_id"), ROW,
        settings.journeys.session_gap_minutes)
    numbered = staged.join(numbers, ROW)
    acc = persons_t.select(_jm_pid=persons_t.person_id, _jm_acc=persons_t.account_id)
    numbered = numbered.left_join(acc, numbered.person_id == acc._jm_pid)
    rest = events.select(
        *[c for c in EVENT_SCHEMA.names if c not in (*STAGED_COLUMNS, "account_id")],
        _jm_erow=row, _jm_eid=events.event_id)
    joined = numbered.join(rest, [numbered[ROW] == rest._jm_erow,
                                  numbered.event_id == rest._jm_eid])
    joined = joined.mutate(account_id=ibis.coalesce(joined._jm_acc, joined.account_id))
    out = joined.select(
        *EVENT_SCHEMA.names, "person_id",
        session_id=sessions.session_id(joined.person_id, joined.account_id,
                                       joined[sessions.NUMBER]))
    out = dedupe.with_merged_sources(out, merges_t)
    return stages.assign_stages(out, settings.journeys, touchpoints=staged.touchpoint)


def build(engine: Engine, settings: Settings, progress: ProgressFn = silent) -> BuildResult:
    """Run every step over all events and replace the derived tables."""
    started = time.perf_counter()
    engine.ensure(Tables.events, EVENT_SCHEMA)
    engine.ensure(Tables.accounts_raw, ACCOUNT_SCHEMA)
    timings: dict[str, float] = {}

    def step(index: int, fn: Callable[[], object]) -> None:
        name = STEPS[index]
        progress(f"build: {name}", index, len(STEPS))
        t0 = time.perf_counter()
        fn()
        timings[name] = round(time.perf_counter() - t0, 3)

    # Identity reads only identifier columns, which cleaning leaves alone, so it reads the
    # events as loaded; the cleaned names and persons are computed once, into STAGED.
    events = engine.table(Tables.events)
    row = engine.row_key(events)

    def do_clean() -> None:
        # The canonical names of the distinct raw names (thousands of rows), kept so the
        # regexes run on those rows only, never on every event.
        lookups = name_lookups(events, settings.clean)  # builds (and so checks) the rules
        engine.replace_scratch(CHANNEL_NAMES, lookups.channels)
        engine.replace_scratch(TOUCHPOINT_NAMES, lookups.touchpoints)

    def do_identity() -> None:
        identity.unify(engine, events, settings.identity)

    def do_dedupe() -> None:
        lookups = NameLookups(engine.table(CHANNEL_NAMES), engine.table(TOUCHPOINT_NAMES))
        engine.replace_scratch(STAGED, _staged(events, row, engine.table(Tables.identities),
                                               settings, lookups))
        for name in (CHANNEL_NAMES, TOUCHPOINT_NAMES):
            engine.drop(name)
        engine.replace(Tables.merges, dedupe.merges(engine.table(STAGED)))

    def do_accounts() -> None:
        ids, raw = engine.table(Tables.identities), engine.table(Tables.accounts_raw)
        engine.replace(Tables.persons, accounts.persons(engine.table(STAGED), ids, raw,
                                                        settings.identity))
        persons_t = engine.table(Tables.persons)
        engine.replace(Tables.accounts, accounts.accounts(events, persons_t, raw))

    def do_touches() -> None:
        engine.replace(Tables.touches, _touches(
            events, row, engine.table(STAGED), engine.table(Tables.persons), settings,
            engine.table(Tables.merges)))
        engine.drop(STAGED)

    def do_journeys() -> None:
        engine.replace(Tables.journeys, journeys.journeys(
            engine.table(Tables.touches), engine.table(Tables.persons), settings.journeys))

    for i, fn in enumerate((do_clean, do_identity, do_dedupe, do_accounts, do_touches,
                            do_journeys)):
        step(i, fn)
    progress("build: done", len(STEPS), len(STEPS))
    return _record(engine, settings, started, timings)


def _count(engine: Engine, name: str, where: Callable[[ir.Table], ir.BooleanValue] | None = None
           ) -> int:
    t = engine.table(name)
    return int(scalar(engine, (t.filter(where(t)) if where else t).count()))


def _record(engine: Engine, settings: Settings, started: float, timings: dict[str, float]
            ) -> BuildResult:
    seconds = round(time.perf_counter() - started, 3)
    result = BuildResult(
        events=_count(engine, Tables.events),
        touches=_count(engine, Tables.touches),
        duplicates_merged=_count(engine, Tables.merges),
        persons=_count(engine, Tables.persons),
        accounts=_count(engine, Tables.accounts),
        journeys=_count(engine, Tables.journeys),
        seconds=seconds,
        step_seconds=timings,
    )
    info = {k: v for k, v in result.to_dict().items() if k != "step_seconds"}
    engine.replace(Tables.build_info, pa.Table.from_pylist([{
        "built_at": datetime.now(UTC).replace(tzinfo=None),
        "version": _version(), **info,
        "journey_settings": settings.journeys.model_dump_json(),
    }]))
    return result


def _version() -> str:
    try:
        return version("journeymap")
    except PackageNotFoundError:
        return "unknown"
