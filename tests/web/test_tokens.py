"""API tokens: made, listed and revoked from the API and the CLI; a revoked token signs
nobody in; users see and revoke only their own unless they are admins."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import journeymap as jm
from journeymap.web.users import Users

from cli_process import run

API = "/api/v1"


def bearer(app, token: str) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


def test_a_user_lists_and_revokes_their_own_tokens(app, editor):
    made = editor.post(f"{API}/tokens", json={"name": "nightly export"}).json()
    assert made["token"].startswith("jm_") and made["id"] >= 1
    listed = editor.get(f"{API}/tokens").json()
    assert listed[0] == {k: v for k, v in made.items() if k != "token"}
    assert all(t["username"] == "editor" and "token" not in t for t in listed)
    with bearer(app, made["token"]) as script:
        assert script.get(f"{API}/me").json()["username"] == "editor"
        # A token may revoke itself; the next request with it is refused.
        assert script.delete(f"{API}/tokens/{made['id']}").status_code == 204
        assert script.get(f"{API}/me").status_code == 401
    assert made["id"] not in [t["id"] for t in editor.get(f"{API}/tokens").json()]
    assert editor.delete(f"{API}/tokens/{made['id']}").status_code == 404


def test_only_an_admin_sees_and_revokes_other_users_tokens(app, viewer, editor, admin):
    theirs = editor.post(f"{API}/tokens", json={"name": "theirs"}).json()
    assert viewer.get(f"{API}/tokens", params={"username": "editor"}).status_code == 403
    assert viewer.get(f"{API}/tokens", params={"all": "true"}).status_code == 403
    assert viewer.delete(f"{API}/tokens/{theirs['id']}").status_code == 404
    everyone = admin.get(f"{API}/tokens", params={"all": "true"}).json()
    assert theirs["id"] in [t["id"] for t in everyone]
    only_editor = admin.get(f"{API}/tokens", params={"username": "editor"}).json()
    assert {t["username"] for t in only_editor} == {"editor"}
    assert admin.delete(f"{API}/tokens/{theirs['id']}").status_code == 204
    with bearer(app, theirs["token"]) as script:
        assert script.get(f"{API}/me").status_code == 401


@pytest.mark.slow
def test_the_cli_makes_lists_and_revokes_tokens(tmp_path: Path):
    ws_dir = tmp_path / "ws"
    jm.init_workspace(ws_dir).close()
    run("--workspace", str(ws_dir), "user", "add", "ana", "--role", "editor",
        "--password", "long-enough-1")
    token = run("--workspace", str(ws_dir), "user", "token", "ana", "--name", "ci"
                ).stdout.strip()
    listed = run("--workspace", str(ws_dir), "user", "tokens", "--json").stdout
    assert '"name": "ci"' in listed and token not in listed
    with jm.Workspace(ws_dir) as ws:
        (info,) = Users(ws.maps.store).tokens("ana")
        assert Users(ws.maps.store).by_token(token).username == "ana"
    gone = run("--workspace", str(ws_dir), "user", "revoke", str(info.id))
    assert f"Revoked token {info.id} (ci) of ana" in gone.stdout
    missing = run("--workspace", str(ws_dir), "user", "revoke", str(info.id), ok=False)
    assert missing.returncode != 0 and "no API token" in missing.stderr + missing.stdout
    assert "Traceback" not in missing.stderr
    with jm.Workspace(ws_dir) as ws:
        assert Users(ws.maps.store).by_token(token) is None
    assert "No API tokens." in run("--workspace", str(ws_dir), "user", "tokens").stdout
