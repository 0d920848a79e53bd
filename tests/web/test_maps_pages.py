"""The Maps pages: the list, new maps, the canvas's JSON editing API, versions, comparison,
exports and escaping; one browser test drives the canvas as an editor and as a viewer."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from conftest import screenshot

from journeymap.maps.bindings import evaluate
from journeymap.maps.items import Binding, TextItem
from journeymap.maps.model import MapType
from journeymap.maps.schema import parse_map

XSS = '<img src=x onerror=alert(1)><script>alert("x")</script>'


@pytest.fixture
def ws(app):
    return app.state.workspace


@pytest.fixture
def map_id(ws) -> int:
    """A fresh copy of the generated map (map 1), so each test edits its own."""
    return ws.maps.create(ws.maps.get(1), author="fixture").id


def edit(client, map_id: int, method: str, path: str, base: int | None = None, **body):
    """Send one canvas operation from the map's latest version (or ``base``)."""
    ws = client.app.state.workspace
    version = ws.maps.info(map_id).head if base is None else base
    return client.request(method, f"/maps/{map_id}{path}",
                          json={"base_version": version, **body})


def saved_by_editor(ws, map_id: int, response, version: int) -> dict:
    """The answer is the new version, saved by the signed-in editor."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["saved"] == {"version": version, "author": "editor",
                             "message": body["saved"]["message"]}
    assert body["map"]["version"] == version
    last = ws.maps.history(map_id)[-1]
    assert (last.version, last.author) == (version, "editor")
    assert last.message.startswith("web: ")
    return body["map"]


def cell_with(doc, kind: str):
    """The first cell of ``doc`` holding an item of ``kind``."""
    return next(c for c in doc.ordered_cells() if any(i.kind == kind for i in c.items))


# -- list and new maps -------------------------------------------------------------------
def test_the_list_shows_every_map_with_its_review_date_and_due_flag(viewer, ws):
    doc = ws.maps.get(1)
    doc.title = "Overdue review map"
    doc.review.last_reviewed_at = datetime.now(UTC) - timedelta(days=400)
    ws.maps.create(doc, author="fixture")
    page = viewer.get("/maps")
    assert page.status_code == 200
    assert "현재 여정: 전체 고객" in page.text and "현재 상태" in page.text
    row = re.search(r"<tr class=\"is-due\">.*?</tr>", page.text, re.S)
    assert row and "Overdue review map" in row.group(0) and "검토 필요" in row.group(0)
    assert "검토일이 지났습니다" in row.group(0)
    assert 'action="/maps/new"' not in page.text  # viewers make no maps


def test_new_map_from_a_template(editor, ws):
    page = editor.get("/maps")
    assert "B2B SaaS" in page.text or "b2b-saas" in page.text
    response = editor.post("/maps/new", data={"template": "five-stage", "map_language": "en",
                                              "title": "Five stages"}, follow_redirects=False)
    assert response.status_code == 303
    map_id = int(response.headers["location"].rsplit("/", 1)[1])
    doc = ws.maps.get(map_id)
    assert doc.title == "Five stages" and doc.language == "en"
    assert [s.name for s in doc.stages][:2] == ["Awareness", "Consideration"]
    assert ws.maps.history(map_id)[0].author == "editor"
    assert editor.get(f"/maps/{map_id}").status_code == 200


def test_generate_a_map_from_data(editor, ws):
    response = editor.post("/maps/generate", data={"level": "person", "map_language": "ko"},
                           follow_redirects=False)
    assert response.status_code == 303
    map_id = int(response.headers["location"].rsplit("/", 1)[1])
    doc = ws.maps.get(map_id)
    assert doc.generated.level == "person"
    assert any(True for _ in doc.bindings())
    assert ws.maps.history(map_id)[0].author == "editor"
    bad = editor.post("/maps/generate", data={"level": "account", "segment": "industry"})
    assert bad.status_code == 400
    assert "세그먼트 &#39;industry&#39;이(가) 열=값 형식이 아닙니다" in bad.text


def test_import_a_json_map(editor, ws):
    doc = ws.maps.get(1).model_dump(mode="json") | {"title": "Imported"}
    response = editor.post("/maps/import", files={"file": ("map.json", json.dumps(doc))},
                           follow_redirects=False)
    assert response.status_code == 303
    map_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert ws.maps.get(map_id).title == "Imported"


def test_delete_a_map(editor, viewer, map_id, ws):
    assert viewer.post(f"/maps/{map_id}/delete").status_code == 403
    response = editor.post(f"/maps/{map_id}/delete", follow_redirects=False)
    assert response.headers["location"] == "/maps?done=deleted"
    assert "지도를 삭제했습니다" in editor.get("/maps?done=deleted").text
    assert map_id not in [m.id for m in ws.maps.list()]
    assert editor.get(f"/maps/{map_id}").status_code == 404


def test_a_file_that_is_no_map_is_refused_on_the_list(editor):
    response = editor.post("/maps/import", files={"file": ("notes.txt", b"hello")})
    assert response.status_code == 400
    assert "지도를 만들지 못했습니다" in response.text and ".txt" in response.text


# -- the canvas page ---------------------------------------------------------------------
def embedded(html: str, element_id: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>',
                      html, re.S)
    assert found, element_id
    return json.loads(found.group(1))


def test_the_canvas_page_embeds_the_map_the_checklist_and_the_words(editor, map_id):
    page = editor.get(f"/maps/{map_id}")
    assert page.status_code == 200
    view = embedded(page.text, "canvas-data")
    config = embedded(page.text, "canvas-config")
    words = embedded(page.text, "canvas-i18n")
    assert config["can_edit"] is True and config["csrf"]
    assert {m["name"] for m in config["metrics"]} >= {"stage.conversion", "touchpoint.actors"}
    assert view["stages"][0]["id"] == "awareness"
    assert len(view["checks"]) == 6 and view["checks"][0]["title"] == "페르소나 정의"
    kpi = next(i for c in view["cells"] for i in c["items"] if i["kind"] == "kpi")
    assert kpi["bound"]["value_text"] and kpi["bound"]["refreshed"]
    assert words["saving"] == "저장 중…"
    for marker in ('id="item-dialog"', 'id="bind-dialog"', "Sortable.min.js",
                   f'action="/maps/{map_id}/review"', f"/maps/{map_id}/export.pdf"):
        assert marker in page.text


def test_the_canvas_modules_load_as_javascript(viewer, map_id):
    """The page loads the canvas as one ES module; it and every module it imports (relative
    paths) are served as JavaScript, or a browser would not run them."""
    page = viewer.get(f"/maps/{map_id}").text
    entry = re.search(r'<script type="module" src="([^"]+)"></script>', page)
    assert entry, "the canvas page loads no module"
    todo, seen = [entry.group(1)], set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = viewer.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/javascript"), url
        base = url.rsplit("/", 1)[0]
        todo += [f"{base}/{name}" for name in re.findall(r'^import .* from "\./([\w-]+\.js)";$',
                                                         response.text, re.M)]
    assert len(seen) > 5 and "/static/canvas.js" not in page


def test_viewers_see_the_canvas_read_only(viewer, map_id):
    page = viewer.get(f"/maps/{map_id}")
    assert page.status_code == 200
    assert embedded(page.text, "canvas-config")["can_edit"] is False
    for marker in ('id="item-dialog"', "Sortable.min.js", "/review", "/refresh", "/delete"):
        assert marker not in page.text
    assert f"/maps/{map_id}/export.pdf" in page.text  # reading and exporting is fine


def test_viewers_cannot_change_anything(viewer, map_id, ws):
    head = ws.maps.info(map_id).head
    for method, path, body in [
        ("PATCH", "/items", {"stage": "awareness", "lane": "touchpoints", "index": 0,
                             "fields": {"name": "x"}}),
        ("POST", "/stages", {"name": "New"}),
        ("POST", "/comments", {"stage": "awareness", "lane": "touchpoints", "text": "hi"}),
    ]:
        assert edit(viewer, map_id, method, path, **body).status_code == 403
    assert viewer.post(f"/maps/{map_id}/review").status_code == 403
    assert viewer.post("/maps/new", data={"template": "five-stage"}).status_code == 403
    assert ws.maps.info(map_id).head == head


def test_an_old_version_is_shown_read_only(editor, map_id, ws):
    edit(editor, map_id, "POST", "/stages", name="Later")
    page = editor.get(f"/maps/{map_id}?version=1")
    assert embedded(page.text, "canvas-config")["can_edit"] is False
    assert "읽기 전용" in page.text
    assert editor.get(f"/maps/{map_id}?version=99").status_code == 404
    restored = editor.post(f"/maps/{map_id}/restore", data={"version": 1},
                           follow_redirects=False)
    assert restored.status_code == 303
    assert [s.id for s in ws.maps.get(map_id).stages] == [s.id for s in ws.maps.get(1).stages]


# -- every editing operation ---------------------------------------------------------------
def test_edit_the_text_of_a_cell_item(editor, map_id, ws):
    response = edit(editor, map_id, "PATCH", "/items", stage="awareness", lane="touchpoints",
                    index=0, fields={"name": "Landing page", "channel": "web"})
    view = saved_by_editor(ws, map_id, response, 2)
    item = ws.maps.get(map_id).items("awareness", "touchpoints")[0]
    assert (item.name, item.channel) == ("Landing page", "web")
    assert item.binding is not None  # the binding survives a text edit
    cell = next(c for c in view["cells"] if (c["stage"], c["lane"]) == ("awareness",
                                                                        "touchpoints"))
    assert cell["items"][0]["name"] == "Landing page"


def test_add_and_remove_items(editor, map_id, ws):
    added = edit(editor, map_id, "POST", "/items", stage="decision", lane="actions",
                 item={"text": "Asks for a quote"})
    saved_by_editor(ws, map_id, added, 2)
    assert [i.text for i in ws.maps.get(map_id).items("decision", "actions")] == [
        "Asks for a quote"]
    pain = edit(editor, map_id, "POST", "/items", stage="decision", lane="pain_points",
                item={"text": "Slow quote"}, index=0)
    saved_by_editor(ws, map_id, pain, 3)
    first = ws.maps.get(map_id).items("decision", "pain_points")[0]
    assert (first.kind, first.text) == ("pain_point", "Slow quote")
    removed = edit(editor, map_id, "POST", "/items/remove", stage="decision", lane="actions",
                   index=0)
    saved_by_editor(ws, map_id, removed, 4)
    assert ws.maps.get(map_id).items("decision", "actions") == []


def test_move_an_item_to_another_stage(editor, map_id, ws):
    before = ws.maps.get(map_id)
    moving = before.items("awareness", "touchpoints")[1]
    response = edit(editor, map_id, "POST", "/items/move", stage="awareness",
                    lane="touchpoints", index=1, to_stage="consideration",
                    to_lane="touchpoints", to_index=0)
    saved_by_editor(ws, map_id, response, 2)
    after = ws.maps.get(map_id)
    assert after.items("consideration", "touchpoints")[0] == moving
    assert len(after.items("awareness", "touchpoints")) == len(
        before.items("awareness", "touchpoints")) - 1


def test_add_rename_reorder_and_remove_stages(editor, map_id, ws):
    added = edit(editor, map_id, "POST", "/stages", name="Onboarding",
                 analytics_stage="retention", description="first weeks", index=3)
    saved_by_editor(ws, map_id, added, 2)
    ids = [s.id for s in ws.maps.get(map_id).stages]
    assert ids[3] == "Onboarding"
    renamed = edit(editor, map_id, "PATCH", "/stages", id="Onboarding", name="온보딩")
    saved_by_editor(ws, map_id, renamed, 3)
    stage = ws.maps.get(map_id).stages[3]
    assert (stage.id, stage.name, stage.description) == ("Onboarding", "온보딩", "first weeks")
    order = [ids[1], ids[0], *ids[2:]]
    moved = edit(editor, map_id, "POST", "/stages/order", order=order)
    saved_by_editor(ws, map_id, moved, 4)
    assert [s.id for s in ws.maps.get(map_id).stages] == order
    removed = edit(editor, map_id, "POST", "/stages/remove", id="decision")
    saved_by_editor(ws, map_id, removed, 5)
    doc = ws.maps.get(map_id)
    assert "decision" not in [s.id for s in doc.stages]
    assert not any(c.stage == "decision" for c in doc.cells)
    bad = edit(editor, map_id, "POST", "/stages/order", order=["awareness"])
    assert bad.status_code == 400 and "모든 단계가" in bad.json()["error"]["message"]


def test_add_rename_reorder_and_remove_lanes(editor, map_id, ws):
    added = edit(editor, map_id, "POST", "/lanes", name="Backstage notes", kind="custom")
    saved_by_editor(ws, map_id, added, 2)
    lane = ws.maps.get(map_id).lanes[-1]
    assert (lane.id, lane.kind) == ("Backstage notes", "custom")
    renamed = edit(editor, map_id, "PATCH", "/lanes", id="Backstage notes", name="Notes")
    saved_by_editor(ws, map_id, renamed, 3)
    assert ws.maps.get(map_id).lanes[-1].name == "Notes"
    ids = [x.id for x in ws.maps.get(map_id).lanes]
    order = [ids[-1], *ids[:-1]]
    moved = edit(editor, map_id, "POST", "/lanes/order", order=order)
    saved_by_editor(ws, map_id, moved, 4)
    assert [x.id for x in ws.maps.get(map_id).lanes] == order
    removed = edit(editor, map_id, "POST", "/lanes/remove", id="channels")
    saved_by_editor(ws, map_id, removed, 5)
    doc = ws.maps.get(map_id)
    assert "channels" not in [x.id for x in doc.lanes]
    assert not any(c.lane == "channels" for c in doc.cells)
    wrong = edit(editor, map_id, "PATCH", "/lanes", id="kpis", kind="emotions")
    assert wrong.status_code == 400
    assert "kpi 항목은 감정 레인에 둘 수 없습니다" in wrong.json()["error"]["message"]


def test_move_an_emotion_point(editor, map_id, ws):
    cell = cell_with(ws.maps.get(map_id), "emotion")
    response = edit(editor, map_id, "PATCH", "/items", stage=cell.stage, lane=cell.lane,
                    index=0, fields={"score": 1.5})
    saved_by_editor(ws, map_id, response, 2)
    assert ws.maps.get(map_id).items(cell.stage, cell.lane)[0].score == 1.5


def test_an_invalid_score_is_refused_with_the_models_words(editor, map_id, ws):
    cell = cell_with(ws.maps.get(map_id), "emotion")
    response = edit(editor, map_id, "PATCH", "/items", stage=cell.stage, lane=cell.lane,
                    index=0, fields={"score": 5})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "MapError"
    assert error["message"] == (f"단계 '{cell.stage}', 레인 '{cell.lane}', 항목 1, 점수: "
                                "2 이하여야 합니다")
    assert ws.maps.info(map_id).head == 1
    malformed = edit(editor, map_id, "PATCH", "/items", stage=cell.stage, lane=cell.lane,
                     index="first", fields={})
    assert malformed.status_code == 422
    assert malformed.json()["error"]["field"] == "index"
    missing = edit(editor, map_id, "PATCH", "/items", stage="nowhere", lane="emotions",
                   index=0, fields={"score": 1})
    assert missing.status_code == 400 and "단계 'nowhere'이(가) 없습니다" in missing.json()[
        "error"]["message"]


def test_a_stale_base_version_is_a_conflict(editor, map_id, ws):
    edit(editor, map_id, "POST", "/stages", name="Somebody else's stage")
    response = edit(editor, map_id, "POST", "/stages", base=1, name="Mine")
    assert response.status_code == 409
    assert "reload" in response.json()["error"]["message"] or "새로고침" in response.text
    assert ws.maps.info(map_id).head == 2


def test_bind_a_metric_computes_its_value(editor, map_id, ws, app):
    kpis = ws.maps.get(map_id).items("decision", "kpis")
    params = {"level": "account", "stage": "decision"}
    response = edit(editor, map_id, "POST", "/items/bind", stage="decision", lane="kpis",
                    index=0, metric="stage.median_days", params=params)
    view = saved_by_editor(ws, map_id, response, 2)
    bound = ws.maps.get(map_id).items("decision", "kpis")[0]
    assert bound.name == kpis[0].name and bound.binding.metric == "stage.median_days"
    with app.state.lock:
        (expected,) = evaluate(ws, [Binding(metric="stage.median_days", params=params)])
    assert bound.binding.value == pytest.approx(expected)
    assert bound.binding.refreshed_at is not None
    shown = next(c for c in view["cells"] if (c["stage"], c["lane"]) == ("decision", "kpis"))
    assert shown["items"][0]["bound"]["metric"] == "stage.median_days"
    touchpoint = ws.maps.get(map_id).items("awareness", "touchpoints")[0]
    tp = edit(editor, map_id, "POST", "/items/bind", stage="awareness", lane="touchpoints",
              index=0, metric="touchpoint.events",
              params={"level": "account", "touchpoint": touchpoint.name, "stage": "awareness"})
    saved_by_editor(ws, map_id, tp, 3)
    with app.state.lock:
        (events,) = evaluate(ws, [ws.maps.get(map_id).items("awareness",
                                                            "touchpoints")[0].binding])
    assert ws.maps.get(map_id).items("awareness", "touchpoints")[0].binding.value == events
    unbound = edit(editor, map_id, "POST", "/items/bind", stage="decision", lane="kpis",
                   index=0, metric=None)
    saved_by_editor(ws, map_id, unbound, 4)
    assert ws.maps.get(map_id).items("decision", "kpis")[0].binding is None
    unknown = edit(editor, map_id, "POST", "/items/bind", stage="decision", lane="kpis",
                   index=0, metric="stage.convresion", params={})
    assert unknown.status_code == 400 and "stage.conversion" in unknown.text


def test_comment_on_a_cell(editor, map_id, ws):
    response = edit(editor, map_id, "POST", "/comments", stage="decision", lane="emotions",
                    text="Ask sales about this")
    view = saved_by_editor(ws, map_id, response, 2)
    (comment,) = next(c for c in ws.maps.get(map_id).cells
                      if (c.stage, c.lane) == ("decision", "emotions")).comments
    assert (comment.author, comment.text) == ("editor", "Ask sales about this")
    shown = next(c for c in view["cells"] if (c["stage"], c["lane"]) == ("decision", "emotions"))
    assert shown["comments"][0]["author"] == "editor" and shown["comments"][0]["at"]


def test_edit_the_maps_details(editor, map_id, ws):
    response = edit(editor, map_id, "PATCH", "", fields={
        "title": "IT buyers", "owner": "Growth team", "scenario": "Renewal",
        "goals": ["Shorter sales cycle", " "],
        "personas": [{"name": "IT manager", "description": "runs the infra",
                      "goals": ["fewer tools"], "segment": "account.industry=retail"}]})
    saved_by_editor(ws, map_id, response, 2)
    doc = ws.maps.get(map_id)
    assert (doc.title, doc.owner, doc.scenario, doc.goals) == (
        "IT buyers", "Growth team", "Renewal", ["Shorter sales cycle"])
    assert doc.personas[0].segment == "account.industry=retail"
    assert ws.maps.info(map_id).title == "IT buyers"


def test_review_and_refresh(editor, map_id, ws):
    response = editor.post(f"/maps/{map_id}/review", data={"cadence_months": 3},
                           follow_redirects=False)
    assert response.status_code == 303
    doc = ws.maps.get(map_id)
    assert doc.review.cadence_months == 3 and doc.review.last_reviewed_at is not None
    assert ws.maps.history(map_id)[-1].author == "editor"
    assert "검토를 기록했습니다" in editor.get(response.headers["location"]).text
    refreshed = editor.post(f"/maps/{map_id}/refresh", follow_redirects=False)
    assert refreshed.status_code == 303
    last = ws.maps.history(map_id)[-1]
    assert (last.version, last.author) == (3, "editor")
    assert last.message.startswith("refreshed numbers")


def test_metric_options_list_the_datas_touchpoints(viewer):
    options = viewer.get("/maps/1/metric-options").json()
    assert "deal_won" in options["touchpoints"] or len(options["touchpoints"]) > 5
    assert options["channels"] and options["friction"]


# -- versions and comparison ---------------------------------------------------------------
def test_history_and_diff_between_any_two_versions(editor, map_id, ws):
    edit(editor, map_id, "POST", "/items", stage="decision", lane="actions",
         item={"text": "Calls the vendor"})
    edit(editor, map_id, "POST", "/stages", name="Renewal")
    page = editor.get(f"/maps/{map_id}/history")
    assert page.status_code == 200
    assert page.text.count("<tr") >= 4  # header + three versions
    assert "Renewal" in page.text and "추가" in page.text  # latest change: a stage added
    first_to_last = editor.get(f"/maps/{map_id}/history?old=1&new=3").text
    assert "Calls the vendor" in first_to_last and "Renewal" in first_to_last
    one = editor.get(f"/maps/{map_id}/history?old=2&new=2").text
    assert "서로 다른 두 버전" in one


def test_compare_current_with_future(editor, map_id, ws):
    future = ws.maps.get(map_id)
    future.title = "Future journey"
    future.type = MapType.future_state
    future.cell("decision", "actions").items.append(TextItem(text="Self-serve quote"))
    future_id = ws.maps.create(future, author="fixture").id
    page = editor.get(f"/maps/{map_id}/compare?other={future_id}")
    assert page.status_code == 200
    assert "Future journey" in page.text and "Self-serve quote" in page.text
    assert "새로 생김" in page.text and "같음" in page.text


# -- exports -----------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["json", "md", "mmd", "svg", "png", "pdf", "pptx", "xlsx",
                                    "csv", "xmind"])
def test_every_export_downloads_a_file_that_opens(viewer, ws, suffix):
    response = viewer.get(f"/maps/1/export.{suffix}")
    assert response.status_code == 200, response.text
    assert "attachment;" in response.headers["content-disposition"]
    assert f"filename=\"map-1.{suffix}\"" in response.headers["content-disposition"]
    content = response.content
    if suffix == "json":
        assert parse_map(json.loads(content)) == ws.maps.get(1)
    elif suffix == "png":
        from PIL import Image

        image = Image.open(io.BytesIO(content))
        image.load()
        assert image.width > 800 and response.headers["content-type"] == "image/png"
    elif suffix == "pdf":
        assert content.startswith(b"%PDF")
    elif suffix == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content))
        assert "Map" in book.sheetnames
    elif suffix == "pptx":
        from pptx import Presentation

        assert len(Presentation(io.BytesIO(content)).slides) >= 2
    elif suffix == "svg":
        import xml.etree.ElementTree as ET

        assert ET.fromstring(content).tag.endswith("svg")
    elif suffix == "xmind":
        import zipfile

        assert "content.json" in zipfile.ZipFile(io.BytesIO(content)).namelist()
    else:
        assert "전체 고객" in content.decode("utf-8-sig")


def test_an_older_version_exports_as_it_was(editor, map_id, ws):
    edit(editor, map_id, "PATCH", "", fields={"title": "Renamed later"})
    old = editor.get(f"/maps/{map_id}/export.json?version=1")
    assert parse_map(old.json()) == ws.maps.get(map_id, 1)
    assert editor.get(f"/maps/{map_id}/export.json").json()["title"] == "Renamed later"


def test_unknown_export_is_not_found(viewer):
    assert viewer.get("/maps/1/export.exe").status_code == 404


# -- escaping ----------------------------------------------------------------------------
def test_what_users_type_comes_back_escaped(editor, map_id, ws):
    edit(editor, map_id, "PATCH", "/items", stage="awareness", lane="touchpoints", index=0,
         fields={"name": XSS})
    edit(editor, map_id, "POST", "/comments", stage="awareness", lane="touchpoints", text=XSS)
    edit(editor, map_id, "PATCH", "", fields={"title": XSS, "scenario": XSS})
    doc = ws.maps.get(map_id)
    assert doc.items("awareness", "touchpoints")[0].name == XSS
    for path in (f"/maps/{map_id}", f"/maps/{map_id}/history?old=1&new=4",
                 f"/maps/{map_id}/compare?other=1", "/maps"):
        html = editor.get(path).text
        assert "<img src=x" not in html and '<script>alert("x")' not in html, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in html or "\\u003cimg" in html, path
    view = embedded(editor.get(f"/maps/{map_id}").text, "canvas-data")
    assert view["title"] == XSS  # the canvas gets the text back intact, as data


# -- in a real browser -------------------------------------------------------------------
def wait_saved(page, version: int) -> None:
    """Wait until the canvas shows it saved ``version``."""
    page.wait_for_function(
        "v => JSON.parse(document.getElementById('canvas-data').textContent) && "
        "document.getElementById('version-line').textContent.includes(' ' + v + ' ')",
        arg=version, timeout=20000)


def drag(page, source, target, dx: float = 0, dy: float = 0) -> None:
    """Drag with the mouse from the centre of ``source`` to ``target`` (plus an offset)."""
    a = source.bounding_box()
    b = target.bounding_box()
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(a["x"] + a["width"] / 2 + 5, a["y"] + a["height"] / 2 + 5, steps=3)
    page.mouse.move(b["x"] + b["width"] / 2 + dx, b["y"] + b["height"] / 2 + dy, steps=15)
    page.mouse.up()


@pytest.mark.slow
def test_edit_the_canvas_in_a_browser(page_as, live_server, ws):
    map_id = ws.maps.create(ws.maps.get(1), author="fixture").id
    page = page_as("editor")
    page.set_viewport_size({"width": 1600, "height": 1300})
    page.goto(f"{live_server}/maps/{map_id}")
    page.wait_for_selector("#canvas[data-ready=true]")
    screenshot(page, "maps-canvas-editor")

    # edit a cell's text in place
    cell = page.locator(".cell[data-stage=awareness][data-lane=touchpoints]")
    cell.locator("button.item-text").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("브라우저에서 고친 접점")
    page.keyboard.press("Enter")
    wait_saved(page, 2)
    assert ws.maps.get(map_id).items("awareness", "touchpoints")[0].name == "브라우저에서 고친 접점"

    # drag the first stage after the third
    handles = page.locator(".stage-head .stage-handle")
    drag(page, handles.nth(0), page.locator(".stage-head").nth(2), dx=60)
    wait_saved(page, 3)
    order = [s.id for s in ws.maps.get(map_id).stages]
    assert order.index("awareness") > order.index("consideration")

    # move an emotion point up by dragging it
    emotion = cell_with(ws.maps.get(map_id), "emotion")
    before = ws.maps.get(map_id).items(emotion.stage, emotion.lane)[0].score
    dot = page.locator(f".emo-box[data-stage={emotion.stage}] .emo-dot").first
    dot.scroll_into_view_if_needed()
    box = dot.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    target = -2 if before > 0 else 2
    frame = page.locator(f".emo-box[data-stage={emotion.stage}]").bounding_box()
    y = frame["y"] + frame["height"] * (0.12 + (2 - target) / 4 * 0.76)
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=12)
    assert page.locator(f".emo-box[data-stage={emotion.stage}] .line").get_attribute("points")
    page.mouse.up()
    wait_saved(page, 4)
    assert ws.maps.get(map_id).items(emotion.stage, emotion.lane)[0].score == target

    # bind a KPI to a metric from the picker
    kpi = page.locator(".cell[data-stage=decision][data-lane=kpis] .item").first
    kpi.hover()
    kpi.locator("button.icon[aria-label*='지표']").click()
    dialog = page.locator("#bind-dialog")
    dialog.locator("select[name=metric]").select_option("stage.median_days")
    dialog.locator("select[name=stage]").select_option("decision")
    screenshot(page, "maps-bind-dialog")
    dialog.locator("button[value=bind]").click()
    wait_saved(page, 5)
    bound = ws.maps.get(map_id).items("decision", "kpis")[0].binding
    assert bound.metric == "stage.median_days" and bound.value is not None

    # export the PDF
    page.locator("details.menu summary").click()
    with page.expect_download() as download:
        page.locator(f"a[href='/maps/{map_id}/export.pdf']").click()
    with open(download.value.path(), "rb") as f:
        assert f.read(4) == b"%PDF"
    assert download.value.suggested_filename.endswith(".pdf")

    # every change is a version by the editor, and survives a reload
    history = ws.maps.history(map_id)
    assert [v.author for v in history[1:]] == ["editor"] * 4
    page.reload()
    page.wait_for_selector("#canvas[data-ready=true]")
    assert page.locator(".stage-head .stage-name").nth(0).inner_text() != "인지"
    assert "브라우저에서 고친 접점" in cell.inner_text()
    screenshot(page, "maps-canvas-edited")

    viewer = page_as("viewer")
    viewer.set_viewport_size({"width": 1600, "height": 1300})
    viewer.goto(f"{live_server}/maps/{map_id}")
    viewer.wait_for_selector("#canvas[data-ready=true]")
    for selector in (".stage-handle", ".lane-handle", "button.item-text", ".item-tools",
                     ".cell-tools .add", "#item-dialog", ".emo-dot[role=slider]",
                     "[data-open]"):
        assert viewer.locator(selector).count() == 0, selector
    assert viewer.locator(".emo-dot").count() > 0 and viewer.locator(".item").count() > 10
    screenshot(viewer, "maps-canvas-viewer")
    viewer.goto(f"{live_server}/maps")
    screenshot(viewer, "maps-list")
    viewer.goto(f"{live_server}/maps/{map_id}/history")
    screenshot(viewer, "maps-history")
