"""The text form of map cells in spreadsheets and mind maps, shared by export and import.

A cell of a grid is its items, one per line, each written as
:func:`~journeymap.maps.items.item_text` writes it; :func:`parse_item` reads such a line back
into an item of the lane's kind (an emotion line is a score from -2 to +2 and a label:
``+1 hopeful``, ``-2 frustrated``, ``😊 기대``, ``보통``).

Text bound for a spreadsheet is neutralised against formula injection (OWASP "CSV
injection"): a string starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(or their full-width forms, which a Korean or Japanese Excel may also take as a formula)
gets a leading single quote, so Excel, LibreOffice and every reader see text, never a
formula. A string that already starts with a quote and then one of those characters gets a
second quote, so :func:`unneutralise` (strip one quote before such a character) gives back
exactly what was written.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from journeymap.errors import MapError
from journeymap.maps.items import LaneKind

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
QUOTE = "'"


def neutralise(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell: a risky string gets a leading quote; numbers,
    dates and None stay as they are."""
    if isinstance(value, str) and value.removeprefix(QUOTE).startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` on a string read from a spreadsheet."""
    if text.startswith(QUOTE) and text[1:].removeprefix(QUOTE).startswith(FORMULA_STARTS):
        return text[1:]
    return text


class Line(NamedTuple):
    """One item as text; ``score`` is an emotion score given apart from the text (an Xmind
    smiley marker), else None."""

    text: str
    score: float | None = None


BULLETS = ("• ", "· ", "▪ ", "◦ ")


def split_cell(text: str) -> list[str]:
    """The item lines of a cell: one per line, blank lines and list bullets dropped."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        for bullet in BULLETS:
            line = line.removeprefix(bullet)
        if line:
            lines.append(line)
    return lines


def one_line(text: str) -> str:
    """An item's text for one line of a grid cell (line breaks inside it become spaces)."""
    return " ".join(text.split("\n")).replace("\r", " ")


# --- emotions ------------------------------------------------------------------------------

_NUMBER = r"[+\-−－]?\d+(?:[.,]\d+)?"
_LEADING = re.compile(rf"^\(?({_NUMBER})\)?(?:\s*[:/)\]]?\s+|\s*[:)]\s*|$)(.*)$", re.S)
_TRAILING = re.compile(rf"^(.*?)[\s:(\[]+({_NUMBER})[)\]]?$", re.S)

EMOJI: dict[str, int] = {
    **dict.fromkeys("😍🤩😄😁😆🥰😀😃", 2), **dict.fromkeys("🙂😊☺👍😌", 1),
    **dict.fromkeys("😐😶🤔", 0), **dict.fromkeys("🙁☹😕😟😞👎😒", -1),
    **dict.fromkeys("😠😡😭😤😫😩🤬", -2),
}
WORDS: dict[str, int] = {
    "very positive": 2, "delighted": 2, "excited": 2, "매우 만족": 2, "매우 좋음": 2,
    "아주 좋음": 2, "최고": 2, "positive": 1, "happy": 1, "satisfied": 1, "good": 1,
    "hopeful": 1, "curious": 1, "만족": 1, "좋음": 1, "기쁨": 1, "기대": 1, "호기심": 1,
    "neutral": 0, "so-so": 0, "ok": 0, "보통": 0, "중립": 0, "무난": 0,
    "negative": -1, "unhappy": -1, "frustrated": -1,
    "confused": -1, "anxious": -1, "worried": -1, "disappointed": -1, "bad": -1, "불만": -1,
    "불만족": -1, "나쁨": -1, "짜증": -1, "답답": -1, "불안": -1, "걱정": -1, "실망": -1,
    "very negative": -2, "angry": -2, "furious": -2, "매우 불만": -2, "매우 불만족": -2,
    "매우 나쁨": -2, "화남": -2, "분노": -2, "최악": -2,
}
SMILEY_MARKERS: dict[str, int] = {
    "smiley-laugh": 2, "smiley-smile": 1, "smiley-surprise": 0, "smiley-boring": 0,
    "smiley-embarrass": -1, "smiley-cry": -1, "smiley-angry": -2,
}


def parse_emotion(line: Line) -> dict[str, Any]:
    """An emotion item from ``+1 hopeful``, ``frustrated -2``, ``😊 기대`` or ``보통``."""
    text = line.text.strip()
    score: float | None = None
    label = text
    if match := _LEADING.match(text):
        score, label = _number(match.group(1)), match.group(2)
    elif match := _TRAILING.match(text):
        label, score = match.group(1), _number(match.group(2))
    elif line.score is not None:
        score = line.score
    elif found := [c for c in text if c in EMOJI]:
        score = EMOJI[found[0]]
        label = "".join(c for c in text if c not in EMOJI and c != "\ufe0f")
    elif (word := _word(text)) is not None:
        score = WORDS[word]
    if score is None:
        raise MapError(f"the emotion '{text}' has no score; start it with a number from "
                       "-2 (very negative) to +2 (very positive), e.g. '-1 frustrated'",
                       code="grid.emotion_without_score", params={"text": text})
    if not -2 <= score <= 2:
        raise MapError(f"the emotion '{text}' has the score {score:g}, outside -2 (very "
                       "negative) to +2 (very positive)", code="grid.emotion_out_of_range",
                       params={"text": text, "score": score})
    return {"kind": "emotion", "score": score, "label": label.strip()}


def _number(text: str) -> float:
    return float(text.replace("−", "-").replace("－", "-").replace(",", "."))


def _word(text: str) -> str | None:
    """The longest emotion word the text starts with, as a whole word."""
    folded = text.casefold()
    for word in sorted(WORDS, key=len, reverse=True):
        rest = folded[len(word):]
        if folded.startswith(word) and (not rest or not rest[0].isalnum()):
            return word
    return None


# --- items ---------------------------------------------------------------------------------

_CHANNEL = re.compile(r"^(.+?)\s*\(([^()]+)\)$", re.S)
_SEPARATOR = re.compile(r"^[-=_.·─━═\s]*$")


def parse_item(kind: LaneKind, line: Line) -> dict[str, Any] | None:
    """The item a line stands for in a lane of ``kind`` (None for a line of visibility's
    separator); raises MapError (a ValueError) saying what is wrong, with its code."""
    text = line.text.strip()
    match kind:
        case LaneKind.emotions:
            return parse_emotion(line)
        case LaneKind.touchpoints:
            if m := _CHANNEL.match(text):
                return {"kind": "touchpoint", "name": m.group(1), "channel": m.group(2)}
            return {"kind": "touchpoint", "name": text}
        case LaneKind.pain_points:
            return {"kind": "pain_point", "text": text}
        case LaneKind.opportunities:
            return {"kind": "opportunity", "description": text}
        case LaneKind.kpis:
            return {"kind": "kpi", "name": text}
        case LaneKind.line_of_visibility:
            if _SEPARATOR.match(text):
                return None
            raise MapError(f"the line of visibility holds no items, but this cell has "
                           f"'{text}'; move it to a frontstage or backstage lane",
                           code="grid.item_on_visibility_line", params={"text": text})
        case _:
            return {"kind": "text", "text": text}


# --- the "Map info" sheet ------------------------------------------------------------------

INFO_SHEET = "Map info"
#: Fields of the info sheet: key -> (English label, Korean label); the value is in column B.
INFO_FIELDS: dict[str, tuple[str, str]] = {
    "title": ("Title", "제목"), "type": ("Type", "유형"), "language": ("Language", "언어"),
    "owner": ("Owner", "담당"), "scenario": ("Scenario", "시나리오"),
    "expectations": ("Expectations", "기대"), "goals": ("Goals", "목표"),
}
#: Tables of the info sheet: key -> labels of its columns, the first naming the table.
INFO_TABLES: dict[str, list[tuple[str, str]]] = {
    "personas": [("Personas", "페르소나"), ("Description", "설명"), ("Goals", "목표"),
                 ("Segment", "세그먼트")],
    "stages": [("Stages", "단계"), ("Description", "설명"), ("Analytics stage", "분석 단계")],
    "lanes": [("Lanes", "레인"), ("Kind", "종류")],
}


def info_key(label: str, keys: dict[str, Any]) -> str | None:
    """The key of ``keys`` whose English or Korean label is ``label``."""
    folded = label.strip().casefold()
    for key, labels in keys.items():
        first = labels[0] if isinstance(labels, list) else labels
        if folded in (first[0].casefold(), first[1].casefold()):
            return key
    return None
