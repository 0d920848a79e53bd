"""``journeymap funnel`` as a user runs it: a real process on a real workspace."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from .test_funnel import STEPS, STORY
from cli_process import run


def test_funnel_verb_prints_json_exports_the_dropped_and_writes_a_chart(story_ws, tmp_path):
    ws = story_ws(STORY)
    folder = str(ws.path)
    ws.close()  # one DuckDB writer at a time: the CLI process opens the file next
    out = json.loads(run("-w", folder, "funnel", *STEPS, "--window", "7d", "--trend", "week",
                         "--dropped", "2", "--json").stdout)
    assert [s["entered"] for s in out["steps"]] == [5, 3, 2]
    assert sorted(d["person_id"] for d in out["dropped"]) == ["jung", "park"]
    assert [t["entered"] for t in out["trend"]] == [5]
    xlsx, html = tmp_path / "dropped.xlsx", tmp_path / "funnel.html"
    shown = run("-w", folder, "funnel", *STEPS, "--window", "7d", "--dropped", "3",
                "--export", str(xlsx), "--chart", str(html)).stdout
    assert "demo_request" in shown and "66.7%" in shown and "3.5 d" in shown
    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[1]][:2] == ["person_id", "reached_at"]
    assert sheet["A2"].value == "lee"
    assert "plotly" in html.read_text(encoding="utf-8")[:5000].lower()


def test_funnel_verb_errors_are_one_line(story_ws):
    ws = story_ws(STORY)
    folder = str(ws.path)
    ws.close()
    proc = run("-w", folder, "funnel", "ad_click", "demo_requst", ok=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "did you mean demo_request" in proc.stderr
    proc = run("-w", folder, "funnel", "ad_click", "demo_request", "--by", "nope", ok=False)
    assert "no field named 'nope'" in proc.stderr


def test_retention_verb(story_ws, tmp_path):
    from .test_retention import STORY as RETENTION_STORY

    ws = story_ws(RETENTION_STORY)
    folder = str(ws.path)
    ws.close()
    out = json.loads(run("-w", folder, "retention", "--periods", "3", "--json").stdout)
    assert [c["actors"] for c in out["cohorts"][:4]] == [2, 2, 1, 0]
    html = tmp_path / "r.html"
    shown = run("-w", folder, "retention", "--periods", "3", "--chart", str(html)).stdout
    assert "2024-03-04" in shown and "50.0%" in shown and html.exists()


def test_time_to_convert_verb(story_ws):
    from .test_time_to_convert import STORY as TTC_STORY

    ws = story_ws(TTC_STORY)
    folder = str(ws.path)
    ws.close()
    out = json.loads(run("-w", folder, "time-to-convert", "--json").stdout)
    assert out["stats"][0]["median_days"] == 10.0
    assert [p["survival"] for p in out["curve"]][-1] == 0.25
    shown = run("-w", folder, "time-to-convert").stdout
    assert "median_days" in shown and "10.00" in shown


def test_stages_verb(story_ws):
    from .test_stages import STORY as STAGE_STORY

    ws = story_ws(STAGE_STORY)
    folder = str(ws.path)
    ws.close()
    out = json.loads(run("-w", folder, "stages", "--level", "person", "--json").stdout)
    assert [s["reached"] for s in out] == [4, 3, 1, 1, 0]
    shown = run("-w", folder, "stages", "--level", "person", "--period", "30d").stdout
    assert "awareness" in shown and "75.0%" in shown


def test_paths_verb_views(story_ws, tmp_path):
    from .test_paths import STORY as PATH_STORY

    ws = story_ws(PATH_STORY)
    folder = str(ws.path)
    ws.close()
    top = json.loads(run("-w", folder, "paths", "home", "--depth", "2", "--json").stdout)
    assert {p["path"]: p["actors"] for p in top} == {
        "pricing → demo": 1, "blog": 1, "pricing → demo → …": 1}
    tree = json.loads(run("-w", folder, "paths", "--view", "tree", "--depth", "2",
                          "--json").stdout)
    assert {t["path"] for t in tree if t["depth"] == 1} == {"ad", "home"}
    html = tmp_path / "s.html"
    sankey = json.loads(run("-w", folder, "paths", "--view", "sankey", "--depth", "2",
                            "--chart", str(html), "--json").stdout)
    assert sum(n["actors"] for n in sankey["nodes"] if n["step"] == 1) == 4 and html.exists()
    compare = json.loads(run("-w", folder, "paths", "--view", "compare", "--json").stdout)
    assert {c["step"] for c in compare} <= {"ad", "home", "pricing", "demo", "blog"}
    proc = run("-w", folder, "paths", "--view", "circle", ok=False)
    assert "unknown view 'circle'" in proc.stderr


def test_friction_verb(story_ws):
    from .test_friction import STORY as FRICTION_STORY

    ws = story_ws(FRICTION_STORY)
    folder = str(ws.path)
    ws.close()
    out = json.loads(run("-w", folder, "friction", "--level", "person", "--json").stdout)
    assert {r["kind"] for r in out} >= {"loop", "abandonment", "long_break", "support"}
    shown = run("-w", folder, "friction", "--level", "person").stdout
    assert "page_view:/pricing" in shown and "loop" in shown
