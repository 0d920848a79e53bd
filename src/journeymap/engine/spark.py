"""A local Spark session configured for this machine (loopback, no UI), and the Ibis
PySpark backend moving data through Arrow.

Ibis 12 hands in-memory tables to Spark through pandas, where a missing string becomes the
text ``'NaN'`` under pandas 3, and reads results back through pandas too. PySpark 4 takes
and returns Arrow tables directly, so :class:`ArrowPySparkBackend` does that: nulls stay
null and types stay exact on both ways across the boundary.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends.pyspark import Backend as PySparkBackend
from ibis.backends.pyspark.datatypes import PySparkSchema
from ibis.formats.pyarrow import PyArrowData


class ArrowPySparkBackend(PySparkBackend):
    """The Ibis PySpark backend with Arrow in and out instead of pandas."""

    def _register_in_memory_table(self, op: ops.InMemoryTable) -> None:
        data = op.data.to_pyarrow(op.schema)
        df = self._session.createDataFrame(data, schema=PySparkSchema.from_ibis(op.schema))
        df.createOrReplaceTempView(op.name)

    def to_pyarrow(self, expr: ir.Expr, /, *, params: Mapping[ir.Scalar, Any] | None = None,
                   limit: int | str | None = None, **kwargs: Any) -> pa.Table:
        self._run_pre_execute_hooks(expr)
        table_expr = expr.as_table()
        sql = self.compile(table_expr, params=params, limit=limit, **kwargs)
        table = PyArrowData.convert_table(self.raw_sql(sql).toArrow(), table_expr.schema())
        return expr.__pyarrow_result__(table)


def spark_session(master: str, workspace_dir: Path) -> Any:
    """Get or create the Spark session; Spark keeps one per process, so it is shared.

    The first workspace opened in a process fixes the session's warehouse and metastore:
    open one Spark workspace per process (the CLI does).
    """
    from pyspark.sql import SparkSession

    warehouse = workspace_dir / "spark-warehouse"
    session = (
        SparkSession.builder.master(master)
        .appName("journeymap")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(warehouse))
        # A Hive metastore in an embedded Derby database inside the workspace keeps the table
        # list across processes, so `journeymap ingest` and a later `journeymap build` meet.
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                f"jdbc:derby:;databaseName={workspace_dir / 'metastore_db'};create=true")
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={workspace_dir}")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    # Spark's WARN lines (empty tables, single-partition windows) are not the user's to act on.
    session.sparkContext.setLogLevel("ERROR")
    return session


def connect_spark(master: str, workspace_dir: Path) -> ArrowPySparkBackend:
    """An Ibis connection to the (shared) Spark session."""
    ibis.pyspark  # noqa: B018 - loading the backend registers ibis.options.pyspark
    return ArrowPySparkBackend().connect(spark_session(master, workspace_dir))
