"""The mapping assistant page: draft, check, fix, save ``mappings/<source>.toml``, load.

``GET /data/mapping?source=S&file=F`` opens the source's saved mapping, or the assistant's
draft (``Workspace.suggest_mapping``) when there is none, with the file's first rows mapped.
``POST`` checks the form (or the TOML) and shows each error next to its field; ``save``
writes the mapping and ``load`` also loads the file in the background (then builds, if
asked) and goes back to the Data page, where the job's progress shows.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import polars as pl
from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from journeymap.errors import JourneymapError
from journeymap.ingest.preview import (
    empty_sample,
    preview,
    read_sample,
    recheck,
    samples_of,
)
from journeymap.ingest.readers import file_format
from journeymap.web.error_words import error_hint, error_text
from journeymap.web.routes.data_files import (
    engine_if_free,
    mapping_path,
    resolve_file,
    shown_name,
    valid_source,
)
from journeymap.web.routes.data_jobs import submit_ingest
from journeymap.web.routes.data_mapping_form import (
    FIELD_HELP,
    Editor,
    check,
    form_rows,
    from_form,
    parse_toml,
    reader_mapping,
    table,
    to_toml,
)
from journeymap.web.security import editor
from journeymap.web.templating import gettext as _
from journeymap.web.templating import render
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)
ACTIONS = ("check", "save", "load")
QUARANTINE_EXAMPLES = 5


def read_error(exc: JourneymapError) -> str:
    """A reader's error without the server path: what is wrong and what to do."""
    hint = error_hint(exc)
    return error_text(exc) + (f" — {hint}" if hint else "")


def _source(source: str) -> str:
    source = source.strip()
    if not valid_source(source):
        raise HTTPException(400, _("A source name uses letters, digits, - and _ only."))
    return source


def build_editor(request: Request, source: str, path: Path, mode: str, *,
                 text: str = "", form: Any = None) -> Editor:
    """Read the file with the mapping given (TOML ``text``, or the posted form built on
    its hidden base), check it field by field and map the sample."""
    ws = request.app.state.workspace
    origin = str(mapping_path(request, source))
    posted = text if form is None or mode == "toml" else str(form.get("base", ""))
    posted = posted.replace("\r\n", "\n")
    ed = Editor(source=source, file=path, toml=posted, mode=mode)
    data, problem = parse_toml(posted)
    if data is None:
        ed.errors["toml"] = problem or ""
        ed.mode, ed.form_ok = "toml", False
        return ed
    sample = empty_sample()
    try:
        reader = reader_mapping(data, origin)
        fmt = file_format(path, reader)
        sample = read_sample(path, reader)
    except JourneymapError as exc:
        ed.errors["general"] = read_error(exc)
        fmt = ""
    if form is not None and mode == "form":
        data, form_errors = from_form(form, data, sample.columns)
        ed.errors.update(form_errors)
        ed.toml = to_toml(data)
    ed.columns, ed.samples = sample.columns, samples_of(sample)
    ed.rows, ed.form_ok = form_rows(data, sample.columns)
    stamp = table(data, "timestamp")
    formats = stamp.get("formats", [])
    ed.formats = "\n".join(str(f) for f in formats) if isinstance(formats, list) else ""
    ed.timezone = str(stamp.get("timezone", "UTC"))
    ed.keep_rest = bool(table(data, "properties").get("rest", True))
    mapping, errors = check(data, source, origin, sample, fmt)
    ed.errors = {**errors, **ed.errors}
    if mapping is not None and not ed.errors and sample.columns:
        try:
            ed.preview = preview(sample, mapping, source, ws.settings.ingest.max_text_chars)
        except (pl.exceptions.PolarsError, ValueError) as exc:
            ed.errors["general"] = _("The mapping cannot be applied to this file: {error}"
                                     ).format(error=exc)
    ed.kind = str(table(data, "source").get("kind", "events"))
    ed.mapping = None if ed.errors else mapping
    if not ed.form_ok:
        ed.mode = "toml"
    return ed


@router.get("/data/mapping")
def mapping_page(request: Request, user: Annotated[User, Depends(editor)], source: str,
                 file: str) -> Response:
    source = _source(source)
    path = resolve_file(request, file)
    target = mapping_path(request, source)
    if target.exists():
        text, notice = target.read_text(encoding="utf-8"), "saved"
    else:
        text = request.app.state.workspace.suggest_mapping(path, source).toml
        notice = "draft_loaded" if _loaded_before(request, source) else "draft"
    ed = build_editor(request, source, path, "form", text=text)
    return _page(request, ed, notice=notice)


def _loaded_before(request: Request, source: str) -> bool:
    """Whether ``source`` was loaded with a mapping kept outside the workspace (a load plan
    names its own): a new draft may then give its rows other event ids."""
    with engine_if_free(request) as free:
        if not free:
            return False
        return source in request.app.state.workspace.loads().table.column("source").to_pylist()


def _page(request: Request, ed: Editor, status_code: int = 200, **extra: Any) -> Response:
    return render(request, "data_mapping.html", status_code=status_code, ed=ed, help=FIELD_HELP,
                  file_shown=shown_name(request, str(ed.file)),
                  quarantine=_quarantine(request, ed), **extra)


def _quarantine(request: Request, ed: Editor) -> dict[str, Any] | None:
    """This file's rows in quarantine, and how many would load with the mapping shown."""
    ws = request.app.state.workspace
    with engine_if_free(request) as free:
        if not free:
            return {"busy": True}
        rows = [r for r in ws.rejected(file=str(ed.file)).to_dict()
                if r["source"] == ed.source]
    if not rows:
        return None
    would_load = None
    if ed.mapping is not None and not ed.errors:
        would_load = recheck(rows, ed.columns, ed.mapping, ed.source,
                             ws.settings.ingest.max_text_chars)
    return {"busy": False, "count": len(rows), "examples": rows[:QUARANTINE_EXAMPLES],
            "would_load": would_load}


def save_mapping(request: Request, ed: Editor) -> Path:
    """Write the mapping atomically; TOML typed by hand is kept as typed (comments too)."""
    target = mapping_path(request, ed.source)
    target.parent.mkdir(exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(ed.toml, encoding="utf-8")
    os.replace(partial, target)
    return target


def mapping_url(source: str, file: str) -> str:
    return "/data/mapping?" + urlencode({"source": source, "file": file})


@router.post("/data/mapping")
async def mapping_post(request: Request, user: Annotated[User, Depends(editor)]) -> Response:
    form = await request.form()
    return await run_in_threadpool(_mapping_post, request, form)


def _mapping_post(request: Request, form: Any) -> Response:
    source = _source(str(form.get("source", "")))
    path = resolve_file(request, str(form.get("file", "")))
    mode = "toml" if form.get("mode") == "toml" else "form"
    action = form.get("action") if form.get("action") in ACTIONS else "check"
    ed = build_editor(request, source, path, mode, text=str(form.get("toml", "")), form=form)
    if ed.errors:
        return _page(request, ed, status_code=400)
    if action == "check":
        return _page(request, ed, notice="checked")
    save_mapping(request, ed)
    if action == "save":
        return _page(request, ed, notice="saved_now")
    job = submit_ingest(request, path, source, build=form.get("build") == "on")
    return RedirectResponse(f"/data?job={job.id}#job-{job.id}", status_code=303)
