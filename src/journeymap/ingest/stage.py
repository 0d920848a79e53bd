"""Where a load's mapped rows wait for its commit: Parquet files on DuckDB, a table elsewhere.

DuckDB compresses the rows appended to a table into row groups as they arrive, a
temporary table too, and for a large file that costs more than mapping the rows. Writing
each batch as an uncompressed Parquet file costs a fraction of it, and DuckDB reads the
files back in parallel in the merge. Measured on 1M shop-web rows: staging 0.7 s instead of
2.9 s, the merge 2.1 s instead of 2.0 s. Spark stages in a table: its executors need not
share this machine's disk.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from typing import Protocol

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

from journeymap.engine import Engine


class Stage(Protocol):
    """Rows of one load, appended batch by batch and read back once, by the merge."""

    name: str  # the stage's table (or view) name, unique to the load
    engine: Engine  # whose connection reads the stage (and computes what goes into it)

    def append(self, rows: pa.Table | ir.Table) -> None: ...

    def table(self) -> ir.Table: ...

    def drop(self) -> None: ...


def open_stage(engine: Engine, name: str, schema: ibis.Schema) -> Stage:
    """An empty stage with ``schema``; files on DuckDB, a scratch table elsewhere."""
    if engine.name == "duckdb":
        return FileStage(engine, name, schema)
    return TableStage(engine, name, schema)


class TableStage:
    """A scratch table of the engine (temporary on DuckDB)."""

    def __init__(self, engine: Engine, name: str, schema: ibis.Schema) -> None:
        self.engine, self.name = engine, name
        engine.create_scratch(name, schema)

    def append(self, rows: pa.Table | ir.Table) -> None:
        self.engine.append(self.name, rows)

    def table(self) -> ir.Table:
        return self.engine.table(self.name)

    def drop(self) -> None:
        self.engine.drop(self.name)


class FileStage:
    """One uncompressed Parquet file per batch, in a folder beside the DuckDB file.

    Threads may append side by side: each batch gets its own file number.
    """

    def __init__(self, engine: Engine, name: str, schema: ibis.Schema) -> None:
        self.engine, self.name, self.schema = engine, name, schema.to_pyarrow()
        base = engine.scratch_dir()
        if base is not None:
            base.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=base))
        self.parts = 0
        self._numbering = threading.Lock()

    def append(self, rows: pa.Table | ir.Table) -> None:
        if isinstance(rows, ir.Table):
            rows = self.engine.computed(rows)
        if rows.num_rows == 0:
            return
        self._write(rows.select(self.schema.names).cast(self.schema))

    def _write(self, rows: pa.Table) -> None:
        with self._numbering:
            number = self.parts
            self.parts += 1
        # no dictionaries either: read once, right away, they only cost time to build
        pq.write_table(rows, self.folder / f"{number:06d}.parquet", compression="none",
                       use_dictionary=False)

    def table(self) -> ir.Table:
        if not self.parts:
            self._write(self.schema.empty_table())
        files = str(self.folder / "*.parquet").replace("'", "''")
        self.engine.con.con.execute(f'CREATE OR REPLACE TEMP VIEW "{self.name}" AS '
                                    f"SELECT * FROM read_parquet('{files}')")
        return self.engine.table(self.name)

    def drop(self) -> None:
        self.engine.con.con.execute(f'DROP VIEW IF EXISTS "{self.name}"')
        shutil.rmtree(self.folder, ignore_errors=True)
