"""The facade a notebook user holds: one workspace folder, its engine and its settings.

``Workspace`` opens the events engine and exposes ingest, build and the results; the CLI
and later the web app are thin layers over it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.analytics.validate import validated
from journeymap.config import CONFIG_FILE, Settings, load_settings, write_settings
from journeymap.engine import Engine, connect
from journeymap.errors import MappingError, WorkspaceError, WorkspaceNotFoundError
from journeymap.ingest.mapping import Mapping, load_mapping
from journeymap.progress import ProgressFn, silent
from journeymap.results import BuildResult, LoadResult, TableResult

if TYPE_CHECKING:
    from journeymap.analytics.funnel_result import FunnelResult
    from journeymap.analytics.funnel_spec import Exclusion
    from journeymap.analytics.path_result import PathsResult
    from journeymap.analytics.retention import RetentionResult
    from journeymap.analytics.stages import StageResult
    from journeymap.analytics.steps import Step
    from journeymap.analytics.time_to_convert import TimeToConvertResult
    from journeymap.ingest.loader import StagedLoad
    from journeymap.ingest.preview import Preview
    from journeymap.maps.service import Maps

MAPPINGS_DIR = "mappings"
#: How many files of a plan, counted after the one being committed, may be read ahead.
#: Rows wait on disk (see ``journeymap.ingest.stage``), so this bounds disk, not memory.
PLAN_WINDOW = 6


def init_workspace(directory: str | Path, **settings: object) -> Workspace:
    """Create a workspace folder: ``journeymap.toml``, the events file and ``mappings/``."""
    path = Path(directory)
    if (path / CONFIG_FILE).exists():
        raise WorkspaceError(
            "a workspace already exists here",
            file=str(path / CONFIG_FILE),
            hint="open it with journeymap --workspace DIR, or choose another folder",
        )
    path.mkdir(parents=True, exist_ok=True)
    (path / MAPPINGS_DIR).mkdir(exist_ok=True)
    write_settings(path, Settings(**settings))
    ws = Workspace(path)
    ws.engine  # noqa: B018 - creates the DuckDB file and the base tables now
    ws.maps  # noqa: B018 - creates (or migrates) the document database now
    return ws


class Workspace:
    """An open workspace folder."""

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory).resolve()
        if not (self.path / CONFIG_FILE).exists():
            raise WorkspaceNotFoundError(
                "no journeymap workspace here",
                file=str(self.path),
                hint="create one with: journeymap init DIR",
            )
        self.settings: Settings = load_settings(self.path)
        self._engine: Engine | None = None  # the first connection; other threads get cursors
        self._threads = threading.local()
        self._cursors: weakref.WeakSet[Engine] = weakref.WeakSet()
        self._opening = threading.Lock()
        self._maps: Maps | None = None

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    @property
    def engine(self) -> Engine:
        """The events engine of the calling thread, opened on first use (opening Spark
        takes seconds).

        Each thread has its own connection to the one database (:meth:`Engine.cursor`), so
        one thread can read journeys, analyses and maps while another loads or builds:
        readers see the tables as last committed and never wait for the writer. A thread
        that ends drops its connection with it.
        """
        mine = getattr(self._threads, "engine", None)
        if mine is not None:
            return mine
        with self._opening:
            if self._engine is None:
                from journeymap.ingest.loader import ensure_base_tables

                self._engine = mine = connect(self.settings, self.path)
                ensure_base_tables(self._engine)
            else:
                mine = self._engine.cursor()
                if mine is not self._engine:
                    self._cursors.add(mine)
        self._threads.engine = mine
        return mine

    @property
    def maps(self) -> Maps:
        """The workspace's journey maps (document database opened and migrated on first use)."""
        if self._maps is None:
            from journeymap.maps.service import Maps
            from journeymap.maps.store import MapStore, sqlite_url

            docs = self.settings.documents
            url = docs.url or sqlite_url(self.path / docs.sqlite_file)
            self._maps = Maps(self, MapStore(url))
        return self._maps

    def close(self) -> None:
        """Close every thread's connection and the document database."""
        with self._opening:
            for cursor in list(self._cursors):
                cursor.close()
            self._cursors = weakref.WeakSet()
            self._threads = threading.local()
            if self._engine is not None:
                self._engine.close()
                self._engine = None
        if self._maps is not None:
            self._maps.store.close()
            self._maps = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest --------------------------------------------------------------------------
    def mapping_for(self, source: str | None, mapping: str | Path | None = None) -> Mapping | None:
        """The mapping given, else ``mappings/<source>.toml`` of the workspace, else None."""
        if mapping is not None:
            return load_mapping(Path(mapping))
        if source is None:
            return None
        candidate = self.path / MAPPINGS_DIR / f"{source}.toml"
        return load_mapping(candidate) if candidate.exists() else None

    def ingest(
        self,
        file: str | Path,
        source: str | None = None,
        *,
        mapping: str | Path | None = None,
        encoding: str | None = None,
        progress: ProgressFn = silent,
    ) -> LoadResult:
        """Load one file onto the canonical schema; bad rows go to ``rejected``."""
        return self._stage(file, source, mapping, encoding, progress).commit()

    def ingest_plan(self, plan: str | Path, progress: ProgressFn = silent) -> list[LoadResult]:
        """Load every file a plan (``sources.toml``) lists, each with its mapping.

        ``ingest.parallel_files`` files are read at once, each on its own connection, and
        committed one at a time in plan order, so the result is that of loading them one
        by one (on Spark they are). The largest of the next ``PLAN_WINDOW`` files after the
        one being committed is read first, so a large file overlaps the small ones around it.
        """
        from journeymap.ingest.parallel import in_order, serialised
        from journeymap.ingest.plan import read_plan

        items = read_plan(Path(plan))
        workers = self.settings.ingest.parallel_files if self.engine.concurrent else 1
        report = serialised(progress) if workers > 1 else progress
        return in_order(items, lambda item: self._stage(
            item.file, item.source, item.mapping, None, report, own_connection=workers > 1),
            workers, window=PLAN_WINDOW, size=lambda item: item.file.stat().st_size)

    def _stage(self, file: str | Path, source: str | None, mapping: str | Path | None,
               encoding: str | None, progress: ProgressFn, own_connection: bool = False
               ) -> StagedLoad:
        """Read and stage one file; committing the result makes its rows visible.

        With ``own_connection`` the load runs on a connection of its own (closed when the
        load is done), so several loads can be staged at once.
        """
        from journeymap.ingest.loader import stage_file

        resolved = self.mapping_for(source, mapping)
        if resolved is not None and source is not None and resolved.source.name != source:
            raise MappingError(
                f"the mapping is for source '{resolved.source.name}', not '{source}'",
                file=resolved.path,
            )
        engine = self.engine.cursor() if own_connection else self.engine
        return stage_file(engine, self.settings, Path(file), source=source, mapping=resolved,
                          encoding=encoding, progress=progress,
                          owns_engine=engine is not self.engine)

    def suggest_mapping(self, file: str | Path, source: str, encoding: str | None = None):
        """Draft a mapping from the file's header, with a preview of the first rows mapped."""
        from journeymap.ingest.suggest import suggest_mapping

        return suggest_mapping(Path(file), source, encoding=encoding)

    def preview_mapping(self, file: str | Path, source: str, mapping: str | Path | None = None,
                        encoding: str | None = None) -> Preview:
        """Try a mapping on the file's first rows without loading anything: the rows that
        would load (first few, as canonical fields) and those that would be set aside, with
        their reasons. The mapping is ``mapping``, else ``mappings/<source>.toml``."""
        from journeymap.ingest.preview import preview, read_sample

        chosen = self.mapping_for(source, mapping)
        if chosen is None:
            raise MappingError(
                f"no mapping for source '{source}'",
                file=str(self.path / MAPPINGS_DIR / f"{source}.toml"),
                hint="draft one with suggest_mapping (journeymap ingest FILE --suggest)",
            )
        return preview(read_sample(Path(file), chosen, encoding), chosen, source,
                       self.settings.ingest.max_text_chars)

    def rejected(self, reason: str | None = None, file: str | None = None) -> TableResult:
        """Rows that could not be loaded, with file, row, field, raw value and reason."""
        from journeymap.ingest.quarantine import list_rejected

        return TableResult(list_rejected(self.engine, reason=reason, file=file), "rejected rows")

    def loads(self) -> TableResult:
        """The history of loads, newest first."""
        from journeymap.ingest.quarantine import list_loads

        return TableResult(list_loads(self.engine), "loads")

    # -- build and results ---------------------------------------------------------------
    def build(self, progress: ProgressFn = silent) -> BuildResult:
        """Clean, unify identities and build touches and journeys from all events; then
        refresh the numbers of every journey map bound to them."""
        from dataclasses import replace

        from journeymap.pipeline.build import build

        result = build(self.engine, self.settings, progress=progress)
        if not self.settings.documents.refresh_on_build:
            return result
        progress("maps: refresh", 0, None)
        refreshed = self.maps.refresh_all()
        progress("maps: refresh", len(refreshed), len(refreshed))
        return replace(result, maps_refreshed=len(refreshed))

    def summary(self):
        """Headline figures: touches, channels and days per won account journey."""
        from journeymap.pipeline.summary import summary

        return summary(self.engine, self.settings)

    def journeys(
        self, level: str = "account", converted: bool | None = None, limit: int | None = None
    ) -> TableResult:
        """Journeys of persons or accounts (``level``), optionally only (non-)converted."""
        from journeymap.pipeline.queries import list_journeys

        return TableResult(
            list_journeys(self.engine, level=level, converted=converted, limit=limit),
            f"{level} journeys",
        )

    # -- analytics -----------------------------------------------------------------------
    def funnel(
        self,
        steps: Sequence[str | Step | dict],
        *,
        order: str = "ordered",
        window: str | float | timedelta = "30d",
        level: str = "person",
        exclude: Sequence[str | Step | dict | Exclusion] = (),
        breakdown: str | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
    ) -> FunnelResult:
        """Count a funnel: ``ws.funnel(["page_view:/pricing", "demo_request", "won"])``.

        Steps are touchpoints (globs), ``stage:NAME`` or filters (see docs/analytics.md);
        ``order`` is ordered, strict or any; ``window`` like ``30d``; ``level`` person or
        account; ``breakdown`` an event field, ``journey.<col>`` or ``account.<col>``.
        """
        from journeymap.analytics.funnel import run_funnel
        from journeymap.analytics.funnel_spec import FunnelSpec

        spec = validated(FunnelSpec, steps=steps, order=order, window=window, level=level,
                         exclusions=exclude, breakdown=breakdown, since=since, until=until)
        return run_funnel(self.engine, self.settings, spec)

    def retention(
        self,
        period: str = "week",
        *,
        periods: int = 12,
        level: str = "person",
        start: str | Step | dict | None = None,
        returning: str | Step | dict | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
    ) -> RetentionResult:
        """Cohorts by week or month of start; who came back in each later period.

        ``start``/``returning`` are steps (any event by default); ``start="purchase",
        returning="purchase"`` measures repeat purchase.
        """
        from journeymap.analytics.retention import RetentionSpec, run_retention

        spec = validated(RetentionSpec, period=period, periods=periods, level=level,
                         start=start, returning=returning, since=since, until=until)
        return run_retention(self.engine, self.settings, spec)

    def time_to_convert(
        self,
        *,
        level: str = "person",
        start: str | Step | dict | None = None,
        end: str | Step | dict | None = None,
        breakdown: str | None = None,
        trend: str = "month",
        since: str | datetime | None = None,
        until: str | datetime | None = None,
    ) -> TimeToConvertResult:
        """Days from first touch (or ``start``) to conversion (or ``end``): distribution,
        trend, breakdown and a Kaplan-Meier curve with open journeys censored."""
        from journeymap.analytics.time_to_convert import TimeToConvertSpec, run_time_to_convert

        spec = validated(TimeToConvertSpec, level=level, start=start, end=end,
                         breakdown=breakdown, trend=trend, since=since, until=until)
        return run_time_to_convert(self.engine, self.settings, spec)

    def stages(self, *, level: str = "account", period: str | None = None,
               as_of: str | datetime | None = None) -> StageResult:
        """Stage completion: reached, moved on, stage-to-stage conversion, days in stage;
        ``period="90d"`` compares journeys started in the last 90 days with the 90 before."""
        from journeymap.analytics.stages import StageSpec, run_stages

        spec = validated(StageSpec, level=level, period=period, as_of=as_of)
        return run_stages(self.engine, self.settings, spec)

    def paths(
        self,
        start: str | Step | dict | None = None,
        *,
        direction: str = "after",
        depth: int = 5,
        step_by: str = "touchpoint",
        include: str | Step | dict | None = None,
        collapse_loops: bool = True,
        level: str = "person",
        top: int = 20,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
    ) -> PathsResult:
        """Top paths of ``depth`` steps from the first touch, or ``direction`` (after or
        before) the first ``start`` step; ``.tree()`` and ``.sankey()`` from the same
        counts. ``step_by`` names steps by another field (``properties.page``)."""
        from journeymap.analytics.path_result import run_paths
        from journeymap.analytics.paths import PathSpec

        spec = validated(PathSpec, start=start, direction=direction, depth=depth,
                         step_by=step_by, include=include, collapse_loops=collapse_loops,
                         level=level, since=since, until=until)
        return run_paths(self.engine, spec, top=top)

    def compare_paths(self, *, level: str = "person", step_by: str = "touchpoint",
                      min_actors: int = 5) -> TableResult:
        """Steps over-represented in converting journeys (before conversion) against
        non-converting ones: shares, lift and a Fisher exact p-value per step."""
        from journeymap.analytics.path_compare import compare_paths
        from journeymap.analytics.spec import actor_column

        actor_column(level)
        return compare_paths(self.engine, level=level, step_by=step_by, min_actors=min_actors)

    def friction(self, *, level: str = "account", inactive_days: float = 30,
                 loop_min: int = 3, break_days: float = 30, segment_by: str | None = None,
                 history_days: float = 60, recent_days: float = 90,
                 top: int = 30) -> TableResult:
        """One ranked list of friction points (abandonment, loops, long breaks, support
        and negative feedback, stage drop-off below other segments or below the stage's
        own history at the same age) with the evidence."""
        from journeymap.analytics.friction import friction

        return friction(self.engine, self.settings, level=level, inactive_days=inactive_days,
                        loop_min=loop_min, break_days=break_days, segment_by=segment_by,
                        history_days=history_days, recent_days=recent_days, top=top)

    def journey(self, key: str):
        """One journey (person or account, by any identifier) with its touches."""
        from journeymap.pipeline.queries import journey_detail

        return journey_detail(self.engine, self._stored_key(key))

    def identities(self, key: str):
        """Why the records of a person were merged: identifiers and the events linking them."""
        from journeymap.pipeline.identity_explain import explain

        return explain(self.engine, self._stored_key(key))

    def forget(self, key: str):
        """Erase a person, by any of their identifiers, from every table; says what went."""
        from journeymap.pipeline.forget import forget

        stored = self._stored_key(key)
        raw = (key.removeprefix("email:").strip(),) if stored != key else ()
        return forget(self.engine, stored, raw_terms=raw)

    def _stored_key(self, key: str) -> str:
        """An email typed by a user, as stored: hashed when ``ingest.hash_emails`` is on."""
        email = key.removeprefix("email:")
        if not self.settings.ingest.hash_emails or "@" not in email or email.startswith("sha256:"):
            return key
        from journeymap.ingest.merge import hashed_email_value

        return ("email:" if key.startswith("email:") else "") + hashed_email_value(email)
