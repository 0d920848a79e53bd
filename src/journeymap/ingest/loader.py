"""Loading one file: read in batches, map, stage (:func:`stage_file`), then merge with its
manifest row (:meth:`StagedLoad.commit`).

Memory stays bounded by ``ingest.batch_rows``: each batch is mapped with vectorised
polars expressions and appended to the load's stages (:mod:`journeymap.ingest.stage`);
only the commit touches ``events``, ``rejected`` and ``loads``, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from queue import SimpleQueue

import polars as pl

from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.errors import InputFileError, InputNotFoundError
from journeymap.ingest.batch import RawBatch
from journeymap.ingest.defaults import check_columns, default_mapping
from journeymap.ingest.mapping import Mapping
from journeymap.ingest.merge import (
    merge_accounts,
    merge_events,
    replace_rejections,
    stage_events,
    stage_names,
    staging_schema,
)
from journeymap.ingest.messages import parse_reject_frame
from journeymap.ingest.readers import file_format, read_batches
from journeymap.ingest.stage import Stage, TableStage, open_stage
from journeymap.ingest.transform import map_batch
from journeymap.progress import ProgressFn, silent
from journeymap.results import LoadResult
from journeymap.schema import (
    ACCOUNT_SCHEMA,
    EVENT_SCHEMA,
    LOADS_SCHEMA,
    REJECTED_SCHEMA,
    Tables,
)

FIXED_HEADER_FORMATS = ("csv", "xlsx", "parquet")


def ensure_base_tables(engine: Engine) -> None:
    """Create the empty tables ingest writes to, so every query finds them."""
    engine.ensure(Tables.events, EVENT_SCHEMA)
    engine.ensure(Tables.accounts_raw, ACCOUNT_SCHEMA)
    engine.ensure(Tables.rejected, REJECTED_SCHEMA)
    engine.ensure(Tables.loads, LOADS_SCHEMA)


def file_sha256(path: Path, stop: threading.Event | None = None) -> str:
    """Fingerprint of the file's bytes, recorded in the load manifest; reading ends early
    (the digest is then meaningless) once ``stop`` is set, as when the load failed."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while (stop is None or not stop.is_set()) and (chunk := fh.read(1 << 22)):
            digest.update(chunk)
    return digest.hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class StagedLoad:
    """A file read, mapped and staged but not yet visible: :meth:`commit` makes it so.

    Splitting the two lets a load plan stage the next files while this one commits (see
    :mod:`journeymap.ingest.parallel`); the stages belong to ``engine``'s connection, so
    commit and discard must use it (from any one thread at a time).
    """

    engine: Engine
    path: Path
    mapping: Mapping
    source: str
    load_id: str
    rows: Stage
    rejects: Stage
    staged: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    sha256: str = ""
    started: dt.datetime = field(default_factory=_now)
    #: Seconds spent reading and staging (a plan's waiting for its turn is not counted).
    seconds: float = 0.0
    progress: ProgressFn = silent
    #: The load's own connection (a plan's parallel loads): closed once it is done.
    owns_engine: bool = False

    def commit(self) -> LoadResult:
        """Merge the staged rows and record the load, in one transaction; the stages are
        dropped either way."""
        try:
            return self._merge()
        finally:
            self.discard()

    def _merge(self) -> LoadResult:
        clock, engine = time.perf_counter(), self.engine
        file_name = str(self.path.resolve())
        rejected = sum(self.reasons.values())
        kind = self.mapping.source.kind
        with engine.transaction():
            replace_rejections(engine, self.rejects, file_name, self.source)
            merge = merge_events if kind == "events" else merge_accounts
            loaded = merge(engine, self.rows)
            result = LoadResult(
                load_id=self.load_id, file=file_name, source=self.source, kind=kind,
                rows_read=self.staged + rejected, loaded=loaded, rejected=rejected,
                already_loaded=self.staged - loaded, rejected_by_reason=dict(self.reasons),
                seconds=self.seconds + time.perf_counter() - clock,
            )
            _record_load(engine, result, self.sha256, self.mapping, self.started)
        size = self.path.stat().st_size
        self.progress(f"ingest {self.path.name}", size, size)
        return result

    def discard(self) -> None:
        """Drop the stages (a load that will not be committed, or one that was)."""
        try:
            self.rows.drop()
            self.rejects.drop()
        finally:
            if self.owns_engine:
                self.engine.close()


