"""A thin wrapper over an Ibis backend: create, append, replace and read tables.

DuckDB (a file in the workspace) is the default; PySpark runs the same expressions.
Driver errors are translated to :class:`journeymap.errors.EngineError` here.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
import sqlglot.expressions as sge

from journeymap.config import Settings
from journeymap.errors import EngineError
from journeymap.schema import column_compression


class Engine:
    """One open connection to the events engine of a workspace."""

    #: Compiled SQL and built analysis expressions kept per engine (least recently used out).
    CACHE_SIZE = 64

    def __init__(self, con: ibis.BaseBackend, name: str, *, shares: Engine | None = None
                 ) -> None:
        self.con = con
        self.name = name
        self._caches: _Caches = shares._caches if shares is not None else _Caches()
        self._in_transaction = False

    @property
    def concurrent(self) -> bool:
        """Whether :meth:`cursor` gives a connection of its own that another thread may use
        while this one works (DuckDB: yes; Spark: no, callers take turns)."""
        return self.name == "duckdb"

    def cursor(self) -> Engine:
        """A connection for another thread to the same database, sharing this one's caches.

        On DuckDB it is a cursor: its own transactions over the same database, so it reads
        the last committed tables while this connection loads or builds (multi-version
        concurrency), and its scratch tables are its own. Elsewhere it is this engine.
        """
        if not self.concurrent:
            return self
        return Engine(ibis.duckdb.from_connection(self.con.con.cursor()), self.name,
                      shares=self)

    def memo(self, key: Any, build: Callable[[], Any]) -> Any:
        """``build()`` once per ``key`` (for example an analysis spec): a dashboard that asks
        the same question again skips building its expression. Keys must include whatever
        the expression depends on besides table names (settings that shape columns)."""
        return self._caches.get(self._caches.memo, key, build, self.CACHE_SIZE)

    # -- reading -------------------------------------------------------------------------
    def has(self, table: str) -> bool:
        if self.name == "duckdb":
            # ibis 12's DuckDB list_tables calls fetch_arrow_table, which DuckDB 2.0 removed.
            found = self.con.con.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_name = ? "
                "AND table_schema = current_schema()", [table],
            ).fetchall()
            return bool(found)
        return table in self.con.list_tables()

    def table(self, name: str) -> ir.Table:
        try:
            return self.con.table(name)
        except Exception as exc:  # driver errors differ by backend; translated here
            raise EngineError(f"table '{name}' cannot be read: {exc}") from exc

    def row_key(self, table: ir.Table) -> ir.Value:
        """A column telling the rows of stored ``table`` apart while nothing deletes from it.

        DuckDB's ``rowid``, an integer: joining a table's rows back to it on the row id
        costs a fraction of joining on ``event_id`` strings. Engines without row ids give
        ``event_id``. Row ids can change when deleted rows are vacuumed, so a join on them
        also compares ``event_id``: a row that moved meanwhile drops out instead of being
        joined to the wrong event.
        """
        return table.rowid() if self.name == "duckdb" else table.event_id

    def computed(self, expr: ir.Table) -> pa.Table:
        """Run ``expr`` over in-memory tables once, releasing them (see :meth:`append`)."""
        try:
            return self.con.to_pyarrow(expr)
        finally:
            self._release_memtables(expr)

    def to_arrow(self, expr: ir.Expr, *, reuse_sql: bool = False) -> pa.Table:
        """Run ``expr``. With ``reuse_sql`` (analyses asked again and again, never
        expressions over in-memory tables, whose data the cache would keep alive) DuckDB
        keeps the compiled SQL: compiling a large analysis with Ibis/sqlglot costs more
        than running it on a million events."""
        if self.name != "duckdb" or not reuse_sql:
            return self.con.to_pyarrow(expr)
        from ibis.backends.duckdb.converter import DuckDBPyArrowData

        table_expr = expr.as_table()
        sql = self._caches.get(self._caches.sql, table_expr.op(),
                               lambda: str(self.con.compile(table_expr)), self.CACHE_SIZE)
        result = self.con.con.sql(sql).to_arrow_table()
        return expr.__pyarrow_result__(result, data_mapper=DuckDBPyArrowData)

    # -- writing -------------------------------------------------------------------------
    def ensure(self, name: str, schema: ibis.Schema) -> None:
        """Create an empty table with ``schema`` unless it exists."""
        if self.has(name):
            return
        if self.name == "duckdb":
            from ibis.backends.sql.datatypes import DuckDBType

            columns = _column_definitions(name, [
                (n, DuckDBType.to_string(t) + ("" if t.nullable else " NOT NULL"))
                for n, t in schema.items()])
            self.con.con.execute(f"CREATE TABLE {_quote(name)} ({columns})")
            return
        self.con.create_table(name, schema=schema)

    def replace(self, name: str, obj: ir.Table | pa.Table) -> None:
        """Materialise ``obj`` as table ``name``, replacing what was there.

        ``obj`` may read ``name`` itself (a table rebuilt from itself).
        """
        if self.name == "duckdb":
            # CREATE OR REPLACE ... AS SELECT keeps the work inside DuckDB. Run as SQL text
            # because ibis 12's create_table(overwrite=True) emits an empty DROP with sqlglot 30.
            self._duckdb_replace(name, obj)
            return
        # Spark evaluates lazily and refuses to overwrite a table it reads: write a new table
        # first (on the executors, not through the driver), then swap it in.
        scratch = f"_jm_replace_{uuid.uuid4().hex}"
        self.con.create_table(scratch, obj)
        self.drop(name)
        self.con.raw_sql(f"ALTER TABLE {_spark_quote(scratch)} RENAME TO {_spark_quote(name)}")

    def _duckdb_replace(self, name: str, obj: ir.Table | pa.Table, *, temp: bool = False
                        ) -> None:
        raw = self.con.con
        if isinstance(obj, ir.Table):
            self._duckdb_create(name, str(self.con.compile(obj)), temp)
            return
        view = f"_jm_arrow_{uuid.uuid4().hex}"
        raw.register(view, obj)
        try:
            self._duckdb_create(name, f"SELECT * FROM {_quote(view)}", temp)
        finally:
            raw.unregister(view)

    def _duckdb_create(self, name: str, select: str, temp: bool) -> None:
        """``CREATE OR REPLACE … AS select``, unless the table is to store some columns in
        a way DuckDB would not choose (:func:`~journeymap.schema.column_compression`;
        temporary tables are never compressed).

        A ``CREATE … AS`` cannot say how a column is stored, so such a table is created
        under a new name with the types the query gives, filled, and renamed over the old
        one in one transaction (``select`` may read the old one).
        """
        raw = self.con.con
        if temp or not column_compression(name):
            raw.execute(f"CREATE OR REPLACE {'TEMP ' if temp else ''}TABLE {_quote(name)} AS "
                        f"{select}")
            return
        columns = [(row[0], row[1]) for row in raw.execute(f"DESCRIBE {select}").fetchall()]
        new = f"_jm_new_{uuid.uuid4().hex}"
        with self.transaction():
            raw.execute(f"CREATE TABLE {_quote(new)} ({_column_definitions(name, columns)})")
            raw.execute(f"INSERT INTO {_quote(new)} {select}")
            raw.execute(f"DROP TABLE IF EXISTS {_quote(name)}")
            raw.execute(f"ALTER TABLE {_quote(new)} RENAME TO {_quote(name)}")

    def scratch_dir(self) -> Path | None:
        """A folder for files one operation writes and reads back (a load's staged rows):
        beside the DuckDB file, like DuckDB's own spill folder; None means the system's
        temporary folder (an in-memory database, or Spark)."""
        if self.name != "duckdb":
            return None
        # fetchall: a result left half-read keeps the connection busy for a register()
        found = self.con.con.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchall()
        return Path(found[0][0] + ".staging") if found and found[0][0] else None

    def create_scratch(self, name: str, schema: ibis.Schema) -> None:
        """An empty table for the duration of one operation (staging a load).

        A temporary table on DuckDB, so staged rows are never written to the file; Spark has
        no temporary tables, so there it is a plain one. Drop it with :meth:`drop`.
        """
        self.con.create_table(name, schema=schema, temp=True if self.name == "duckdb" else None)

    def replace_scratch(self, name: str, obj: ir.Table | pa.Table) -> None:
        """Materialise ``obj`` as a scratch table that several later queries read.

        On DuckDB a temporary table: the rows stay in memory (spilled only under pressure)
        and are never compressed into the file (nor synced to disk), which for millions of
        rows costs more than computing them. Elsewhere it is :meth:`replace`. Drop it with
        :meth:`drop`.
        """
        if self.name != "duckdb":
            self.replace(name, obj)
            return
        self._duckdb_replace(name, obj, temp=True)

    def drop(self, name: str) -> None:
        """Drop table ``name`` if it exists (scratch and staging tables)."""
        # SQL text: ibis 12's drop_table emits an empty DROP with sqlglot 30.
        if self.name == "duckdb":
            self.con.con.execute(f"DROP TABLE IF EXISTS {_quote(name)}")
        else:
            self.con.raw_sql(f"DROP TABLE IF EXISTS {_spark_quote(name)}")

    def delete_where(self, name: str, where: Callable[[ir.Table], ir.BooleanValue]) -> None:
        """Delete the rows of ``name`` for which ``where(table)`` is true.

        DuckDB deletes in place (the predicate compiled by Ibis, values as literals it
        quotes); Spark tables cannot delete rows, so when any match, the rest is kept by a
        replace.
        """
        t = self.table(name)
        predicate = where(t)
        if self.name == "duckdb":
            select = self.con.compiler.to_sqlglot(t.filter(predicate))
            source, condition = select.args["from_"].this, select.args.get("where")
            if not isinstance(source, sge.Table) or condition is None:
                raise EngineError(f"cannot delete from '{name}' by a condition over more "
                                  "than its own columns (a window or an aggregate)")
            delete = sge.Delete(this=source.copy(), where=condition.copy())
            self.con.con.execute(delete.sql(self.name))
            return
        if self.to_arrow(t.filter(predicate).count()).as_py():
            self.replace(name, t.filter(~predicate.fill_null(False)))

    def append(self, name: str, obj: ir.Table | pa.Table) -> None:
        """Append rows; ``obj`` must carry the table's columns."""
        if isinstance(obj, pa.Table):
            if obj.num_rows == 0:
                return
            obj = ibis.memtable(obj)
        try:
            self.con.insert(name, obj)
        finally:
            self._release_memtables(obj)

    def _release_memtables(self, expr: ir.Table) -> None:
        """Unregister the in-memory tables ``expr`` read, freeing their Arrow buffers.

        Ibis registers a memtable with the backend on first use and drops it only when the
        process exits, so every appended batch would stay resident for the whole session.
        """
        for op in expr.op().find(ops.InMemoryTable):
            self.con._memtables.discard(op)
            if self.name == "duckdb":
                self.con.con.unregister(op.name)
            else:
                self.con._session.catalog.dropTempView(op.name)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing on DuckDB; Spark tables have no multi-statement transactions.

        Inside a transaction of this engine, the work joins it (DuckDB does not nest them).
        """
        if self.name != "duckdb" or self._in_transaction:
            yield
            return
        raw = self.con.con
        raw.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        committed = False
        try:
            yield
            committed = True
        finally:
            self._in_transaction = False
            raw.execute("COMMIT" if committed else "ROLLBACK")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.con.disconnect()


def _quote(name: str) -> str:
    """A table name as a quoted SQL identifier (names come from code, quoted anyway)."""
    return '"' + name.replace('"', '""') + '"'


def _column_definitions(table: str, columns: list[tuple[str, str]]) -> str:
    """DuckDB column definitions of ``table`` from names and SQL types (constraints may
    follow the type), with the compression :func:`~journeymap.schema.column_compression`
    sets."""
    methods = column_compression(table)
    return ", ".join(
        f"{_quote(n)} {t}" + (f" USING COMPRESSION {methods[n]}" if n in methods else "")
        for n, t in columns)


def _spark_quote(name: str) -> str:
    """A table name as a Spark SQL identifier (backticks)."""
    return "`" + name.replace("`", "``") + "`"


def connect(settings: Settings, workspace_dir: Path) -> Engine:
    """Open the backend named in the settings."""
    backend = settings.engine.backend
    try:
        if backend == "duckdb":
            config: dict[str, Any] = {}
            if settings.engine.threads:
                config["threads"] = settings.engine.threads
            if settings.engine.memory_limit:
                config["memory_limit"] = settings.engine.memory_limit
            path = workspace_dir / settings.engine.duckdb_file
            con = ibis.duckdb.connect(str(path), **config)
            return Engine(con, "duckdb")
        from journeymap.engine.spark import connect_spark

        return Engine(connect_spark(settings.engine.spark_master, workspace_dir), "pyspark")
    except ImportError as exc:
        raise EngineError(
            f"the {backend} backend is not installed: {exc}",
            hint="pip install 'journeymap[spark]' for Spark",
        ) from exc
    except (OSError, RuntimeError) as exc:
        raise EngineError(f"cannot open the {backend} engine: {exc}") from exc


class _Caches:
    """Compiled SQL and built expressions, shared by an engine and its cursors.

    Both hold SQL text or Ibis expressions, which any connection to the same database can
    run; the lock keeps the least-recently-used order right when threads share them.
    """

    def __init__(self) -> None:
        self.sql: OrderedDict[Any, str] = OrderedDict()
        self.memo: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, cache: OrderedDict[Any, Any], key: Any, build: Callable[[], Any],
            size: int) -> Any:
        """``cache[key]``, built on a miss (outside the lock: two threads may both build
        the first time); the least recently used entry goes past ``size``."""
        with self._lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        value = build()
        with self._lock:
            cache[key] = value
            if len(cache) > size:
                cache.popitem(last=False)
        return value
