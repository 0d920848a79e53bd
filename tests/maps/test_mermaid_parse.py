"""The Mermaid ``journey`` export read back by the real Mermaid parser.

``tests/js/mermaid_journey.mjs`` parses the text with the ``mermaid`` npm package (pinned by
the repo's package-lock.json, installed by ``make install``) and prints the sections, tasks,
scores and people Mermaid understood.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from statistics import mean

import pytest

from journeymap.maps.items import LaneKind, item_text
from journeymap.maps.model import JourneyMap
from journeymap.maps.schema import parse_map
from journeymap.render.map_markdown import map_to_mermaid

ROOT = Path(__file__).parents[2]
READER = ROOT / "tests" / "js" / "mermaid_journey.mjs"
WJ = "\u2060"  # word joiner: invisible, keeps a task starting with a keyword text


def mermaid_parse(text: str) -> subprocess.CompletedProcess[str]:
    """Run the real Mermaid parser on ``text`` (fails, not skips, when it is not installed)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the Mermaid read-back needs Node.js 20+")
    missing = [p for p in ("mermaid", "jsdom")
               if not (ROOT / "node_modules" / p / "package.json").is_file()]
    if missing:
        pytest.fail(f"node_modules lacks {', '.join(missing)}: run `make install` "
                    "(it runs `npm ci` from package-lock.json)")
    return subprocess.run([node, str(READER)], input=text, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def read_back(text: str) -> dict:
    result = mermaid_parse(text)
    assert result.returncode == 0, f"Mermaid rejected the export:\n{result.stderr}\n{text}"
    return json.loads(result.stdout)


def _shown(text: str) -> str:
    """What the export keeps of a text: one line, ':' '#' ';' as spaces (Mermaid syntax)."""
    return " ".join(re.sub(r"[:#;]", " ", text).split())


def expected(doc: JourneyMap) -> dict:
    """The journey the map describes: a section per stage, its actions and touchpoints as
    tasks scored by the stage's mean emotion (-2..+2 -> 1..5), the personas as people."""
    people = [_shown(p.name.replace(",", " ")) for p in doc.personas]
    tasks = []
    for stage in doc.stages:
        emotions = [i.score for lane in doc.lanes_of(LaneKind.emotions)
                    for i in doc.items(stage.id, lane.id)]
        score = round(mean(emotions)) + 3 if emotions else 3
        for kind in (LaneKind.actions, LaneKind.touchpoints):
            for lane in doc.lanes_of(kind):
                tasks += [{"section": _shown(stage.name), "task": _shown(item_text(i)),
                           "score": score, "people": people}
                          for i in doc.items(stage.id, lane.id)]
    return {"title": _shown(doc.title), "sections": [_shown(s.name) for s in doc.stages],
            "tasks": tasks}


@pytest.mark.parametrize("fixture", ["english_map", "korean_map"])
def test_mermaid_parser_reads_the_map(request, fixture):
    doc = request.getfixturevalue(fixture)
    parsed = read_back(map_to_mermaid(doc))
    assert parsed == expected(doc)
    # spelled out for the English map, so a wrong helper cannot hide a wrong export
    if fixture == "english_map":
        assert parsed["sections"] == ["Awareness", "Consideration", "Decision"]
        assert [(t["task"], t["score"]) for t in parsed["tasks"]] == [
            ("Looks for material in Awareness", 4), ("web 0 (web)", 4),
            ("Looks for material in Consideration", 2), ("web 1 (web)", 2),
            ("Looks for material in Decision", 1), ("web 2 (web)", 1)]
        assert {tuple(t["people"]) for t in parsed["tasks"]} == {("Minjun IT manager",)}


def test_tricky_text_stays_parseable():
    """':' '#' ';' ',' '%', newlines, Korean and Mermaid keywords at the start of a task."""
    doc = parse_map({
        "title": "Q3 온보딩: trial #2; 고객\n여정",
        "type": "current_state",
        "language": "ko",
        "personas": [{"name": "Kim, Jisoo"}, {"name": "이; #3: 관리자"}],
        "stages": [{"name": "가입: 1단계"}, {"name": "Pay #2; card\nform"},
                   {"name": "Journey end"}, {"name": "결정"}],
        "lanes": [{"name": "Actions", "kind": "actions"},
                  {"name": "Touchpoints", "kind": "touchpoints"},
                  {"name": "Feelings", "kind": "emotions"},
                  {"name": "Survey", "kind": "emotions"}],
        "cells": [
            {"stage": "가입: 1단계", "lane": "Actions", "items": [
                {"kind": "text", "text": "Reads: the FAQ; #1 tip"},
                {"kind": "text", "text": "쿠폰 적용,\n(10% 할인)"}]},
            {"stage": "가입: 1단계", "lane": "Touchpoints", "items": [
                {"kind": "touchpoint", "name": "web:signup", "channel": "web"}]},
            {"stage": "가입: 1단계", "lane": "Feelings", "items": [
                {"kind": "emotion", "score": 1}]},
            {"stage": "가입: 1단계", "lane": "Survey", "items": [
                {"kind": "emotion", "score": 2}]},
            {"stage": "Pay #2; card\nform", "lane": "Actions", "items": [
                {"kind": "text", "text": "Journey planner opens"},
                {"kind": "text", "text": "Section 3 of the form"},
                {"kind": "text", "text": "title: check"},
                {"kind": "text", "text": "%%{init: {}}%% 100%% sure"},
                {"kind": "text", "text": "a%%b"}]},
            {"stage": "Pay #2; card\nform", "lane": "Feelings", "items": [
                {"kind": "emotion", "score": -2}]},
            {"stage": "Journey end", "lane": "Actions", "items": [
                {"kind": "text", "text": "accDescr { notes }"}]},
            {"stage": "결정", "lane": "Feelings", "items": [{"kind": "emotion", "score": -1}]},
        ],
    })
    parsed = read_back(map_to_mermaid(doc))
    assert parsed["title"] == "Q3 온보딩 trial 2 고객 여정"
    assert parsed["sections"] == ["가입 1단계", "Pay 2 card form", "Journey end", "결정"]
    people = ["Kim Jisoo", "이 3 관리자"]
    assert parsed["tasks"] == [
        {"section": s, "task": t, "score": n, "people": people} for s, t, n in [
            ("가입 1단계", "Reads the FAQ 1 tip", 5),  # mean(1, 2) = 1.5 rounds to 2
            ("가입 1단계", "쿠폰 적용, (10% 할인)", 5),
            ("가입 1단계", "web signup (web)", 5),
            ("Pay 2 card form", WJ + "Journey planner opens", 1),
            ("Pay 2 card form", WJ + "Section 3 of the form", 1),
            ("Pay 2 card form", WJ + "title check", 1),
            ("Pay 2 card form", WJ + "% %{init {}}% % 100% % sure", 1),
            ("Pay 2 card form", "a% %b", 1),
            ("Journey end", WJ + "accDescr { notes }", 3),  # no emotion: neutral
            ("결정", "결정", 2),  # no actions or touchpoints: the stage itself
        ]]


def test_reader_rejects_what_mermaid_rejects():
    """The reader is a real parser: a task starting with 'journey' (what the export wrote
    before the word joiner) is a Mermaid syntax error, and a dropped line is not a task."""
    bad = mermaid_parse("journey\n  section A\n    Journey planner: 5: Me\n")
    assert bad.returncode != 0
    assert "Parse error on line 3" in bad.stderr
    assert read_back("journey\n  section A\n    %discount: 5: Me\n")["tasks"] == []