def stage_file(engine: Engine, settings: Settings, path: Path, *, source: str | None,
               mapping: Mapping | None, encoding: str | None,
               progress: ProgressFn = silent, owns_engine: bool = False) -> StagedLoad:
    """Read, map and stage one file; nothing is visible until the result is committed.

    With ``owns_engine`` the load closes ``engine`` when it is committed or discarded (or
    when staging fails).
    """
    try:
        load = _stage(engine, settings, path, source, mapping, encoding, progress)
    except BaseException:
        if owns_engine:
            engine.close()
        raise
    load.owns_engine = owns_engine
    return load


def _stage(engine: Engine, settings: Settings, path: Path, source: str | None,
           mapping: Mapping | None, encoding: str | None, progress: ProgressFn) -> StagedLoad:
    clock, started = time.perf_counter(), _now()
    if not path.is_file():
        raise InputNotFoundError("file not found", file=str(path), code="input.not_found")
    total = path.stat().st_size
    if total == 0:
        raise InputFileError("file is empty", file=str(path), code="input.empty")
    fmt = file_format(path, mapping)
    batches = read_batches(path, fmt, mapping, encoding, settings.ingest.batch_rows)
    first = next(batches, None)
    if first is None:
        raise InputFileError("file is empty", file=str(path), code="input.empty")
    if mapping is None:
        mapping = default_mapping(path, fmt, first.columns, source)
    elif fmt in FIXED_HEADER_FORMATS:
        check_columns(path, mapping, first.columns)
    kind = mapping.source.kind
    source_name = source or mapping.source.name
    load_id = uuid.uuid4().hex[:16]
    rows_name, rejects_name = stage_names(load_id)
    rows = open_stage(engine, rows_name, staging_schema(kind))
    load = StagedLoad(engine, path, mapping, source_name, load_id, rows,
                      TableStage(engine, rejects_name, REJECTED_SCHEMA),
                      started=started, progress=progress)
    try:
        with _fingerprint(path) as digest:
            with _BatchMapper(load, source, settings, _batch_workers(engine, settings)) as mapper:
                for batch in _chain(first, batches):
                    mapper.submit(batch)
            load.sha256 = digest.result()
        load.seconds = time.perf_counter() - clock
    except BaseException:
        load.discard()
        raise
    return load


@contextmanager
def _fingerprint(path: Path) -> Iterator[Future[str]]:
    """The file's SHA-256, taken on a thread while the block maps the file; read the result
    inside the block, since leaving it stops the reading.

    Taken after the mapping instead, it ran alone at the end of a plan for the last large
    file: 0.75 s for the 1.2 GB demo shop log (hashlib releases the GIL). A load that fails
    leaves the block and so stops it, instead of reading the file to its end for nothing.
    """
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="jm-sha") as pool:
        try:
            yield pool.submit(file_sha256, path, stop)
        finally:
            stop.set()


def _batch_workers(engine: Engine, settings: Settings) -> int:
    """How many batches of one file are mapped at once (one where cursors cannot run
    side by side)."""
    return settings.ingest.parallel_batches if engine.concurrent else 1


