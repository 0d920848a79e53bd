"""Maps as files: every export format of ``journeymap map export`` and the imports of
``journeymap map import`` (JSON, CSV/XLSX grids, Xmind)."""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from journeymap.maps.read_file import IMPORTS
from journeymap.maps.store import MapInfo
from journeymap.render.map_export import EXPORTS, MEDIA_TYPES
from journeymap.web.api.common import Editor, Reader, workspace
from journeymap.web.api.data import safe_name
from journeymap.web.api.maps import MapId, Version
from journeymap.web.downloads import map_download

router = APIRouter(prefix="/maps", tags=["maps"])

ExportFormat = StrEnum("ExportFormat", {s[1:]: s[1:] for s in EXPORTS})  # type: ignore[misc]
#: An exported file is a download, never a page: no script in an SVG runs on this origin.
DOWNLOAD_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


@router.get("/{map_id}/export/{format}", summary="The map as a file",
            response_class=Response,
            responses={200: {"description": "The file", "content": {
                t.split(";")[0]: {} for t in MEDIA_TYPES.values()}}})
def export(request: Request, user: Reader, map_id: MapId, format: ExportFormat,
           version: Version = None) -> Response:
    """``journeymap map export ID map.FORMAT``: PNG, SVG, PDF, PPTX, XLSX, CSV, JSON,
    Markdown, Mermaid or Xmind, as an attachment named after the map."""
    ws = workspace(request)
    with tempfile.TemporaryDirectory(prefix="journeymap-export-") as tmp:
        path = ws.maps.export(map_id, Path(tmp) / f"map-{map_id}.{format.value}", version)
        content = path.read_bytes()
    title = ws.maps.info(map_id).title
    name = f"{safe_name(title, f'map-{map_id}')}.{format.value}"
    return map_download(content, map_id, format.value, name,
                        {"Content-Security-Policy": DOWNLOAD_POLICY})


@router.post("/import", status_code=201, response_model=MapInfo,
             summary="A new map from a JSON, CSV/XLSX grid or Xmind file")
def import_map(request: Request, response: Response, user: Editor,
               file: Annotated[UploadFile, File(description=(
                   "The suffix says how to read it: " + ", ".join(IMPORTS)))],
               title: Annotated[str | None, Form(min_length=1, max_length=500)] = None
               ) -> MapInfo:
    ws = workspace(request)
    with tempfile.TemporaryDirectory(prefix="journeymap-import-") as tmp:
        path = Path(tmp) / safe_name(file.filename, "map")
        path.write_bytes(file.file.read())
        info = ws.maps.import_file(path, user.username, title)
    response.headers["Location"] = f"/api/v1/maps/{info.id}"
    return info
