"""Writing a map to a file whose suffix picks the format.

Each format lives in its own module and is imported only when used (PowerPoint and cairo
are not needed to write JSON).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from journeymap.errors import MapError
from journeymap.maps.model import JourneyMap

#: suffix -> (module, function(doc, path) writing the file, description)
EXPORTS: dict[str, tuple[str, str, str]] = {
    ".json": ("journeymap.render.map_markdown", "write_json", "the map document (lossless)"),
    ".md": ("journeymap.render.map_markdown", "write_markdown", "Markdown"),
    ".mmd": ("journeymap.render.map_markdown", "write_mermaid", "Mermaid journey diagram"),
    ".svg": ("journeymap.render.map_svg", "write_svg", "the map canvas as SVG"),
    ".png": ("journeymap.render.map_image", "map_to_png", "the map canvas as PNG"),
    ".pdf": ("journeymap.render.map_image", "map_to_pdf", "A3 landscape PDF"),
    ".pptx": ("journeymap.render.map_pptx", "map_to_pptx", "PowerPoint slides"),
    ".xlsx": ("journeymap.render.map_xlsx", "write_map_xlsx", "Excel: grid + a sheet per lane"),
    ".csv": ("journeymap.render.map_csv", "write_grid_csv", "CSV grid (stages x lanes)"),
    ".xmind": ("journeymap.render.map_xmind", "write_map_xmind", "Xmind mind map"),
}

#: The media type of each export format, for a download (a test checks every format has one).
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "mmd": "text/plain; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "xmind": "application/vnd.xmind.workbook",
}


def exporter(suffix: str) -> Callable[[JourneyMap, Path], object]:
    if suffix.lower() not in EXPORTS:
        raise MapError(f"cannot export a map as '{suffix or '(no suffix)'}'", field="path",
                       hint="use one of " + ", ".join(EXPORTS))
    module, function, _ = EXPORTS[suffix.lower()]
    return getattr(import_module(module), function)


def export_map(doc: JourneyMap, path: Path, tz: str | None = None) -> Path:
    """Write ``doc`` to ``path`` in the format its suffix names; returns the path.

    ``tz`` is the time zone printed times are shown in, for the formats that print times
    for people (the canvas and slides); data formats keep UTC.
    """
    write = exporter(path.suffix)
    path.parent.mkdir(parents=True, exist_ok=True)
    if tz is not None and "tz" in inspect.signature(write).parameters:
        write(doc, path, tz=tz)  # type: ignore[call-arg]
    else:
        write(doc, path)
    return path
