"""Errors that the analysis, journey, ingest and map layers raise are worded in the reader's
language on the pages (from the error's code and params), while the Python API, the CLI
and the REST API keep the English message; an error without a code keeps its English."""

from __future__ import annotations

import ast
import re
import string
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import sign_in, text_of
from fastapi.testclient import TestClient

import journeymap as jm
from journeymap.errors import AnalysisError, JourneymapError, NotFoundError
from journeymap.web.templating import language

SRC = Path(__file__).resolve().parents[2] / "src" / "journeymap"


# -- analytics forms -----------------------------------------------------------------------
@pytest.mark.parametrize(("params", "korean_words", "english"), [
    ({"step": ["ad_click", "no_such_touchpoint"]},
     ["터치포인트 'no_such_touchpoint'인 터치가 없습니다",
      "스텝은 터치포인트와 정확히 일치해야 합니다"],
     ["no touch has the touchpoint", "a step matches a touchpoint exactly"]),
    ({"step": ["ad_click", "demo_request"], "window": "abc"},
     ["기간 'abc'을(를) 읽을 수 없습니다", "숫자와 단위로 쓰세요: 30d, 12h, 90m, 2w.",
      "(전환 기간)"],
     ["cannot read the duration", "write a number and a unit", "(window)"]),
    ({"step": ["ad_click"]},
     ["퍼널에는 스텝이 두 개 이상 있어야 합니다",
      "퍼널을 쓰는 방법은 docs/analytics.md를 참고하세요."],
     ["at least two steps", "see docs/analytics.md"]),
    ({"step": ["ad_click", "stage:nowhere"]},
     ["'nowhere'은(는) 알 수 없는 단계입니다", "단계: awareness, consideration"],
     ["unknown stage", "stages: "]),
    ({"step": ["ad_click[nonsense]", "demo_request"]},
     ["필터 'nonsense'을(를) 읽을 수 없습니다"], ["cannot read the filter", "write field=value"]),
    ({"step": ["ad_click[plann=pro]", "demo_request"]},
     ["'plann'(이)라는 필드가 없습니다", "필드: ", "JSON 속성은 properties.<키>로 씁니다."],
     ["no field named", "JSON properties as"]),
])
def test_a_wrong_funnel_input_is_explained_in_korean(korean, params, korean_words, english):
    for headers in ({}, {"HX-Request": "true"}):
        response = korean.get("/analytics/funnel", params=params, headers=headers)
        assert response.status_code == 400
        page = text_of(response.text)
        for words in korean_words:
            assert words in page, words
        for words in english:
            assert words not in page, words


def test_the_time_to_convert_form_in_korean(korean):
    response = korean.get("/analytics/time-to-convert", params={"by": "channel"})
    assert response.status_code == 400
    page = text_of(response.text)
    assert "전환까지 걸린 시간은 여정이나 어카운트의 열로만 나눌 수 있습니다" in page
    assert "(세분화 기준)" in page
    assert "splits by journey or account columns" not in page


def test_dates_and_pydantic_errors_of_a_spec_in_korean():
    from datetime import datetime

    import ibis

    from journeymap.analytics.funnel_spec import FunnelSpec
    from journeymap.analytics.spec import entry_range
    from journeymap.analytics.validate import validated
    from journeymap.web.error_words import error_field, error_hint, error_text

    with pytest.raises(AnalysisError) as dates:
        entry_range(ibis.table({"ts": "timestamp"}).ts, datetime(2025, 3, 1),
                    datetime(2025, 2, 1))
    with pytest.raises(AnalysisError) as order:
        validated(FunnelSpec, steps=["a", "b"], order="sideways")
    token = language.set("ko")
    try:
        assert error_text(dates.value) == "기간 2025. 3. 1. ~ 2025. 2. 1.에 해당하는 날이 없습니다"
        assert error_hint(dates.value) == "시작일이 종료일보다 앞서야 합니다."
        assert error_field(dates.value) == "시작일"
        assert error_text(order.value).startswith("순서: 다음 중 하나여야 합니다: ")
        assert error_hint(order.value) == "퍼널을 쓰는 방법은 docs/analytics.md를 참고하세요."
    finally:
        language.reset(token)
    assert dates.value.message == "the date range 2025-03-01 .. 2025-02-01 is empty"
    assert order.value.message.startswith("Input should be")


