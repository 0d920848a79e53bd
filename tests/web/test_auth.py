"""Sign-in, roles, CSRF, language and the one error shape."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, csrf_of


def test_pages_need_a_signed_in_user(anonymous):
    response = anonymous.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"


def test_wrong_password_is_refused(anonymous):
    page = anonymous.get("/login")
    response = anonymous.post("/login", data={"username": "admin", "password": "nope-nope",
                                              "csrf_token": csrf_of(page.text)})
    assert response.status_code == 401
    assert "비밀번호가 틀렸습니다" in response.text


def test_sign_in_without_csrf_is_refused(anonymous):
    anonymous.get("/login")
    response = anonymous.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403


def test_every_role_sees_the_overview(any_role):
    page = any_role.get("/")
    assert page.status_code == 200
    assert "핵심 수치" in page.text and "단계별 완료율" in page.text


def test_open_redirects_are_refused(anonymous):
    page = anonymous.get("/login?next=https://evil.example/")
    assert 'name="next" value="/"' in page.text


def test_language_from_the_browser_then_the_switch(anonymous, admin):
    assert "Sign in" in anonymous.get("/login", headers={"Accept-Language": "en-US"}).text
    assert "로그인" in anonymous.get("/login", headers={"Accept-Language": "ko"}).text
    admin.get("/lang/en?next=/", follow_redirects=False)
    assert "Headline figures" in admin.get("/").text
    admin.get("/lang/ko?next=/")
    assert "핵심 수치" in admin.get("/").text


@pytest.mark.parametrize("path", ["/nowhere", "/api/v1/nowhere"])
def test_errors_have_one_shape(admin, path):
    response = admin.get(path)
    assert response.status_code == 404
    if path.startswith("/api"):
        assert response.json()["error"]["type"] == "HTTPError"
    else:
        assert "문제가 있습니다" in response.text
