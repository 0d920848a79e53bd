"""Korean and English for the web app: one Babel catalogue per language.

The catalogues are the ``.po`` files in ``locales/``; they are compiled in memory when the
app starts, so there is no build step and no generated file to forget. The language is
the ``lang`` cookie (set by the switcher), else the browser's ``Accept-Language``, else
the workspace locale.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources
from io import BytesIO

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from starlette.requests import Request

LANGUAGES = ("ko", "en")
COOKIE = "lang"


@cache
def translations(language: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``language``."""
    po = resources.files("journeymap.web") / "locales" / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def negotiate(request: Request, default: str) -> str:
    """The language of this request: cookie, then Accept-Language, then ``default``."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    header = request.headers.get("accept-language", "")
    ranked = []
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        ranked.append((weight, tag.split("-")[0].lower()))
    for _, tag in sorted(ranked, key=lambda x: -x[0]):
        if tag in LANGUAGES:
            return tag
    return default if default in LANGUAGES else "en"


def babel_locale(language: str) -> Locale:
    return Locale.parse("ko_KR" if language == "ko" else "en_US")
