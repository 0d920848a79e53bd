"""The REST API under /api/v1: tokens and roles, the error shape, analyses equal to the
Python API's, maps round-tripped through the API, uploads and builds as jobs, and map text
that stays escaped on every page."""

from __future__ import annotations

import contextlib
import html
import io
import time
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD, sign_in
from fastapi.testclient import TestClient

import journeymap as jm
from journeymap.maps.model import JourneyMap
from journeymap.render.map_export import EXPORTS
from journeymap.web.api.common import plain
from journeymap.web.api.map_files import MEDIA_TYPES

API = "/api/v1"
ERROR_FIELDS = {"type", "message", "file", "row", "field", "hint"}


def bearer(app, username: str) -> TestClient:
    """A client that sends only an API token: no cookie, no CSRF header."""
    token = app.state.users.create_token(username, "test")
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


def assert_error(response, status: int, kind: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert {"type", "message"} <= set(body["error"]) <= ERROR_FIELDS
    if kind is not None:
        assert body["error"]["type"] == kind
    return body["error"]


def small_map(title: str = "Onboarding", **extra: Any) -> dict[str, Any]:
    return {
        "title": title, "language": "en",
        "personas": [{"name": "Admin", "description": "sets the product up"}],
        "stages": [{"name": "Sign-up"}, {"name": "First use"}],
        "lanes": [{"name": "Actions", "kind": "actions"},
                  {"name": "Feelings", "kind": "emotions"}],
        "cells": [{"stage": "Sign-up", "lane": "Actions",
                   "items": [{"kind": "text", "text": "creates an account"}]},
                  {"stage": "First use", "lane": "Feelings",
                   "items": [{"kind": "emotion", "score": -1, "label": "lost"}]}],
        **extra,
    }


@pytest.fixture
def maps_made(app) -> Iterator[list[int]]:
    """Ids of maps a test creates in the shared workspace; deleted afterwards."""
    made: list[int] = []
    yield made
    for map_id in made:
        with contextlib.suppress(jm.errors.NotFoundError):
            app.state.workspace.maps.delete(map_id)


# -- who may call ------------------------------------------------------------------------
def test_a_token_alone_signs_a_script_in(app, maps_made):
    client = bearer(app, "editor")
    assert not client.cookies
    me = client.get(f"{API}/me").json()
    assert (me["username"], me["role"]) == ("editor", "editor")
    assert client.get(f"{API}/workspace").json()["built"] is True
    created = client.post(f"{API}/maps", json=small_map())  # no CSRF header needed
    assert created.status_code == 201, created.text
    maps_made.append(created.json()["id"])
    assert created.headers["location"] == f"{API}/maps/{created.json()['id']}"


def test_a_signed_in_user_makes_their_own_token(app, viewer, admin):
    made = viewer.post(f"{API}/tokens", json={"name": "notebook"})
    assert made.status_code == 201, made.text
    assert made.json()["username"] == "viewer" and made.json()["token"].startswith("jm_")
    with TestClient(app, headers={"Authorization": f"Bearer {made.json()['token']}"}) as c:
        assert c.get(f"{API}/me").json()["role"] == "viewer"
        assert_error(c.post(f"{API}/build"), 403, "Forbidden")
    assert_error(viewer.post(f"{API}/tokens", json={"username": "editor"}), 403, "Forbidden")
    for_editor = admin.post(f"{API}/tokens", json={"username": "editor", "name": "ci"})
    assert for_editor.status_code == 201
    assert_error(admin.post(f"{API}/tokens", json={"username": "nobody"}), 404)


@pytest.mark.parametrize("method,path", [("GET", "/workspace"), ("GET", "/maps"),
                                         ("POST", "/build"), ("DELETE", "/maps/1")])
def test_nobody_gets_401_with_a_challenge(anonymous, method, path):
    response = anonymous.request(method, API + path)
    assert_error(response, 401, "AuthRequired")
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_wrong_token_is_401(app):
    with TestClient(app, headers={"Authorization": "Bearer jm_not-a-token"}) as client:
        assert_error(client.get(f"{API}/workspace"), 401, "AuthRequired")


def test_a_session_without_the_csrf_token_cannot_change_anything(app):
    with TestClient(app) as client:
        sign_in(client, "editor")
        del client.headers["X-CSRF-Token"]
        assert_error(client.post(f"{API}/maps", json=small_map()), 403, "CsrfFailed")


def _unsafe_api_operations(app) -> list[tuple[str, str]]:
    return [(method.upper(), path) for path, ops in app.openapi()["paths"].items()
            for method in ops if method in ("post", "put", "patch", "delete")]


def test_viewers_only_read(app, viewer):
    """Every API operation but GET answers 403 to a viewer (the list comes from the app,
    so a new operation is checked without editing this test); making and revoking one's own
    tokens are the exceptions (tests/web/test_tokens.py)."""
    unsafe = _unsafe_api_operations(app)
    assert len(unsafe) >= 12
    for method, path in unsafe:
        if path.startswith(f"{API}/tokens"):
            continue
        url = path.replace("{map_id}", "1").replace("{format}", "json")
        assert_error(viewer.request(method, url, json={}), 403, "Forbidden")


def test_every_api_operation_is_documented_and_tagged(anonymous):
    spec = anonymous.get("/openapi.json").json()
    assert "apiToken" in spec["components"]["securitySchemes"]
    operations = [(p, m, op) for p, ops in spec["paths"].items() for m, op in ops.items()]
    assert all(p.startswith(API) for p, _, _ in operations), "pages must stay out of it"
    for path, method, op in operations:
        assert op.get("tags"), f"{method} {path} has no tag"
        assert op.get("summary"), f"{method} {path} has no summary"
        assert op["responses"]["422"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"}
    assert {t for _, _, op in operations for t in op["tags"]} == {
        "workspace", "jobs", "data", "journeys", "analytics", "maps", "tokens"}


# -- the error shape ---------------------------------------------------------------------
def test_errors_have_the_one_shape(editor):
    assert_error(editor.get(f"{API}/maps/999999"), 404, "NotFoundError")
    error = assert_error(editor.get(f"{API}/journeys", params={"limit": 0}), 422,
                         "ValidationError")
    assert error["field"] == "query.limit"
    error = assert_error(editor.get(f"{API}/analytics/funnel",
                                    params={"steps": ["demo_request"]}), 400, "AnalysisError")
    assert "two steps" in error["message"]
    error = assert_error(editor.post(f"{API}/maps", json={"title": "x", "stages": [
        {"name": "A"}], "lanes": [{"name": "L"}], "cells": [{"stage": "B", "lane": "L"}]}),
        400, "MapError")
    assert "stage 'B'" in error["message"] and error["hint"]
    for version in (False, 0, "1", 99):  # False and 0 were a KeyError (500) found by fuzzing
        error = assert_error(editor.post(f"{API}/maps", json=small_map(schema_version=version)),
                             400, "MapError")
        assert error["field"] == "schema_version"
    assert_error(editor.post(f"{API}/maps", content=b"{not json",
                             headers={"content-type": "application/json"}), 400, "MapError")
    assert_error(editor.get(f"{API}/rejected", params={"reason": "nope"}), 422)
    assert_error(editor.get(f"{API}/jobs/123456"), 404, "NotFoundError")
    assert_error(editor.get(f"{API}/maps/1/export/doc"), 422, "ValidationError")
    assert_error(editor.get(f"{API}/nowhere"), 404, "HTTPError")


def test_analyses_before_the_first_build_answer_409(fresh):
    client, _ = fresh
    assert_error(client.get(f"{API}/analytics/stages"), 409, "NotBuiltError")
    assert_error(client.get(f"{API}/journeys"), 409, "NotBuiltError")


# -- the same numbers as the Python API --------------------------------------------------
def same(api: Any, py: Any) -> bool:
    """An API value (JSON) equals a Python result value (datetimes, dates, NaN)."""
    if isinstance(py, dict):
        return isinstance(api, dict) and api.keys() == py.keys() and all(
            same(api[k], py[k]) for k in py)
    if isinstance(py, list | tuple):
        return isinstance(api, list) and len(api) == len(py) and all(
            same(a, p) for a, p in zip(api, py, strict=True))
    if isinstance(py, datetime):
        when = py if py.tzinfo else py.replace(tzinfo=UTC)
        return datetime.fromisoformat(api.replace("Z", "+00:00")) == when
    if isinstance(py, date):
        return date.fromisoformat(api) == py
    if isinstance(py, float) and py != py:
        return api is None
    return api == py


ANALYSES = [
    ("funnel", {"steps": ["page_view:/pricing", "demo_request"], "window": "365d",
                "level": "account", "trend": "month", "dropped": 2},
     lambda ws: {**ws.funnel(["page_view:/pricing", "demo_request"], window="365d",
                             level="account").to_dict(),
                 "trend": ws.funnel(["page_view:/pricing", "demo_request"], window="365d",
                                    level="account").trend("month").to_dict(),
                 "dropped": ws.funnel(["page_view:/pricing", "demo_request"], window="365d",
                                      level="account").dropped(2, limit=1000).to_dict()}),
    ("funnel", {"steps": ["page_view:*", '{"touchpoint": "demo_request"}'],
                "breakdown": "channel", "exclude": ["ticket_opened"]},
     lambda ws: ws.funnel(["page_view:*", {"touchpoint": "demo_request"}],
                          breakdown="channel", exclude=["ticket_opened"]).to_dict()),
    ("stages", {"level": "account", "period": "90d"},
     lambda ws: ws.stages(level="account", period="90d").to_dict()),
    ("time-to-convert", {"level": "account", "trend": "week"},
     lambda ws: ws.time_to_convert(level="account", trend="week").to_dict()),
    ("retention", {"period": "month", "periods": 6},
     lambda ws: ws.retention("month", periods=6).to_dict()),
    ("paths", {"depth": 3, "top": 10, "level": "account"},
     lambda ws: ws.paths(depth=3, top=10, level="account").to_dict()),
    ("paths/tree", {"start": "demo_request", "depth": 2, "min_share": 0.05},
     lambda ws: ws.paths("demo_request", depth=2).tree(min_share=0.05).to_dict()),
    ("paths/sankey", {"depth": 3, "top_per_step": 4},
     lambda ws: ws.paths(depth=3).sankey(top_per_step=4).to_dict()),
    ("compare-paths", {"level": "person", "min_actors": 3},
     lambda ws: ws.compare_paths(level="person", min_actors=3).to_dict()),
    ("friction", {"level": "account", "top": 10},
     lambda ws: ws.friction(level="account", top=10).to_dict()),
]


@pytest.mark.parametrize("name,params,python", ANALYSES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(ANALYSES)])
def test_analyses_equal_the_python_api(app, viewer, name, params, python):
    response = viewer.get(f"{API}/analytics/{name}", params=params)
    assert response.status_code == 200, response.text
    with app.state.lock:
        expected = plain(python(app.state.workspace))
    assert same(response.json(), expected)
    assert response.json(), f"{name} answered nothing: pick parameters the demo data has"


def test_journeys_page_and_one_journey(app, viewer):
    first = viewer.get(f"{API}/journeys", params={"level": "account", "limit": 3}).json()
    second = viewer.get(f"{API}/journeys", params={"level": "account", "limit": 3,
                                                   "offset": 3}).json()
    with app.state.lock:
        expected = app.state.workspace.journeys(level="account", limit=6).to_dict()
        detail = app.state.workspace.journey(expected[0]["journey_id"]).to_dict()
    assert same(first["items"] + second["items"], expected)
    assert first["next_offset"] == 3
    one = viewer.get(f"{API}/journeys/{expected[0]['journey_id']}").json()
    assert same(one, detail) and one["touches"]
    assert_error(viewer.get(f"{API}/journeys/account:NOPE"), 404, "NotFoundError")


def test_rejected_rows_are_paged_and_filtered(app, viewer):
    with app.state.lock:
        everything = app.state.workspace.rejected().to_dict()
    assert everything, "the demo data has rejected rows"
    reason = everything[0]["reason"]
    pages, offset = [], 0
    while offset is not None:
        page = viewer.get(f"{API}/rejected", params={"reason": reason, "limit": 2,
                                                     "offset": offset}).json()
        pages += page["items"]
        offset = page["next_offset"]
    assert same(pages, [r for r in everything if r["reason"] == reason])
    name = Path(everything[0]["file"]).name
    by_file = viewer.get(f"{API}/rejected", params={"file": name}).json()
    assert by_file["total"] == sum(Path(r["file"]).name == name for r in everything)


def test_the_workspace_at_a_glance(app, viewer):
    body = viewer.get(f"{API}/workspace").json()
    with app.state.lock:
        summary = app.state.workspace.summary()
    assert body["counts"]["events"] == summary.events
    assert body["counts"]["account_journeys"] == summary.account_journeys
    assert body["figures"]["won_days_mean"] == summary.won_days_mean
    assert body["timezone"] == "Asia/Seoul" and body["engine"] == "duckdb"
    assert body["counts"]["maps"] >= 1 and body["counts"]["loads"] >= 1


# -- maps --------------------------------------------------------------------------------
def test_a_map_round_trip(app, editor, viewer, maps_made):
    doc = small_map()
    created = editor.post(f"{API}/maps", json=doc, params={"message": "first draft"})
    assert created.status_code == 201, created.text
    map_id = created.json()["id"]
    maps_made.append(map_id)
    expected = JourneyMap.model_validate(doc).model_dump(mode="json")
    got = viewer.get(f"{API}/maps/{map_id}")
    assert got.json() == expected and got.headers["etag"] == '"1"'

    changed = got.json() | {"title": "Onboarding v2"}
    saved = editor.put(f"{API}/maps/{map_id}", json=changed, params={"base_version": 1})
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = editor.put(f"{API}/maps/{map_id}", json=changed | {"title": "lost"},
                       params={"base_version": 1})
    assert assert_error(stale, 409, "VersionConflict")["field"] == "base_version"
    assert viewer.get(f"{API}/maps/{map_id}").json()["title"] == "Onboarding v2"
    assert viewer.get(f"{API}/maps/{map_id}", params={"version": 1}).json() == expected

    history = viewer.get(f"{API}/maps/{map_id}/versions").json()
    assert [(v["version"], v["author"]) for v in history] == [(1, "editor"), (2, "editor")]
    assert history[0]["message"] == "first draft"
    diff = viewer.get(f"{API}/maps/{map_id}/diff").json()
    assert diff == [{"change": "changed", "what": "map", "where": "title",
                     "before": "Onboarding", "after": "Onboarding v2"}]

    exported = viewer.get(f"{API}/maps/{map_id}/export/json")
    assert exported.headers["content-type"] == "application/json"
    assert JourneyMap.model_validate(exported.json()) == JourneyMap.model_validate(
        viewer.get(f"{API}/maps/{map_id}").json())
    assert "attachment" in exported.headers["content-disposition"]

    from PIL import Image

    png = viewer.get(f"{API}/maps/{map_id}/export/png", params={"version": 1})
    assert png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    image.load()
    assert image.width > 400 and image.height > 200

    assert editor.delete(f"{API}/maps/{map_id}").status_code == 204
    assert_error(viewer.get(f"{API}/maps/{map_id}"), 404, "NotFoundError")


def test_every_export_format_has_a_media_type():
    assert set(MEDIA_TYPES) == {suffix[1:] for suffix in EXPORTS}


@pytest.mark.parametrize("fmt", ["svg", "md", "mmd", "csv", "xlsx", "xmind", "pdf", "pptx"])
def test_exports_are_downloads(viewer, fmt):
    response = viewer.get(f"{API}/maps/1/export/{fmt}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPES[fmt]
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["content-security-policy"]
    assert len(response.content) > 100


def test_maps_from_templates_data_and_files(app, editor, viewer, maps_made):
    names = [t["name"] for t in viewer.get(f"{API}/maps/templates",
                                          params={"language": "en"}).json()]
    assert "b2b-saas" in names
    made = editor.post(f"{API}/maps/from-template",
                       json={"template": "b2b-saas", "language": "en", "title": "Plan"})
    assert made.status_code == 201 and made.json()["title"] == "Plan"
    maps_made.append(made.json()["id"])
    assert_error(editor.post(f"{API}/maps/from-template", json={"template": "nope"}), 400)

    generated = editor.post(f"{API}/maps/generate", json={"level": "account"})
    assert generated.status_code == 201, generated.text
    gen_id = generated.json()["id"]
    maps_made.append(gen_id)
    refreshed = editor.post(f"{API}/maps/{gen_id}/refresh")
    assert refreshed.status_code == 200 and refreshed.json()["author"] == "editor"
    reviewed = editor.post(f"{API}/maps/{gen_id}/review", json={"cadence_months": 3})
    assert reviewed.json()["message"] == "reviewed"
    with app.state.lock:
        assert app.state.workspace.maps.get(gen_id).review.cadence_months == 3
    assert viewer.get(f"{API}/maps/{gen_id}/check").status_code == 200
    compared = viewer.get(f"{API}/maps/compare", params={"current": gen_id,
                                                         "future": made.json()["id"]})
    assert {r["status"] for r in compared.json()} <= {"same", "changed", "new", "dropped"}

    grid = viewer.get(f"{API}/maps/{gen_id}/export/xlsx").content
    imported = editor.post(f"{API}/maps/import", data={"title": "From Excel"},
                           files={"file": ("지도.xlsx", grid)})
    assert imported.status_code == 201, imported.text
    maps_made.append(imported.json()["id"])
    assert imported.json()["title"] == "From Excel"
    assert_error(editor.post(f"{API}/maps/import", files={"file": ("x.doc", b"x")}), 400,
                 "MapError")


def test_maps_due_for_review(app, editor, viewer, maps_made):
    old = small_map("Stale", review={"cadence_months": 1,
                                     "last_reviewed_at": "2020-01-01T00:00:00Z"})
    map_id = editor.post(f"{API}/maps", json=old).json()["id"]
    maps_made.append(map_id)
    due = viewer.get(f"{API}/maps/due").json()
    assert [d["reason"] for d in due if d["map_id"] == map_id] == [
        "review overdue since 2020-02-01"]


def test_comments_are_saved_as_versions(editor, viewer, maps_made):
    map_id = editor.post(f"{API}/maps", json=small_map()).json()["id"]
    maps_made.append(map_id)
    made = editor.post(f"{API}/maps/{map_id}/comments",
                       json={"stage": "Sign-up", "lane": "Actions", "text": "too long"})
    assert made.status_code == 201 and made.json()["version"] == 2
    cell = next(c for c in viewer.get(f"{API}/maps/{map_id}").json()["cells"]
                if c["stage"] == "Sign-up")
    assert [(c["author"], c["text"]) for c in cell["comments"]] == [("editor", "too long")]
    stale = editor.post(f"{API}/maps/{map_id}/comments", json={
        "stage": "Sign-up", "lane": "Actions", "text": "late", "base_version": 1})
    assert_error(stale, 409, "VersionConflict")
    assert_error(editor.post(f"{API}/maps/{map_id}/comments", json={
        "stage": "Nope", "lane": "Actions", "text": "x"}), 400, "MapError")


# -- uploads and builds as jobs, on a workspace of their own ------------------------------
@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Iterator[tuple[TestClient, Path]]:
    """An empty workspace with an editor's token client, and the demo data to load."""
    from journeymap.demo import generate
    from journeymap.web.app import create_app

    root = tmp_path_factory.mktemp("api-fresh")
    generate(root / "data", events=1500, seed=5)
    jm.init_workspace(root / "ws", locale="en", timezone="UTC").close()
    application = create_app(root / "ws")
    application.state.users.add("editor", PASSWORD, "editor")
    with bearer(application, "editor") as client:
        yield client, root / "data"
    application.state.jobs.shutdown()
    application.state.workspace.close()


def wait(client: TestClient, job: dict[str, Any], seconds: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while job["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, f"job {job['id']} did not finish"
        time.sleep(0.1)
        job = client.get(job["url"]).json()
    return job


def test_upload_then_build_as_jobs(fresh):
    client, data = fresh
    plan = tomllib.loads((data / "sources.toml").read_text(encoding="utf-8"))["load"]
    for load in plan:
        with (data / load["file"]).open("rb") as f, (data / load["mapping"]).open("rb") as m:
            answer = client.post(f"{API}/loads", data={"source": load["source"]},
                                 files={"file": (Path(load["file"]).name, f),
                                        "mapping": ("mapping.toml", m)})
        assert answer.status_code == 202, answer.text
        assert answer.headers["location"] == answer.json()["url"]
        job = wait(client, answer.json())
        assert job["status"] == "done", job["error"]
        result = job["result"]
        assert result["rows_read"] == (result["loaded"] + result["rejected"]
                                       + result["already_loaded"])
    loads = client.get(f"{API}/loads").json()
    assert len(loads) == len(plan)
    assert {Path(x["file"]).name for x in loads} == {Path(x["file"]).name for x in plan}
    assert all("/uploads/" in x["file"] for x in loads)
    rejected = client.get(f"{API}/rejected", params={"limit": 1}).json()
    assert rejected["total"] == sum(x["rejected"] for x in loads)

    build = client.post(f"{API}/build")
    assert build.status_code == 202
    job = wait(client, build.json())
    assert job["status"] == "done", job["error"]
    assert job["result"]["journeys"] > 0
    assert [j["kind"] for j in client.get(f"{API}/jobs").json()][:1] == ["build"]
    body = client.get(f"{API}/workspace").json()
    assert body["built"] and body["counts"]["events"] == job["result"]["events"]


def test_an_upload_that_fails_is_a_failed_job(fresh):
    client, _ = fresh
    answer = client.post(f"{API}/loads", data={"source": "web"},
                         files={"file": ("empty.csv", b"")})
    job = wait(client, answer.json())
    assert job["status"] == "failed" and job["error"]
    assert_error(client.post(f"{API}/loads", data={"source": "../etc"},
                             files={"file": ("x.csv", b"a\n1\n")}), 422, "ValidationError")


# -- text users typed never becomes markup on a page -------------------------------------
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
       '"><svg onload=alert(1)>', "javascript:alert(1)", "'><iframe src=javascript:alert(1)>"]


def xss_map() -> dict[str, Any]:
    return {
        "title": XSS[0] + " map", "language": "en", "owner": XSS[2],
        "scenario": XSS[1], "goals": [XSS[3]],
        "personas": [{"name": XSS[1], "description": XSS[2]}],
        "stages": [{"id": "s1", "name": XSS[2]}, {"id": "s2", "name": XSS[4]}],
        "lanes": [{"id": "do", "name": XSS[0], "kind": "actions"},
                  {"id": "tp", "name": "Touchpoints", "kind": "touchpoints"},
                  {"id": "pain", "name": XSS[3], "kind": "pain_points"}],
        "cells": [{"stage": "s1", "lane": "do",
                   "items": [{"kind": "text", "text": p} for p in XSS]},
                  {"stage": "s2", "lane": "tp",
                   "items": [{"kind": "touchpoint", "name": XSS[1], "channel": XSS[3]}]},
                  {"stage": "s2", "lane": "pain",
                   "items": [{"kind": "pain_point", "text": XSS[2], "severity": 4}]}],
        "review": {"cadence_months": 1, "last_reviewed_at": "2020-01-01T00:00:00Z"},
    }


class Markup(HTMLParser):
    """The tags and attributes a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def assert_no_markup_from(page: str, where: str) -> None:
    """No payload appears as it was typed, and none became a tag, an event handler or a
    javascript: link (escaped text may still read "src=javascript:" as words)."""
    for payload in XSS:
        if not payload.startswith("javascript:"):
            assert payload not in page, f"{where} shows {payload!r} unescaped"
    parser = Markup()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert not (tag in ("img", "iframe") and attrs.get("src") in ("x", "javascript:alert(1)")
                    ), f"{where} built <{tag}> from a payload"
        for name, value in attrs.items():
            assert not (name.startswith("on") and "alert(1)" in value), (
                f"{where}: <{tag} {name}> runs a payload")
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert not value.strip().lower().startswith("javascript:"), (
                    f"{where}: <{tag} {name}={value!r}>")


def test_map_text_stays_escaped_on_every_page(app, editor, viewer, maps_made):
    made = editor.post(f"{API}/maps", json=xss_map())
    assert made.status_code == 201, made.text
    map_id = made.json()["id"]
    maps_made.append(map_id)
    for payload in XSS:
        answer = editor.post(f"{API}/maps/{map_id}/comments",
                             json={"stage": "s1", "lane": "do", "text": payload})
        assert answer.status_code == 201, answer.text
    stored = viewer.get(f"{API}/maps/{map_id}").json()
    assert stored["title"] == XSS[0] + " map"  # the API keeps the text as typed
    assert [c["text"] for c in stored["cells"][0]["comments"]] == XSS

    pages = ["/", "/maps", f"/maps/{map_id}", f"/maps/{map_id}/view",
             f"/maps/{map_id}/history"]
    shown = {}
    for path in pages:
        response = viewer.get(path)
        if response.status_code == 404:
            continue  # a page another part of the app has not added yet
        assert response.status_code == 200, f"{path}: {response.status_code}"
        if response.headers["content-type"].startswith("application/json"):
            continue  # a page's JSON twin carries the text as typed; browsers run none of it
        assert response.headers["content-type"].startswith("text/html")
        assert_no_markup_from(response.text, path)
        shown[path] = response.text
    title = html.escape(XSS[0] + " map", quote=False)
    assert any(title in text for text in shown.values()), (
        "the overview and the maps list show the map's title, escaped")
    if f"/maps/{map_id}" in shown:
        canvas = shown[f"/maps/{map_id}"]
        assert "alert(1)" in canvas, "the map page shows the cells' text (escaped)"
