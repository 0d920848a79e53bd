"""Built-in map templates: every one loads in Korean and English, and the two agree."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from journeymap.config import DEFAULT_STAGES
from journeymap.errors import MapError
from journeymap.maps.items import LaneKind
from journeymap.maps.model import JourneyMap, MapType
from journeymap.maps.schema import parse_map
from journeymap.maps.templates import (
    LANE_NAMES,
    LANGUAGES,
    TEMPLATES,
    is_placeholder,
    list_templates,
    load_template,
)

HANGUL = re.compile(r"[가-힣]")
STANDARD_LANES = {LaneKind.actions, LaneKind.touchpoints, LaneKind.channels,
                  LaneKind.thoughts, LaneKind.emotions, LaneKind.pain_points,
                  LaneKind.opportunities, LaneKind.kpis}
BLUEPRINT_LANES = {LaneKind.evidence, LaneKind.actions, LaneKind.frontstage,
                   LaneKind.line_of_visibility, LaneKind.backstage, LaneKind.support}
EVERY = [(name, language) for name in TEMPLATES for language in LANGUAGES]


def test_templates_are_discovered_from_the_files() -> None:
    assert set(TEMPLATES) == {"b2b-saas", "ecommerce", "onboarding", "support",
                              "five-stage", "service-blueprint"}
    folder = resources.files("journeymap.maps").joinpath("templates")
    files = {entry.name for entry in folder.iterdir() if entry.name.endswith(".toml")}
    assert files == {f"{name}.{language}.toml" for name, language in EVERY}


@pytest.mark.parametrize(("name", "language"), EVERY)
def test_every_template_loads_and_validates(name: str, language: str) -> None:
    doc = load_template(name, language)
    assert isinstance(doc, JourneyMap)
    assert doc.language == language
    assert parse_map(doc.model_dump(mode="json")) == doc
    assert len(doc.stages) >= 5
    assert all(stage.description for stage in doc.stages)
    # a starting point: prompts, but nothing measured or judged yet
    assert [is_placeholder(p.name) for p in doc.personas] == [True]
    assert is_placeholder(doc.scenario)
    kinds = {lane.kind for lane in doc.lanes}
    required = BLUEPRINT_LANES if doc.type == MapType.service_blueprint else STANDARD_LANES
    assert required <= kinds
    assert {LaneKind.touchpoints, LaneKind.emotions, LaneKind.pain_points,
            LaneKind.opportunities, LaneKind.kpis} <= kinds
    for stage in doc.stages:
        touchpoints = [i for lane in doc.lanes_of(LaneKind.touchpoints)
                       for i in doc.items(stage.id, lane.id)]
        kpis = [i for lane in doc.lanes_of(LaneKind.kpis) for i in doc.items(stage.id, lane.id)]
        assert touchpoints and all(i.kind == "touchpoint" for i in touchpoints)
        assert kpis and all(k.value is None and k.target is None and k.unit for k in kpis)
    judged = {"emotion", "pain_point", "opportunity"}
    assert not [i for cell in doc.cells for i in cell.items if i.kind in judged]


@pytest.mark.parametrize("name", TEMPLATES)
def test_korean_and_english_versions_have_the_same_structure(name: str) -> None:
    ko, en = load_template(name, "ko"), load_template(name, "en")
    assert len(ko.stages) == len(en.stages)
    assert [s.id for s in ko.stages] == [s.id for s in en.stages]
    assert [s.analytics_stage for s in ko.stages] == [s.analytics_stage for s in en.stages]
    assert [lane.kind for lane in ko.lanes] == [lane.kind for lane in en.lanes]
    assert ko.type == en.type
    assert {(c.stage, c.lane) for c in ko.cells} == {(c.stage, c.lane) for c in en.cells}


@pytest.mark.parametrize("name", TEMPLATES)
def test_each_version_is_written_in_its_language(name: str) -> None:
    ko, en = load_template(name, "ko"), load_template(name, "en")
    for text in [ko.title, ko.scenario, *(s.name for s in ko.stages),
                 *(s.description for s in ko.stages)]:
        assert HANGUL.search(text), text
    for text in [en.title, en.scenario, *(s.name for s in en.stages),
                 *(s.description for s in en.stages)]:
        assert not HANGUL.search(text), text
    assert [lane.name for lane in ko.lanes if lane.kind == LaneKind.emotions] == ["감정"]


@pytest.mark.parametrize(("name", "language"), EVERY)
def test_analytics_stages_are_default_stages_used_once(name: str, language: str) -> None:
    bound = [s.analytics_stage for s in load_template(name, language).stages
             if s.analytics_stage is not None]
    assert bound and set(bound) <= set(DEFAULT_STAGES)
    assert len(bound) == len(set(bound))
    assert bound == sorted(bound, key=DEFAULT_STAGES.index)


def test_five_stage_template_follows_the_default_journey_stages() -> None:
    for language in LANGUAGES:
        doc = load_template("five-stage", language)
        assert [s.analytics_stage for s in doc.stages] == DEFAULT_STAGES
        assert [s.analytics_stage for s in doc.stages] == [
            "awareness", "consideration", "decision", "retention", "advocacy"]
    assert [s.name for s in load_template("five-stage", "ko").stages] == [
        "인지", "고려", "결정(구매)", "유지", "옹호(추천)"]


def test_service_blueprint_has_the_blueprint_rows_in_order() -> None:
    doc = load_template("service-blueprint")
    assert doc.type == MapType.service_blueprint
    kinds = [lane.kind for lane in doc.lanes]
    order = [LaneKind.evidence, LaneKind.actions, LaneKind.frontstage,
             LaneKind.line_of_visibility, LaneKind.backstage, LaneKind.support]
    assert [k for k in kinds if k in order] == order
    assert doc.lanes_of(LaneKind.actions)[0].name == "Customer actions"
    assert doc.lanes_of(LaneKind.line_of_visibility)[0].name == LANE_NAMES["en"][
        "line_of_visibility"]
    assert not [c for c in doc.cells if c.lane == "line_of_visibility"]


def test_other_templates_are_current_state_maps() -> None:
    for name in TEMPLATES:
        expected = (MapType.service_blueprint if name == "service-blueprint"
                    else MapType.current_state)
        assert load_template(name).type == expected


def test_title_can_be_given() -> None:
    assert load_template("ecommerce", "ko", title="2027 봄 시즌 구매 여정").title == (
        "2027 봄 시즌 구매 여정")
    assert load_template("ecommerce").title == "E-commerce purchase journey"


def test_list_templates_describes_each_template() -> None:
    for language in LANGUAGES:
        infos = list_templates(language)
        assert [i.name for i in infos] == list(TEMPLATES)
        for info in infos:
            doc = load_template(info.name, language)
            assert info.title == doc.title
            assert info.stages == tuple(s.name for s in doc.stages)
            assert info.type == doc.type
            assert info.description
    ko = {i.name: i for i in list_templates("ko")}
    assert HANGUL.search(ko["support"].description)


def test_unknown_template_names_the_available_ones() -> None:
    with pytest.raises(MapError) as caught:
        load_template("b2b-sass")
    message = str(caught.value)
    assert "no template named 'b2b-sass'" in message
    assert "did you mean 'b2b-saas'?" in message
    for name in TEMPLATES:
        assert name in message
    assert isinstance(caught.value, ValueError)


def test_unknown_template_without_a_close_name() -> None:
    with pytest.raises(MapError, match="no template named 'zzz'") as caught:
        load_template("zzz", "ko")
    assert "did you mean" not in str(caught.value)
    assert "five-stage" in str(caught.value)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(MapError, match="not 'de'"):
        load_template("support", "de")
    with pytest.raises(MapError, match="not 'ja'"):
        list_templates("ja")


def test_placeholders_are_bracketed_text() -> None:
    assert is_placeholder(" [Persona: role] ")
    assert not is_placeholder("Minjun [IT]")
    assert not is_placeholder("")
