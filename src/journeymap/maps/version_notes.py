"""Version messages as data: what a save did, as a code and its arguments.

Every version keeps its message as English text (what ``map history`` prints and the API
answers). The saves journeymap makes itself also store the message as a :class:`Note` (a
code from :data:`NOTES` and its arguments), so an interface in another language words it
itself. Versions saved before codes were stored, or by a caller that passed its own text,
have none; :func:`recognise` finds the note of a text one of :data:`NOTES` produced, and
any other text is shown as it was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from string import Formatter
from typing import Any

#: the English message of each code; ``{name}`` is an argument
NOTES: dict[str, str] = {
    "created": "created",
    "created_from_template": "created from template {template}",
    "generated": "generated from data",
    "refreshed": "refreshed numbers ({changed} changed)",
    "reviewed": "reviewed",
    "imported": "imported from {file}",
    "restored": "restored version {version}",
    "commented": "commented",
    "guided": "guided",
    "guided_from_template": "guided, from template {template}",
    # edits made on the web canvas: {stage} and {lane} are the names of a cell's stage
    # and lane, {fields} the edited fields (comma-separated), {name} a stage's or lane's
    "web.add_item": "web: added an item to {stage} / {lane}",
    "web.edit_item": "web: edited {fields} of an item in {stage} / {lane}",
    "web.remove_item": "web: removed an item from {stage} / {lane}",
    "web.move_item": "web: moved an item from {stage} / {lane} to {to_stage} / {to_lane}",
    "web.unbind": "web: unbound an item in {stage} / {lane}",
    "web.bind": "web: bound {metric} in {stage} / {lane}",
    "web.add_stage": "web: added stage '{name}'",
    "web.add_lane": "web: added lane '{name}'",
    "web.edit_stage": "web: edited stage '{name}'",
    "web.edit_lane": "web: edited lane '{name}'",
    "web.remove_stage": "web: removed stage '{name}'",
    "web.remove_lane": "web: removed lane '{name}'",
    "web.order_stages": "web: reordered stages",
    "web.order_lanes": "web: reordered lanes",
    "web.comment": "web: commented on {stage} / {lane}",
    "web.edit_details": "web: edited the map's details",
}
#: arguments that are whole numbers (recognised as digits, stored as int)
NUMBERS = {"changed", "version"}


@dataclass(frozen=True)
class Note:
    """A version message as a code of :data:`NOTES` and its arguments."""

    code: str
    args: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in NOTES:
            raise ValueError(f"'{self.code}' is not a version note (see NOTES)")

    @property
    def text(self) -> str:
        """The English message, as the version stores it."""
        return NOTES[self.code].format(**self.args)


def message_parts(message: str | Note) -> tuple[str, str | None, dict[str, Any] | None]:
    """What a version stores of a message: its text, its code and its arguments."""
    if isinstance(message, Note):
        return message.text, message.code, dict(message.args)
    return message, None, None


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for code, template in NOTES.items():
        regex = ""
        for literal, name, _, _ in Formatter().parse(template):
            regex += re.escape(literal)
            if name:
                regex += rf"(?P<{name}>\d+)" if name in NUMBERS else rf"(?P<{name}>.+?)"
        out.append((code, re.compile(regex + r"\Z", re.DOTALL)))
    return out


def recognise(text: str | None) -> Note | None:
    """The note that produced ``text`` (for versions saved without a code), or None."""
    if not text:
        return None
    for code, pattern in _patterns():
        found = pattern.match(text)
        if found:
            args = {k: int(v) if k in NUMBERS else v for k, v in found.groupdict().items()}
            return Note(code, args)
    return None


def note_of(code: str | None, args: dict[str, Any] | None, text: str | None) -> Note | None:
    """A version's note: the stored one, else the one its text was made from."""
    if code in NOTES:
        try:
            note = Note(code, dict(args or {}))
            note.text  # noqa: B018 - arguments that do not fit the message fail here
            return note
        except (KeyError, IndexError, ValueError):
            pass
    return recognise(text)
