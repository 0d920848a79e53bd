"""Server-rendered pages: Jinja2 with the request's language, numbers and dates.

The request's language lives in a context variable set by the app's middleware, so the
``_()`` and ``{% trans %}`` of every template (and ``gettext`` in Python code) speak it
without passing it around. Numbers and dates are formatted by Babel in that locale;
times are shown in the workspace time zone.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from babel.dates import format_datetime as babel_datetime
from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from journeymap.web.i18n import babel_locale, translations
from journeymap.web.security import csrf_token, current_user

language: ContextVar[str] = ContextVar("language", default="en")


def gettext(message: str) -> str:
    return translations(language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language.get()).ngettext(singular, plural, n)


def number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=babel_locale(language.get()))


def percent(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=babel_locale(language.get()))


def make_templates() -> Jinja2Templates:
    """The page templates, with the formatters and the helpers that word data values
    (friction evidence, version messages, errors ...) in the request's language."""
    from journeymap.web.error_words import error_field, error_hint, error_text
    from journeymap.web.friction_words import friction_evidence, friction_where
    from journeymap.web.map_words import version_message
    from journeymap.web.reject_words import reject_message

    folder = resources.files("journeymap.web") / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             extensions=["jinja2.ext.i18n"])
    templates = Jinja2Templates(env=env)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["number"] = number
    env.filters["percent"] = percent
    env.globals.update(friction_evidence=friction_evidence, friction_where=friction_where,
                       version_message=version_message, reject_message=reject_message,
                       error_text=error_text, error_hint=error_hint, error_field=error_field)
    return templates


def render(request: Request, template: str, status_code: int = 200, **context: Any
           ) -> HTMLResponse:
    """A page in the request's language, with the user, CSRF token and formatters."""
    ws = request.app.state.workspace
    zone = ZoneInfo(ws.settings.timezone)

    def when(value: datetime | None, fmt: str = "medium") -> str:
        if value is None:
            return "—"
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo("UTC"))
        return babel_datetime(value.astimezone(zone), format=fmt,
                              locale=babel_locale(language.get()))

    base = {"user": current_user(request), "csrf_token": csrf_token(request),
            "lang": language.get(), "timezone": ws.settings.timezone, "when": when,
            "path": request.url.path}
    return request.app.state.templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status_code)
