"""Signing in and out, and switching the language."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from journeymap.web.i18n import COOKIE, LANGUAGES
from journeymap.web.templating import render

router = APIRouter(include_in_schema=False)


def _local(target: str | None) -> str:
    """Only redirect within this site (an open redirect would help phishing)."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", next=_local(next), failed=False)


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()],
          password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    user = request.app.state.users.authenticate(username, password)
    if user is None:
        return render(request, "login.html", status_code=401, next=_local(next), failed=True,
                      username=username)
    csrf = request.session.get("csrf")
    request.session.clear()  # a new session on sign-in: no fixation
    request.session["user_id"] = user.id
    if csrf:
        request.session["csrf"] = csrf
    return RedirectResponse(_local(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str | None = None) -> Response:
    """Remember the chosen language for a year and go back where the user was."""
    response = RedirectResponse(_local(next or request.headers.get("referer")), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="lax")
    return response
