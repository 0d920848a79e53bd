"""Journey maps: documents, versions, templates, maps from data, reviews and comments.

A map travels as its JSON document (the same as ``journeymap map export ID map.json``);
``GET`` answers with the version in ``ETag``, and ``PUT`` takes it back as
``base_version`` so a save made after someone else's answers 409 instead of silently
dropping their change.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, Response

from journeymap.errors import MapError, VersionConflictError
from journeymap.maps.items import Comment
from journeymap.maps.model import JourneyMap
from journeymap.maps.schema import parse_map
from journeymap.maps.store import MapInfo, VersionInfo
from journeymap.maps.templates import TemplateInfo, list_templates
from journeymap.maps.version_notes import Note
from journeymap.web.api.common import Editor, Reader, Row, engine_of, problem, rows, workspace
from journeymap.web.users import User

router = APIRouter(prefix="/maps", tags=["maps"])

MapId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The map's id")]
Version = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="A saved version")]
Language = Literal["ko", "en"]
#: The request body of create and save is a map document (schema: JourneyMap).
DOCUMENT_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/JourneyMap"}}}}}


async def document_body(request: Request) -> JourneyMap:
    """The map document in the request body, upgraded and checked as any stored or
    imported map is (errors name the stage, lane and item)."""
    try:
        data = json.loads(await request.body())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MapError(f"the request body is not a JSON map document: {exc}",
                       hint="send the JSON of GET /api/v1/maps/{id}") from exc
    return parse_map(data, source="the request body")


Document = Annotated[JourneyMap, Depends(document_body)]


def save(request: Request, map_id: int, doc: JourneyMap, user: User, message: str | Note,
         base_version: int | None) -> VersionInfo | JSONResponse:
    """Save the next version; 409 when someone saved after ``base_version``."""
    maps = workspace(request).maps
    try:
        return maps.save(map_id, doc, user.username, message, base_version)
    except VersionConflictError as exc:
        return problem(409, "VersionConflict", exc.message, field="base_version",
                       hint="GET the map again, redo the change and save with its version")


class DiffRow(Row):
    change: str
    what: str
    where: str
    before: str | None
    after: str | None


class CompareRow(Row):
    stage: str
    lane: str
    current: str
    future: str
    status: Literal["same", "changed", "new", "dropped"]


class DueRow(Row):
    map_id: int
    title: str
    owner: str | None
    last_reviewed: datetime
    next_review: datetime
    reason: str


class CheckRow(Row):
    step: str
    stage: str | None
    lane: str | None
    code: str
    message: str


class FromTemplate(BaseModel):
    template: str = Field(description="A template name from GET /maps/templates")
    language: Language | None = None
    title: str | None = Field(None, min_length=1)


class GenerateIn(BaseModel):
    persona: str | None = Field(None, description="A stored persona whose segment to count")
    segment: str | None = Field(None, description="journey.COL=value or account.COL=value")
    level: Literal["person", "account"] = "person"
    language: Language | None = None
    title: str | None = Field(None, min_length=1)


class ReviewIn(BaseModel):
    cadence_months: int | None = Field(None, ge=1, le=24)


class CommentIn(BaseModel):
    stage: str = Field(description="The stage's id")
    lane: str = Field(description="The lane's id")
    text: str = Field(min_length=1, max_length=10_000)
    base_version: int | None = Field(None, ge=1, le=2**31 - 1)


@router.get("", response_model=list[MapInfo], summary="Maps, most recently changed first")
def list_maps(request: Request, user: Reader) -> list[MapInfo]:
    return workspace(request).maps.list()


@router.post("", status_code=201, response_model=MapInfo, openapi_extra=DOCUMENT_BODY,
             summary="Store a new map (version 1)")
def create_map(request: Request, response: Response, user: Editor, doc: Document,
               message: Annotated[str, Query(max_length=500)] = "created") -> MapInfo:
    info = workspace(request).maps.create(doc, user.username, message)
    response.headers["Location"] = f"/api/v1/maps/{info.id}"
    return info


@router.get("/templates", response_model=list[TemplateInfo], summary="Map templates")
def templates(request: Request, user: Reader, language: Language | None = None
              ) -> list[TemplateInfo]:
    return list_templates(language or workspace(request).maps.language())


@router.post("/from-template", status_code=201, response_model=MapInfo,
             summary="A new map from a template")
def from_template(request: Request, response: Response, user: Editor, body: FromTemplate
                  ) -> MapInfo:
    info = workspace(request).maps.new(body.template, body.language, body.title,
                                       user.username)
    response.headers["Location"] = f"/api/v1/maps/{info.id}"
    return info


@router.post("/generate", status_code=201, response_model=MapInfo,
             summary="A current-state map from the data, every number bound")
def generate(request: Request, response: Response, user: Editor, body: GenerateIn) -> MapInfo:
    with engine_of(request) as ws:
        info = ws.maps.generate(persona=body.persona, segment=body.segment, level=body.level,
                                language=body.language, title=body.title,
                                author=user.username)
    response.headers["Location"] = f"/api/v1/maps/{info.id}"
    return info


@router.get("/due", response_model=list[DueRow],
            summary="Maps past their review date or whose numbers moved")
def due(request: Request, user: Reader,
        threshold: Annotated[float | None, Query(ge=0, le=100, description=(
            "Relative change that counts as moved (default: documents.review_threshold)"))
                             ] = None) -> list:
    return rows(workspace(request).maps.due(threshold=threshold))


@router.get("/compare", response_model=list[CompareRow],
            summary="A current-state map beside a future-state map")
def compare(request: Request, user: Reader,
            current: Annotated[int, Query(ge=1, le=2**31 - 1)],
            future: Annotated[int, Query(ge=1, le=2**31 - 1)]) -> list:
    return rows(workspace(request).maps.compare(current, future))


@router.get("/{map_id}", response_model=JourneyMap, summary="A map's document",
            responses={200: {"headers": {"ETag": {
                "description": "The version, to send back as base_version",
                "schema": {"type": "string"}}}}})
def get_map(request: Request, response: Response, user: Reader, map_id: MapId,
            version: Version = None) -> JourneyMap:
    maps = workspace(request).maps
    version = version or maps.info(map_id).head
    doc = maps.get(map_id, version)
    response.headers["ETag"] = f'"{version}"'
    return doc


@router.put("/{map_id}", response_model=VersionInfo, openapi_extra=DOCUMENT_BODY,
            summary="Save the next version of a map")
def save_map(request: Request, user: Editor, map_id: MapId, doc: Document,
             base_version: Annotated[int | None, Query(ge=1, le=2**31 - 1, description=(
                 "The version the change started from; 409 if a newer one was saved"))
                                     ] = None,
             message: Annotated[str, Query(max_length=500)] = "") -> Any:
    return save(request, map_id, doc, user, message, base_version)


@router.delete("/{map_id}", status_code=204, summary="Delete a map and all its versions")
def delete_map(request: Request, user: Editor, map_id: MapId) -> Response:
    workspace(request).maps.delete(map_id)
    return Response(status_code=204)


@router.get("/{map_id}/versions", response_model=list[VersionInfo],
            summary="Every saved version, oldest first")
def versions(request: Request, user: Reader, map_id: MapId) -> list[VersionInfo]:
    return workspace(request).maps.history(map_id)


@router.get("/{map_id}/diff", response_model=list[DiffRow],
            summary="What changed between two versions")
def diff(request: Request, user: Reader, map_id: MapId, old: Version = None,
         new: Version = None) -> list:
    return rows(workspace(request).maps.diff(map_id, old, new))


@router.get("/{map_id}/check", response_model=list[CheckRow],
            summary="What the map still lacks, by the six steps of journey mapping")
def check(request: Request, user: Reader, map_id: MapId, language: Language | None = None
          ) -> list:
    return rows(workspace(request).maps.check(map_id, language))


@router.post("/{map_id}/refresh", response_model=VersionInfo,
             summary="Recompute the map's bound numbers")
def refresh(request: Request, user: Editor, map_id: MapId) -> VersionInfo:
    with engine_of(request) as ws:
        return ws.maps.refresh(map_id, author=user.username)


@router.post("/{map_id}/review", response_model=VersionInfo,
             summary="Record a review: the review clock restarts")
def review(request: Request, user: Editor, map_id: MapId,
           body: Annotated[ReviewIn | None, Body()] = None) -> VersionInfo:
    return workspace(request).maps.review(map_id, user.username,
                                          body.cadence_months if body else None)


@router.post("/{map_id}/comments", status_code=201, response_model=VersionInfo,
             summary="Comment on a cell (saved as a new version)")
def comment(request: Request, user: Editor, map_id: MapId, body: CommentIn) -> Any:
    doc = workspace(request).maps.get(map_id)
    try:
        cell = doc.cell(body.stage, body.lane)
    except KeyError as exc:
        raise MapError(f"map {map_id} has no stage '{body.stage}' or no lane '{body.lane}'",
                       field="stage", hint="give the ids of a stage and a lane of the map"
                       ) from exc
    cell.comments.append(Comment(author=user.username, at=datetime.now(UTC), text=body.text))
    return save(request, map_id, doc, user, Note("commented"), body.base_version)
