"""Reading the TOML files users write (mappings, load plans, rules) with one kind of error."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from journeymap.errors import JourneymapError


def read_toml(path: Path, *, what: str, error: type[JourneymapError],
              hint: str | None = None) -> dict[str, Any]:
    """Parse ``path``; a missing or broken file raises ``error`` naming the file."""
    if not path.is_file():
        raise error(f"{what} not found", file=str(path), hint=hint)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise error(f"{what} is not valid TOML: {exc}", file=str(path), hint=hint) from None
