"""The web app factory: one FastAPI app serving one workspace.

Pages are server-rendered (Jinja2) with htmx for partial updates; the REST API lives under
``/api/v1`` with OpenAPI at ``/openapi.json``. There is no module-level app: ``create_app``
builds one from a :class:`~journeymap.Workspace`, so tests and ``journeymap serve`` make
their own.
"""

from __future__ import annotations

import mimetypes
import secrets
from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from journeymap import __version__
from journeymap.web.api import router as api_router
from journeymap.web.errors import install_error_handlers
from journeymap.web.i18n import negotiate
from journeymap.web.jobs import Jobs
from journeymap.web.routes import ROUTERS
from journeymap.web.security import check_csrf
from journeymap.web.templating import language, make_templates
from journeymap.web.turns import Turns
from journeymap.web.users import Users
from journeymap.workspace import Workspace

SECRET_FILE = ".web-secret"
SESSION_COOKIE = "journeymap_session"


def session_secret(ws: Workspace) -> str:
    """The key that signs session cookies: a random secret kept in the workspace (0600), so
    sessions survive a restart and each workspace has its own."""
    path = ws.path / SECRET_FILE
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def create_app(ws: Workspace | str | Path, *, https: bool = False) -> FastAPI:
    """The web app of ``ws``; ``https`` marks the session cookie Secure."""
    workspace = ws if isinstance(ws, Workspace) else Workspace(ws)
    app = FastAPI(title="journeymap", version=__version__, docs_url="/api/docs",
                  redoc_url=None, openapi_url="/openapi.json",
                  dependencies=[Depends(check_csrf)])
    app.state.workspace = workspace
    app.state.lock = Turns(workspace.engine.concurrent)  # Spark: one request at a time
    app.state.users = Users(workspace.maps.store)
    app.state.templates = make_templates()
    app.state.jobs = Jobs()

    @app.middleware("http")
    async def speak_the_users_language(request: Request, call_next):
        default = "ko" if workspace.settings.locale == "ko" else "en"
        token = language.set(negotiate(request, default))
        try:
            response = await call_next(request)
        finally:
            language.reset(token)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    app.add_middleware(SessionMiddleware, secret_key=session_secret(workspace),
                       session_cookie=SESSION_COOKIE, same_site="lax", https_only=https,
                       max_age=14 * 24 * 3600)
    # The canvas is native ES modules, which browsers run only when served as JavaScript
    # (with nosniff, too); some hosts' MIME tables (the Windows registry) say text/plain.
    mimetypes.add_type("text/javascript", ".js")
    static = resources.files("journeymap.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for router in [api_router, *ROUTERS]:
        app.include_router(router)
    install_error_handlers(app)
    return app
