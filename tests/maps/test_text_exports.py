"""JSON, Markdown and Mermaid exports, read back by independent readers."""

from __future__ import annotations

import json

from markdown_it import MarkdownIt

from journeymap.maps.schema import parse_map
from journeymap.render.map_export import export_map
from journeymap.render.map_markdown import map_to_markdown, map_to_mermaid


def test_json_export_round_trips_to_an_identical_map(tmp_path, korean_map, blueprint_map):
    for doc in (korean_map, blueprint_map):
        path = export_map(doc, tmp_path / "map.json")
        text = path.read_text(encoding="utf-8")
        assert "B2B 구매 여정" in text or doc.language == "en"  # Korean kept as text
        assert parse_map(json.loads(text)) == doc


def _tables(markdown: str) -> list[list[list[str]]]:
    """Every table of a Markdown text as rows of cell texts, parsed by markdown-it."""
    tokens = MarkdownIt().enable("table").parse(markdown)
    tables, rows, row = [], [], None
    for tok in tokens:
        if tok.type == "table_open":
            rows = []
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close":
            rows.append(row)
            row = None
        elif tok.type == "table_close":
            tables.append(rows)
    return tables


def test_markdown_grid_and_numbers(korean_map):
    korean_map.cell("인지", "행동").items[0].text = "비교 | 검색\n두 번째 줄"
    grid, numbers = _tables(map_to_markdown(korean_map))
    assert grid[0] == ["", "인지", "고려", "결정"]
    lanes = {row[0]: row[1:] for row in grid[1:]}
    assert list(lanes) == ["**행동**", "**터치포인트**", "**채널**", "**생각**", "**감정**",
                           "**불편**", "**기회**", "**KPI**"]
    assert lanes["**행동**"][0] == "비교 | 검색<br>두 번째 줄"  # the pipe stays in its cell
    assert lanes["**감정**"] == ["+1 기대", "-1 기대", "-2 기대"]
    assert lanes["**KPI**"][2] == "전환율: 30%"
    assert numbers[0] == ["stage", "item", "metric", "value", "change", "refreshed"]
    assert numbers[1] == ["인지", "전환율", "stage.conversion", "10%", "—",
                          "2026-11-01 00:00 UTC"]


def test_blueprint_markdown_shows_the_line_of_visibility(blueprint_map):
    grid = _tables(map_to_markdown(blueprint_map))[0]
    line = next(r for r in grid if "Line of visibility" in r[0])
    assert line[1:] == ["···"] * 3


def test_mermaid_journey(english_map):
    english_map.cell("Awareness", "Actions").items[0].text = "Reads: a blog; #1 post"
    text = map_to_mermaid(english_map)
    lines = text.splitlines()
    assert lines[:3] == ["journey", "  title B2B purchase journey", "  section Awareness"]
    assert "    Reads a blog 1 post: 4: Minjun IT manager" in lines
    sections = [ln.strip().removeprefix("section ") for ln in lines if "section" in ln]
    assert sections == ["Awareness", "Consideration", "Decision"]
    scores = [int(ln.split(": ")[1]) for ln in lines if ln.startswith("    ")]
    assert scores == [4, 4, 2, 2, 1, 1]  # emotion +1, -1, -2 on the 1..5 scale
