"""Downloads the pages and the API share: an exported map, a result table as CSV."""

from __future__ import annotations

import io
from urllib.parse import quote

import pyarrow as pa
from starlette.responses import Response

from journeymap.render.map_export import MEDIA_TYPES
from journeymap.render.table_file import write_csv


def csv_response(table: pa.Table, name: str) -> Response:
    """``table`` as a CSV download, UTF-8 with a BOM so Excel reads Korean text."""
    buffer = io.BytesIO()
    write_csv(table, buffer)
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def map_download(content: bytes, map_id: int, suffix: str, name: str,
                 headers: dict[str, str] | None = None) -> Response:
    """``content`` (a map exported as ``.suffix``) as an attachment: ``map-ID.suffix`` for
    old clients, ``name`` (UTF-8) for the rest; ``headers`` are added."""
    disposition = (f"attachment; filename=\"map-{map_id}.{suffix}\"; "
                   f"filename*=UTF-8''{quote(name)}")
    return Response(content, media_type=MEDIA_TYPES[suffix],
                    headers={"Content-Disposition": disposition, **(headers or {})})
