"""A local Spark session configured for this machine (loopback, no UI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def spark_session(master: str, workspace_dir: Path) -> Any:
    """Get or create the Spark session; Spark keeps one per process, so it is shared."""
    from pyspark.sql import SparkSession

    warehouse = workspace_dir / "spark-warehouse"
    return (
        SparkSession.builder.master(master)
        .appName("journeymap")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
