"""Loading one file: read in batches, map, stage (:func:`stage_file`), then merge with its
manifest row (:meth:`StagedLoad.commit`).

Memory stays bounded by ``ingest.batch_rows``: each batch is mapped with vectorised
polars expressions and appended to the load's stages (:mod:`journeymap.ingest.stage`);
only the commit touches ``events``, ``rejected`` and ``loads``, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

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


def file_sha256(path: Path) -> str:
    """Fingerprint of the file's bytes, recorded in the load manifest."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
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
    file_name = str(path.resolve())
    load_id = uuid.uuid4().hex[:16]
    rows_name, rejects_name = stage_names(load_id)
    rows = open_stage(engine, rows_name, staging_schema(kind))
    load = StagedLoad(engine, path, mapping, source_name, load_id, rows,
                      TableStage(engine, rejects_name, REJECTED_SCHEMA),
                      started=started, progress=progress)
    task = f"ingest {path.name}"
    try:
        for batch in _chain(first, batches):
            mapped = map_batch(batch.frame, mapping, source, settings.ingest.max_text_chars)
            if kind == "events":
                stage_events(rows, mapped.good.to_arrow(), load_id, settings.ingest.hash_emails)
            else:
                rows.append(mapped.good.with_columns(pl.lit(load_id).alias("load_id"))
                            .select(staging_schema(kind).names).to_arrow())
            rejects = pl.concat([parse_reject_frame(batch.parse_rejects), mapped.rejects])
            if rejects.height:
                load.reasons.update(rejects["reason"].to_list())
                load.rejects.append(rejects.with_columns(
                    pl.lit(load_id).alias("load_id"), pl.lit(file_name).alias("file"),
                    pl.lit(source_name).alias("source"), pl.lit(_now()).alias("rejected_at"),
                ).select(REJECTED_SCHEMA.names).to_arrow())
            load.staged += mapped.good.height
            progress(task, batch.bytes_done, total)
        load.sha256 = file_sha256(path)
        load.seconds = time.perf_counter() - clock
    except BaseException:
        load.discard()
        raise
    return load


def _chain(first: RawBatch, rest: Iterator[RawBatch]) -> Iterator[RawBatch]:
    """The peeked first batch, then the rest of the reader, read one batch ahead.

    The next batch is parsed on a worker thread while the current one is mapped and
    staged (the parsers and the engine release the GIL); at most two batches are held.
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
