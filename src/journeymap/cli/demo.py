"""Verb group ``demo``: realistic messy demo data with its ground truth."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from journeymap.cli.common import JsonOption
from journeymap.cli.output import console, print_json, print_record, progress_bar

app = typer.Typer(
    help="Demo data for a fictional Korean B2B SaaS company and a B2C shop.", no_args_is_help=True
)


@app.command("generate")
def generate(
    events: Annotated[int, typer.Option(help="Approximate number of events.")] = 200_000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = 7,
    out: Annotated[
        Path, typer.Option(help="Folder to write data/, mappings/, ground_truth/.")
    ] = Path("demo-data"),
    as_json: JsonOption = False,
) -> None:
    """Write messy source files, their mapping files, a load plan and the ground truth."""
    from journeymap.demo import generate as generate_demo

    with progress_bar(not as_json) as report:
        result = generate_demo(out, events=events, seed=seed, progress=report)
    if as_json:
        print_json(result)
        return
    print_record(result.to_dict(), "demo data")
    console.print(f"Load it with: journeymap ingest --plan {out / 'sources.toml'}")
