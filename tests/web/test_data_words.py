"""Texts that come from the analysis and map layers are worded in the reader's language:
the Korean pages show Korean sentences with Korean number formats, never the English
sentences the Python API and CLI keep."""

from __future__ import annotations

import html
import re

import pytest

from journeymap.web.templating import language


def text_of(page: str) -> str:
    """The page's visible text (scripts, styles and tags removed, entities decoded)."""
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def korean(viewer):
    viewer.cookies.set("lang", "ko")
    return viewer


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
