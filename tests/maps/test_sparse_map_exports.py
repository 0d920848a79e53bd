"""Maps with little in them still export to every format: a map with no stages yet (only a
title, personas and a scenario), and one with no header boxes at all. The API fuzzer found
the first one ending in a server error."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.maps.model import JourneyMap
from journeymap.render.map_export import EXPORTS, export_map

SPARSE = {
    "no stages, a scenario": dict(scenario="Signing up", goals=["try it"]),
    "no stages, personas and a scenario": dict(
        personas=[{"name": "김민지"}, {"name": "Lee"}], scenario="Signing up"),
    "nothing but a title": {},
}


@pytest.mark.parametrize("suffix", sorted(EXPORTS))
@pytest.mark.parametrize("case", sorted(SPARSE))
def test_a_sparse_map_exports(tmp_path: Path, suffix: str, case: str):
    doc = JourneyMap(title="빈 지도", type="current_state", **SPARSE[case])
    out = export_map(doc, tmp_path / f"map{suffix}")
    assert out.stat().st_size > 0
