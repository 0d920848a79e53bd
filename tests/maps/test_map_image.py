"""PNG and PDF exports: real pixels (not blank, Hangul in a CJK font rather than empty boxes,
the emotion curve where the layout puts it) and A3 landscape PDF pages split by stages."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from itertools import pairwise

import cairosvg
import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from journeymap.errors import MapError
from journeymap.maps.schema import parse_map
from journeymap.render import map_text
from journeymap.render.map_image import map_to_pdf, map_to_png, page_layouts
from journeymap.render.map_layout import CARD_PAD, EMOTION_PAD, layout_map
from journeymap.render.map_svg import CURVE, map_to_svg
from journeymap.render.map_text import FONT_FAMILY

SCALE = 2
A3_LANDSCAPE = (1190.55, 841.89)  # points
TWELVE = ["인지", "고려", "결정", "계약", "설치", "온보딩", "활용", "지원", "갱신", "추천",
          "확장", "해지"]


def png(doc, tmp_path, name="map.png") -> Image.Image:
    path = map_to_png(doc, tmp_path / name, scale=SCALE)
    return Image.open(path).convert("RGB")


def rasterise(svg: str) -> Image.Image:
    data = cairosvg.svg2png(bytestring=svg.encode(), scale=SCALE)
    return Image.open(io.BytesIO(data)).convert("RGB")


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0-255."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def ink(image: Image.Image) -> float:
    """Share of pixels that are not near-white."""
    grey = image.convert("L")
    return sum(grey.histogram()[:200]) / (grey.width * grey.height)


def close(pixel, hex_colour: str, tolerance: int = 12) -> bool:
    target = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True))


def test_png_is_the_whole_canvas_and_not_blank(english_map, tmp_path):
    image = png(english_map, tmp_path)
    layout = layout_map(english_map)
    assert image.size == (round(layout.width * SCALE), round(layout.height * SCALE))
    assert 0.03 < ink(image) < 0.5
    assert len(image.getcolors(maxcolors=1 << 20)) > 500  # colours, anti-aliased text


def test_emotion_curve_passes_through_the_stage_scores(korean_map, tmp_path):
    image = png(korean_map, tmp_path)
    layout = layout_map(korean_map)
    row = layout.row("감정")
    # the fixture's scores 1, -1, -2: +2 is the top of the lane's plot band, -2 its bottom
    band_top, band = row.y + EMOTION_PAD, row.height - 2 * EMOTION_PAD
    expected = [(c.center, band_top + (2 - score) / 4 * band)
                for c, score in zip(layout.columns, (1, -1, -2), strict=True)]
    points = layout.emotion_points
    assert [(p.x, p.y) for p in points] == [pytest.approx(xy) for xy in expected]
    for x, y in expected:
        assert close(image.getpixel((round(x * SCALE), round(y * SCALE))), CURVE)
    for a, b in pairwise(points):  # the line between the dots
        mid = ((a.x + b.x) / 2 * SCALE, (a.y + b.y) / 2 * SCALE)
        assert close(image.getpixel((round(mid[0]), round(mid[1]))), CURVE)
    # nothing of the curve where the last stage would score +2
    top_right = (layout.columns[2].center, layout.emotion_y(row.lane.id, 2))
    assert not close(image.getpixel((round(top_right[0] * SCALE), round(top_right[1] * SCALE))),
                     CURVE, tolerance=60)


def title_images(doc) -> tuple[Image.Image, Image.Image, Image.Image]:
    """The title as the map draws it, and the same <text> drawn in the CJK font and in a
    font without Hangul (DejaVu Sans prints empty boxes), cropped to the title band."""
    svg = map_to_svg(doc)
    root = ET.fromstring(svg)
    title = next(t for t in root.iter("{http://www.w3.org/2000/svg}text")
                 if t.get("class") == "title")
    width, height = root.get("width"), root.get("height")
    attrs = " ".join(f'{k}="{v}"' for k, v in title.attrib.items())

    def alone(family: str) -> str:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                f'font-family="{family}"><rect width="100%" height="100%" fill="#fff"/>'
                f"<text {attrs}>{title.text}</text></svg>")

    box = (0, 0, int(width) * SCALE, int(float(title.get("y")) + 12) * SCALE)
    return (rasterise(svg).crop(box), rasterise(alone(FONT_FAMILY)).crop(box),
            rasterise(alone("DejaVu Sans")).crop(box))


def test_korean_title_is_drawn_in_the_cjk_font_not_as_boxes(korean_map):
    drawn, cjk, boxes = title_images(korean_map)
    assert difference(cjk, boxes) > 2  # the two fonts really draw Hangul differently
    assert difference(drawn, cjk) < 0.2 * difference(drawn, boxes)
    assert ink(drawn) > 0.01


def test_different_hangul_draw_different_glyphs(korean_map, tmp_path):
    """Empty boxes look alike for every character: the first two syllables of each stage's
    action (인지, 고려, 결정) must not, in the export; with a font lacking Hangul they do."""
    layout = layout_map(korean_map)
    cards = [c for c in layout.cards if c.lane == "행동"]

    def crops(image: Image.Image) -> list[Image.Image]:
        return [image.crop(tuple(round(v * SCALE) for v in (
            c.x + CARD_PAD + 2, c.y + CARD_PAD, c.x + CARD_PAD + 28, c.y + CARD_PAD + 18)))
            for c in cards]

    real = crops(png(korean_map, tmp_path))
    assert all(ink(c) > 0.05 for c in real)
    assert min(difference(a, b) for a, b in [(real[0], real[1]), (real[0], real[2]),
                                             (real[1], real[2])]) > 5
    tofu = crops(rasterise(map_to_svg(korean_map).replace(FONT_FAMILY, "DejaVu Sans")))
    assert difference(tofu[0], tofu[1]) == 0 == difference(tofu[1], tofu[2])


def test_a_missing_cjk_font_is_an_error_not_boxes(korean_map, english_map, tmp_path,
                                                  monkeypatch):
    monkeypatch.setattr(map_text, "FONT_NAME", "DejaVu Sans")
    with pytest.raises(MapError, match="fonts-noto-cjk"):
        map_to_png(korean_map, tmp_path / "ko.png")
    with pytest.raises(MapError, match="empty boxes"):
        map_to_pdf(korean_map, tmp_path / "ko.pdf")
    assert map_to_png(english_map, tmp_path / "en.png").stat().st_size > 0


def wide_map(korean_map, names: list[str]):
    """The Korean sample map with its three stages' cells repeated over ``names``."""
    data = korean_map.model_dump(mode="json")
    source = [s["id"] for s in data["stages"]]
    cells = []
    for n, name in enumerate(names):
        for cell in data["cells"]:
            if cell["stage"] == source[n % 3]:
                cells.append({**cell, "stage": name, "comments": []})
    for cell in cells:  # the actions name their own stage, to find it on its page
        if cell["lane"] == "행동":
            cell["items"] = [{"kind": "text", "text": f"{cell['stage']} 단계에서 자료를 찾는다"}]
    stages = [{"name": name} for name in names]
    return parse_map({**data, "stages": stages, "cells": cells})


