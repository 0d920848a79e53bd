"""The map canvas as SVG: columns and rows where the layout says, every item's text (escaped),
the emotion curve through the stages' mean scores, channel glyphs, highlighted pain points,
opportunities and KPIs, and a blueprint's line of visibility."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from journeymap.maps.items import LaneKind, item_text
from journeymap.maps.schema import parse_map
from journeymap.render.map_glyphs import channel_kind
from journeymap.render.map_layout import CELL_PAD, layout_map
from journeymap.render.map_svg import CURVE, map_to_svg, write_svg
from journeymap.render.map_text import text_width

NS = {"s": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(node: ET.Element, cls: str | None = None) -> list[str]:
    return ["".join(t.itertext()) for t in node.iter(SVG + "text")
            if cls is None or t.get("class") == cls]


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(SVG + "g") if cls in (g.get("class") or "").split()]


def test_stages_are_columns_and_lanes_rows_in_document_order(korean_map):
    root = parse(map_to_svg(korean_map))
    assert root.get("font-family").startswith("Noto Sans CJK KR,")
    stages = groups(root, "stage")
    assert [g.get("data-stage") for g in stages] == ["인지", "고려", "결정"]
    assert [texts(g, "stage-name") for g in stages] == [["인지"], ["고려"], ["결정"]]
    lanes = groups(root, "lane")
    assert [g.get("data-lane") for g in lanes] == [lane.id for lane in korean_map.lanes]
    assert [texts(g, "lane-name")[0] for g in lanes] == [
        "행동", "터치포인트", "채널", "생각", "감정", "불편", "기회", "KPI"]

    layout = layout_map(korean_map)
    xs = [c.x for c in layout.columns]
    assert xs == sorted(xs) and xs[0] == layout.grid_left
    assert {c.width for c in layout.columns} == {layout.columns[0].width}
    ys = [r.y for r in layout.rows]
    assert ys == sorted(ys) and ys[0] > layout.stage_row_y + layout.stage_row_h
    for card in layout.cards:  # every card sits inside its own cell
        column, row = layout.column(card.stage), layout.row(card.lane)
        assert column.x < card.x and card.x + card.width < column.x + column.width
        assert row.y < card.y and card.y + card.height < row.y + row.height


def test_every_item_is_on_the_canvas_with_its_text(korean_map):
    root = parse(map_to_svg(korean_map))
    cards = groups(root, "card")
    drawn = {(g.get("data-stage"), g.get("data-lane")): " ".join(texts(g)) for g in cards}
    expected = {(c.stage, c.lane): c.items for c in korean_map.cells
                if korean_map.lanes_of(LaneKind.emotions)[0].id != c.lane}
    assert set(drawn) == set(expected)
    for key, items in expected.items():
        for item in items:
            main = item.name if item.kind in ("touchpoint", "kpi") else item_text(item)
            assert main in drawn[key], key
    header = " ".join(texts(groups(root, "header")[0]))
    for words in ("B2B 구매 여정", "현재 상태", "IT 관리자 민준", "협업 도구를 비교하고 구매한다"):
        assert words in header


def test_text_is_escaped_and_long_text_wrapped_inside_its_card(english_map):
    data = english_map.model_dump(mode="json")
    data["title"] = 'Tom & Jerry <script>alert("x")</script>'
    long = ("Compares <three> vendors & their price sheets, then asks procurement for an "
            "exception because the budget was set last year")
    data["cells"][0]["items"][0]["text"] = long
    doc = parse_map(data)
    svg = map_to_svg(doc)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp; Jerry" in svg
    root = parse(svg)
    assert root.find("s:title", NS).text == data["title"]
    card = next(g for g in groups(root, "card") if g.get("data-lane") == "Actions"
                and g.get("data-stage") == "Awareness")
    lines = texts(card)
    assert len(lines) >= 3 and " ".join(lines) == long
    layout = layout_map(doc)
    placed = next(c for c in layout.cards if c.item.kind == "text" and c.lane == "Actions"
                  and c.stage == "Awareness")
    assert all(text_width(line, 13) <= placed.width - 16 for line in placed.lines)
    row = layout.row("Actions")  # the row grows to its tallest cell
    assert row.height == pytest.approx(placed.height + 2 * CELL_PAD)


def test_emotion_curve_runs_through_each_stage_mean_score(korean_map):
    layout = layout_map(korean_map)
    points = layout.emotion_points
    assert [(p.stage, p.score) for p in points] == [("인지", 1), ("고려", -1), ("결정", -2)]
    row = layout.row("감정")
    for p in points:
        assert p.x == layout.column(p.stage).center
        # +2 at the top of the plot band, -2 at its bottom, linear between
        assert p.y == pytest.approx(row.y + 40 + (2 - p.score) / 4 * (row.height - 80))
    assert points[0].y < row.y + row.height / 2 < points[1].y < points[2].y
    root = parse(map_to_svg(korean_map))
    curve = next(e for e in root.iter(SVG + "polyline")
                 if e.get("class") == "emotion-curve")
    assert curve.get("stroke") == CURVE
    drawn = [tuple(map(float, xy.split(","))) for xy in curve.get("points").split()]
    assert drawn == [pytest.approx((p.x, p.y), abs=0.06) for p in points]
    assert texts(root, "score") == ["+1", "-1", "-2"]


def test_emotion_point_is_the_mean_of_a_stages_emotions(english_map):
    data = english_map.model_dump(mode="json")
    emotions = next(c for c in data["cells"] if c["lane"] == "Emotions")
    emotions["items"].append({"kind": "emotion", "score": 2, "label": "relieved"})
    point = layout_map(parse_map(data)).emotion_points[0]
    assert point.score == 1.5 and point.labels == ["hopeful", "relieved"]


def test_pain_points_opportunities_and_kpis_are_highlighted(korean_map):
    data = korean_map.model_dump(mode="json")
    kpi = next(c for c in data["cells"] if c["lane"] == "KPI" and c["stage"] == "결정")
    kpi["items"][0]["binding"]["previous"] = 0.25
    root = parse(map_to_svg(parse_map(data)))
    pains = groups(root, "pain_point")
    assert len(pains) == 3 and pains[0].find("s:rect", NS).get("fill") == "#fff5f5"
    assert "심각도" in texts(pains[0])
    ideas = groups(root, "opportunity")
    assert ideas[0].find("s:rect", NS).get("fill") == "#ebfbee"
    assert texts(ideas[0], "impact") == ["영향 4"] and texts(ideas[0], "effort") == ["노력 2"]
    kpis = groups(root, "kpi")
    assert [texts(g, "value") for g in kpis] == [["10%"], ["20%"], ["30%"]]
    assert [texts(g, "change") for g in kpis] == [[], [], ["+5%p"]]
    # refreshed 2026-11-01 00:00 UTC prints in Seoul time on a Korean map
    assert texts(kpis[0], "meta") == ["기준 2026-11-01 09:00"]
    en = parse(map_to_svg(parse_map({**data, "language": "en"}), tz="UTC"))
    assert texts(groups(en, "kpi")[2], "change") == ["+5pp"]
    assert texts(groups(en, "kpi")[0], "meta") == ["as of 2026-11-01 00:00"]


def test_channels_get_drawn_glyphs(korean_map):
    root = parse(map_to_svg(korean_map))
    by_lane = {g.get("data-lane"): g for g in groups(root, "card") if g.get("data-stage") == "인지"}
    assert groups(by_lane["터치포인트"], "channel-badge")[0].get("data-channel") == "web"
    assert groups(by_lane["채널"], "channel-badge")[0].get("data-channel") == "email"
    assert "<image" not in map_to_svg(korean_map)  # drawn, never fetched
    assert [channel_kind(n) for n in ("이메일", "Kakao chat", "웹사이트", "Mobile app",
                                      "download", "Webinar")] == [
        "email", "chat", "web", "mobile", None, None]


def test_comment_counts_show_on_commented_cells(korean_map):
    bubbles = groups(parse(map_to_svg(korean_map)), "comment-count")
    assert [(b.get("data-stage"), b.get("data-lane"), texts(b)) for b in bubbles] == [
        ("인지", "행동", ["1"])]


def test_blueprint_draws_the_line_of_visibility_as_a_dashed_lane(blueprint_map, tmp_path):
    layout = layout_map(blueprint_map)
    path = write_svg(blueprint_map, tmp_path / "map.svg")
    root = parse(path.read_text(encoding="utf-8"))
    assert texts(root, "map-type") == ["Service blueprint"]
    line = next(e for e in root.iter(SVG + "line")
                if e.get("class") == "line-of-visibility")
    assert line.get("stroke-dasharray")
    row = layout.row("Line of visibility")
    assert row.y < float(line.get("y1")) == float(line.get("y2")) < row.y + row.height
    assert layout.row("Frontstage").y < row.y < layout.row("Backstage").y
    assert float(line.get("x1")) == layout.grid_left
    assert float(line.get("x2")) == layout.grid_right


def test_a_page_of_stages_keeps_the_full_maps_row_heights(english_map):
    full = layout_map(english_map)
    page = layout_map(english_map, ["Decision"])
    assert [c.stage.id for c in page.columns] == ["Decision"]
    assert [c.index for c in page.columns] == [2]
    assert [r.height for r in page.rows] == [r.height for r in full.rows]
    root = parse(map_to_svg(english_map, stages=["Decision"]))
    assert [g.get("data-stage") for g in groups(root, "stage")] == ["Decision"]
    assert {g.get("data-stage") for g in groups(root, "card")} == {"Decision"}