class _BatchMapper:
    """Maps and stages the batches of one load, ``workers`` at a time, in read order.

    Mapping a batch keeps about one and a half cores busy (polars and Arrow release the
    GIL, Python glue does not), so a large file read alone leaves part of the machine
    idle; with two batches in flight it does not. Each worker hashes ids on a cursor of
    its own; the rows go to the stage as they are mapped (a stage's parts may come in any
    order: the merge orders by ``source_row``), while rejects, counts and progress are
    taken in read order on the calling thread, which owns the load's connection.
    """

    def __init__(self, load: StagedLoad, source: str | None, settings: Settings,
                 workers: int) -> None:
        self.load, self.source, self.settings, self.workers = load, source, settings, workers
        self.task, self.file = f"ingest {load.path.name}", str(load.path.resolve())
        self.total = load.path.stat().st_size
        self.pending: deque[Future[tuple[int, pl.DataFrame, int]]] = deque()
        self.pool: ThreadPoolExecutor | None = None
        self.cursors: SimpleQueue[Engine] = SimpleQueue()
        self.opened: list[Engine] = []
        if workers > 1:
            self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jm-map")
            self.opened = [load.engine.cursor() for _ in range(workers)]
            for cursor in self.opened:
                self.cursors.put(cursor)

    def __enter__(self) -> _BatchMapper:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                while self.pending:
                    self._take(self.pending.popleft())
        finally:
            if self.pool is not None:
                # a failed load waits for the batches in flight before its stage is dropped
                self.pool.shutdown(wait=True, cancel_futures=True)
            for cursor in self.opened:
                cursor.close()

    def submit(self, batch: RawBatch) -> None:
        """Map ``batch`` (on a worker when there are several), keeping ``workers`` in
        flight."""
        if self.pool is None:
            self._took(*self._map(batch, self.load.engine))
            return
        self.pending.append(self.pool.submit(self._on_cursor, batch))
        if len(self.pending) >= self.workers:
            self._take(self.pending.popleft())

    def _on_cursor(self, batch: RawBatch) -> tuple[int, pl.DataFrame, int]:
        cursor = self.cursors.get()
        try:
            return self._map(batch, cursor)
        finally:
            self.cursors.put(cursor)

    def _map(self, batch: RawBatch, engine: Engine) -> tuple[int, pl.DataFrame, int]:
        """Map and stage one batch: (rows staged, rejects, bytes read so far)."""
        load, settings, kind = self.load, self.settings, self.load.mapping.source.kind
        mapped = map_batch(batch.frame, load.mapping, self.source, settings.ingest.max_text_chars)
        if kind == "events":
            stage_events(load.rows, mapped.good.to_arrow(), load.load_id,
                         settings.ingest.hash_emails, hasher=engine)
        else:
            load.rows.append(mapped.good.with_columns(pl.lit(load.load_id).alias("load_id"))
                             .select(staging_schema(kind).names).to_arrow())
        rejects = pl.concat([parse_reject_frame(batch.parse_rejects), mapped.rejects])
        return mapped.good.height, rejects, batch.bytes_done

    def _take(self, future: Future[tuple[int, pl.DataFrame, int]]) -> None:
        self._took(*future.result())

    def _took(self, staged: int, rejects: pl.DataFrame, bytes_done: int) -> None:
        load = self.load
        if rejects.height:
            load.reasons.update(rejects["reason"].to_list())
            load.rejects.append(rejects.with_columns(
                pl.lit(load.load_id).alias("load_id"), pl.lit(self.file).alias("file"),
                pl.lit(load.source).alias("source"), pl.lit(_now()).alias("rejected_at"),
            ).select(REJECTED_SCHEMA.names).to_arrow())
        load.staged += staged
        load.progress(self.task, bytes_done, self.total)


def _chain(first: RawBatch, rest: Iterator[RawBatch]) -> Iterator[RawBatch]:
    """The peeked first batch, then the rest of the reader, read one batch ahead.

    The next batch is parsed on a worker thread while the ones before it are mapped and
    staged (the parsers and the engine release the GIL), so one more batch is held than
    the mapper has in flight.
    """
    yield first
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="jm-read") as pool:
        pending = pool.submit(next, rest, None)
        while (batch := pending.result()) is not None:
            pending = pool.submit(next, rest, None)
            yield batch


def _record_load(engine: Engine, result: LoadResult, sha: str, mapping: Mapping,
                 started: dt.datetime) -> None:
    """The manifest row, written in the same transaction as the data."""
    row = {
        "load_id": result.load_id, "file": result.file, "file_sha256": sha,
        "source": result.source, "kind": result.kind, "mapping_sha256": mapping.sha256(),
        "rows_read": result.rows_read, "loaded": result.loaded, "rejected": result.rejected,
        "already_loaded": result.already_loaded, "started_at": started, "finished_at": _now(),
    }
    engine.append(Tables.loads, pl.DataFrame([row]).select(LOADS_SCHEMA.names).to_arrow())
