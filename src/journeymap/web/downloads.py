"""An exported map as a download, the same for the API and the map page."""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import Response

from journeymap.render.map_export import MEDIA_TYPES


def map_download(content: bytes, map_id: int, suffix: str, name: str,
                 headers: dict[str, str] | None = None) -> Response:
    """``content`` (a map exported as ``.suffix``) as an attachment: ``map-ID.suffix`` for
    old clients, ``name`` (UTF-8) for the rest; ``headers`` are added."""
    disposition = (f"attachment; filename=\"map-{map_id}.{suffix}\"; "
                   f"filename*=UTF-8''{quote(name)}")
    return Response(content, media_type=MEDIA_TYPES[suffix],
                    headers={"Content-Disposition": disposition, **(headers or {})})
