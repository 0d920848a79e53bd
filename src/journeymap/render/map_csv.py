"""Exporting a journey map as a CSV grid: stages across, lanes down, items one per line.

UTF-8 with a byte-order mark, so Excel opens Korean text correctly; every string is
neutralised against formula injection as in the XLSX export, and
:func:`journeymap.maps.import_grid.read_grid` reads the file back.
"""

from __future__ import annotations

import csv
from pathlib import Path

from journeymap.maps.model import JourneyMap
from journeymap.render.map_xlsx import cell_value, grid_rows


def write_grid_csv(doc: JourneyMap, out_path: Path) -> Path:
    """Write the map's grid (the "Map" sheet of the XLSX export) to ``out_path``."""
    with Path(out_path).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for row in grid_rows(doc):
            writer.writerow([cell_value(value) for value in row])
    return Path(out_path)
