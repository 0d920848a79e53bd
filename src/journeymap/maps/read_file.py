"""Reading a map from a file: JSON documents, CSV/XLSX grids and Xmind mind maps."""

from __future__ import annotations

import json
from pathlib import Path

from journeymap.errors import InputNotFoundError, MapError
from journeymap.maps.model import JourneyMap
from journeymap.maps.schema import parse_map

IMPORTS = (".json", ".csv", ".xlsx", ".xmind")


def read_map_file(path: Path, title: str | None = None, language: str | None = None
                  ) -> JourneyMap:
    """The map in ``path``; the suffix says how to read it."""
    if not path.exists():
        raise InputNotFoundError("no such file", file=str(path), code="import.no_file")
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MapError(f"not a JSON map document: {exc}", file=str(path),
                           code="import.bad_json", params={"error": str(exc)}) from exc
        doc = parse_map(data, source=str(path))
        return doc.model_copy(update={"title": title}) if title else doc
    if suffix in (".csv", ".xlsx"):
        from journeymap.maps.import_grid import read_grid

        return read_grid(path, title=title, language=language)
    if suffix == ".xmind":
        from journeymap.maps.import_xmind import read_xmind

        return read_xmind(path, title=title, language=language)
    raise MapError(f"cannot import a map from '{suffix or '(no suffix)'}'", file=str(path),
                   hint="use one of " + ", ".join(IMPORTS), code="import.bad_suffix",
                   params={"suffix": suffix, "suffixes": list(IMPORTS)})
