"""One error renderer for pages and the API.

A journeymap error becomes a page that says what went wrong and what to do, or, under
``/api``, the JSON shape ``{"error": {"type", "message", "file", "row", "field", "hint"}}``
— the same fields the CLI prints in one line. Nothing a user typed is echoed unescaped.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from journeymap.errors import (
    JourneymapError,
    NotBuiltError,
    NotFoundError,
    VersionConflictError,
)
from journeymap.web.security import AuthRequired, CsrfFailed, Forbidden
from journeymap.web.templating import gettext as _
from journeymap.web.templating import render


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_body(kind: str, message: str, **fields: Any) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message,
                      **{k: v for k, v in fields.items() if v is not None}}}


def _respond(request: Request, status: int, kind: str, message: str, **fields: Any
             ) -> Response:
    if is_api(request):
        return JSONResponse(error_body(kind, message, **fields), status_code=status)
    return render(request, "error.html", status_code=status, status=status, message=message,
                  hint=fields.get("hint"))


def status_of(exc: JourneymapError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, NotBuiltError | VersionConflictError):
        return 409
    return 400


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(JourneymapError)
    async def journeymap_error(request: Request, exc: JourneymapError) -> Response:
        if is_api(request):  # the API keeps the English message and hint
            return _respond(request, status_of(exc), type(exc).__name__, exc.message,
                            file=exc.file, row=exc.row, field=exc.field, hint=exc.hint)
        from journeymap.web.error_words import error_hint, error_text

        return _respond(request, status_of(exc), type(exc).__name__, error_text(exc),
                        hint=error_hint(exc))

    @app.exception_handler(AuthRequired)
    async def auth_required(request: Request, exc: AuthRequired) -> Response:
        if is_api(request):
            return JSONResponse(error_body("AuthRequired", "sign in or send an API token"),
                                status_code=401, headers={"WWW-Authenticate": "Bearer"})
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query
                                           else ""))
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": f"/login?next={target}"})
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _respond(request, 403, "Forbidden",
                        _("Your role cannot do this; it needs the {role} role.").format(
                            role=exc.needed.value))

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        return _respond(request, 403, "CsrfFailed",
                        _("The form has expired. Reload the page and try again."))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = str(first.get("msg", "invalid"))
        if first and not is_api(request):  # pages word it in the reader's language
            from journeymap.maps.schema import Problem
            from journeymap.web.map_words import problem_words

            parts = tuple(("field", str(p)) for p in first.get("loc", ())[1:])
            message = problem_words(Problem(parts, first["type"], message,
                                            dict(first.get("ctx") or {})))
        return _respond(request, 422, "ValidationError", message, field=where or None)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else _("Not found")
        return _respond(request, exc.status_code, "HTTPError", message)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        import traceback

        traceback.print_exception(exc)
        return _respond(request, 500, "ServerError",
                        _("Something went wrong on our side; the server log has details."))
