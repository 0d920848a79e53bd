"""Verbs ``identities`` (why records were merged) and ``forget`` (erase a person)."""

from __future__ import annotations

from typing import Annotated

import typer

from journeymap.cli.common import JsonOption, open_workspace
from journeymap.cli.output import console, print_json, print_record, print_table

KeyArgument = Annotated[
    str, typer.Argument(help="person_id, email, user id or anonymous id of the person.")
]


def identities(ctx: typer.Context, key: KeyArgument, as_json: JsonOption = False) -> None:
    """Show a person's identifiers and the events that linked them."""
    with open_workspace(ctx) as ws:
        result = ws.identities(key)
    if as_json:
        print_json(result)
        return
    result_dict = result.to_dict()
    header = {k: v for k, v in result_dict.items() if not hasattr(getattr(result, k), "table")}
    print_record(
        {k: v for k, v in header.items() if not isinstance(v, list | dict)},
        f"person {result_dict.get('person_id', key)}",
    )
    for name in ("identifiers", "links", "not_used"):
        part = getattr(result, name, None)
        if part is not None and hasattr(part, "table"):
            print_table(part.table, name.replace("_", " "))


def forget(
    ctx: typer.Context,
    key: KeyArgument,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Erase a person from every table (events, rejected rows, identities, journeys …)."""
    if not yes and not as_json:
        typer.confirm(f"Erase every record of '{key}' from the workspace?", abort=True)
    with open_workspace(ctx) as ws:
        result = ws.forget(key)
    if as_json:
        print_json(result)
        return
    print_record(result.to_dict(), "removed")
    console.print(
        "Done: the workspace tables no longer hold this person. "
        "Input files kept elsewhere are not touched."
    )
