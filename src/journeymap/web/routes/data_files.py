"""Files the Data page works on: uploads kept in the workspace, and files loaded before.

Uploads go to ``uploads/`` inside the workspace under a cleaned-up name (no folders, no
leading dots, only letters, digits, ``-``, ``_`` and ``.``). A file the page is asked to map
or load again must be an upload or a file already in the load history, so a request can
never make the server read an arbitrary path.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from fastapi import HTTPException, Request

from journeymap.errors import InputFileError, NotFoundError
from journeymap.ingest.loader import file_sha256
from journeymap.ingest.readers import EXTENSIONS
from journeymap.web.templating import gettext as _
from journeymap.workspace import MAPPINGS_DIR

UPLOADS_DIR = "uploads"
#: A source name becomes ``mappings/<source>.toml``: letters (any script), digits, - and _.
SOURCE_NAME = re.compile(r"\w[\w-]{0,63}")
MAX_NAME = 120
CHUNK = 1 << 20
#: How long a page waits for the events engine before showing "busy" (seconds).
READ_WAIT = 0.5
#: How long a request that cannot do without the engine waits before answering 503.
BUSY_WAIT = 10.0


def uploads_dir(request: Request) -> Path:
    folder = request.app.state.workspace.path / UPLOADS_DIR
    folder.mkdir(exist_ok=True)
    return folder


def mapping_path(request: Request, source: str) -> Path:
    return request.app.state.workspace.path / MAPPINGS_DIR / f"{source}.toml"


def valid_source(name: str) -> bool:
    return SOURCE_NAME.fullmatch(name) is not None


def known_extension(name: str) -> bool:
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in EXTENSIONS


def safe_name(name: str) -> str:
    """A file name that is safe to create: the last path part of what the browser sent,
    NFC-normalised, with anything but letters, digits, ``.``, ``-`` and ``_`` replaced."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    cleaned = re.sub(r"[^\w.-]", "_", base).lstrip(".")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    if len(cleaned) > MAX_NAME:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = stem[: MAX_NAME - len(ext) - 1] + dot + ext if dot else cleaned[:MAX_NAME]
    return cleaned or "upload"


def _numbered(name: str, n: int) -> str:
    """``a.csv`` -> ``a-2.csv`` (``a.ndjson.gz`` -> ``a-2.ndjson.gz``)."""
    head, dot, tail = name.partition(".")
    return f"{head}-{n}{dot}{tail}"


def store_upload(request: Request, name: str, data: BinaryIO) -> Path:
    """Copy an uploaded stream into ``uploads/``; the same bytes under the same name reuse
    the stored file (so loading it again adds nothing), other bytes get a numbered name."""
    folder = uploads_dir(request)
    wanted = safe_name(name)
    partial = folder / f".partial-{os.urandom(8).hex()}"
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            while chunk := data.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        for n in range(1, 10_000):
            target = folder / (wanted if n == 1 else _numbered(wanted, n))
            if not target.exists():
                os.replace(partial, target)
                return target
            if target.stat().st_size == partial.stat().st_size and \
                    file_sha256(target) == digest.hexdigest():
                return target
        raise InputFileError("too many uploads with this name", file=wanted,
                             hint="rename the file and upload it again",
                             code="data.too_many_uploads")
    finally:
        partial.unlink(missing_ok=True)


def loaded_files(request: Request) -> set[str]:
    """Every file in the load history (absolute paths, as the loader records them)."""
    ws = request.app.state.workspace
    with engine_if_free(request, BUSY_WAIT) as free:
        if not free:
            raise HTTPException(503, _("A load or build is running; try again in a moment."),
                                headers={"Retry-After": "5"})
        table = ws.loads().table
    return set(table.column("file").to_pylist())


def resolve_file(request: Request, file: str) -> Path:
    """The file a request names: an upload (by name or path) or a file loaded before."""
    folder = uploads_dir(request).resolve()
    candidate = Path(file)
    if not candidate.is_absolute():
        if candidate.name != file or file in ("", ".", ".."):
            raise NotFoundError("no such upload", file=file, code="data.no_upload")
        candidate = folder / file
    path = candidate.resolve()
    inside = path.is_relative_to(folder) and not path.name.startswith(".")
    if not (inside or str(path) in loaded_files(request)) or not path.is_file():
        raise NotFoundError("no such file among the uploads and loaded files", file=file,
                            hint="upload the file on the Data page", code="data.no_file")
    return path


def shown_name(request: Request, file: str) -> str:
    """How a stored path is shown: ``uploads/x.csv`` for uploads, else the file name."""
    path = Path(file)
    folder = request.app.state.workspace.path / UPLOADS_DIR
    if path.parent == folder:
        return f"{UPLOADS_DIR}/{path.name}"
    return path.name


@contextmanager
def engine_if_free(request: Request, wait: float = READ_WAIT) -> Iterator[bool]:
    """Take the engine's turn if it comes within ``wait`` seconds; yields whether it came.
    On Spark a page shows "busy" instead of hanging while a load or build runs; on DuckDB
    the turn is always free (see :mod:`journeymap.web.turns`)."""
    lock = request.app.state.lock
    got = lock.acquire(timeout=wait)
    try:
        yield got
    finally:
        if got:
            lock.release()

