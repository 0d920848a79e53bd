"""The document database: maps and every saved version, on SQLite or PostgreSQL.

Opening a store runs the Alembic migrations to the latest revision, so a workspace made by
an older journeymap (whose SQLite file only had ``journeymap_meta``) is upgraded in place;
a database already at the latest revision is opened without loading Alembic at all.
Every save is a new version with its author and time; nothing is overwritten, which is what
``map diff`` and the review reminders read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from journeymap.errors import NotFoundError, StoreError, VersionConflictError
from journeymap.maps.model import JourneyMap
from journeymap.maps.schema import parse_map
from journeymap.maps.tables import map_versions, maps
from journeymap.maps.version_notes import Note, message_parts


@dataclass(frozen=True)
class MapInfo:
    """One map as lists show it (the latest version's title, type and owner)."""

    id: int
    title: str
    type: str
    owner: str | None
    head: int
    created_at: datetime
    updated_at: datetime
    review_cadence_months: int
    last_reviewed_at: datetime | None


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of a map."""

    map_id: int
    version: int
    author: str
    created_at: datetime
    message: str
    #: the message as data (a code of ``version_notes.NOTES`` and its arguments), for
    #: versions saved with a note
    code: str | None = None
    args: dict[str, Any] | None = None


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class MapStore:
    """Maps of one workspace, in the database at ``url`` (any SQLAlchemy URL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.safe_url = make_url(url).render_as_string(hide_password=True)
        connect_args = {"timeout": 30} if url.startswith("sqlite") else {}
        self._engine: Engine = sa.create_engine(url, connect_args=connect_args)
        if url.startswith("sqlite"):
            sa.event.listen(self._engine, "connect", _sqlite_foreign_keys)
        with self._errors("open"), self._engine.begin() as con:
            migrate(con)

    @property
    def database(self) -> Engine:
        """The SQLAlchemy engine of the document database (web users share it)."""
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"MapStore({self.safe_url!r})"

    # -- writing ------------------------------------------------------------------------
    def create(self, doc: JourneyMap, author: str, message: str | Note = "created"
               ) -> MapInfo:
        """Store a new map as version 1 and return it (``message``: text, or a
        :class:`Note` kept as its English text and as data)."""
        now = _now()
        with self._errors("create a map"), self._engine.begin() as con:
            map_id = con.execute(maps.insert().values(
                title=doc.title, map_type=doc.type.value, owner=doc.owner, head=1,
                created_at=now, updated_at=now,
                review_cadence_months=doc.review.cadence_months,
                last_reviewed_at=doc.review.last_reviewed_at,
            )).inserted_primary_key[0]
            self._insert_version(con, map_id, 1, doc, author, message, now)
        return self.info(map_id)

    def save(self, map_id: int, doc: JourneyMap, author: str, message: str | Note = "",
             base_version: int | None = None) -> VersionInfo:
        """Save ``doc`` as the map's next version; saving an unchanged map adds nothing.

        ``base_version`` is the version the editor started from: if someone saved since,
        the save is refused instead of silently dropping their change.
        """
        now = _now()
        with self._errors("save the map"), self._engine.begin() as con:
            head = self._head(con, map_id)
            if base_version is not None and base_version != head:
                raise VersionConflictError(
                    f"map {map_id} was saved as version {head} after version {base_version} "
                    "was opened", hint="reopen it and redo the change")
            current = self._document(con, map_id, head)
            if current == doc.model_dump(mode="json"):
                return self._version_info(con, map_id, head)
            con.execute(maps.update().where(maps.c.id == map_id).values(
                title=doc.title, map_type=doc.type.value, owner=doc.owner, head=head + 1,
                updated_at=now, review_cadence_months=doc.review.cadence_months,
                last_reviewed_at=doc.review.last_reviewed_at,
            ))
            self._insert_version(con, map_id, head + 1, doc, author, message, now)
            return self._version_info(con, map_id, head + 1)

    def delete(self, map_id: int) -> None:
        """Remove a map and all its versions."""
        with self._errors("delete the map"), self._engine.begin() as con:
            self._head(con, map_id)
            con.execute(map_versions.delete().where(map_versions.c.map_id == map_id))
            con.execute(maps.delete().where(maps.c.id == map_id))

    # -- reading ------------------------------------------------------------------------
    def get(self, map_id: int, version: int | None = None) -> JourneyMap:
        """The map as saved in ``version`` (default: the latest)."""
        with self._errors("read the map"), self._engine.connect() as con:
            version = self._head(con, map_id) if version is None else version
            doc = self._document(con, map_id, version)
        return parse_map(doc, source=f"map {map_id} version {version}")

    def info(self, map_id: int) -> MapInfo:
        with self._errors("read the map"), self._engine.connect() as con:
            row = con.execute(sa.select(maps).where(maps.c.id == map_id)).first()
        if row is None:
            raise self._missing(map_id)
        return _map_info(row)

    def list(self) -> list[MapInfo]:
        """All maps, most recently changed first."""
        with self._errors("list maps"), self._engine.connect() as con:
            rows = con.execute(sa.select(maps).order_by(maps.c.updated_at.desc(),
                                                        maps.c.id.desc())).all()
        return [_map_info(r) for r in rows]

    def versions(self, map_id: int) -> list[VersionInfo]:
        """Every saved version of a map, oldest first."""
        with self._errors("list versions"), self._engine.connect() as con:
            self._head(con, map_id)
            rows = con.execute(
                sa.select(map_versions.c.map_id, map_versions.c.version, map_versions.c.author,
                          map_versions.c.created_at, map_versions.c.message,
                          map_versions.c.message_code, map_versions.c.message_args)
                .where(map_versions.c.map_id == map_id).order_by(map_versions.c.version)
            ).all()
        return [_version(r) for r in rows]

    # -- internals ----------------------------------------------------------------------
    def _insert_version(self, con: Connection, map_id: int, version: int, doc: JourneyMap,
                        author: str, message: str | Note, now: datetime) -> None:
        text, code, args = message_parts(message)
        con.execute(map_versions.insert().values(
            map_id=map_id, version=version, author=author, created_at=now, message=text,
            message_code=code, message_args=args,
            schema_version=doc.schema_version, document=doc.model_dump(mode="json"),
        ))

    def _head(self, con: Connection, map_id: int) -> int:
        head = con.execute(sa.select(maps.c.head).where(maps.c.id == map_id)).scalar()
        if head is None:
            raise self._missing(map_id)
        return head

    def _document(self, con: Connection, map_id: int, version: int) -> dict:
        doc = con.execute(sa.select(map_versions.c.document).where(
            map_versions.c.map_id == map_id, map_versions.c.version == version)).scalar()
        if doc is None:
            raise NotFoundError(f"map {map_id} has no version {version}",
                                hint=f"see: journeymap map history {map_id}",
                                code="maps.no_version",
                                params={"map": map_id, "version": version})
        return doc

    def _version_info(self, con: Connection, map_id: int, version: int) -> VersionInfo:
        row = con.execute(
            sa.select(map_versions.c.map_id, map_versions.c.version, map_versions.c.author,
                      map_versions.c.created_at, map_versions.c.message,
                      map_versions.c.message_code, map_versions.c.message_args)
            .where(map_versions.c.map_id == map_id, map_versions.c.version == version)
        ).one()
        return _version(row)

    def _missing(self, map_id: int) -> NotFoundError:
        return NotFoundError(f"there is no map {map_id}", hint="see: journeymap map list",
                             code="maps.no_map", params={"map": map_id})

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise StoreError(f"cannot {action}: {detail}", file=self.safe_url,
                             hint="check documents.url in journeymap.toml") from exc


#: The newest revision in ``migrations/versions`` (a test checks it is Alembic's head). A
#: database that records it needs no migration, and importing Alembic to find that out took
#: 0.3 of the 0.6 s that opening the maps of a workspace cost (``journeymap build`` does).
HEAD_REVISION = "0004"


def migrate(con: Connection) -> None:
    """Upgrade the database to the latest revision; a pre-Alembic workspace file (with only
    ``journeymap_meta``) is first recorded as revision 0001, which is what it holds."""
    tables = set(sa.inspect(con).get_table_names())
    if "alembic_version" in tables and con.execute(
            sa.text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD_REVISION]:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location",
                           str(resources.files("journeymap.maps") / "migrations"))
    config.attributes["connection"] = con
    if "journeymap_meta" in tables and "alembic_version" not in tables:
        command.stamp(config, "0001")
    command.upgrade(config, "head")


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _map_info(row) -> MapInfo:
    return MapInfo(id=row.id, title=row.title, type=row.map_type, owner=row.owner,
                   head=row.head, created_at=_utc(row.created_at),
                   updated_at=_utc(row.updated_at),
                   review_cadence_months=row.review_cadence_months,
                   last_reviewed_at=_utc(row.last_reviewed_at))


def _version(row) -> VersionInfo:
    return VersionInfo(map_id=row.map_id, version=row.version, author=row.author,
                       created_at=_utc(row.created_at), message=row.message,
                       code=row.message_code, args=row.message_args)
