"""The account page: a person makes an API token (shown once), sees theirs, revokes one,
and changes their password; in a real browser too."""

from __future__ import annotations

import re
import uuid

import pytest
from conftest import PASSWORD, csrf_of, screenshot, sign_in
from fastapi.testclient import TestClient


@pytest.fixture
def person(app):
    """A fresh editor of their own (so a changed password touches no other test)."""
    name = f"pat-{uuid.uuid4().hex[:8]}"
    app.state.users.add(name, PASSWORD, "editor")
    with TestClient(app) as client:
        yield name, sign_in(client, name)


def form(client: TestClient, url: str, **data: str):
    token = csrf_of(client.get("/account").text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def test_a_token_is_shown_once_then_listed_and_revoked(app, person):
    name, client = person
    page = client.get("/account")
    assert page.status_code == 200 and "API 토큰" in page.text and "토큰이 없습니다" in page.text
    made = form(client, "/account/tokens", name="주간 보고서")
    assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
    token = re.search(r'id="new-token">(jm_[^<]+)<', made.text).group(1)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as script:
        assert script.get("/api/v1/me").json()["username"] == name
    again = client.get("/account").text
    assert "주간 보고서" in again and token not in again  # listed, never shown again
    (info,) = app.state.users.tokens(name)
    gone = form(client, f"/account/tokens/{info.id}/revoke")
    assert gone.status_code == 303 and gone.headers["location"] == "/account?done=revoked"
    assert "토큰을 폐기했습니다" in client.get(gone.headers["location"]).text
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as script:
        assert script.get("/api/v1/me").status_code == 401


def test_nobody_revokes_another_persons_token(app, person):
    _, client = person
    other = app.state.users.issue_token("viewer", "viewer's")[0]
    answer = form(client, f"/account/tokens/{other.id}/revoke")
    assert answer.status_code == 404
    assert other.id in [t.id for t in app.state.users.tokens("viewer")]
    assert "viewer's" not in client.get("/account").text  # only one's own are listed


def test_a_password_is_changed_only_with_the_current_one(app, person):
    name, client = person
    wrong = form(client, "/account/password", current="not-it-at-all", new="new-pass-123",
                 again="new-pass-123")
    assert wrong.status_code == 400 and "현재 비밀번호" in wrong.text
    short = form(client, "/account/password", current=PASSWORD, new="short", again="short")
    assert short.status_code == 400 and "8자" in short.text
    differ = form(client, "/account/password", current=PASSWORD, new="new-pass-123",
                  again="new-pass-124")
    assert differ.status_code == 400
    assert app.state.users.authenticate(name, PASSWORD) is not None  # nothing changed yet
    done = form(client, "/account/password", current=PASSWORD, new="new-pass-123",
                again="new-pass-123")
    assert done.status_code == 303
    assert app.state.users.authenticate(name, PASSWORD) is None
    assert app.state.users.authenticate(name, "new-pass-123") is not None


def test_the_account_page_needs_a_signed_in_user(anonymous):
    answer = anonymous.get("/account", follow_redirects=False)
    assert answer.status_code in (303, 401) and "/login" in answer.headers.get("location", "/login")


@pytest.mark.slow
def test_making_and_revoking_a_token_in_the_browser(page_as, live_server):
    page = page_as("editor", "en")
    page.click("a.who")
    page.wait_for_url(f"{live_server}/account")
    page.fill("#token-name", "browser check")
    page.click("text=Make a token")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("jm_")
    screenshot(page, "account-new-token-en")
    row = page.locator("tr", has_text="browser check")
    row.locator("button", has_text="Revoke").click()
    page.wait_for_url(f"{live_server}/account?done=revoked")
    assert page.locator("tr", has_text="browser check").count() == 0
    screenshot(page, "account-revoked-en")
