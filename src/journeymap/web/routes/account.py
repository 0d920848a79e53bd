"""The signed-in user's own page: their role, a new password, and their API tokens.

Scripts and notebooks call the REST API with a token; here a person makes one (shown once,
then only its name and date), sees the ones they have, and revokes one that leaked or is no
longer used. Admins manage other users' tokens with the CLI or the API.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from journeymap.errors import NotFoundError
from journeymap.web.security import viewer
from journeymap.web.templating import gettext as _
from journeymap.web.templating import render
from journeymap.web.users import User, UserError

router = APIRouter(include_in_schema=False)
Signed = Annotated[User, Depends(viewer)]


def _page(request: Request, user: User, status_code: int = 200, **context: object
          ) -> Response:
    tokens = request.app.state.users.tokens(user.username)
    return render(request, "account.html", status_code=status_code, tokens=tokens,
                  **context)


@router.get("/account")
def account(request: Request, user: Signed, done: str = "") -> Response:
    return _page(request, user, done=done)


@router.post("/account/password")
def change_password(request: Request, user: Signed, current: Annotated[str, Form()],
                    new: Annotated[str, Form()], again: Annotated[str, Form()]) -> Response:
    if new != again:
        return _page(request, user, 400, password_error=_("The new passwords differ."))
    try:
        request.app.state.users.change_password(user.username, current, new)
    except UserError as exc:
        message = (_("The current password is not right.") if exc.field == "current"
                   else _("The password is shorter than 8 characters."))
        return _page(request, user, 400, password_error=message)
    return RedirectResponse("/account?done=password", status_code=303)


@router.post("/account/tokens")
def make_token(request: Request, user: Signed,
               name: Annotated[str, Form(min_length=1, max_length=100)]) -> Response:
    info, token = request.app.state.users.issue_token(user.username, name.strip() or "script")
    response = _page(request, user, 201, new_token=token, new_token_name=info.name)
    response.headers["Cache-Control"] = "no-store"  # the token is shown once, never cached
    return response


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, user: Signed, token_id: int) -> Response:
    try:
        request.app.state.users.revoke_token(token_id, user.username)
    except NotFoundError:
        return _page(request, user, 404, token_error=_("No such token."))
    return RedirectResponse("/account?done=revoked", status_code=303)
