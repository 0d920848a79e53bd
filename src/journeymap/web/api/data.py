"""Loads, the quarantine of rejected rows, and uploading a file to load (a job)."""

from __future__ import annotations

import re
import secrets
import shutil
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from pydantic import BaseModel
from starlette.responses import Response

from journeymap.schema import REJECT_REASONS
from journeymap.web.api.common import Editor, Reader, Row, engine_of, plain
from journeymap.web.api.jobs import JobOut, submit

router = APIRouter(tags=["data"])

UPLOADS = "uploads"
RejectReason = StrEnum("RejectReason", {r: r for r in REJECT_REASONS})  # type: ignore[misc]
#: A source name: no path separators, no leading dot (it names ``mappings/<source>.toml``).
SOURCE_PATTERN = r"^[^./\\\x00-\x1f][^/\\\x00-\x1f]{0,63}$"


class LoadRow(Row):
    """One load: the file, its hash, rows read = loaded + rejected + already loaded."""

    load_id: str
    file: str
    source: str
    kind: str | None = None
    rows_read: int | None = None
    loaded: int | None = None
    rejected: int | None = None
    already_loaded: int | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None


class RejectedRow(Row):
    """A row set aside: where it came from, the field and raw value, the reason."""

    load_id: str | None = None
    file: str
    source: str | None = None
    row: int | None = None
    field: str | None = None
    raw_value: str | None = None
    reason: str
    message: str | None = None
    raw: str | None = None
    rejected_at: datetime | None = None


class RejectedPage(BaseModel):
    """A page of rejected rows; ``next_offset`` is null on the last page."""

    total: int
    offset: int
    limit: int
    next_offset: int | None
    items: list[RejectedRow]


@router.get("/loads", response_model=list[LoadRow], summary="The history of loads")
def list_loads(request: Request, user: Reader) -> list[dict]:
    with engine_of(request) as ws:
        return plain(ws.loads().to_dict())


@router.get("/rejected", response_model=RejectedPage,
            summary="Rows that could not be loaded, with reasons")
def list_rejected(request: Request, user: Reader,
                  reason: RejectReason | None = None,
                  file: Annotated[str | None, Query(
                      description="The file's full path or its name")] = None,
                  limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
                  offset: Annotated[int, Query(ge=0, le=10**12)] = 0) -> RejectedPage:
    with engine_of(request) as ws:
        table = ws.rejected(reason=reason.value if reason else None, file=file).table
    items = plain(table.slice(offset, limit).to_pylist()) if offset < table.num_rows else []
    following = offset + limit
    return RejectedPage(total=table.num_rows, offset=offset, limit=limit,
                        next_offset=following if following < table.num_rows else None,
                        items=items)


def safe_name(filename: str | None, default: str = "upload") -> str:
    """The file's own name (the load history and ``rejected --file`` show it), without
    folders or characters a file system could read as one."""
    name = Path((filename or "").replace("\\", "/")).name
    name = re.sub(r"[^\w.\- ]", "_", name).strip(" .")[:120]
    return name or default


def _store_upload(folder: Path, upload: UploadFile, default: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(upload.filename, default)
    with path.open("wb") as out:
        shutil.copyfileobj(upload.file, out)
    return path


@router.post("/loads", status_code=202, response_model=JobOut,
             summary="Upload a file and load it (a background job)")
def upload(request: Request, user: Editor,
           file: Annotated[UploadFile, File(description="CSV, JSON, NDJSON, Parquet, XLSX "
                                            "or XES; the suffix says which")],
           source: Annotated[str | None, Form(
               pattern=SOURCE_PATTERN,
               description="The source name; its mapping is mappings/<source>.toml")] = None,
           encoding: Annotated[str | None, Form(max_length=40, description=(
               "Text encoding (utf-8, cp949 …); detected when omitted"))] = None,
           mapping: Annotated[UploadFile | None, File(
               description="A mapping file (TOML) to use instead of the workspace's")
                              ] = None) -> Response:
    """The file is kept in the workspace's ``uploads/`` folder under its own name and
    loaded like ``journeymap ingest FILE --source SOURCE``; bad rows go to the quarantine.
    Poll the job at ``Location``: its ``result`` is the load's figures."""
    ws = request.app.state.workspace
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder = ws.path / UPLOADS / f"{stamp}-{secrets.token_hex(4)}"
    path = _store_upload(folder, file, "upload")
    mapping_path = (_store_upload(folder / "mapping", mapping, "mapping.toml")
                    if mapping is not None else None)
    return submit(request, "ingest", f"load {path.name}",
                  lambda progress: ws.ingest(path, source, mapping=mapping_path,
                                             encoding=encoding, progress=progress))
