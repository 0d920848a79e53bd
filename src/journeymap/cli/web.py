"""Verbs ``serve`` (the web app) and ``user`` (who may sign in to it)."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from journeymap.cli.common import JsonOption, open_workspace
from journeymap.cli.output import console, print_json

user_app = typer.Typer(help="Users of the web app and their API tokens.", no_args_is_help=True)


def serve(ctx: typer.Context,
          host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
          https: Annotated[bool, typer.Option(
              "--https", help="Served behind HTTPS: mark the session cookie Secure.")] = False,
          ) -> None:
    """Serve the web app and the REST API of the workspace."""
    import uvicorn

    from journeymap.web.app import create_app

    ws = open_workspace(ctx)
    app = create_app(ws, https=https)
    if not app.state.users.list():
        console.print("[yellow]No users yet: add one with journeymap user add NAME "
                      "--role admin[/]")
    console.print(f"journeymap web app on [bold]http://{host}:{port}[/] "
                  f"(workspace {ws.path}); Ctrl+C stops it")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        app.state.jobs.shutdown()
        ws.close()


def _users(ctx: typer.Context):
    from journeymap.web.users import Users

    ws = open_workspace(ctx)
    return ws, Users(ws.maps.store)


@user_app.command("add")
def add(ctx: typer.Context, username: Annotated[str, typer.Argument(help="User name.")],
        role: Annotated[str, typer.Option(help="viewer, editor or admin.")] = "viewer",
        password: Annotated[str | None, typer.Option(
            help="Password (asked for when not given; at least 8 characters).")] = None,
        ) -> None:
    """Add a user who can sign in to the web app."""
    if password is None:
        password = getpass.getpass("Password: ")
    ws, users = _users(ctx)
    with ws:
        user = users.add(username, password, role)
    console.print(f"Added user [bold]{user.username}[/] ({user.role})")


@user_app.command("list")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Users and their roles."""
    ws, users = _users(ctx)
    with ws:
        rows = [{"username": u.username, "role": str(u.role)} for u in users.list()]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        console.print(f"{row['username']}  {row['role']}")


@user_app.command("role")
def role(ctx: typer.Context, username: Annotated[str, typer.Argument(help="User name.")],
         new_role: Annotated[str, typer.Argument(help="viewer, editor or admin.")]) -> None:
    """Change a user's role."""
    ws, users = _users(ctx)
    with ws:
        user = users.set_role(username, new_role)
    console.print(f"{user.username} is now {user.role}")


@user_app.command("token")
def token(ctx: typer.Context, username: Annotated[str, typer.Argument(help="User name.")],
          name: Annotated[str, typer.Option(help="What the token is for.")] = "script",
          ) -> None:
    """Create an API token for scripts (shown once: send it as 'Authorization: Bearer …')."""
    ws, users = _users(ctx)
    with ws:
        print(users.create_token(username, name))


@user_app.command("tokens")
def tokens(ctx: typer.Context,
           username: Annotated[str | None, typer.Argument(help="Only this user's.")] = None,
           as_json: JsonOption = False) -> None:
    """API tokens (id, user, what for, when made); the tokens themselves are never shown."""
    ws, users = _users(ctx)
    with ws:
        rows = [t.to_dict() for t in users.tokens(username)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("No API tokens.")
    for row in rows:
        console.print(f"{row['id']}  {row['username']}  {row['name']}  "
                      f"{row['created_at']:%Y-%m-%d %H:%M} UTC")


@user_app.command("revoke")
def revoke(ctx: typer.Context,
           token_id: Annotated[int, typer.Argument(help="The token's id (from user tokens).")],
           ) -> None:
    """Revoke an API token: scripts using it are refused from their next request."""
    ws, users = _users(ctx)
    with ws:
        gone = users.revoke_token(token_id)
    console.print(f"Revoked token {gone.id} ({gone.name}) of {gone.username}")
