"""Texts that come from the analysis and map layers are worded in the reader's language:
the Korean pages show Korean sentences with Korean number formats, never the English
sentences the Python API and CLI keep."""

from __future__ import annotations

import json

import pytest
from conftest import text_of

from journeymap.web.templating import language

ENGLISH_FRICTION = ["abandoned journeys ended here", "journeys with this touch convert",
                    "times in a row", "no touch for more than", "journeys in ",
                    "support tickets or negative survey answers", "for the other segments",
                    "earlier ones", "lately", "they convert"]


@pytest.mark.parametrize("level", ["account", "person"])
def test_friction_evidence_is_korean(korean, app, level):
    page = text_of(korean.get("/analytics/friction", params={"level": level}).text)
    with app.state.lock:
        rows = app.state.workspace.friction(level=level).to_dict()
    assert rows and {r["evidence_code"] for r in rows} >= {"abandoned"}
    assert "여기서 끝났습니다" in page and "이 접점을 거친 여정의 전환율은" in page
    for english in ENGLISH_FRICTION:
        assert english not in page, english
    for row in rows:
        assert row["evidence"] not in page


def test_overview_friction_is_korean(korean):
    part = text_of(korean.get("/overview/part/friction").text)
    assert "전환율" in part
    for english in ENGLISH_FRICTION:
        assert english not in part, english


def test_friction_evidence_in_english_and_fallback(app):
    from journeymap.web.friction_words import friction_evidence, friction_where

    with app.state.lock:
        rows = app.state.workspace.friction(level="person", top=200).to_dict()
    token = language.set("en")
    try:
        abandoned = next(r for r in rows if r["evidence_code"] == "abandoned")
        assert friction_evidence(abandoned) == abandoned["evidence"]
        for row in rows:  # the English pages say what the Python API says
            if row["evidence_code"] in ("long_break", "support", "history_drop"):
                assert friction_where(row) == row["where"]
        old = {"evidence": "an older sentence", "where": "somewhere"}
        assert (friction_evidence(old), friction_where(old)) == ("an older sentence",
                                                                 "somewhere")
        language.set("ko")
        odd = {**abandoned, "evidence_code": "from_a_later_version"}
        assert friction_evidence(odd) == abandoned["evidence"]
        big = {**abandoned, "evidence_args": '{"n": 1234, "total": 5678, "days": 30, '
                                             '"rate": 0.125}'}
        assert friction_evidence(big) == ("이탈한 여정 5,678개 중 1,234개가 여기서 "
                                          "끝났습니다(30일 이상 활동 없음). 이 접점을 거친 "
                                          "여정의 전환율은 12%입니다.")
    finally:
        language.reset(token)


