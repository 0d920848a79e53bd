"""The build: events -> clean -> identity -> accounts -> dedupe -> sessions -> stages ->
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
from journeymap.pipeline.clean import clean
from journeymap.pipeline.scalars import scalar
from journeymap.progress import ProgressFn, silent
from journeymap.results import BuildResult
from journeymap.schema import ACCOUNT_SCHEMA, EVENT_SCHEMA, Tables

STAGED = "_jm_build_staged"
STEPS = ("clean", "identity", "accounts", "dedupe", "touches", "journeys")


def _touches(staged: ir.Table, settings: Settings, merges_t: ir.Table) -> ir.Table:
    kept = staged.filter(~staged.is_duplicate).select(*EVENT_SCHEMA.names, "person_id",
                                                      "account_id_resolved")
    kept = kept.mutate(account_id=kept.account_id_resolved).drop("account_id_resolved")
    kept = dedupe.with_merged_sources(kept, merges_t)
    with_sessions = sessions.sessionise(kept, settings.journeys.session_gap_minutes)
    return stages.assign_stages(with_sessions, settings.journeys)


def build(engine: Engine, settings: Settings, progress: ProgressFn = silent) -> BuildResult:
    """Run every step over all events and replace the derived tables."""
    started = time.perf_counter()
    engine.ensure(Tables.events, EVENT_SCHEMA)
    engine.ensure(Tables.accounts_raw, ACCOUNT_SCHEMA)
    timings: dict[str, float] = {}

    def step(index: int, fn: Callable[[], object]) -> None:
        name = STEPS[index]
        progress(name, index, len(STEPS))
        t0 = time.perf_counter()
        fn()
        timings[name] = round(time.perf_counter() - t0, 3)

    cleaned: dict[str, ir.Table] = {}

    def do_clean() -> None:
        cleaned["events"] = clean(engine.table(Tables.events), settings.clean)

    def do_identity() -> None:
        ids = identity.unify(engine, cleaned["events"], settings.identity)
        cleaned["events"] = identity.assign_person(cleaned["events"], ids)

    def do_accounts() -> None:
        ev, raw = cleaned["events"], engine.table(Tables.accounts_raw)
        engine.replace(Tables.persons, accounts.persons(
            ev, engine.table(Tables.identities), raw, settings.identity))
        persons_t = engine.table(Tables.persons)
        engine.replace(Tables.accounts, accounts.accounts(ev, persons_t, raw))

    def do_dedupe() -> None:
        ev, persons_t = cleaned["events"], engine.table(Tables.persons)
        acc = persons_t.select(_jm_pid=persons_t.person_id, _jm_acc=persons_t.account_id)
        joined = ev.left_join(acc, ev.person_id == acc._jm_pid)
        resolved = joined.select(
            *ev.columns,
            account_id_resolved=ibis.coalesce(
                joined._jm_acc,
                ibis.ifelse(joined.account_id == "", ibis.null("string"), joined.account_id)),
        )
        engine.replace(STAGED, dedupe.mark_duplicates(resolved, settings.clean))
        engine.replace(Tables.merges, dedupe.merges(engine.table(STAGED)))

    def do_touches() -> None:
        engine.replace(Tables.touches, _touches(engine.table(STAGED), settings,
                                                engine.table(Tables.merges)))
        engine.drop(STAGED)

    def do_journeys() -> None:
        engine.replace(Tables.journeys, journeys.journeys(
            engine.table(Tables.touches), engine.table(Tables.persons), settings.journeys))

    for i, fn in enumerate((do_clean, do_identity, do_accounts, do_dedupe, do_touches,
                            do_journeys)):
        step(i, fn)
    progress("done", len(STEPS), len(STEPS))
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
