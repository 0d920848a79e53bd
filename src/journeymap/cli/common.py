"""Helpers shared by the verbs: opening the workspace named by ``--workspace``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from journeymap.workspace import Workspace

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def open_workspace(ctx: typer.Context) -> Workspace:
    """The workspace of the global ``--workspace`` option (the current folder by default)."""
    root = ctx.find_root()
    path = root.obj if isinstance(root.obj, Path) else Path(".")
    return Workspace(path)
