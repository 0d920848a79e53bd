"""PNG and PDF of a journey map, rendered from its SVG with cairosvg.

The PDF is for printing: A3 landscape pages. A map too wide for one page at a readable size
is split between stage columns, each page repeating the title and the lane header column,
and the pages are joined with pypdf. Korean text is drawn in ``Noto Sans CJK KR`` (Debian
``fonts-noto-cjk``); when that font is missing the export fails with a MapError naming the
fix instead of printing empty boxes.
"""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import cairosvg
from pypdf import PdfReader, PdfWriter

from journeymap.errors import MapError
from journeymap.maps.model import JourneyMap
from journeymap.render.map_glyphs import el
from journeymap.render.map_layout import MapLayout, layout_map
from journeymap.render.map_svg import SVG_NS, map_svg_element
from journeymap.render.map_text import FONT_FAMILY, FONT_NAME, missing_glyphs

A3_PX = (420 / 25.4 * 96, 297 / 25.4 * 96)  # A3 landscape in CSS pixels (1190.55 x 841.89 pt)
PAGE_MARGIN, FOOTER = 36, 22  # pixels
MIN_PAGE_SCALE = 0.7  # below this a page gets fewer stages (smaller text is hard to read)
MAX_PAGE_SCALE = 1.5


def map_to_png(doc: JourneyMap, path: str | Path, scale: float = 2.0,
               tz: str | None = None) -> Path:
    """Write the map canvas as a PNG; ``scale`` 2 gives 2 device pixels per CSS pixel."""
    path = Path(path)
    path.write_bytes(map_png_bytes(doc, scale, tz))
    return path


def map_png_bytes(doc: JourneyMap, scale: float = 2.0, tz: str | None = None) -> bytes:
    """The PNG of the map canvas, in memory (for slides and web responses)."""
    return cairosvg.svg2png(bytestring=_svg_bytes(doc, layout_map(doc), tz), scale=scale)


def map_to_pdf(doc: JourneyMap, path: str | Path, tz: str | None = None) -> Path:
    """Write the map as A3 landscape PDF pages, split between stages when it is wide."""
    path = Path(path)
    pages = page_layouts(doc)
    writer = PdfWriter()
    for number, layout in enumerate(pages, 1):
        page = _page_svg(doc, layout, f"{number} / {len(pages)}", tz)
        for pdf_page in PdfReader(io.BytesIO(cairosvg.svg2pdf(bytestring=page))).pages:
            writer.add_page(pdf_page)
    writer.add_metadata({"/Title": doc.title, "/Creator": "journeymap"})
    with path.open("wb") as out:
        writer.write(out)
    return path


def page_layouts(doc: JourneyMap) -> list[MapLayout]:
    """One layout per PDF page: the most stages per page that still print at
    ``MIN_PAGE_SCALE`` or larger, spread evenly over the pages (12 stages -> 6 + 6)."""
    ids = [s.id for s in doc.stages]
    for per_page in range(len(ids), 0, -1):
        count = math.ceil(len(ids) / per_page)
        even = math.ceil(len(ids) / count)
        pages = [layout_map(doc, ids[i:i + even]) for i in range(0, len(ids), even)] or [
            layout_map(doc)]
        if per_page == 1 or min(_page_scale(p) for p in pages) >= MIN_PAGE_SCALE:
            return pages
    return [layout_map(doc)]


def _page_scale(layout: MapLayout) -> float:
    width, height = A3_PX[0] - 2 * PAGE_MARGIN, A3_PX[1] - 2 * PAGE_MARGIN - FOOTER
    return min(width / layout.width, height / layout.height, MAX_PAGE_SCALE)


def _page_svg(doc: JourneyMap, layout: MapLayout, page: str, tz: str | None) -> bytes:
    """An A3 page with ``layout`` scaled to fit and centred, and a footer."""
    canvas = map_svg_element(doc, layout, tz)
    _check_font(canvas)
    width, height = A3_PX
    root = ET.Element("svg", {"xmlns": SVG_NS, "version": "1.1", "width": "420mm",
                              "height": "297mm", "viewBox": f"0 0 {width:.2f} {height:.2f}",
                              "font-family": FONT_FAMILY})
    el(root, "rect", x=0, y=0, width=width, height=height, fill="#ffffff")
    scale = _page_scale(layout)
    x = (width - layout.width * scale) / 2
    group = el(root, "g", transform=f"translate({x:.2f},{PAGE_MARGIN}) scale({scale:.4f})")
    group.extend(child for child in canvas if child.tag != "title")
    el(root, "text", f"{doc.title} · {page}", x=width - PAGE_MARGIN,
       y=height - PAGE_MARGIN + 6, font_size=11, fill="#868e96", text_anchor="end")
    return ET.tostring(root, encoding="utf-8")


def _svg_bytes(doc: JourneyMap, layout: MapLayout, tz: str | None) -> bytes:
    canvas = map_svg_element(doc, layout, tz)
    _check_font(canvas)
    return ET.tostring(canvas, encoding="utf-8")


def _check_font(canvas: ET.Element) -> None:
    missing = missing_glyphs("".join(canvas.itertext()))
    if missing:
        raise MapError(f"the font '{FONT_NAME}' cannot draw {missing[:10]!r}: Korean text "
                       "would print as empty boxes",
                       hint="install the Noto CJK fonts (Debian: apt-get install "
                            "fonts-noto-cjk)")
