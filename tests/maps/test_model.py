"""The map document: what validates, and errors that name the stage, lane and item."""

from __future__ import annotations

import pytest
from conftest import blueprint_document, sample_document

from journeymap.errors import MapError
from journeymap.maps.items import KpiItem
from journeymap.maps.schema import parse_map


def test_sample_maps_validate_with_ids_defaulting_to_names(korean_map, blueprint_map):
    assert [s.id for s in korean_map.stages] == ["인지", "고려", "결정"]
    assert korean_map.items("결정", "감정")[0].score == -2
    assert blueprint_map.type == "service_blueprint"
    assert [lane.kind for lane in blueprint_map.lanes][-4:] == [
        "frontstage", "line_of_visibility", "backstage", "support"]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["cells"][4]["items"][0].update(score=3),
     "stage '인지', lane '감정', item 1, score: Input should be less than or equal to 2"),
    (lambda d: d["cells"][4]["items"].append({"kind": "text", "text": "x"}),
     "stage '인지', lane '감정', item 2: a text item cannot go in a lane of kind emotions"),
    (lambda d: d["cells"][6]["items"][0].update(impact=9),
     "stage '인지', lane '기회', item 1, impact: Input should be less than or equal to 5"),
    (lambda d: d["cells"].append({"stage": "구매", "lane": "행동", "items": []}),
     "a cell names stage '구매', which the map does not have (stages: 인지, 고려, 결정)"),
    (lambda d: d["stages"].append({"name": "인지"}), "two stages have the id '인지'"),
    (lambda d: d["stages"][1].update(name=""),
     "stage 2, name: String should have at least 1 character"),
    (lambda d: d["cells"][0]["items"][0].update(kind="sticker"),
     "stage '인지', lane '행동', item 1: Input tag 'sticker' found using 'kind'"),
    (lambda d: d.update(colour="red"), "colour: Extra inputs are not permitted"),
])
def test_errors_name_the_stage_lane_and_item(change, expected):
    doc = sample_document("ko")
    change(doc)
    with pytest.raises(MapError) as err:
        parse_map(doc, source="map.json")
    assert expected in str(err.value)
    assert str(err.value).startswith("map.json: ")
    assert isinstance(err.value, ValueError)


def test_a_blueprint_needs_its_line_of_visibility():
    doc = blueprint_document()
    doc["lanes"] = [x for x in doc["lanes"] if x["kind"] != "line_of_visibility"]
    with pytest.raises(MapError, match="needs a line_of_visibility lane"):
        parse_map(doc)


def test_newer_schema_versions_are_refused_clearly():
    doc = sample_document() | {"schema_version": 9}
    with pytest.raises(MapError, match="schema version 9; this journeymap reads up to 1"):
        parse_map(doc)


def test_a_document_without_schema_version_reads_as_version_1():
    doc = sample_document()
    doc.pop("schema_version", None)
    assert parse_map(doc).schema_version == 1


def test_json_round_trip_is_identical(korean_map, blueprint_map):
    for doc in (korean_map, blueprint_map):
        again = parse_map(doc.model_dump(mode="json"))
        assert again == doc


def test_cell_adds_an_empty_cell_and_kpi_prefers_its_binding(english_map):
    cell = english_map.cell("Awareness", "Thoughts")
    assert cell is english_map.cell("Awareness", "Thoughts")
    with pytest.raises(KeyError):
        english_map.cell("Nowhere", "Thoughts")
    kpi = english_map.items("Decision", "KPI")[0]
    assert isinstance(kpi, KpiItem)
    kpi.binding.value = 0.5
    assert kpi.current == 0.5
    assert KpiItem(name="NPS", value=31).current == 31
    assert len(list(english_map.bindings())) == 3
