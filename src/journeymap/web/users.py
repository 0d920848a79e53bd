"""Users of the web app, their roles and API tokens, kept in the document database.

Passwords are hashed with argon2 (argon2-cffi's defaults, RFC 9106's recommended profile);
API tokens are random 32-byte strings shown once and stored as SHA-256 hashes, so a stolen
database gives neither.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError

from journeymap.errors import JourneymapError, NotFoundError
from journeymap.maps.store import MapStore
from journeymap.maps.tables import api_tokens, users

TOKEN_PREFIX = "jm_"


class Role(StrEnum):
    """What a user may do: viewers read, editors change maps and data, admins manage users."""

    viewer = "viewer"
    editor = "editor"
    admin = "admin"

    def allows(self, needed: Role) -> bool:
        order = [Role.viewer, Role.editor, Role.admin]
        return order.index(self) >= order.index(needed)


class UserError(JourneymapError, ValueError):
    """A user cannot be added or changed (name taken, bad role, weak password)."""


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: Role


@dataclass(frozen=True)
class Token:
    """An API token as lists show it: never the token itself, which only its maker saw."""

    id: int
    username: str
    name: str
    created_at: datetime

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "username": self.username, "name": self.name,
                "created_at": self.created_at}


class Users:
    """The users of a workspace, in the same database as its maps."""

    def __init__(self, store: MapStore) -> None:
        self._engine = store.database
        self._hasher = PasswordHasher()

    def add(self, username: str, password: str, role: str = "viewer") -> User:
        username = username.strip()
        if not username:
            raise UserError("a user needs a name", field="username")
        _check_password(password)
        role_ = _role(role)
        try:
            with self._engine.begin() as con:
                user_id = con.execute(users.insert().values(
                    username=username, password_hash=self._hasher.hash(password),
                    role=role_.value, created_at=datetime.now(UTC))).inserted_primary_key[0]
        except IntegrityError as exc:
            raise UserError(f"a user named '{username}' exists already",
                            field="username") from exc
        return User(user_id, username, role_)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password is right, else None (same cost either way)."""
        with self._engine.connect() as con:
            row = con.execute(sa.select(users).where(users.c.username == username.strip())
                              ).first()
        if row is None:
            self._hasher.hash(password)  # spend the same time as a real check
            return None
        try:
            self._hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return User(row.id, row.username, Role(row.role))

    def get(self, user_id: int) -> User | None:
        with self._engine.connect() as con:
            row = con.execute(sa.select(users).where(users.c.id == user_id)).first()
        return None if row is None else User(row.id, row.username, Role(row.role))

    def list(self) -> list[User]:
        with self._engine.connect() as con:
            rows = con.execute(sa.select(users).order_by(users.c.username)).all()
        return [User(r.id, r.username, Role(r.role)) for r in rows]

    def set_role(self, username: str, role: str) -> User:
        with self._engine.begin() as con:
            done = con.execute(users.update().where(users.c.username == username)
                               .values(role=_role(role).value)).rowcount
        if not done:
            raise NotFoundError(f"there is no user '{username}'")
        return next(u for u in self.list() if u.username == username)

    def change_password(self, username: str, current: str, new: str) -> None:
        """Set a new password for a user who knows the current one."""
        if self.authenticate(username, current) is None:
            raise UserError("the current password is not right", field="current")
        _check_password(new)
        with self._engine.begin() as con:
            con.execute(users.update().where(users.c.username == username)
                        .values(password_hash=self._hasher.hash(new)))

    def create_token(self, username: str, name: str = "script") -> str:
        """A new API token for ``username``: returned once, stored only as a hash."""
        return self.issue_token(username, name)[1]

    def issue_token(self, username: str, name: str = "script") -> tuple[Token, str]:
        """A new API token for ``username``: how lists show it, and the token itself
        (returned once, stored only as a hash)."""
        user = next((u for u in self.list() if u.username == username), None)
        if user is None:
            raise NotFoundError(f"there is no user '{username}'",
                                hint="add one with: journeymap user add NAME")
        token, created = TOKEN_PREFIX + secrets.token_urlsafe(32), datetime.now(UTC)
        with self._engine.begin() as con:
            token_id = con.execute(api_tokens.insert().values(
                user_id=user.id, name=name, token_hash=_digest(token), created_at=created,
            )).inserted_primary_key[0]
        return Token(token_id, username, name, created), token

    def tokens(self, username: str | None = None) -> list[Token]:
        """The API tokens of ``username`` (of everyone when None), newest first."""
        return self._tokens(username)

    def revoke_token(self, token_id: int, username: str | None = None) -> Token:
        """Delete token ``token_id`` (only if it is ``username``'s, when given): scripts
        using it are refused from the next request on. Returns what was revoked."""
        found = self._tokens(username, token_id)
        if not found:
            raise NotFoundError(f"there is no API token {token_id}"
                                + (f" of user '{username}'" if username else ""),
                                hint="list them with: journeymap user tokens")
        with self._engine.begin() as con:
            con.execute(api_tokens.delete().where(api_tokens.c.id == token_id))
        return found[0]

    def _tokens(self, username: str | None, token_id: int | None = None) -> list[Token]:
        query = (sa.select(api_tokens.c.id, users.c.username, api_tokens.c.name,
                           api_tokens.c.created_at)
                 .join(users, api_tokens.c.user_id == users.c.id)
                 .order_by(api_tokens.c.created_at.desc(), api_tokens.c.id.desc()))
        if username is not None:
            query = query.where(users.c.username == username)
        if token_id is not None:
            if not 0 < token_id < 2**63:  # no such row, and no integer SQL could bind
                return []
            query = query.where(api_tokens.c.id == token_id)
        with self._engine.connect() as con:
            rows = con.execute(query).all()
        return [Token(r.id, r.username, r.name, _utc(r.created_at)) for r in rows]

    def by_token(self, token: str) -> User | None:
        with self._engine.connect() as con:
            row = con.execute(
                sa.select(users).join(api_tokens, api_tokens.c.user_id == users.c.id)
                .where(api_tokens.c.token_hash == _digest(token))).first()
        return None if row is None else User(row.id, row.username, Role(row.role))


#: The shortest password accepted (NIST SP 800-63B's minimum for chosen passwords).
MIN_PASSWORD = 8


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password is shorter than {MIN_PASSWORD} characters",
                        field="password")


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError as exc:
        raise UserError(f"unknown role '{role}'", field="role",
                        hint="use viewer, editor or admin") from exc


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive times; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
