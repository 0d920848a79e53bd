"""Xmind export (read back with xmindparser) and import (JSON and legacy XML formats)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xmindparser

from journeymap.errors import InputNotFoundError, MapError
from journeymap.maps.import_xmind import read_xmind
from journeymap.maps.items import LaneKind, item_text
from journeymap.maps.model import JourneyMap, MapType
from journeymap.render.map_xmind import write_map_xmind


def shape(doc: JourneyMap) -> tuple:
    cells = {(c.stage, c.lane): [item_text(i) for i in c.items] for c in doc.cells if c.items}
    return ([s.name for s in doc.stages], [(x.name, x.kind) for x in doc.lanes], cells)


def topic(title: str, *children: dict[str, Any], **extra: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"id": title, "class": "topic", "title": title, **extra}
    if children:
        node["children"] = {"attached": list(children)}
    return node


def write_json_xmind(path: Path, root: dict[str, Any]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("content.json", json.dumps([{"id": "s", "class": "sheet", "title": "S",
                                                 "rootTopic": root}]))
        zf.writestr("metadata.json", "{}")
    return path


def test_xmindparser_reads_the_export(korean_map: JourneyMap, tmp_path: Path):
    out = write_map_xmind(korean_map, tmp_path / "map.xmind")
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["content.json", "manifest.json", "metadata.json"]
        manifest = json.loads(zf.read("manifest.json"))
        assert set(manifest["file-entries"]) == {"content.json", "metadata.json"}
    [sheet] = xmindparser.xmind_to_dict(str(out))
    root = sheet["topic"]
    assert sheet["title"] == root["title"] == "B2B 구매 여정"
    assert root["labels"] == ["current_state"]
    assert "협업 도구를 비교하고 구매한다" in root["note"]
    assert [s["title"] for s in root["topics"]] == ["인지", "고려", "결정"]
    lanes = root["topics"][1]["topics"]
    assert [(x["title"], x["labels"]) for x in lanes] == [
        (lane.name, [lane.kind.value]) for lane in korean_map.lanes]
    by_lane = {x["title"]: x["topics"] for x in lanes}
    assert by_lane["감정"] == [{"title": "-1 기대", "makers": ["smiley-cry"]}]
    assert by_lane["불편"][0]["labels"] == ["심각도 3"]
    chatbot = by_lane["기회"][0]
    assert chatbot["title"] == "챗봇"
    assert chatbot["labels"] == ["영향 4", "노력 2", "planned"]
    assert chatbot["makers"] == ["task-quarter"]
    assert chatbot["note"] == "담당: cx"
    kpi = by_lane["KPI"][0]
    assert kpi["labels"] == ["값 20%"]
    assert kpi["note"] == "지표: stage.conversion = 20% (갱신 2026-11-01 00:00 UTC)"
    assert by_lane["터치포인트"][0]["title"] == "web:1 (web)"


def test_export_is_deterministic(english_map: JourneyMap, tmp_path: Path):
    first = write_map_xmind(english_map, tmp_path / "a.xmind").read_bytes()
    assert write_map_xmind(english_map, tmp_path / "b.xmind").read_bytes() == first


@pytest.mark.parametrize("fixture", ["korean_map", "english_map", "blueprint_map"])
def test_round_trip(fixture: str, tmp_path: Path, request: pytest.FixtureRequest):
    doc: JourneyMap = request.getfixturevalue(fixture)
    back = read_xmind(write_map_xmind(doc, tmp_path / "map.xmind"))
    assert shape(back) == shape(doc)
    assert (back.title, back.language, back.type) == (doc.title, doc.language, doc.type)


def test_root_children_may_be_lanes(tmp_path: Path):
    root = topic("Onboarding",
                 topic("Actions", topic("Sign up", topic("Fills the form")),
                       topic("First use", topic("Creates a project"))),
                 topic("Emotions",
                       topic("Sign up", topic("surprised", markers=[
                           {"markerId": "smiley-angry"}])),
                       topic("First use", topic("+2 delighted"))),
                 topic("Pain points", topic("Invite", topic("No bulk invite"))),
                 topic("Ideas", topic("Invite", topic("CSV upload", topic("and SSO")))))
    doc = read_xmind(write_json_xmind(tmp_path / "lanes.xmind", root))
    assert doc.title == "Onboarding"
    assert [s.name for s in doc.stages] == ["Sign up", "First use", "Invite"]
    assert [(x.name, x.kind) for x in doc.lanes] == [
        ("Actions", LaneKind.actions), ("Emotions", LaneKind.emotions),
        ("Pain points", LaneKind.pain_points), ("Ideas", LaneKind.opportunities)]
    assert [(i.score, i.label) for i in doc.items("Sign up", "Emotions")] == [
        (-2, "surprised")]
    assert doc.items("First use", "Emotions")[0].score == 2
    assert [item_text(i) for i in doc.items("Invite", "Ideas")] == ["CSV upload", "and SSO"]


def test_stages_first_template_without_labels(tmp_path: Path):
    """Xmind's customer-journey template: root > stages > lanes > items, lanes by title."""
    root = topic("고객 여정",
                 topic("인지", topic("고객 행동", topic("광고를 본다")),
                       topic("터치포인트", topic("인스타그램")), topic("감정", topic("😊 기대"))),
                 topic("구매", topic("고객 행동", topic("결제한다")),
                       topic("불편 사항", topic("결제 오류"))))
    doc = read_xmind(write_json_xmind(tmp_path / "template.xmind", root))
    assert doc.language == "ko"
    assert [s.name for s in doc.stages] == ["인지", "구매"]
    assert [(x.name, x.kind) for x in doc.lanes] == [
        ("고객 행동", LaneKind.actions), ("터치포인트", LaneKind.touchpoints),
        ("감정", LaneKind.emotions), ("불편 사항", LaneKind.pain_points)]
    assert doc.items("인지", "감정")[0].score == 1


