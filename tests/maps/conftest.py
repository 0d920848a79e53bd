"""Fixtures for map tests: small literal maps with every lane kind, in Korean and English."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from journeymap.maps.model import JourneyMap
from journeymap.maps.schema import parse_map

STAGES = [("인지", "Awareness"), ("고려", "Consideration"), ("결정", "Decision")]


def sample_document(language: str = "ko") -> dict:
    """A three-stage current-state map with one cell in every lane kind but the blueprint's."""
    names = [ko if language == "ko" else en for ko, en in STAGES]

    def t(ko: str, en: str) -> str:
        return ko if language == "ko" else en

    doc = {
        "title": t("B2B 구매 여정", "B2B purchase journey"),
        "type": "current_state",
        "language": language,
        "owner": "cx-team",
        "personas": [{"name": t("IT 관리자 민준", "Minjun, IT manager"),
                      "description": t("중견기업 IT 관리자", "IT manager at a mid-size firm"),
                      "goals": [t("도입 비용 절감", "Cut adoption cost")]}],
        "scenario": t("협업 도구를 비교하고 구매한다", "Compares collaboration tools and buys"),
        "expectations": [t("빠른 데모", "A quick demo")],
        "goals": [t("전환율 개선", "Improve conversion")],
        "stages": [{"name": n, "analytics_stage": en.lower()}
                   for n, (_, en) in zip(names, STAGES, strict=True)],
        "lanes": [
            {"name": t("행동", "Actions"), "kind": "actions"},
            {"name": t("터치포인트", "Touchpoints"), "kind": "touchpoints"},
            {"name": t("채널", "Channels"), "kind": "channels"},
            {"name": t("생각", "Thoughts"), "kind": "thoughts"},
            {"name": t("감정", "Emotions"), "kind": "emotions"},
            {"name": t("불편", "Pain points"), "kind": "pain_points"},
            {"name": t("기회", "Opportunities"), "kind": "opportunities"},
            {"name": "KPI", "kind": "kpis"},
        ],
        "cells": [],
    }
    lane = {x["kind"]: x["name"] for x in doc["lanes"]}
    scores = [1, -1, -2]
    for n, stage in enumerate(names):
        cells = {
            "actions": [{"kind": "text", "text": t(f"{stage} 단계에서 자료를 찾는다",
                                                   f"Looks for material in {stage}")}],
            "touchpoints": [{"kind": "touchpoint", "name": f"web:{n}", "channel": "web"}],
            "channels": [{"kind": "text", "text": "email"}],
            "thoughts": [{"kind": "text", "text": t("가격이 궁금하다", "What does it cost?")}],
            "emotions": [{"kind": "emotion", "score": scores[n], "label": t("기대", "hopeful")}],
            "pain_points": [{"kind": "pain_point", "text": t("느린 응답", "Slow answers"),
                             "severity": 3}],
            "opportunities": [{"kind": "opportunity", "description": t("챗봇", "A chatbot"),
                               "impact": 4, "effort": 2, "owner": "cx", "status": "planned"}],
            "kpis": [{"kind": "kpi", "name": t("전환율", "Conversion"), "value": 0.1 * (n + 1),
                      "unit": "%",
                      "binding": {"metric": "stage.conversion",
                                  "params": {"stage": STAGES[n][1].lower()},
                                  "value": 0.1 * (n + 1),
                                  "refreshed_at": datetime(2026, 11, 1, tzinfo=UTC).isoformat()}}],
        }
        for kind, items in cells.items():
            doc["cells"].append({"stage": stage, "lane": lane[kind], "items": items})
    doc["cells"][0]["comments"] = [{"author": "lee", "at": "2026-11-02T09:00:00Z",
                                    "text": t("확인 필요", "Needs checking")}]
    return doc


def blueprint_document(language: str = "en") -> dict:
    """The sample map as a service blueprint: adds evidence, frontstage, the line of
    visibility, backstage and support lanes."""
    doc = sample_document(language)
    doc["type"] = "service_blueprint"
    doc["lanes"] = [{"name": "Evidence", "kind": "evidence"}, *doc["lanes"],
                    {"name": "Frontstage", "kind": "frontstage"},
                    {"name": "Line of visibility", "kind": "line_of_visibility"},
                    {"name": "Backstage", "kind": "backstage"},
                    {"name": "Support", "kind": "support"}]
    first = doc["stages"][0]["name"]
    for lane in ("Evidence", "Frontstage", "Backstage", "Support"):
        doc["cells"].append({"stage": first, "lane": lane,
                             "items": [{"kind": "text", "text": f"{lane} step"}]})
    return doc


@pytest.fixture
def korean_map() -> JourneyMap:
    return parse_map(sample_document("ko"))


@pytest.fixture
def english_map() -> JourneyMap:
    return parse_map(sample_document("en"))


@pytest.fixture
def blueprint_map() -> JourneyMap:
    return parse_map(blueprint_document("en"))


# -- document databases ----------------------------------------------------------------------
def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not found:
        pytest.fail("PostgreSQL server binaries are missing: .ci/run installs Debian's "
                    "postgresql package")
    return found[-1].parent


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its binaries as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real PostgreSQL server on a loopback port for this test session; yields its URL
    (database ``postgres``)."""
    pg = _postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="jm-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    subprocess.run(_as_postgres([str(pg / "initdb"), "-D", str(data), "-A", "trust",
                                 "-U", "postgres", "-E", "UTF8", "--locale=C"]),
                   check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(_as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-l", str(root / "log"),
                                 "-w", "-o", f"-p {port} -h 127.0.0.1 -k {root}", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A new, empty database on the session's server."""
    import sqlalchemy as sa

    name = f"jm_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return postgres_server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty document database: a SQLite file, and (slow) a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'documents.sqlite'}"
    return request.getfixturevalue("postgres_url")
