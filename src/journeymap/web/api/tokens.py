"""Who is calling, and API tokens for scripts.

Any signed-in user (or token) may create, list and revoke their own tokens: a token
carries its user's role, no more. Only an admin may do so for another user. A token is
shown once; the database keeps only its hash (``journeymap user token NAME`` makes one on
the server, ``journeymap user tokens`` lists them and ``journeymap user revoke ID``
revokes one).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from journeymap.web.api.common import Reader
from journeymap.web.security import Forbidden
from journeymap.web.users import Role, User

router = APIRouter(tags=["tokens"])


class Me(BaseModel):
    id: int
    username: str
    role: Role


class TokenIn(BaseModel):
    name: str = Field("script", min_length=1, max_length=100,
                      description="What the token is for (shown in lists)")
    username: str | None = Field(None, min_length=1, max_length=200, description=(
        "Whose token; default: yours. Another user's needs the admin role"))


class TokenInfo(BaseModel):
    """A token as lists show it (the token itself is never shown again)."""

    id: int
    username: str
    name: str
    created_at: datetime


class TokenOut(TokenInfo):
    token: str = Field(description="Send as 'Authorization: Bearer <token>'; shown once")


def _whose(user: User, username: str | None) -> str:
    """``username`` if the caller may manage their tokens (their own, or any as admin)."""
    username = username or user.username
    if username != user.username and not user.role.allows(Role.admin):
        raise Forbidden(Role.admin)
    return username


@router.get("/me", response_model=Me, summary="The user this session or token belongs to")
def me(user: Reader) -> Me:
    return Me(id=user.id, username=user.username, role=user.role)


@router.post("/tokens", status_code=201, response_model=TokenOut,
             summary="Create an API token")
def create_token(request: Request, user: Reader, body: TokenIn) -> TokenOut:
    info, token = request.app.state.users.issue_token(_whose(user, body.username), body.name)
    return TokenOut(token=token, **info.to_dict())


@router.get("/tokens", response_model=list[TokenInfo],
            summary="API tokens: yours, or an admin's pick (all users with all=true)")
def list_tokens(request: Request, user: Reader,
                username: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
                everyone: Annotated[bool, Query(alias="all")] = False) -> list[TokenInfo]:
    if everyone and not user.role.allows(Role.admin):
        raise Forbidden(Role.admin)
    users = request.app.state.users
    found = users.tokens() if everyone else users.tokens(_whose(user, username))
    return [TokenInfo(**t.to_dict()) for t in found]


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke an API token")
def revoke_token(request: Request, user: Reader,
                 token_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
    users = request.app.state.users
    users.revoke_token(token_id, None if user.role.allows(Role.admin) else user.username)
    return Response(status_code=204)
