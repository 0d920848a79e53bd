"""Who is asking, what they may do, and that a state-changing request is really theirs.

Pages use a signed session cookie (HttpOnly, SameSite=Lax, Secure when served over HTTPS);
scripts send ``Authorization: Bearer jm_…`` API tokens. Every POST/PUT/PATCH/DELETE made
with the session cookie must carry the session's CSRF token (form field ``csrf_token`` or
header ``X-CSRF-Token``, which htmx sends on every request); token-authenticated calls need
none, because a browser never attaches a bearer token on its own.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable

from fastapi import Request

from journeymap.web.users import Role, User

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class AuthRequired(Exception):
    """Nobody is signed in (pages redirect to the sign-in page; the API answers 401)."""


class Forbidden(Exception):
    """Signed in, but the role does not allow this (403)."""

    def __init__(self, needed: Role) -> None:
        self.needed = needed
        super().__init__(needed)


class CsrfFailed(Exception):
    """A state-changing request without the session's CSRF token (403)."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_user(request: Request) -> User | None:
    """The user of this request (API token first, then the session), or None."""
    if "user" in request.state._state:
        return request.state.user
    users = request.app.state.users
    token = bearer(request)
    if token is not None:
        user = users.by_token(token)
    else:
        user_id = request.session.get("user_id")
        user = users.get(user_id) if isinstance(user_id, int) else None
    request.state.user = user
    return user


async def check_csrf(request: Request) -> None:
    """App-wide dependency: unsafe methods with the session cookie need the CSRF token."""
    if request.method not in UNSAFE or bearer(request) is not None:
        return
    if request.url.path.startswith("/api/") and "user_id" not in request.session:
        return  # nobody is signed in, so there is nothing to forge: the API answers 401
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(expected, sent):
        raise CsrfFailed()


def require(role: Role) -> Callable[[Request], User]:
    """A dependency that returns the signed-in user if their role allows ``role``."""

    def dependency(request: Request) -> User:
        user = current_user(request)
        if user is None:
            raise AuthRequired()
        if not user.role.allows(role):
            raise Forbidden(role)
        return user

    return dependency


viewer = require(Role.viewer)
editor = require(Role.editor)
admin = require(Role.admin)