def test_the_error_page_is_korean_and_the_api_english(korean):
    page = korean.get("/analytics/funnel.csv", params={"step": ["ad_click", "nowhere_tp"]})
    assert page.status_code == 400
    assert "터치포인트 'nowhere_tp'인 터치가 없습니다" in text_of(page.text)
    assert "no touch has" not in page.text
    api = korean.get("/api/v1/analytics/funnel", params={"steps": ["ad_click", "nowhere_tp"]})
    assert api.status_code == 400
    error = api.json()["error"]
    assert error["message"] == "no touch has the touchpoint 'nowhere_tp'"
    assert error["hint"].startswith("a step matches a touchpoint exactly")


def test_english_pages_keep_the_english_message(viewer):
    viewer.cookies.set("lang", "en")
    page = text_of(viewer.get("/analytics/funnel", params={
        "step": ["ad_click", "demo_request"], "window": "abc"}).text)
    assert "cannot read the duration 'abc'" in page
    assert "write a number and a unit: 30d, 12h, 90m, 2w" in page and "(window)" in page


# -- journeys ------------------------------------------------------------------------------
def test_an_unknown_person_is_explained_in_korean(korean):
    response = korean.get("/journeys", params={"q": "nobody@example.invalid"})
    assert response.status_code == 404
    page = text_of(response.text)
    assert "'nobody@example.invalid'(으)로 찾을 수 있는 사람이나 어카운트가 없습니다" in page
    assert "person_id, 이메일, user_id, anonymous_id 또는 account_id로 찾으세요." in page
    assert "is known by" not in page and "use a person_id" not in page
    detail = korean.get("/journeys/nobody@example.invalid")
    assert detail.status_code == 404
    assert "찾을 수 있는 사람이나 어카운트가 없습니다" in text_of(detail.text)
    api = korean.get("/api/v1/journeys/nobody@example.invalid")
    assert api.json()["error"]["message"] == (
        "no person or account is known by 'nobody@example.invalid'")


