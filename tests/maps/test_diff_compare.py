"""Differences between versions, and current state beside future state."""

from __future__ import annotations

from journeymap.maps.diff import diff_maps
from journeymap.maps.items import OpportunityItem
from journeymap.maps.model import MapType, Stage
from journeymap.maps.schema import parse_map


def test_diff_lists_stages_items_kpi_values_and_comments(english_map):
    new = english_map.model_copy(deep=True)
    new.title = "Purchase journey, Q4"
    new.stages.append(Stage(name="Retention"))
    new.cell("Decision", "Pain points").items[0].severity = 5
    new.cell("Awareness", "Thoughts").items.clear()
    new.cell("Consideration", "Opportunities").items.append(
        OpportunityItem(description="Pricing calculator", impact=5, effort=2))
    new.cell("Decision", "KPI").items[0].binding.value = 0.42
    new.cell("Awareness", "Actions").comments.clear()
    rows = [(r["change"], r["what"], r["where"], r["before"], r["after"])
            for r in diff_maps(english_map, new).to_dict()]
    assert rows == [
        ("changed", "map", "title", "B2B purchase journey", "Purchase journey, Q4"),
        ("added", "stage", "Retention", None, "Retention"),
        ("removed", "comment", "Awareness / Actions", "lee: Needs checking", None),
        ("removed", "item", "Awareness / Thoughts", "What does it cost?", None),
        ("changed", "item", "Decision / Pain points / Slow answers / severity", "3", "5"),
        ("added", "item", "Consideration / Opportunities", None, "Pricing calculator"),
        ("changed", "kpi value", "Decision / KPI / Conversion", "0.3", "0.42"),
    ]


def test_diff_of_identical_maps_is_empty_and_stage_renames_show(english_map):
    assert len(diff_maps(english_map, english_map.model_copy(deep=True))) == 0
    new = english_map.model_copy(deep=True)
    new.stages[0].name = "Discovery"
    new.stages.reverse()
    rows = diff_maps(english_map, new).to_dict()
    assert rows[0] == {"change": "changed", "what": "stage", "where": "Awareness",
                       "before": "Awareness", "after": "Discovery"}
    assert rows[1]["where"] == "order"


def test_current_against_future_state(english_map):
    future = english_map.model_copy(deep=True)
    future.type = MapType.future_state
    future.title = "Future purchase journey"
    future.cell("Decision", "Pain points").items.clear()
    future.cell("Decision", "Thoughts").items[0].text = "The price is clear"
    future.stages[0].name = "Discover"  # matched through its analytics stage
    future.cell("Awareness", "Opportunities").items.append(
        OpportunityItem(description="Comparison page"))
    from journeymap.maps.compare import compare_maps

    rows = {(r["stage"], r["lane"]): r for r in compare_maps(english_map, future).to_dict()}
    assert rows[("Decision", "Pain points")]["status"] == "dropped"
    assert rows[("Decision", "Thoughts")] | {} == {
        "stage": "Decision", "lane": "Thoughts", "current": "What does it cost?",
        "future": "The price is clear", "status": "changed"}
    assert rows[("Awareness", "Opportunities")]["future"] == "A chatbot\nComparison page"
    assert rows[("Awareness", "Actions")]["status"] == "same"
    assert ("Discover", "Actions") not in rows


def test_compare_adds_stages_only_the_future_has(english_map):
    future = parse_map(english_map.model_dump(mode="json")
                       | {"stages": [*english_map.model_dump(mode="json")["stages"],
                                     {"name": "Advocacy"}]})
    future.cell("Advocacy", "Actions").items.append(
        future.items("Awareness", "Actions")[0].model_copy(update={"text": "Refers a peer"}))
    from journeymap.maps.compare import compare_maps

    rows = compare_maps(english_map, future).to_dict()
    assert rows[-1] == {"stage": "Advocacy", "lane": "Actions", "current": "",
                        "future": "Refers a peer", "status": "new"}
