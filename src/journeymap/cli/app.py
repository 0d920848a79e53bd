"""The ``journeymap`` command: thin verbs over :class:`journeymap.Workspace`.

Errors from the journeymap family print one clear line and exit with status 1, with no
traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from journeymap import __version__
from journeymap.cli import analytics as analytics_cmds
from journeymap.cli import build as build_cmds
from journeymap.cli import demo as demo_cmds
from journeymap.cli import identity as identity_cmds
from journeymap.cli import ingest as ingest_cmds
from journeymap.cli import journeys as journeys_cmds
from journeymap.cli import maps as maps_cmds
from journeymap.cli import web as web_cmds
from journeymap.cli.output import err_console
from journeymap.errors import JourneymapError

app = typer.Typer(
    name="journeymap",
    help="Data-driven customer journey mapping: ingest touchpoints, build journeys, analyse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"journeymap {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    workspace: Annotated[
        Path,
        typer.Option(
            "--workspace",
            "-w",
            envvar="JOURNEYMAP_WORKSPACE",
            help="Workspace folder (default: the current folder).",
        ),
    ] = Path("."),
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Global options."""
    ctx.obj = workspace


app.command("init")(build_cmds.init)
app.command("ingest")(ingest_cmds.ingest)
app.command("rejected")(ingest_cmds.rejected)
app.command("loads")(ingest_cmds.loads)
app.command("build")(build_cmds.build)
app.command("summary")(build_cmds.summary)
app.add_typer(journeys_cmds.app, name="journeys")
app.command("funnel")(analytics_cmds.funnel)
app.command("retention")(analytics_cmds.retention)
app.command("time-to-convert")(analytics_cmds.time_to_convert)
app.command("stages")(analytics_cmds.stages)
app.command("paths")(analytics_cmds.paths)
app.command("friction")(analytics_cmds.friction)
app.command("identities")(identity_cmds.identities)
app.command("forget")(identity_cmds.forget)
app.add_typer(maps_cmds.app, name="map")
app.add_typer(maps_cmds.maps_app, name="maps")
app.command("serve")(web_cmds.serve)
app.add_typer(web_cmds.user_app, name="user")
app.add_typer(demo_cmds.app, name="demo")


def main() -> None:
    """Console-script entry point: run the app, turn journeymap errors into one line."""
    try:
        app()
    except JourneymapError as exc:
        message = Text.assemble(("Error: ", "bold red"), exc.render())  # no markup in messages
        err_console.print(message, highlight=False, soft_wrap=True)
        sys.exit(1)
