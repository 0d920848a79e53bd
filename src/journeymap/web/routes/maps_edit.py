"""The canvas's editing API: small JSON endpoints that each apply one operation.

Every request names the version the editor is looking at (``base_version``). The server
loads the latest version, refuses a stale base (409: someone saved a newer version), applies
the operation to the document (``maps_ops``), validates it with the map model (400 with the
model's words, such as ``stage 'Decision', lane 'Emotions', item 1, score: ...``), saves it
as a new version by the signed-in editor and answers with the whole map as the canvas draws
it (``maps_view.canvas_view``). Errors answer the app's one JSON error shape.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import JSONResponse, Response

from journeymap.errors import JourneymapError, MapError, VersionConflictError
from journeymap.maps.bindings import check_metric, evaluate
from journeymap.maps.items import Binding
from journeymap.maps.schema import Problem, parse_map
from journeymap.maps.version_notes import Note
from journeymap.web.errors import error_body, status_of
from journeymap.web.map_words import (
    map_error_hint,
    map_error_text,
    problem_words,
    version_message,
)
from journeymap.web.routes import maps_ops as ops
from journeymap.web.routes.maps_view import canvas_view
from journeymap.web.security import editor
from journeymap.web.templating import gettext as _
from journeymap.web.templating import language
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)
Editor = Annotated[User, Depends(editor)]
Payload = Annotated[dict[str, Any], Body()]


class Op(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_version: int


class CellOp(Op):
    stage: str
    lane: str


class ItemOp(CellOp):
    index: int = Field(ge=0)


class AddItem(CellOp):
    item: dict[str, Any] = Field(default_factory=dict)
    index: int | None = None


class EditItem(ItemOp):
    fields: dict[str, Any]


class MoveItem(ItemOp):
    to_stage: str
    to_lane: str
    to_index: int = Field(ge=0)


class BindItem(ItemOp):
    metric: str | None  # None unbinds
    params: dict[str, str | int | float | None] = Field(default_factory=dict)


class AddPart(Op):
    name: str
    description: str | None = None
    analytics_stage: str | None = None
    kind: str | None = None
    index: int | None = None


class EditPart(Op):
    id: str
    name: str | None = None
    description: str | None = None
    analytics_stage: str | None = None
    kind: str | None = None


class PartOp(Op):
    id: str


class OrderParts(Op):
    order: list[str]


class AddComment(CellOp):
    text: str = Field(min_length=1, max_length=5000)


class EditDetails(Op):
    fields: dict[str, Any]


class Conflict(Exception):
    """The editor's base version is not the latest any more."""


def _json_error(status: int, kind: str, message: str, **fields: Any) -> JSONResponse:
    return JSONResponse(error_body(kind, message, **fields), status_code=status)


def apply(request: Request, map_id: int, user: User, payload: dict[str, Any],
          model: type[Op], change: Callable[[Any, dict[str, Any]], Note]) -> Response:
    """Validate ``payload`` as ``model``, apply ``change(op, document)`` to the latest
    version and save the result; answer the new map view or a JSON error."""
    ws = request.app.state.workspace
    try:
        op = model.model_validate(payload)
        head = ws.maps.info(map_id).head
        if op.base_version != head:
            raise Conflict()
        data = ws.maps.get(map_id).model_dump(mode="json")
        note = change(op, data)
        doc = parse_map(data)
        try:
            saved = ws.maps.save(map_id, doc, author=user.username, message=note,
                                 base_version=op.base_version)
        except VersionConflictError:
            raise Conflict() from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        problem = Problem(tuple(("field", str(p)) for p in first["loc"]), first["type"],
                          str(first["msg"]), dict(first.get("ctx") or {}))
        return _json_error(422, "ValidationError", problem_words(problem),
                           field=where or None)
    except Conflict:
        return _json_error(409, "Conflict",
                           _("Someone saved a newer version of this map; reload to see it "
                             "and redo your change."), hint="reload")
    except JourneymapError as exc:
        return _json_error(status_of(exc), type(exc).__name__, map_error_text(exc),
                           field=exc.field, hint=map_error_hint(exc))
    info = ws.maps.info(map_id)
    view = canvas_view(doc, info, saved, zone=ws.settings.timezone, language=language.get())
    return JSONResponse({"saved": {"version": saved.version, "author": saved.author,
                                   "message": version_message(saved)}, "map": view})


