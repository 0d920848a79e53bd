"""Who is calling, and API tokens for scripts.

Any signed-in user (or token) may create a token for themselves: it carries their role,
no more. Only an admin may create one for another user. A token is shown once; the
database keeps only its hash (``journeymap user token NAME`` makes one on the server).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from journeymap.web.api.common import Reader
from journeymap.web.security import Forbidden
from journeymap.web.users import Role

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


class TokenOut(BaseModel):
    token: str = Field(description="Send as 'Authorization: Bearer <token>'; shown once")
    username: str
    name: str


@router.get("/me", response_model=Me, summary="The user this session or token belongs to")
def me(user: Reader) -> Me:
    return Me(id=user.id, username=user.username, role=user.role)


@router.post("/tokens", status_code=201, response_model=TokenOut,
             summary="Create an API token")
def create_token(request: Request, user: Reader, body: TokenIn) -> TokenOut:
    username = body.username or user.username
    if username != user.username and not user.role.allows(Role.admin):
        raise Forbidden(Role.admin)
    token = request.app.state.users.create_token(username, body.name)
    return TokenOut(token=token, username=username, name=body.name)
