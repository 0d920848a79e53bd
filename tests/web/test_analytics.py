"""Analytics pages: the funnel builder answers what ws.funnel answers, CSV downloads match
the tables, wrong input is explained beside the form, the Sankey is ws.paths' own, and
charts are JSON that cannot break out of their script tag."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import plotly.graph_objects as go
import pytest
from conftest import screenshot

FUNNEL = {"step": ["ad_click", "page_view:/pricing", "demo_request"], "window": "180d",
          "level": "account"}


class Tables(HTMLParser):
    """The text of every cell of every ``<table>`` body, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._body = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tbody":
            self._body = True
        elif tag == "tr" and self._body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def cells(html: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def figure_of(html: str, chart_id: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{chart_id}-data">(.*?)</script>',
                      html, re.S)
    assert found, f"no figure {chart_id}"
    return json.loads(found.group(1))


def whole(text: str) -> int:
    return int(text.replace(",", "").replace("−", "-"))


def share(text: str) -> float:
    return float(text.rstrip("%").replace(",", "")) / 100


@pytest.fixture
def expected_funnel(app):
    with app.state.lock:
        return app.state.workspace.funnel(FUNNEL["step"], window=FUNNEL["window"],
                                          level=FUNNEL["level"]).table.to_pylist()


def test_the_funnel_builder_answers_what_ws_funnel_answers(viewer, expected_funnel):
    page = viewer.get("/analytics/funnel", params=FUNNEL)
    assert page.status_code == 200
    rows = cells(page.text)[0]
    assert [r[0].split(" ", 1)[1] for r in rows] == FUNNEL["step"]
    assert [whole(r[1]) for r in rows] == [e["entered"] for e in expected_funnel]
    for row, want in zip(rows, expected_funnel, strict=True):
        assert share(row[2]) == pytest.approx(want["conversion_from_previous"], abs=5e-4)
        assert share(row[3]) == pytest.approx(want["conversion_from_first"], abs=5e-4)
        assert (row[4] == "—") if not want["dropped"] else whole(row[4]) == -want["dropped"]
    figure = figure_of(page.text, "chart-funnel")
    assert figure["data"][0]["x"] == [e["entered"] for e in expected_funnel]
    assert "touchpoints" in page.text and '<option value="demo_request">' in page.text


def test_htmx_gets_only_the_result(viewer):
    part = viewer.get("/analytics/funnel", params=FUNNEL, headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "<html" not in part.text and "chart-funnel" in part.text
    assert "HX-Request" in part.headers["vary"]


def test_the_csv_of_a_funnel_is_its_table(viewer, expected_funnel):
    response = viewer.get("/analytics/funnel.csv", params=FUNNEL)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="journeymap-funnel.csv"' in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == FUNNEL["step"]
    assert [int(r["entered"]) for r in rows] == [e["entered"] for e in expected_funnel]
    assert [float(r["conversion_from_first"]) for r in rows] == pytest.approx(
        [e["conversion_from_first"] for e in expected_funnel])


@pytest.mark.parametrize(("params", "message"), [  # in the workspace's language, Korean
    ({"step": ["ad_click", "no_such_touchpoint"]},
     "터치포인트 &#39;no_such_touchpoint&#39;인 터치가 없습니다"),
    ({"step": ["ad_click", "demo_request"], "window": "abc"},
     "기간 &#39;abc&#39;을(를) 읽을 수 없습니다"),
    ({"step": ["ad_click"]}, "퍼널에는 스텝이 두 개 이상 있어야 합니다"),
    ({"step": ["ad_click", "demo_request"], "order": "sideways"}, "sideways"),
])
def test_a_wrong_input_is_explained_beside_the_form(viewer, params, message):
    page = viewer.get("/analytics/funnel", params=params)
    assert page.status_code == 400
    assert message in page.text
    assert 'class="form-error"' in page.text and 'name="step"' in page.text
    part = viewer.get("/analytics/funnel", params=params, headers={"HX-Request": "true"})
    assert part.status_code == 400 and message in part.text and "<form" not in part.text


def test_typed_markup_is_shown_as_text(viewer):
    page = viewer.get("/analytics/funnel", params={"step": ["<img src=x onerror=alert(1)>",
                                                            "demo_request"]})
    assert page.status_code == 400
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_the_sankey_is_the_one_ws_paths_draws(viewer, app):
    with app.state.lock:
        result = app.state.workspace.paths("demo_request", depth=4, level="person", top=25)
    want = result.sankey(top_per_step=8).figure().data[0]
    page = viewer.get("/analytics/paths", params={"start": "demo_request", "depth": "4",
                                                  "level": "person"})
    assert page.status_code == 200
    sankey = figure_of(page.text, "chart-paths")["data"][0]
    assert sankey["type"] == "sankey"
    assert sankey["node"]["label"] == list(want.node.label)
    assert sankey["link"]["value"] == list(want.link.value)
    paths = cells(page.text)[0]
    assert [r[1] for r in paths] == [p["path"] for p in result.to_dict()]
    flows = viewer.get("/analytics/paths.csv", params={"start": "demo_request", "depth": "4",
                                                       "part": "flows"})
    links = list(csv.DictReader(io.StringIO(flows.content.decode("utf-8-sig"))))
    assert sum(int(r["actors"]) for r in links) == sum(want.link.value)


@pytest.mark.parametrize(("path", "charts"), [
    ("/analytics/friction", ["chart-friction"]),
    ("/analytics/time-to-convert", ["chart-ttc-curve", "chart-ttc-histogram"]),
    ("/analytics/retention?period=month&periods=6", ["chart-retention"]),
    ("/analytics/stages?period=90d", ["chart-stages"]),
    ("/analytics/paths", ["chart-paths"]),
])
def test_every_analysis_draws_its_charts(viewer, path, charts):
    page = viewer.get(path)
    assert page.status_code == 200
    for chart_id in charts:
        figure = figure_of(page.text, chart_id)
        assert figure["data"], chart_id
    csv_link = re.search(r'href="(/analytics/[a-z-]+\.csv[^"]*)"', page.text)
    assert csv_link
    download = viewer.get(csv_link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200 and download.content.startswith(b"\xef\xbb\xbf")
    assert len(download.content.decode("utf-8-sig").splitlines()) > 1


def test_the_time_to_convert_csv_has_each_part(viewer, app):
    with app.state.lock:
        result = app.state.workspace.time_to_convert(level="account")
    for part, table in [("stats", result.table), ("curve", result.curve.table),
                        ("histogram", result.histogram.table)]:
        got = viewer.get("/analytics/time-to-convert.csv", params={"level": "account",
                                                                    "part": part})
        rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
        assert len(rows) == table.num_rows and list(rows[0]) == table.column_names


def test_analytics_pages_speak_korean_and_english(viewer):
    assert "전환까지 걸린 시간" in viewer.get("/analytics").text
    viewer.get("/lang/en?next=/analytics")
    assert "Time to convert" in viewer.get("/analytics").text
    viewer.get("/lang/ko?next=/analytics")


def test_figure_json_cannot_close_its_script_tag():
    from journeymap.web.routes.analytics_common import figure_json

    title = "</script><script>alert(1)</script> & <!--"
    text = str(figure_json(go.Figure(layout={"title": {"text": title}})))
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["layout"]["title"]["text"] == title


@pytest.mark.slow
def test_an_editor_builds_a_funnel_in_the_browser(page_as, live_server, app):
    with app.state.lock:
        account = app.state.workspace.journeys(level="account", limit=1).to_dict()[0]
    page = page_as("editor")
    page.goto(f"{live_server}/analytics/funnel")
    steps = page.locator("input[name=step]")
    steps.nth(0).fill("ad_click")
    steps.nth(1).fill("page_view:/pricing")
    page.click("[data-add-step]")
    assert steps.count() == 3
    steps.nth(2).fill("demo_request")
    page.select_option("#f-level", "account")
    page.fill("#f-window", "180d")
    page.click("form.analysis-form button[type=submit]")
    page.wait_for_selector("#chart-funnel .main-svg")
    assert page.locator(".plotly svg").count() > 0
    assert "step=ad_click" in page.url  # the address of the result can be shared
    assert page.locator("table.numbers tbody tr").count() == 3
    screenshot(page, "analytics-funnel")
    with page.expect_download() as csv_download:
        page.click("figure.chart-box a[download]")
    assert csv_download.value.suggested_filename == "journeymap-funnel.csv"
    data = Path(csv_download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"page_view:/pricing" in data
    with page.expect_download() as png_download:
        page.click("[data-download-png=chart-funnel]")
    assert png_download.value.suggested_filename == "journeymap-funnel.png"
    assert Path(png_download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    steps.nth(1).fill("no_such_touchpoint")
    page.click("form.analysis-form button[type=submit]")
    page.wait_for_selector(".form-error")
    assert "no_such_touchpoint" in page.inner_text(".form-error")
    screenshot(page, "analytics-funnel-error")
    for path, name in [("/analytics/paths?start=demo_request&depth=4", "analytics-paths"),
                       ("/analytics/retention?period=month", "analytics-retention"),
                       ("/analytics/time-to-convert?level=account", "analytics-time"),
                       ("/analytics/friction", "analytics-friction"),
                       ("/journeys", "analytics-journeys"),
                       (f"/journeys/{account['journey_id']}", "analytics-journey")]:
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("networkidle")
        assert page.locator(".plotly svg").count() > 0 or path == "/journeys"
        screenshot(page, name)
    app.state.build_cache = None  # as after a build: the slow parts come by htmx
    page.goto(f"{live_server}/")
    for chart_id in ("chart-stages", "chart-funnel", "chart-flows"):
        page.wait_for_selector(f"#{chart_id} .main-svg", timeout=60_000)
    page.wait_for_selector("ol.friction")
    assert page.locator(".lazy").count() == 0
    screenshot(page, "analytics-overview")
