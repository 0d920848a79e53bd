"""One small demo data set per test session (20,000 rows, a few seconds to make)."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.demo import DemoResult, generate

from .readers import EVENTS


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return generate(tmp_path_factory.mktemp("demo"), events=EVENTS, seed=11)


@pytest.fixture(scope="session")
def demo_dir(demo: DemoResult) -> Path:
    return Path(demo.out_dir)