@pytest.fixture(scope="module")
def unbuilt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A workspace nothing was loaded into, and a viewer reading it in Korean."""
    from journeymap.web.app import create_app
    from journeymap.web.users import Users

    root = tmp_path_factory.mktemp("unbuilt")
    with jm.init_workspace(root / "ws", locale="ko", timezone="Asia/Seoul") as ws:
        Users(ws.maps.store).add("viewer", "correct-horse-9", "viewer")
    application = create_app(root / "ws")
    with TestClient(application) as client:
        client.cookies.set("lang", "ko")
        yield sign_in(client, "viewer")
    application.state.jobs.shutdown()
    application.state.workspace.close()


def test_before_the_first_build_pages_say_so_in_korean(unbuilt):
    response = unbuilt.get("/journeys")
    assert response.status_code == 409
    page = text_of(response.text)
    assert "아직 여정을 생성하지 않았습니다" in page
    assert "먼저 데이터 페이지에서 여정을 생성하세요" in page
    assert "does not exist yet" not in page and "run journeymap build" not in page
    form = unbuilt.get("/analytics/funnel", params={"step": ["a", "b"]})
    assert form.status_code == 409 and "아직 여정을 생성하지 않았습니다" in text_of(form.text)


# -- the quarantine's parse errors ----------------------------------------------------------
def test_parse_errors_are_korean_on_the_quarantine_page(app, korean, viewer):
    with app.state.lock:
        rows = app.state.workspace.rejected(reason="parse_error").to_dict()
    messages = {r["message"] for r in rows}
    assert any(m.startswith("row has") for m in messages)
    assert any(m.startswith("not valid JSON") for m in messages)
    page = text_of(korean.get("/data/rejected", params={"reason": "parse_error"}).text)
    assert "헤더는" in page and "올바른 JSON이 아닙니다" in page
    for english in ("fields but the header has", "not valid JSON", "fix the line",
                    "Expecting", "Unterminated"):
        assert english not in page, english
    viewer.cookies.set("lang", "en")
    english = text_of(viewer.get("/data/rejected", params={"reason": "parse_error"}).text)
    assert "fields but the header has" in english


def test_parse_reject_words():
    from journeymap.ingest.parse_notes import parse_message
    from journeymap.web.reject_words import reject_message

    token = language.set("ko")
    try:
        def worded(message: str) -> str:
            return reject_message({"reason": "parse_error", "message": message})

        assert worded(parse_message("ragged_row", fields=1200, header=7)) == (
            "행의 필드는 1,200개인데 헤더는 7개입니다. 파일에서 행을 고친 뒤 다시 적재하세요")
        assert worded(parse_message("bad_json", error="Expecting ',' delimiter",
                                    column=14)) == (
            "올바른 JSON이 아닙니다(14번째 글자: 쉼표(,)가 빠짐). 줄을 고친 뒤 다시 적재하세요")
        assert worded(parse_message("bad_json", error="Something new", column=3)).startswith(
            "올바른 JSON이 아닙니다(3번째 글자: Something new)")
        assert worded(parse_message("not_an_object")) == (
            "이 줄은 JSON 객체가 아닙니다. 줄마다 레코드 {...} 하나가 있어야 합니다")
        assert worded("a reader of a later version said this") == (
            "a reader of a later version said this")
    finally:
        language.reset(token)


# -- the map import form -------------------------------------------------------------------
@pytest.mark.parametrize(("name", "content", "korean_words", "english"), [
    ("grid.csv", "Journey,Discover,Buy\nActions,Reads,Pays\nEmotions,meh,+1 ok\n",
     ["단계 'Discover', 레인 'Emotions'(감정): 감정 'meh'에 점수가 없습니다"],
     ["has no score", "(emotions)"]),
    ("grid.csv", "Journey,Discover,Buy\nEmotions,+5 great,+1 ok\n",
     ["감정 '+5 great'의 점수 5이(가) -2(매우 부정)부터 +2(매우 긍정)까지의 범위를 벗어납니다"],
     ["outside -2"]),
    ("grid.csv", "Journey,Discover,Discover\nActions,Reads,Pays\n",
     ["두 단계의 이름이 'Discover'(으)로 같습니다", "단계마다 다른 이름을 붙이세요."],
     ["two stages are named", "give each stage"]),
    ("grid.csv", ",,\n,,\n", ["표가 비어 있습니다", "첫 행에 단계 이름을, A열에 레인 제목을"],
     ["the grid is empty"]),
    ("mind.xmind", "not a zip at all",
     ["Xmind 파일이 아닙니다: ", "마인드맵을 .xmind로 저장하세요."],
     ["not an Xmind file", "save the mind map"]),
    ("map.txt", "hello", ["'.txt' 파일에서는 지도를 가져올 수 없습니다",
                          "다음 중 하나를 쓰세요: .json, .csv, .xlsx, .xmind."],
     ["cannot import a map", "use one of"]),
    ("map.json", "{not json", ["JSON 지도 문서가 아닙니다: "], ["not a JSON map document"]),
])
def test_import_errors_are_korean(editor, name, content, korean_words, english):
    editor.cookies.set("lang", "ko")
    response = editor.post("/maps/import", files={"file": (name, content.encode())})
    assert response.status_code == 400
    page = text_of(response.text)
    for words in korean_words:
        assert words in page, (words, page[page.find("지도를 만들 수"):][:400])
    for words in english:
        assert words not in page, words


def test_a_missing_map_and_version_are_korean(korean):
    page = korean.get("/maps/999999")
    assert page.status_code == 404
    assert "지도 999999이(가) 없습니다" in text_of(page.text)
    page = korean.get("/maps/1", params={"version": 999})
    assert page.status_code == 404
    assert "지도 1에 버전 999이(가) 없습니다" in text_of(page.text)
    assert "has no version" not in page.text


# -- the words module ----------------------------------------------------------------------
def test_errors_without_a_code_keep_their_english():
    from journeymap.web.error_words import error_hint, error_text

    token = language.set("ko")
    try:
        plain = JourneymapError("something only English knows", hint="do this")
        assert (error_text(plain), error_hint(plain)) == ("something only English knows",
                                                          "do this")
        later = NotFoundError("from a later version", code="later.code", hint="h")
        assert (error_text(later), error_hint(later)) == ("from a later version", "h")
        coded = AnalysisError("unknown period 'year'", code="analysis.unknown_period",
                              params={"period": "year"})
        assert error_text(coded) == "'year'은(는) 알 수 없는 주기입니다"
        assert error_hint(coded) is None  # raised without a hint: none shown
        language.set("en")
        assert error_text(coded) == "unknown period 'year'"
    finally:
        language.reset(token)


def test_the_english_api_of_errors_is_unchanged():
    err = AnalysisError("bad", field="steps", hint="fix it", code="x.y", params={"n": 1})
    assert (str(err), err.args, err.code, err.params) == ("field 'steps': bad — fix it",
                                                          ("field 'steps': bad — fix it",),
                                                          "x.y", {"n": 1})
    assert JourneymapError("old style").code is None and JourneymapError("o").params == {}


def _codes_raised() -> dict[str, bool]:
    """Every code a raise site sets (``SomeError(..., code="...")``, ``code=f"..."``, an
    outline's ``error`` and the funnel spec's ``_invalid``), and whether one of its sites
    also gives a hint; an f-string's code is a pattern."""
    found: dict[str, bool] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            keywords = {k.arg: k.value for k in node.keywords}
            code, hint = keywords.get("code"), keywords.get("hint")
            if called == "_invalid" and len(node.args) > 1:  # the funnel spec's checks
                code, hint = node.args[1], ast.Constant("SPEC_HINT")
            elif not (called.endswith("Error") or called == "error"):
                continue
            has_hint = hint is not None and not (isinstance(hint, ast.Constant)
                                                 and hint.value is None)
            names: list[str] = []
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                names = [code.value]
            elif isinstance(code, ast.JoinedStr):
                names = ["".join(re.escape(p.value) if isinstance(p, ast.Constant) else ".+"
                                 for p in code.values)]
            elif isinstance(code, ast.IfExp):
                names = [c.value for c in (code.body, code.orelse)
                         if isinstance(c, ast.Constant)]
            for name in names:
                found[name] = found.get(name, False) or has_hint
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_code_raised_has_korean_words():
    from journeymap.ingest.parse_notes import PARSE_MESSAGES
    from journeymap.web.error_words import ERROR_WORDS, HINT_WORDS, PARSE_WORDS
    from journeymap.web.i18n import translations

    raised = _codes_raised()
    assert len(raised) > 50 and "analysis.unknown_touchpoint" in raised
    special = {"analysis.invalid_spec", "mapping.invalid"}  # from Pydantic's error type
    for code, has_hint in raised.items():
        known = [c for c in ERROR_WORDS if re.fullmatch(code, c)] if "+" in code else (
            [code] if code in ERROR_WORDS or code in special else [])
        assert known, f"no words for the error code {code}"
        if has_hint:
            for c in known:
                assert c in HINT_WORDS, f"no words for the hint of {c}"
    assert set(PARSE_MESSAGES) == set(PARSE_WORDS)
    korean = translations("ko")
    for table in (ERROR_WORDS, HINT_WORDS, PARSE_WORDS):
        for english in table.values():
            words = korean.gettext(english)
            assert words != english and re.search("[가-힣]", words), english
            assert _fields(words) == _fields(english), english
    for code, english in PARSE_MESSAGES.items():
        assert _fields(PARSE_WORDS[code]) == _fields(english), code