def page_sizes(reader: PdfReader) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def test_pdf_is_one_a3_landscape_page_with_korean_text(korean_map, tmp_path):
    reader = PdfReader(map_to_pdf(korean_map, tmp_path / "map.pdf"))
    assert page_sizes(reader) == [pytest.approx(A3_LANDSCAPE, abs=0.5)]
    text = reader.pages[0].extract_text()
    for word in ("인지", "고려", "결정", "전환율", "챗봇"):
        assert word in text
    assert reader.metadata.title == "B2B 구매 여정"


def test_a_wide_map_is_split_by_stages_repeating_the_lane_headers(korean_map, tmp_path):
    doc = wide_map(korean_map, TWELVE)
    assert [[c.stage.id for c in p.columns] for p in page_layouts(doc)] == [TWELVE[:6],
                                                                           TWELVE[6:]]
    reader = PdfReader(map_to_pdf(doc, tmp_path / "wide.pdf"))
    assert len(reader.pages) == 2
    assert page_sizes(reader) == [pytest.approx(A3_LANDSCAPE, abs=0.5)] * 2
    pages = [p.extract_text() for p in reader.pages]
    for text in pages:  # every page has the lane header column
        for lane in ("행동", "터치포인트", "감정", "불편", "기회", "KPI"):
            assert lane in text
    for n, stage in enumerate(TWELVE):  # each stage's cells on its own page only
        action = f"{stage}단계에서자료를찾는다"  # cairo places glyphs one by one: no spaces
        assert [action in t.replace(" ", "") for t in pages] == [n < 6, n >= 6]
