"""Reading map documents: upgrading old schema versions and naming what is wrong.

Every stored or imported map goes through :func:`parse_map`, so the error a user sees for
a bad file is the same wherever it came from: which stage, which lane, which item, what is
wrong (not Pydantic's ``cells.3.items.0.emotion.score``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from journeymap.errors import MapError
from journeymap.maps.model import SCHEMA_VERSION, JourneyMap

Part = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    """What :func:`parse_map` found wrong, as data (``MapError.problem``), for interfaces
    that word it in their own language. ``where`` is the location as parts: ``("cell",
    stage, lane)``, ``("item", n)``, ``("comment", n)``, ``("stage" | "lane" | "persona",
    n, name or None)`` (n from 1) and ``("field", name)``; ``type`` and ``ctx`` are
    Pydantic's error type and context (the map model's own checks have types starting
    ``map_``); ``message`` is the English text."""

    where: tuple[Part, ...]
    type: str
    message: str
    ctx: dict[str, Any] = field(default_factory=dict)


# version -> function turning a document of that version into the next one
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def upgrade(data: dict[str, Any], source: str | None = None) -> dict[str, Any]:
    """Bring a raw document to :data:`SCHEMA_VERSION` (a document without one is v1)."""
    version = data.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise MapError(f"the map has schema version {version!r}", file=source,
                       field="schema_version", hint="schema versions are whole numbers from 1")
    if version > SCHEMA_VERSION:
        raise MapError(f"the map has schema version {version!r}; this journeymap reads up to "
                       f"{SCHEMA_VERSION}", file=source, field="schema_version",
                       hint="upgrade journeymap to open it")
    while version < SCHEMA_VERSION:
        data = UPGRADES[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data


def parse_map(data: Any, source: str | None = None) -> JourneyMap:
    """Validate a raw document into a :class:`JourneyMap`, or raise one clear MapError."""
    if not isinstance(data, dict):
        raise MapError("a map document must be an object with a title, stages and lanes",
                       file=source)
    data = upgrade(data, source)
    try:
        return JourneyMap.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        parts = location_parts(data, first["loc"])
        where = describe_parts(parts)
        error = MapError(f"{where}: {message}" if where else message, file=source,
                         hint="see docs/maps.md for the map format")
        error.problem = Problem(parts, first["type"], message, dict(first.get("ctx") or {}))
        raise error from exc


def location_parts(data: dict[str, Any], loc: tuple[Any, ...]) -> tuple[Part, ...]:
    """A Pydantic location as the parts of a map it names (see :class:`Problem`)."""
    parts: list[Part] = []
    path = list(loc)
    if len(path) >= 2 and path[0] == "cells" and isinstance(path[1], int):
        cell = _at(data.get("cells"), path[1])
        parts.append(("cell", cell.get("stage", "?"), cell.get("lane", "?")))
        path = path[2:]
        if len(path) >= 2 and path[0] in ("items", "comments") and isinstance(path[1], int):
            parts.append((path[0][:-1], path[1] + 1))
            kind = _at(cell.get(path[0]), path[1]).get("kind")
            path = path[2:]
            if path and path[0] == kind:  # the discriminated union's tag
                path = path[1:]
    elif len(path) >= 2 and path[0] in ("stages", "lanes", "personas") and isinstance(
        path[1], int
    ):
        entry = _at(data.get(path[0]), path[1])
        parts.append((path[0][:-1], path[1] + 1, entry.get("name") or entry.get("id")))
        path = path[2:]
    parts.extend(("field", str(p)) for p in path)
    return tuple(parts)


def describe_parts(parts: tuple[Part, ...]) -> str:
    """Location parts in words: ``stage 'Decision', lane 'Emotions', item 2, score``."""
    words = []
    for part in parts:
        if part[0] == "cell":
            words.append(f"stage '{part[1]}', lane '{part[2]}'")
        elif part[0] in ("item", "comment"):
            words.append(f"{part[0]} {part[1]}")
        elif part[0] == "field":
            words.append(part[1])
        else:
            words.append(f"{part[0]} {part[1]}" + (f" ('{part[2]}')" if part[2] else ""))
    return ", ".join(words)


def describe_location(data: dict[str, Any], loc: tuple[Any, ...]) -> str:
    """Turn a Pydantic location into words: ``stage 'Decision', lane 'Emotions', item 2,
    score``."""
    return describe_parts(location_parts(data, loc))


def _at(values: Any, index: int) -> dict[str, Any]:
    if isinstance(values, list) and 0 <= index < len(values) and isinstance(values[index], dict):
        return values[index]
    return {}