def bound_value(request: Request, metric: str, params: dict[str, Any],
                previous: Binding | None) -> dict[str, Any]:
    """A new binding with its value computed now (under the workspace lock)."""
    check_metric(metric)
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    if clean.get("level", "person") not in ("person", "account"):
        raise MapError(_("level '{level}' is not person or account").format(
            level=clean["level"]), field="level")
    binding = Binding(metric=metric, params=clean)
    with request.app.state.lock:
        (value,) = evaluate(request.app.state.workspace, [binding])
    binding.value = None if value is None else float(value)
    binding.refreshed_at = datetime.now(UTC)
    if previous is not None and previous.metric == metric and previous.params == clean:
        binding.previous, binding.reviewed = previous.value, previous.reviewed
    return binding.model_dump(mode="json")


# -- items -----------------------------------------------------------------------------
@router.post("/maps/{map_id}/items")
def add_item(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
    return apply(request, map_id, user, payload, AddItem,
                 lambda op, d: ops.add_item(d, op.stage, op.lane, op.item, op.index))


@router.patch("/maps/{map_id}/items")
def edit_item(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
    return apply(request, map_id, user, payload, EditItem,
                 lambda op, d: ops.edit_item(d, op.stage, op.lane, op.index, op.fields))


@router.post("/maps/{map_id}/items/remove")
def remove_item(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
    return apply(request, map_id, user, payload, ItemOp,
                 lambda op, d: ops.remove_item(d, op.stage, op.lane, op.index))


@router.post("/maps/{map_id}/items/move")
def move_item(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
    return apply(request, map_id, user, payload, MoveItem,
                 lambda op, d: ops.move_item(d, op.stage, op.lane, op.index, op.to_stage,
                                             op.to_lane, op.to_index))


@router.post("/maps/{map_id}/items/bind")
def bind_item(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
    def change(op: BindItem, d: dict[str, Any]) -> Note:
        item = ops.item_of(d, op.stage, op.lane, op.index)
        if op.metric is None:
            return ops.set_binding(d, op.stage, op.lane, op.index, None)
        old = item.get("binding")
        binding = bound_value(request, op.metric, op.params,
                              Binding.model_validate(old) if old else None)
        return ops.set_binding(d, op.stage, op.lane, op.index, binding)

    return apply(request, map_id, user, payload, BindItem, change)


# -- stages and lanes ------------------------------------------------------------------
def _part_routes(part: str) -> None:
    def add(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
        def change(op: AddPart, d: dict[str, Any]) -> Note:
            fields = op.model_dump(exclude={"base_version", "index"}, exclude_none=True)
            if part == "stages":
                fields.pop("kind", None)
            else:
                fields.pop("analytics_stage", None)
            return ops.add_part(d, part, fields, op.index)

        return apply(request, map_id, user, payload, AddPart, change)

    def edit(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
        def change(op: EditPart, d: dict[str, Any]) -> Note:
            fields = {k: v for k, v in op.model_dump(exclude={"base_version", "id"}).items()
                      if k in op.model_fields_set}
            return ops.edit_part(d, part, op.id, fields)

        return apply(request, map_id, user, payload, EditPart, change)

    def remove(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
        return apply(request, map_id, user, payload, PartOp,
                     lambda op, d: ops.remove_part(d, part, op.id))

    def order(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
        return apply(request, map_id, user, payload, OrderParts,
                     lambda op, d: ops.order_parts(d, part, op.order))

    router.add_api_route(f"/maps/{{map_id}}/{part}", add, methods=["POST"])
    router.add_api_route(f"/maps/{{map_id}}/{part}", edit, methods=["PATCH"])
    router.add_api_route(f"/maps/{{map_id}}/{part}/remove", remove, methods=["POST"])
    router.add_api_route(f"/maps/{{map_id}}/{part}/order", order, methods=["POST"])


_part_routes("stages")
_part_routes("lanes")


# -- comments and details --------------------------------------------------------------
@router.post("/maps/{map_id}/comments")
def add_comment(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
    now = datetime.now(UTC).isoformat()
    return apply(request, map_id, user, payload, AddComment,
                 lambda op, d: ops.add_comment(d, op.stage, op.lane, user.username, op.text,
                                               now))


@router.patch("/maps/{map_id}")
def edit_details(request: Request, map_id: int, user: Editor, payload: Payload) -> Response:
    return apply(request, map_id, user, payload, EditDetails,
                 lambda op, d: ops.edit_details(d, op.fields))

