"""The map and maps verbs as a user runs them: a real process on a real workspace."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import sample_document

import journeymap as jm

from cli_process import JM, run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated demo, ingested and built; closed so CLI processes can open it."""
    from journeymap.demo import generate

    root = tmp_path_factory.mktemp("maps-cli")
    generate(root / "data", events=4000, seed=3)
    with jm.init_workspace(root / "ws", locale="en", timezone="UTC") as ws:
        ws.ingest_plan(root / "data" / "sources.toml")
        ws.build()
    return root / "ws"


def test_generate_show_refresh_and_history(built: Path):
    w = str(built)
    made = json.loads(run("-w", w, "map", "generate", "--accounts", "--json").stdout)
    assert made["version"] == 1
    shown = run("-w", w, "map", "show", str(made["id"])).stdout
    assert "Current journey: All customers" in shown and "Conversion to next stage" in shown
    doc = json.loads(run("-w", w, "map", "show", str(made["id"]), "--json").stdout)
    assert [s["analytics_stage"] for s in doc["stages"]] == [
        "awareness", "consideration", "decision", "retention", "advocacy"]
    out = run("-w", w, "build").stdout
    assert "maps_refreshed" in out
    history = json.loads(run("-w", w, "map", "history", str(made["id"]), "--json").stdout)
    assert [h["message"] for h in history] == ["generated from data",
                                               "refreshed numbers (0 changed)"]
    assert "no changes" in run("-w", w, "map", "diff", str(made["id"])).stdout


def test_import_edit_diff_export(built: Path, tmp_path: Path):
    w = str(built)
    src = tmp_path / "map.json"
    src.write_text(json.dumps(sample_document("ko"), ensure_ascii=False), encoding="utf-8")
    made = json.loads(run("-w", w, "map", "import", str(src), "--json").stdout)
    doc = sample_document("ko")
    doc["title"] = "B2B 구매 여정 (개정)"
    doc["cells"][5]["items"][0]["text"] = "견적 회신이 느리다"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with jm.Workspace(built) as ws:
        from journeymap.maps.schema import parse_map

        ws.maps.save(made["id"], parse_map(doc), author="kim", message="edited")
    diff = json.loads(run("-w", w, "map", "diff", str(made["id"]), "--json").stdout)
    assert {"change": "added", "what": "item", "where": "인지 / 불편", "before": None,
            "after": "견적 회신이 느리다"} in diff
    for suffix, expected in ((".json", "견적 회신이 느리다"), (".md", "견적 회신이 느리다"),
                             (".mmd", "title B2B 구매 여정 (개정)")):
        out = tmp_path / f"export{suffix}"
        run("-w", w, "map", "export", str(made["id"]), str(out))
        assert expected in out.read_text(encoding="utf-8")


def test_review_and_due(built: Path):
    w = str(built)
    made = json.loads(run("-w", w, "map", "generate", "--json").stdout)
    assert "No map is due" in run("-w", w, "maps", "due").stdout
    run("-w", w, "map", "review", str(made["id"]), "--cadence", "3")
    listed = json.loads(run("-w", w, "maps", "list", "--json").stdout)
    mine = next(m for m in listed if m["id"] == made["id"])
    assert mine["review_cadence_months"] == 3 and mine["last_reviewed_at"]


def test_errors_are_one_line(built: Path, tmp_path: Path):
    w = str(built)
    bad = tmp_path / "bad.json"
    doc = sample_document("en")
    doc["cells"][4]["items"][0]["score"] = 7
    bad.write_text(json.dumps(doc), encoding="utf-8")
    proc = run("-w", w, "map", "import", str(bad), ok=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("Error: ")
    assert "stage 'Awareness', lane 'Emotions', item 1, score" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run("-w", w, "map", "show", "999", ok=False)
    assert "there is no map 999" in proc.stderr
    proc = run("-w", w, "map", "export", "1", str(tmp_path / "m.docx"), ok=False)
    assert "cannot export a map as '.docx'" in proc.stderr


def test_templates_guide_and_check(built: Path):
    w = str(built)
    names = {t["name"] for t in json.loads(run("map", "templates", "--json").stdout)}
    assert {"b2b-saas", "ecommerce", "onboarding", "support", "five-stage",
            "service-blueprint"} <= names
    made = json.loads(run("-w", w, "map", "new", "--template", "b2b-saas", "--language", "ko",
                          "--json").stdout)
    gaps = json.loads(run("-w", w, "map", "guide", str(made["id"]), "--check", "--json").stdout)
    assert {"step": "personas", "code": "no_persona"}.items() <= gaps[0].items()
    assert any(g["code"] == "no_decision_pain_points" for g in gaps)
    answers = "김 과장\n중견 제조사 구매 담당\n도입 비용 절감\n" + "\n" * 80
    proc = subprocess.run([*JM, "-w", w, "map", "guide", str(made["id"])], input=answers,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(run("-w", w, "map", "show", str(made["id"]), "--json").stdout)
    assert doc["personas"][0]["name"] == "김 과장"
    assert doc["personas"][0]["goals"] == ["도입 비용 절감"]


def test_grid_xmind_and_canvas_files_through_the_cli(built: Path, tmp_path: Path):
    from PIL import Image

    w = str(built)
    made = json.loads(run("-w", w, "map", "new", "--template", "ecommerce", "--json").stdout)
    for suffix in (".xlsx", ".csv", ".xmind"):
        out = tmp_path / f"map{suffix}"
        run("-w", w, "map", "export", str(made["id"]), str(out))
        again = json.loads(run("-w", w, "map", "import", str(out), "--json").stdout)
        a = json.loads(run("-w", w, "map", "show", str(made["id"]), "--json").stdout)
        b = json.loads(run("-w", w, "map", "show", str(again["id"]), "--json").stdout)
        assert [s["name"] for s in a["stages"]] == [s["name"] for s in b["stages"]]
    run("-w", w, "map", "export", str(made["id"]), str(tmp_path / "map.png"))
    with Image.open(tmp_path / "map.png") as image:
        assert image.width > 1000 and len(image.getcolors(1 << 24)) > 50