# -- map version messages ------------------------------------------------------------------
def edit(client, map_id: int, method: str, path: str, **body):
    ws = client.app.state.workspace
    response = client.request(method, f"/maps/{map_id}{path}",
                              json={"base_version": ws.maps.info(map_id).head, **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_version_messages_are_korean_on_the_history_page(app, editor):
    editor.cookies.set("lang", "ko")
    ws = app.state.workspace
    map_id = ws.maps.new("five-stage", language="en", title="Words").id
    doc = ws.maps.get(map_id)
    stage, lane = doc.stages[0], doc.lanes[0]
    saved = edit(editor, map_id, "POST", "/items", stage=stage.id, lane=lane.id,
                 item={"text": "Reads the pricing page"})
    assert saved["saved"]["message"] == f"웹: {stage.name} / {lane.name}에 항목 추가"
    edit(editor, map_id, "PATCH", "/items", stage=stage.id, lane=lane.id, index=0,
         fields={"text": "Compares plans"})
    edit(editor, map_id, "POST", "/stages", name="Renewal")
    ws.maps.review(map_id, author="kim")
    ws.maps.save(map_id, ws.maps.get(map_id, 1), author="kim", message="faster quotes")
    # as a database from before version notes has them: English text, no code
    ws.maps.save(map_id, ws.maps.get(map_id, 2), author="kim",
                 message="refreshed numbers (3 changed)")
    page = text_of(editor.get(f"/maps/{map_id}/history").text)
    for korean in ("템플릿 five-stage에서 만듦", f"웹: {stage.name} / {lane.name}에 항목 추가",
                   f"웹: {stage.name} / {lane.name} 항목의 텍스트 수정",
                   "웹: 단계 'Renewal' 추가", "검토함", "수치를 새로 고침(3개 바뀜)",
                   "faster quotes"):
        assert korean in page, korean
    for english in ("created from template", "web: added", "web: edited", "reviewed",
                    "refreshed numbers"):
        assert english not in page, english
    history = ws.maps.history(map_id)
    assert [v.code for v in history] == ["created_from_template", "web.add_item",
                                         "web.edit_item", "web.add_stage", "reviewed", None,
                                         None]
    assert history[1].message == f"web: added an item to {stage.name} / {lane.name}"
    editor.cookies.set("lang", "en")
    english = text_of(editor.get(f"/maps/{map_id}/history").text)
    assert "web: edited text of an item in" in english and "reviewed" in english


def test_generated_and_imported_maps_say_so_in_korean(app, korean, tmp_path):
    ws = app.state.workspace
    path = tmp_path / "여정.json"
    ws.maps.export(1, path)
    imported = ws.maps.import_file(path).id
    page = text_of(korean.get(f"/maps/{imported}/history").text)
    assert "여정.json에서 가져옴" in page and "imported from" not in page
    page = text_of(korean.get("/maps/1/history").text)
    assert "데이터에서 생성함" in page and "generated from data" not in page


# -- what is wrong with a map --------------------------------------------------------------
@pytest.fixture
def words_map(app) -> int:
    """An English map of five stages, with an emotions lane and a touchpoints lane."""
    return app.state.workspace.maps.new("five-stage", language="en", title="Checks").id


def refused(client, map_id: int, method: str, path: str, status: int, **body) -> dict:
    ws = client.app.state.workspace
    response = client.request(method, f"/maps/{map_id}{path}",
                              json={"base_version": ws.maps.info(map_id).head, **body})
    assert response.status_code == status, response.text
    return response.json()["error"]


def test_canvas_errors_are_korean(app, editor, words_map):
    editor.cookies.set("lang", "ko")
    doc = app.state.workspace.maps.get(words_map)
    stage = doc.stages[0]
    emotions = next(lane for lane in doc.lanes if lane.kind == "emotions")
    actions = next(lane for lane in doc.lanes if lane.kind == "actions")
    error = refused(editor, words_map, "POST", "/items", 400, stage=stage.id, lane=emotions.id,
                    item={"kind": "emotion", "score": 5})
    assert error["message"] == (f"단계 '{stage.id}', 레인 '{emotions.id}', 항목 1, 점수: "
                                "2 이하여야 합니다")
    assert error["hint"] == "지도 파일 형식은 docs/maps.md를 참고하세요."
    error = refused(editor, words_map, "POST", "/items", 400, stage=stage.id, lane=emotions.id,
                    item={"kind": "text", "text": "Calm"})
    assert "text 항목은" in error["message"] and "레인에 둘 수 없습니다" in error["message"]
    error = refused(editor, words_map, "POST", "/stages", 400, name="  ")
    assert error["message"].endswith("이름: 비워 둘 수 없습니다"), error["message"]
    error = refused(editor, words_map, "POST", "/items", 400, stage="nowhere", lane=actions.id,
                    item={"text": "x"})
    assert (error["message"], error["hint"]) == (
        "지도에 단계 'nowhere'이(가) 없습니다",
        "지도를 새로 고치세요. 다른 사람이 삭제했을 수 있습니다.")
    error = refused(editor, words_map, "PATCH", "/items", 422, stage=stage.id,
                    lane=actions.id, index="first", fields={})
    assert error["message"] == "index: 정수여야 합니다"
    for english in ("should be", "cannot go in", "has no stage", "reload the map"):
        assert english not in json.dumps(error, ensure_ascii=False)


def test_the_import_form_says_what_is_wrong_in_korean(app, editor):
    editor.cookies.set("lang", "ko")
    doc = app.state.workspace.maps.get(1).model_dump(mode="json")
    doc["stages"].append(dict(doc["stages"][0]))
    response = editor.post("/maps/import", files={"file": ("map.json", json.dumps(doc))})
    assert response.status_code == 400
    page = text_of(response.text)
    assert f"두 단계의 ID가 '{doc['stages'][0]['id']}'(으)로 같습니다" in page
    assert "give each" not in page and "see docs/maps.md" not in page
    doc = app.state.workspace.maps.get(1).model_dump(mode="json") | {"title": ""}
    page = text_of(editor.post("/maps/import",
                               files={"file": ("map.json", json.dumps(doc))}).text)
    assert "제목: 비워 둘 수 없습니다" in page and "String should" not in page


# -- rejected rows -----------------------------------------------------------------------
def test_reject_reasons_are_korean_on_the_quarantine_page(app, korean):
    with app.state.lock:
        rows = app.state.workspace.rejected().to_dict()
    reasons = {r["reason"] for r in rows}
    assert {"cast_error", "missing_identifier"} <= reasons
    page = text_of(korean.get("/data/rejected", params={"reason": "missing_identifier"}).text)
    assert "식별자(anonymous_id, user_id, email, account_id)가 하나도 없습니다" in page
    assert "no identifier (" not in page
    page = text_of(korean.get("/data/rejected", params={"reason": "cast_error"}).text)
    assert "어느 형식과도 맞지 않습니다" in page or "숫자가 아닙니다" in page
    assert "matches no format" not in page and "is not a number" not in page


def test_reject_messages_fall_back_to_the_stored_text():
    from journeymap.web.reject_words import reject_message

    token = language.set("ko")
    try:
        assert reject_message({"reason": "parse_error", "message": "row has 8 fields"}) == (
            "row has 8 fields")
        assert reject_message({"reason": "cast_error", "field": "value", "raw_value": "TBD",
                               "message": "value 'TBD' is not a number"}) == (
            "value 값 'TBD'은(는) 숫자가 아닙니다. 파일의 값을 고치거나 소스의 매핑 파일에서 "
            "다른 열을 매핑하세요.")
        language.set("en")  # English keeps the stored message, which names the mapping file
        assert reject_message({"reason": "schema_violation", "field": "touchpoint",
                               "message": "required field 'touchpoint' is empty; map a "
                                          "column in m.toml"}).endswith("m.toml")
    finally:
        language.reset(token)


def test_job_steps_are_worded():
    from journeymap.pipeline.build import STEPS
    from journeymap.web.routes.data_jobs import BUILD_STEPS, step_label
    from journeymap.web.routes.overview import PREPARE_STEP

    assert set(STEPS) <= set(BUILD_STEPS)
    token = language.set("ko")
    try:
        assert step_label("build: identity").endswith(" · 아이디 통합")
        assert step_label(PREPARE_STEP) == "개요 준비 중"
        assert "dedupe" not in step_label("build: dedupe")
    finally:
        language.reset(token)


def test_a_malformed_request_is_answered_in_korean_on_pages_and_in_english_by_the_api(
        editor):
    editor.cookies.set("lang", "ko")
    page = editor.get("/data/mapping")
    assert page.status_code == 422
    assert "필수 항목입니다" in text_of(page.text) and "Field required" not in page.text
    api = editor.get("/api/v1/maps/1/export/doc")
    assert api.status_code == 422 and api.json()["error"]["type"] == "ValidationError"
