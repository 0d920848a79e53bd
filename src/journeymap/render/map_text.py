"""Measuring and wrapping text for the map canvas, in the font the exports draw with.

Widths come from cairo with the same font ``cairosvg`` selects (the first family of
:data:`FONT_FAMILY`), summed per character as ``cairosvg`` places them, so wrapped lines fit
their cards in PNG and PDF exactly; a browser showing the SVG uses the same font when it is
installed. Sizes are CSS pixels.
"""

from __future__ import annotations

from functools import cache

import cairocffi as cairo

# cairosvg uses only the first family of the list: it must be the CJK font so Hangul renders
FONT_FAMILY = "Noto Sans CJK KR, Noto Sans KR, Apple SD Gothic Neo, Malgun Gothic, sans-serif"
FONT_NAME = FONT_FAMILY.split(",")[0]
ELLIPSIS = "…"


@cache
def _context() -> cairo.Context:
    return cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1))


@cache
def _advance(char: str, size: float, bold: bool, font: str) -> float:
    ctx = _context()
    weight = cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL
    ctx.select_font_face(font, cairo.FONT_SLANT_NORMAL, weight)
    ctx.set_font_size(size)
    return ctx.text_extents(char)[4]


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in pixels at font ``size`` pixels."""
    return sum(_advance(c, size, bold, FONT_NAME) for c in text)


def wrap(text: str, width: float, size: float, *, bold: bool = False,
         max_lines: int = 6) -> list[str]:
    """Break ``text`` into lines no wider than ``width``: at spaces (Korean separates words
    with spaces too), inside a word only when the word alone is too wide; lines past
    ``max_lines`` are dropped and the last kept line ends with an ellipsis."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:  # a word wider than the line is broken between characters
                if line and text_width(line + char, size, bold) > width:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1],
                 truncate(lines[max_lines - 1] + ELLIPSIS, width, size, bold=bold)]
    return lines


def truncate(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` cut to ``width`` pixels, ending with an ellipsis when anything was cut."""
    if text_width(text, size, bold) <= width:
        return text
    text = text.removesuffix(ELLIPSIS)
    while text and text_width(text + ELLIPSIS, size, bold) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def missing_glyphs(text: str) -> str:
    """The Hangul and CJK characters of ``text`` that the map font cannot draw (they would
    print as empty boxes): all of them when the CJK font is not installed."""
    wanted = "".join(sorted({c for c in text if _is_cjk(c)}))
    if not wanted:
        return ""
    ctx = _context()
    ctx.select_font_face(FONT_NAME)
    glyphs = ctx.get_scaled_font().text_to_glyphs(0, 0, wanted, False)
    return "".join(c for c, (index, _, _) in zip(wanted, glyphs, strict=True) if index == 0)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F
            or 0x4E00 <= code <= 0x9FFF or 0x3040 <= code <= 0x30FF)
