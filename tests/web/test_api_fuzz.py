"""Schemathesis reads /openapi.json and sends every API operation generated requests —
valid ones and broken ones — with an admin's token: none may end in a server error.

It runs against an app of its own on a small workspace of its own (it deletes maps, loads
random files and rebuilds), so the shared test workspace stays as other tests expect it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error

import journeymap as jm
from journeymap.web.users import Users

EXAMPLES = 20  # per operation and phase; enough to reach every branch of a thin API


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory) -> Iterator[object]:
    from journeymap.demo import generate
    from journeymap.web.app import create_app

    root = tmp_path_factory.mktemp("api-fuzz")
    generate(root / "data", events=1500, seed=7)
    with jm.init_workspace(root / "ws", locale="ko", timezone="Asia/Seoul") as ws:
        ws.ingest_plan(root / "data" / "sources.toml")
        ws.build()
        ws.maps.generate(level="account")
        ws.maps.new("b2b-saas")
        Users(ws.maps.store).add("fuzzer", "correct-horse-9", "admin")
    application = create_app(root / "ws")
    yield application
    application.state.jobs.shutdown()
    application.state.workspace.close()


@pytest.fixture(scope="module")
def token(fuzz_app) -> str:
    return fuzz_app.state.users.create_token("fuzzer", "schemathesis")


def api_description() -> dict:
    """The API's OpenAPI document without opening a workspace (collection stays fast);
    a test below checks it is the app's /openapi.json."""
    from fastapi import FastAPI

    from journeymap.web.api import router

    app = FastAPI(title="journeymap")
    app.include_router(router)
    return app.openapi()


schema = schemathesis.openapi.from_dict(api_description(), config=schemathesis.Config.from_dict({
    "seed": 20260601,
    "generation": {"max-examples": EXAMPLES, "mode": "all"},
    "phases": {"stateful": {"enabled": False}},
}))


def test_the_fuzzed_description_is_the_apps(fuzz_app):
    assert api_description()["paths"] == fuzz_app.openapi()["paths"]


@pytest.mark.slow
@schema.parametrize()
def test_no_operation_ends_in_a_server_error(case, fuzz_app, token):
    point_at_real_things(case, fuzz_app)
    response = case.call_and_validate(app=fuzz_app,
                                      headers={"Authorization": f"Bearer {token}"},
                                      checks=[not_a_server_error])
    if response.status_code == 202:  # a load or a build: let it finish before the next call,
        finish(fuzz_app, response.json()["id"])  # or reads queue behind a pile of builds


def point_at_real_things(case, app) -> None:
    """Random ids almost never name a stored map, job or journey, so every other valid one
    is turned into an existing one: both the 404 and the real work get fuzzed. A DELETE
    gets a map made for it, so the maps the other operations use stay."""
    params = case.path_parameters
    ws = app.state.workspace
    for name, known in (("map_id", lambda: [m.id for m in ws.maps.list()]),
                        ("job_id", lambda: [j.id for j in app.state.jobs.list()])):
        value = params.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0:
            if name == "map_id" and case.method == "DELETE":
                params[name] = ws.maps.new("onboarding").id
            elif ids := known():
                params[name] = ids[value // 2 % len(ids)]
    key = params.get("key")
    if isinstance(key, str) and len(key) % 2 == 0:
        with app.state.lock:
            keys = [j["journey_id"] for j in ws.journeys(limit=20).to_dict()]
        params["key"] = keys[len(key) // 2 % len(keys)]


def finish(app, job_id: int, seconds: float = 120) -> None:
    job = app.state.jobs.get(job_id)
    deadline = time.monotonic() + seconds
    while job.status in ("queued", "running"):
        assert time.monotonic() < deadline, f"job {job_id} ({job.title}) did not finish"
        time.sleep(0.05)