def test_legacy_xml_format(tmp_path: Path):
    content = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<xmap-content xmlns="urn:xmind:xmap:xmlns:content:2.0" version="2.0">
<sheet id="s1"><topic id="r"><title>Legacy map</title><labels><label>future_state</label>
</labels><children><topics type="attached">
<topic id="a"><title>Discover</title><children><topics type="attached">
 <topic id="b"><title>Doing</title><children><topics type="attached">
  <topic id="c"><title>Searches the web</title></topic></topics></children></topic>
 <topic id="d"><title>Feelings</title><children><topics type="attached">
  <topic id="e"><title>Curious</title><marker-refs><marker-ref marker-id="smiley-smile"/>
  </marker-refs></topic></topics></children></topic>
</topics></children></topic>
</topics></children></topic><title>Sheet 1</title></sheet></xmap-content>"""
    path = tmp_path / "legacy.xmind"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("content.xml", content)
    assert xmindparser.xmind_to_dict(str(path))[0]["topic"]["title"] == "Legacy map"
    doc = read_xmind(path)
    assert (doc.title, doc.type) == ("Legacy map", MapType.future_state)
    assert [(x.name, x.kind) for x in doc.lanes] == [("Doing", LaneKind.actions),
                                                    ("Feelings", LaneKind.emotions)]
    assert [(i.score, i.label) for i in doc.items("Discover", "Feelings")] == [(1, "Curious")]


def test_bad_emotion_names_the_topic(tmp_path: Path):
    root = topic("Map", topic("Discover", topic("Emotions", topic("5 great"))))
    with pytest.raises(MapError, match="score 5") as err:
        read_xmind(write_json_xmind(tmp_path / "bad.xmind", root))
    assert err.value.field == "topic 'Discover > Emotions'"
    assert err.value.file.endswith("bad.xmind")


def test_duplicate_stages_and_unreadable_files(tmp_path: Path):
    root = topic("Map", topic("Discover", topic("Actions", topic("a"))),
                 topic("Discover", topic("Actions", topic("b"))))
    with pytest.raises(MapError, match="two stages are named 'Discover'") as err:
        read_xmind(write_json_xmind(tmp_path / "dup.xmind", root))
    assert err.value.field == "topic 'Discover'"
    with pytest.raises(InputNotFoundError):
        read_xmind(tmp_path / "missing.xmind")
    (tmp_path / "text.xmind").write_text("hello")
    with pytest.raises(MapError, match="not an Xmind file"):
        read_xmind(tmp_path / "text.xmind")
    with zipfile.ZipFile(tmp_path / "empty.xmind", "w") as zf:
        zf.writestr("other.txt", "x")
    with pytest.raises(MapError, match=r"neither content\.json nor content\.xml"):
        read_xmind(tmp_path / "empty.xmind")
    with zipfile.ZipFile(tmp_path / "entity.xmind", "w") as zf:
        zf.writestr("content.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><xmap-content/>')
    with pytest.raises(MapError, match="DOCTYPE"):
        read_xmind(tmp_path / "entity.xmind")
    with zipfile.ZipFile(tmp_path / "nosheet.xmind", "w") as zf:
        zf.writestr("content.json", "[]")
    with pytest.raises(MapError, match="no sheet with a root topic"):
        read_xmind(tmp_path / "nosheet.xmind")


def test_one_stage_named_like_a_lane_keeps_stages_first(tmp_path: Path):
    root = topic("Map", topic("Discover", topic("Notes", topic("a"))),
                 topic("Buy", topic("Notes", topic("b"))),
                 topic("Support", topic("Quotes", topic("c"))))
    doc = read_xmind(write_json_xmind(tmp_path / "map.xmind", root))
    assert [s.name for s in doc.stages] == ["Discover", "Buy", "Support"]
    assert [x.name for x in doc.lanes] == ["Notes", "Quotes"]