def test_every_analysis_error_sets_a_code():
    """No AnalysisError, NotBuiltError or map import error is raised without a code."""
    watched = {"AnalysisError", "NotBuiltError"}
    folders = ("analytics", "maps")
    missing = []
    for folder in folders:
        for path in (SRC / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                name = node.func.id
                importer = path.name in ("import_grid.py", "import_xmind.py", "outline.py",
                                         "grid_format.py", "read_file.py")
                wanted = name in watched or (importer and name.endswith("Error"))
                if wanted and "code" not in {k.arg for k in node.keywords}:
                    missing.append(f"{path.name}:{node.lineno} {name}")
    assert not missing, missing


def test_a_failed_job_says_why_in_the_readers_language(app, korean):
    """A background job that fails with a coded error shows it worded, not the English."""
    from journeymap.errors import NotBuiltError
    from journeymap.pipeline.lookup import BUILD_HINT

    def work(progress):
        raise NotBuiltError("table 'touches' does not exist yet", hint=BUILD_HINT,
                            code="build.not_built", params={"table": "touches"})

    job = app.state.jobs.submit("build", "", work)
    for _ in range(200):
        if job.status == "failed":
            break
        time.sleep(0.02)
    status = text_of(korean.get(f"/data/jobs/{job.id}").text)
    assert "does not exist yet" not in status
    assert "touches" in status and "아직" in status


# -- the Data page: reading an uploaded file ------------------------------------------------
@pytest.mark.parametrize(("name", "content", "korean_words", "english"), [
    ("records.json", b"42",
     ["레코드의 JSON 배열이 아닙니다",
      "배열 [{...}, ...], 레코드 목록 하나를 담은 객체, 또는 NDJSON을 쓰세요."],
     ["not a JSON array of records", "an object with one list of records"]),
    ("blank_header.csv", b"\n\nts,touchpoint\n", ["1행(헤더)이 비어 있습니다",
                                                  "[source]에서 header_row를 설정하세요."],
     ["(the header) is empty", "set header_row in"]),
    ("book.xlsx", b"not a zip at all", ["읽을 수 있는 Excel 파일이 아닙니다: "],
     ["not a readable Excel file"]),
])
def test_a_file_that_cannot_be_read_is_explained_in_korean(editor, name, content,
                                                           korean_words, english):
    """The mapping page of an upload that cannot be read: the error page when no draft can
    be made, and the reader's error box when a mapping is checked against it."""
    from urllib.parse import parse_qs, urlsplit

    editor.cookies.set("lang", "ko")
    uploaded = editor.post("/data/upload", data={"source": "koread"},
                           files={"file": (name, content)}, follow_redirects=False)
    assert uploaded.status_code == 303
    location = uploaded.headers["location"]
    stored = parse_qs(urlsplit(location).query)["file"][0]
    drafted = editor.get(location)
    checked = editor.post("/data/mapping", data={
        "source": "koread", "file": stored, "mode": "toml", "action": "check",
        "toml": '[source]\nname = "koread"\n\n[columns]\nts = "ts"\n'})
    for response in (drafted, checked):
        assert response.status_code == 400
        page = text_of(response.text)
        for words in korean_words:
            assert words in page, (words, " ".join(page.split())[-800:])
        for words in english:
            assert words not in page, words


def test_mapping_errors_in_korean():
    from journeymap.errors import MappingError
    from journeymap.ingest.mapping import mapping_from_dict
    from journeymap.web.error_words import error_text

    with pytest.raises(MappingError) as unknown:
        mapping_from_dict({"source": {"name": "s"}, "colums": {}})
    with pytest.raises(MappingError) as invalid:
        mapping_from_dict({"source": {"name": "s"}, "columns": {"a": 3}})
    token = language.set("ko")
    try:
        assert error_text(unknown.value) == "알 수 없는 키입니다"
        assert re.search("[가-힣]", error_text(invalid.value)), error_text(invalid.value)
    finally:
        language.reset(token)
    assert (unknown.value.message, unknown.value.field) == ("unknown key", "colums")


def test_a_failed_load_says_why_in_korean(app, korean):
    from journeymap.ingest.readers import file_format

    def work(progress):
        file_format(Path("events.weird"), None)

    job = app.state.jobs.submit("ingest", "events.weird", work)
    for _ in range(200):
        if job.status == "failed":
            break
        time.sleep(0.02)
    status = text_of(korean.get(f"/data/jobs/{job.id}").text)
    assert "'.weird'은(는) 알 수 없는 파일 형식입니다" in status
    assert "매핑의 [source]에서 format을 설정하세요." in status
    assert "unknown file type" not in status and "set format in" not in status
