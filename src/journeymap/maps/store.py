"""The workspace's document database: a SQLite file created with the workspace.

Journey-map documents are stored here; this module only creates the file and records its
schema version, so a workspace is complete from ``journeymap init`` on.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

DOCUMENT_SCHEMA_VERSION = 1


def create_document_store(path: Path) -> Path:
    """Create the SQLite file with its metadata table (idempotent)."""
    with closing(sqlite3.connect(path)) as con, con:
        con.execute(
            "CREATE TABLE IF NOT EXISTS journeymap_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        con.execute(
            "INSERT OR IGNORE INTO journeymap_meta VALUES ('schema_version', ?)",
            (str(DOCUMENT_SCHEMA_VERSION),),
        )
    return path
