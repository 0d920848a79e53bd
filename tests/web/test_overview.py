"""The overview dashboard: its charts, its slow parts fetched by htmx until they are kept,
and its figures computed once per build."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime

import pytest

from journeymap.web.routes import overview_cache


def figure_of(html: str, chart_id: str) -> dict:
    found = re.search(rf'id="{chart_id}-data">(.*?)</script>', html, re.S)
    assert found, chart_id
    return json.loads(found.group(1))


@pytest.fixture
def cold(app, monkeypatch):
    """Nothing kept: the next load computes as after a build."""
    monkeypatch.setattr(app.state, "build_cache", None, raising=False)


def test_the_slow_parts_come_by_htmx_then_are_shown_inline(viewer, app, cold):
    page = viewer.get("/").text
    assert "핵심 수치" in page and "단계별 완료율" in page
    with app.state.lock:
        stages = app.state.workspace.stages(level="account").to_dict()
    assert figure_of(page, "chart-stages")["data"][0]["y"] == [s["share_reached"]
                                                               for s in stages]
    for name in ("funnel", "flows", "friction"):
        assert f'hx-get="/overview/part/{name}" hx-trigger="load"' in page
    funnel = viewer.get("/overview/part/funnel", headers={"HX-Request": "true"}).text
    assert "<html" not in funnel and figure_of(funnel, "chart-funnel")["data"]
    assert "/analytics/funnel?step=stage%3Aawareness" in funnel
    flows = figure_of(viewer.get("/overview/part/flows").text, "chart-flows")
    assert flows["data"][0]["type"] == "sankey"
    friction = viewer.get("/overview/part/friction").text
    assert 'class="friction"' in friction
    again = viewer.get("/").text
    assert "hx-get=\"/overview/part/" not in again
    for chart_id in ("chart-stages", "chart-funnel", "chart-flows"):
        assert figure_of(again, chart_id)["data"]
    assert viewer.get("/overview/part/nothing").status_code == 404


def test_a_second_load_computes_nothing_until_the_next_build(viewer, app, cold, monkeypatch):
    ws = app.state.workspace
    calls: list[str] = []
    for name in ("stages", "friction"):
        real = getattr(ws, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(ws, name, counted)
    viewer.get("/")
    viewer.get("/overview/part/friction")
    assert calls == ["stages", "friction"]
    started = time.perf_counter()
    for _ in range(5):
        assert viewer.get("/").status_code == 200
        viewer.get("/overview/part/friction")
    warm = (time.perf_counter() - started) / 5
    assert calls == ["stages", "friction"]  # kept: warm loads run no analysis at all
    assert warm < 1.0
    monkeypatch.setattr(overview_cache, "build_stamp", lambda _ws: datetime(2099, 1, 1))
    viewer.get("/")
    assert calls == ["stages", "friction", "stages"]  # a new build: computed again
    assert app.state.build_cache.stamp == datetime(2099, 1, 1)
