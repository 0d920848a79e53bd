"""Staging and the final merge: what makes a load idempotent and all-or-nothing.

Batches are appended to per-load stages (:mod:`journeymap.ingest.stage`); the merge then,
inside one transaction, replaces this file's earlier rejections, adds only events whose
``event_id`` is new (the first of in-file duplicates wins) and records the load.
Re-running a load adds nothing.
"""

from __future__ import annotations

import hashlib

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pyarrow as pa

from journeymap.engine import Engine
from journeymap.ingest.stage import Stage
from journeymap.ingest.transform import KEY
from journeymap.schema import ACCOUNT_SCHEMA, EVENT_SCHEMA, REJECTED_SCHEMA, Tables

STAGE_PREFIX = "__stage_"


def stage_names(load_id: str) -> tuple[str, str]:
    """Staging names of one load: canonical rows and rejects."""
    return f"{STAGE_PREFIX}{load_id}", f"{STAGE_PREFIX}rejected_{load_id}"


def staging_schema(kind: str) -> ibis.Schema:
    """Events staging is the events schema; accounts staging adds the source row."""
    if kind == "events":
        return EVENT_SCHEMA
    return ibis.schema({**dict(ACCOUNT_SCHEMA.items()), "source_row": dt.int64})


def stage_events(stage: Stage, good: pa.Table, load_id: str, hash_emails: bool,
                 hasher: Engine | None = None) -> None:
    """Append mapped rows, computing missing event ids (MD5) and email hashes in the engine
    (``hasher``, else the stage's: a thread staging batches side by side uses a cursor).

    Only the hashed columns go through the engine; the batch's other columns are appended
    as they are. (A query over the whole batch copied every column in and out of the
    engine, which cost twice the hashing: 1.59 CPU-s for the 868k rows of the demo
    newsletter, MD5 0.49 of it.) The hashes come back in the rows' order: DuckDB keeps it
    in a projection unless ``preserve_insertion_order`` is off, which journeymap never
    sets; a test checks it.
    """
    names = good.schema.names
    hash_email = hash_emails and "email" in names
    if KEY in names or hash_email:
        t = ibis.memtable(good.select([c for c in ("event_id", "email", KEY) if c in names]))
        hashed: dict[str, ir.Value] = {}
        if KEY in names:
            hashed["event_id"] = t.event_id.fill_null(t[KEY].hexdigest("md5"))
        if hash_email:
            hashed["email"] = _hashed_email(t.email)
        values = (hasher or stage.engine).computed(
            t.select(**{n: v.cast(EVENT_SCHEMA[n]) for n, v in hashed.items()}))
        for name in hashed:
            good = good.set_column(names.index(name), name, values[name])
    stage.append(_with_schema(good, load_id))


def _with_schema(good: pa.Table, load_id: str) -> pa.Table:
    """The mapped columns in the events schema's order and types, with the load's id."""
    schema = EVENT_SCHEMA.to_pyarrow()
    present = set(good.schema.names)
    columns = [
        pa.repeat(load_id, good.num_rows) if f.name == "load_id"
        else good[f.name] if f.name in present else pa.nulls(good.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, names=schema.names).cast(schema)


def _hashed_email(email: ir.StringColumn) -> ir.StringValue:
    """``sha256:<hex of local part>@domain``: private, yet the company domain stays."""
    at = email.find("@")
    local = email.substr(0, at)
    domain = email.substr(at + 1)
    with_domain = "sha256:" + local.hexdigest("sha256") + "@" + domain
    return ibis.cases((email.isnull(), ibis.null()), (at >= 0, with_domain),
                      else_="sha256:" + email.hexdigest("sha256"))


def hashed_email_value(email: str) -> str:
    """The Python twin of :func:`_hashed_email`, for keys a user types (``forget kim@…``)."""
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not at:
        return "sha256:" + hashlib.sha256(email.encode()).hexdigest()
    return "sha256:" + hashlib.sha256(local.encode()).hexdigest() + "@" + domain


def merge_events(engine: Engine, stage: Stage) -> int:
    """Insert staged events whose id is new, first of duplicates by row; return how many."""
    s = stage.table()
    # Most files repeat no event id: one distinct count says so, and the window that picks
    # the first of each id (a sort of the whole stage) is needed only when some id repeats.
    # DuckDB counts the ids' 64-bit hashes, cheaper than counting the strings (3.2M web
    # ids: 0.49-0.54 CPU-s instead of 0.64-0.90): as many hashes as rows means no
    # id repeats, and the rare collision only costs the window. Spark's hash has 32 bits,
    # which collide at this scale, so there the strings are counted.
    ids = s.event_id.hash() if engine.name == "duckdb" else s.event_id
    sizes = engine.to_arrow(s.aggregate(rows=s.count(), ids=ids.nunique(),
                                        lo=s.event_id.min(), hi=s.event_id.max()))
    first = s
    if sizes["rows"][0].as_py() != sizes["ids"][0].as_py():
        first = s.mutate(_rn=ibis.row_number().over(group_by=s.event_id, order_by=s.source_row))
        first = first.filter(first._rn == 0).drop("_rn")
    events = engine.table(Tables.events)
    # Only stored ids within the staged ones' range can match. As constants, the bounds let
    # the engine skip the stored row groups outside them (their min/max say so): a source's
    # ids share a form (``li.…``, ``Cj0…``), so a load reads few ids of other sources.
    lo, hi = sizes["lo"][0].as_py(), sizes["hi"][0].as_py()
    if lo is not None:
        events = events.filter(events.event_id.between(lo, hi))
    new = first.anti_join(events, first.event_id == events.event_id)
    before = _count(engine, Tables.events)
    engine.append(Tables.events, new.select(*EVENT_SCHEMA.names))
    return _count(engine, Tables.events) - before


def merge_accounts(engine: Engine, stage: Stage) -> int:
    """Replace account records that are new or changed (first row per account id wins).

    A record identical to the stored one is left alone (counted as already loaded), so
    loading the same export twice reports nothing loaded, like events.
    """
    s = stage.table()
    first = s.mutate(_rn=ibis.row_number().over(group_by=s.account_id, order_by=s.source_row))
    first = first.filter(first._rn == 0).select(*ACCOUNT_SCHEMA.names)
    stored = engine.table(Tables.accounts_raw)
    fields = [c for c in ACCOUNT_SCHEMA.names if c != "load_id"]
    changed = first.anti_join(stored, [first[c].identical_to(stored[c]) for c in fields])
    changed_name = f"{stage.name}_changed"
    engine.replace(changed_name, changed)
    changed_ids = engine.table(changed_name).account_id
    engine.delete_where(Tables.accounts_raw, lambda t: t.account_id.isin(changed_ids))
    engine.append(Tables.accounts_raw, engine.table(changed_name))
    loaded = _count(engine, changed_name)
    engine.drop(changed_name)
    return loaded


def replace_rejections(engine: Engine, stage_rejected: Stage, file: str, source: str) -> None:
    """This file's earlier rejections give way to the ones of this load."""
    engine.delete_where(Tables.rejected, lambda t: (t.file == file) & (t.source == source))
    engine.append(Tables.rejected, stage_rejected.table().select(*REJECTED_SCHEMA.names))


def _count(engine: Engine, table: str) -> int:
    return int(engine.to_arrow(engine.table(table).count()).as_py())
