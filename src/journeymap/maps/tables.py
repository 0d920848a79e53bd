"""The document database's tables (SQLAlchemy Core), as the latest migration leaves them.

``maps`` holds one row per map with the fields lists and reminders query; ``map_versions``
holds every saved version as its JSON document, so history is never rewritten, with its
message as English text and, for the saves journeymap makes, as a code and arguments
(:mod:`journeymap.maps.version_notes`).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

meta = Table(
    "journeymap_meta", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

maps = Table(
    "maps", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(300), nullable=False),
    Column("map_type", String(40), nullable=False),
    Column("owner", String(200)),
    Column("head", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("review_cadence_months", Integer, nullable=False),
    Column("last_reviewed_at", DateTime(timezone=True)),
)

map_versions = Table(
    "map_versions", metadata,
    Column("map_id", Integer, ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("author", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("message", Text, nullable=False, default=""),
    Column("message_code", String(60)),  # a code of maps.version_notes.NOTES, or NULL
    Column("message_args", JSON),
    Column("schema_version", Integer, nullable=False),
    Column("document", JSON, nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(300), nullable=False),
    Column("role", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
