"""Keeping the Korean and English catalogues complete.

``python -m journeymap.web.catalogue`` extracts every message of the web app (``_()`` and
``{% trans %}`` in templates, ``_()`` in the web package's Python code) with Babel and
merges it into ``locales/{ko,en}/LC_MESSAGES/messages.po``, keeping the translations that
exist; ``missing()`` lists what is untranslated, and a test fails while anything is.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from journeymap.web.i18n import LANGUAGES

WEB = Path(__file__).parent
METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extract() -> Catalog:
    catalog = Catalog(project="journeymap")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(WEB), METHODS, options_map=OPTIONS,
            keywords={"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def po_path(language: str) -> Path:
    return WEB / "locales" / language / "LC_MESSAGES" / "messages.po"


def update() -> None:
    """Merge the extracted messages into every catalogue (English ones translate to
    themselves)."""
    template = extract()
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=language)
        else:
            catalog = Catalog(locale=language, project="journeymap")
        catalog.update(template, no_fuzzy_matching=True)
        for message in catalog:
            if message.id and language == "en" and not message.string:
                message.string = message.id
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, ignore_obsolete=True)


def missing(language: str) -> list[str]:
    """Messages of the app without a translation in ``language``."""
    with po_path(language).open("rb") as f:
        catalog = read_po(f, locale=language)
    wanted = {m.id for m in extract() if m.id}
    have = {m.id: m.string for m in catalog if m.id}
    out = []
    for mid in sorted(wanted, key=str):
        text = have.get(mid)
        if not text or (isinstance(text, tuple) and not all(text)) or (
                language != "en" and catalog[mid] is not None and catalog[mid].fuzzy):
            out.append(mid if isinstance(mid, str) else mid[0])
    return out


def translate(language: str, texts: dict[str, str]) -> None:
    """Write translations into a catalogue (for scripts and whoever adds messages)."""
    path = po_path(language)
    with path.open("rb") as f:
        catalog = read_po(f, locale=language)
    for mid, text in texts.items():
        message = catalog.get(mid)
        if message is None:
            raise KeyError(f"'{mid}' is not in the {language} catalogue: run the update first")
        message.string = text
        message.flags.discard("fuzzy")
    with path.open("wb") as f:
        write_po(f, catalog, width=100, ignore_obsolete=True)


if __name__ == "__main__":
    update()
    for lang in LANGUAGES:
        print(f"{lang}: {len(missing(lang))} untranslated", file=sys.stderr)
