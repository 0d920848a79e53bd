"""What a parse reject's message says, as a code and the values it names.

A row the reader cannot split into fields is set aside with an English message (kept in the
quarantine, its CSV and the CLI). The readers make the message here from a code and its
values, and :func:`parse_note` reads a stored message back into them, so an interface can
word it in its reader's language — also for rejects stored by an earlier version, whose
texts are the same.
"""

from __future__ import annotations

import re
import string
from typing import Any

#: the message of each parse reject, by code
PARSE_MESSAGES = {
    "ragged_row": "row has {fields} fields but the header has {header}; fix the row in the "
                  "file and load it again",
    "bad_json": "not valid JSON ({error} at column {column}); fix the line and load it again",
    "not_an_object": "the line is not a JSON object; each line must hold one record {{...}}",
}
_NUMBERS = frozenset({"fields", "header", "column"})


def parse_message(code: str, **params: Any) -> str:
    """The English message of a parse reject."""
    return PARSE_MESSAGES[code].format(**params)


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(rf"(?P<{name}>\d+)" if name in _NUMBERS else rf"(?P<{name}>.+)")
    return re.compile("".join(parts), re.S)


_PATTERNS = {code: _pattern(template) for code, template in PARSE_MESSAGES.items()}


def parse_note(message: str | None) -> tuple[str, dict[str, Any]] | None:
    """(code, values) of a parse reject's message, or None for a text no reader made."""
    for code, pattern in _PATTERNS.items():
        found = pattern.fullmatch(message or "")
        if found:
            return code, {k: int(v) if k in _NUMBERS else v
                          for k, v in found.groupdict().items()}
    return None
