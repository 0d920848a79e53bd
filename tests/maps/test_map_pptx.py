"""PowerPoint export: the map picture on slide 1, then one slide per stage with its numbers."""

from __future__ import annotations

import io

from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from journeymap.maps.schema import parse_map
from journeymap.render.map_layout import layout_map
from journeymap.render.map_pptx import map_to_pptx


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [" | ".join(c.text for c in row.cells) for row in shape.table.rows]
    return "\n".join(parts)


def table_rows(slide) -> list[list[str]]:
    table = next(s for s in slide.shapes if s.has_table).table
    return [[c.text for c in row.cells] for row in table.rows]


def test_one_map_slide_then_one_slide_per_stage(korean_map, tmp_path):
    deck = Presentation(map_to_pptx(korean_map, tmp_path / "map.pptx"))
    slides = list(deck.slides)
    assert len(slides) == 1 + len(korean_map.stages)
    pictures = [s for s in slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    picture = pictures[0]
    image = Image.open(io.BytesIO(picture.image.blob))
    layout = layout_map(korean_map)
    assert image.format == "PNG" and image.width == round(layout.width * 2)
    assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
    assert picture.top + picture.height <= deck.slide_height
    assert abs(picture.width / picture.height - layout.width / layout.height) < 0.01
    assert "B2B 구매 여정" in slide_text(slides[0])
    for slide, stage in zip(slides[1:], korean_map.stages, strict=True):
        assert stage.name in slide_text(slide)


def test_stage_slides_carry_kpis_with_value_change_and_refresh_time(korean_map, tmp_path):
    data = korean_map.model_dump(mode="json")
    kpi = next(c for c in data["cells"] if c["lane"] == "KPI" and c["stage"] == "결정")
    kpi["items"][0]["binding"]["previous"] = 0.25
    kpi["items"][0]["target"] = 0.4
    deck = Presentation(map_to_pptx(parse_map(data), tmp_path / "map.pptx"))
    slides = list(deck.slides)
    assert table_rows(slides[1]) == [["KPI", "값", "변화", "목표", "갱신"],
                                     ["전환율", "10%", "—", "—", "2026-11-01 09:00"]]
    assert table_rows(slides[3])[1] == ["전환율", "30%", "+5%p", "40%", "2026-11-01 09:00"]
    text = slide_text(slides[1])
    for expected in ("web:0 (web)", "채널: email", "+1.0", "기대", "느린 응답 (심각도 3/5)",
                     "챗봇 (영향 4, 노력 2, 계획, cx)"):
        assert expected in text
    assert "-2.0" in slide_text(slides[3])
    # the stage's cell comments become the slide's notes (times in Seoul)
    assert slides[1].notes_slide.notes_text_frame.text == "lee (2026-11-02 18:00): 확인 필요"
    assert not slides[2].has_notes_slide


def test_english_deck_uses_english_labels_and_utc(english_map, tmp_path):
    deck = Presentation(map_to_pptx(english_map, tmp_path / "map.pptx"))
    slide = list(deck.slides)[1]
    assert table_rows(slide)[0] == ["KPIs", "value", "change", "target", "refreshed"]
    assert table_rows(slide)[1][-1] == "2026-11-01 00:00"
    assert "Pain points" in slide_text(slide) and "Opportunities" in slide_text(slide)
