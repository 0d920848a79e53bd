"""What every API module shares: who may call, the workspace in turn, JSON rows.

The API is thin: it parses a request into the parameters of the Python API, calls the
workspace (each thread on its own DuckDB connection, so nothing waits for a running build;
on Spark requests take turns, see :mod:`journeymap.web.turns`), and returns the result's
``to_dict()`` made JSON-ready — the same figures a notebook sees and
``journeymap … --json`` prints.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict
from starlette.responses import JSONResponse

from journeymap.web.errors import error_body
from journeymap.web.security import editor, viewer
from journeymap.web.users import User
from journeymap.workspace import Workspace

#: The signed-in user, if their role may read (any role) or change data, maps and builds.
Reader = Annotated[User, Depends(viewer)]
Editor = Annotated[User, Depends(editor)]


class Row(BaseModel):
    """A row of a result table; columns added to a result later pass through."""

    model_config = ConfigDict(extra="allow")


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


@contextmanager
def engine_of(request: Request) -> Iterator[Workspace]:
    """The workspace, in turn for the whole block (no wait on DuckDB)."""
    with request.app.state.lock:
        yield request.app.state.workspace


def plain(value: Any) -> Any:
    """A value as JSON can carry it: NaN and infinities become null, stored (naive UTC)
    timestamps get their UTC offset, nested dicts and lists are walked."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def rows(result: Any) -> Any:
    """``result.to_dict()`` (a list of rows or a dict of tables), JSON-ready."""
    return plain(result.to_dict())


def problem(status: int, kind: str, message: str, **fields: Any) -> JSONResponse:
    """An error answered by a route itself, in the app's one error shape."""
    return JSONResponse(error_body(kind, message, **fields), status_code=status)


class ErrorDetail(BaseModel):
    """What went wrong, where (file, row, field) and what to do (hint)."""

    type: str
    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None
    hint: str | None = None


class ErrorOut(BaseModel):
    """Every API error: ``{"error": {"type", "message", "file", "row", "field", "hint"}}``."""

    error: ErrorDetail


#: The error answers every operation may give, documented once for the whole API.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The request cannot be done (journeymap error)"},
    401: {"model": ErrorOut, "description": "No session and no valid API token"},
    403: {"model": ErrorOut, "description": "The user's role does not allow this"},
    404: {"model": ErrorOut, "description": "No such map, journey, job or version"},
    409: {"model": ErrorOut, "description": "Not built yet, or a newer version was saved"},
    422: {"model": ErrorOut, "description": "A parameter or the body is invalid"},
}
