"""Load plans: one TOML file listing every file to load, its source and its mapping.

``[[load]] file = "data/web.ndjson"  source = "web"  mapping = "mappings/web.toml"``;
paths are relative to the plan file so a plan travels with its data folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journeymap.errors import InputNotFoundError, MappingError
from journeymap.tomlfile import read_toml

KEYS = {"file", "source", "mapping"}


@dataclass(frozen=True)
class PlanItem:
    """One file of a plan, with absolute paths."""

    file: Path
    source: str
    mapping: Path | None = None


def read_plan(path: Path) -> list[PlanItem]:
    """Read and check a plan; errors name the plan file and the entry (1 = first)."""
    if not path.is_file():
        raise InputNotFoundError("plan file not found", file=str(path))
    data = read_toml(path, what="plan file", error=MappingError)
    entries = data.get("load")
    if not isinstance(entries, list) or not entries:
        raise MappingError("no [[load]] entries", file=str(path),
                           hint='add [[load]] file = "data/x.csv" source = "web"')
    base = path.parent
    return [_item(path, base, i, entry) for i, entry in enumerate(entries, start=1)]


def _item(plan: Path, base: Path, index: int, entry: object) -> PlanItem:
    where = f"[[load]] entry {index}"
    if not isinstance(entry, dict):
        raise MappingError(f"{where} is not a table", file=str(plan))
    unknown = set(entry) - KEYS
    if unknown:
        raise MappingError(f"{where} has unknown key '{sorted(unknown)[0]}'", file=str(plan),
                           hint="keys are file, source and mapping")
    for key in ("file", "source"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise MappingError(f"{where} needs {key} = \"...\"", file=str(plan), field=key)
    file = (base / entry["file"]).resolve()
    if not file.is_file():
        raise InputNotFoundError(f"{where}: file '{entry['file']}' not found (looked in "
                                 f"{file})", file=str(plan), field="file")
    mapping = None
    if entry.get("mapping") is not None:
        if not isinstance(entry["mapping"], str):
            raise MappingError(f"{where}: mapping must be a path", file=str(plan))
        mapping = (base / entry["mapping"]).resolve()
        if not mapping.is_file():
            raise InputNotFoundError(f"{where}: mapping '{entry['mapping']}' not found "
                                     f"(looked in {mapping})", file=str(plan),
                                     field="mapping")
    return PlanItem(file=file, source=entry["source"].strip(), mapping=mapping)
