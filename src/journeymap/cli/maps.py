"""Verb groups ``map`` (one journey map) and ``maps`` (all of them): thin over ``ws.maps``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pyarrow as pa
import typer
from rich.table import Table
from rich.text import Text

from journeymap.cli.common import JsonOption, open_workspace
from journeymap.cli.output import console, err_console, local_times, print_json, print_table
from journeymap.maps.items import item_text
from journeymap.maps.model import JourneyMap
from journeymap.maps.version_notes import Note
from journeymap.render.map_labels import bound_text, format_value
from journeymap.render.map_markdown import map_to_json

app = typer.Typer(help="One journey map: create, generate, show, version, export.",
                  no_args_is_help=True)
maps_app = typer.Typer(help="All journey maps of the workspace.", no_args_is_help=True)

MapId = Annotated[int, typer.Argument(help="Map id (see: journeymap map list).")]
Language = Annotated[str | None, typer.Option(help="ko or en (default: the workspace's).")]
Author = Annotated[str | None, typer.Option(help="Who saves (default: the OS user).")]


def _info_table(infos: list, tz: str) -> pa.Table:
    rows = [{"id": m.id, "title": m.title, "type": m.type, "owner": m.owner,
             "version": m.head, "updated_at": m.updated_at,
             "review every (months)": m.review_cadence_months,
             "last reviewed": m.last_reviewed_at} for m in infos]
    return local_times(pa.Table.from_pylist(rows), tz) if rows else pa.table({"id": []})


def print_map(doc: JourneyMap) -> None:
    """The map as a grid: stages as columns, lanes as rows."""
    console.print(Text(doc.title, style="bold"))
    meta = [doc.type.value, *(f"persona: {p.name}" for p in doc.personas)]
    if doc.scenario:
        meta.append(f"scenario: {doc.scenario}")
    console.print(Text(" · ".join(meta), style="dim"))
    grid = Table(header_style="bold cyan", show_lines=True)
    grid.add_column("")
    for stage in doc.stages:
        grid.add_column(stage.name, overflow="fold")
    for lane in doc.lanes:
        cells = []
        for stage in doc.stages:
            lines = []
            for item in doc.items(stage.id, lane.id):
                line = item_text(item)
                if item.kind == "kpi":
                    line += f": {format_value(item.current, item.unit)}"
                elif item.kind != "emotion" and bound_text(getattr(item, "binding", None)):
                    line += f": {bound_text(item.binding, doc.language)}"
                lines.append(line)
            cells.append(Text("\n".join(lines)))
        grid.add_row(Text(lane.name, style="bold"), *cells)
    console.print(grid)


@app.command("templates")
def templates(language: Language = None, as_json: JsonOption = False) -> None:
    """Templates a map can start from (Korean and English)."""
    from journeymap.maps.templates import list_templates

    rows = [{"name": t.name, "title": t.title, "type": str(t.type),
             "stages": " → ".join(t.stages), "description": t.description}
            for t in list_templates(language or "en")]
    if as_json:
        print_json(rows)
        return
    print_table(pa.Table.from_pylist(rows), "map templates", limit=None)


@app.command("new")
def new(ctx: typer.Context,
        template: Annotated[str, typer.Option(help="Template name (see: map templates).")],
        language: Language = None,
        title: Annotated[str | None, typer.Option(help="Title of the new map.")] = None,
        author: Author = None, as_json: JsonOption = False) -> None:
    """Create a map from a template."""
    with open_workspace(ctx) as ws:
        info = ws.maps.new(template, language=language, title=title, author=author)
    _created(info, as_json)


@app.command("generate")
def generate(ctx: typer.Context,
             persona: Annotated[str | None, typer.Option(
                 help="Persona of a stored map whose segment selects the journeys.")] = None,
             segment: Annotated[str | None, typer.Option(
                 help="Journeys to count, e.g. account.industry=retail.")] = None,
             accounts: Annotated[bool, typer.Option(
                 "--accounts", help="Count account journeys (B2B) instead of persons.")] = False,
             title: Annotated[str | None, typer.Option(help="Title of the map.")] = None,
             language: Language = None, author: Author = None,
             as_json: JsonOption = False) -> None:
    """Create a current-state map from the data: every number on it is bound."""
    with open_workspace(ctx) as ws:
        info = ws.maps.generate(persona=persona, segment=segment,
                                level="account" if accounts else "person",
                                language=language, title=title, author=author)
        doc = ws.maps.get(info.id)
    if as_json:
        print_json({"id": info.id, "version": info.head, "title": info.title})
        return
    print_map(doc)
    console.print(f"Created map [bold]{info.id}[/] from the data "
                  f"({sum(1 for _ in doc.bindings())} bound numbers)")


def _created(info, as_json: bool) -> None:
    if as_json:
        print_json({"id": info.id, "version": info.head, "title": info.title})
    else:
        console.print(f"Created map [bold]{info.id}[/]: {info.title}")


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """All maps, most recently changed first."""
    with open_workspace(ctx) as ws:
        infos = ws.maps.list()
        tz = ws.settings.timezone
    if as_json:
        print_json([vars(m) for m in infos])
        return
    print_table(_info_table(infos, tz), f"journey maps (times in {tz})", limit=None)


@app.command("show")
def show(ctx: typer.Context, map_id: MapId,
         version: Annotated[int | None, typer.Option(help="Version (default: latest).")] = None,
         as_json: JsonOption = False) -> None:
    """One map as a stages x lanes grid (``--json``: the whole document)."""
    with open_workspace(ctx) as ws:
        doc = ws.maps.get(map_id, version)
    if as_json:
        print(map_to_json(doc), end="")
        return
    print_map(doc)


@app.command("history")
def history(ctx: typer.Context, map_id: MapId, as_json: JsonOption = False) -> None:
    """Every saved version of a map, with author and time."""
    with open_workspace(ctx) as ws:
        versions = ws.maps.history(map_id)
        tz = ws.settings.timezone
    if as_json:
        print_json([vars(v) for v in versions])
        return
    table = pa.Table.from_pylist([{"version": v.version, "saved_at": v.created_at,
                                   "author": v.author, "message": v.message}
                                  for v in versions])
    print_table(local_times(table, tz), f"map {map_id} versions (times in {tz})", limit=None)


@app.command("diff")
def diff(ctx: typer.Context, map_id: MapId,
         old: Annotated[int | None, typer.Option("--from", help="Older version.")] = None,
         new: Annotated[int | None, typer.Option("--to", help="Newer version.")] = None,
         as_json: JsonOption = False) -> None:
    """Stages, lanes, cells and KPI values added, removed or changed between versions."""
    with open_workspace(ctx) as ws:
        result = ws.maps.diff(map_id, old, new)
    if as_json:
        print_json(result.table)
        return
    if not len(result):
        console.print(f"{result.title}: no changes")
        return
    print_table(result.table, result.title, limit=None)


@app.command("compare")
def compare(ctx: typer.Context,
            current: Annotated[int, typer.Argument(help="Current-state map id.")],
            future: Annotated[int, typer.Argument(help="Future-state map id.")],
            as_json: JsonOption = False) -> None:
    """A current-state map beside a future-state map, stage by stage, lane by lane."""
    with open_workspace(ctx) as ws:
        result = ws.maps.compare(current, future)
    if as_json:
        print_json(result.table)
        return
    print_table(result.table, result.title, limit=None)


@app.command("refresh")
def refresh(ctx: typer.Context,
            map_id: Annotated[int | None, typer.Argument(help="Map id (default: all).")] = None,
            as_json: JsonOption = False) -> None:
    """Recompute the bound numbers of a map (or of all maps) from the data."""
    with open_workspace(ctx) as ws:
        saved = [ws.maps.refresh(map_id)] if map_id is not None else ws.maps.refresh_all()
    if as_json:
        print_json([vars(v) for v in saved])
        return
    for v in saved:
        console.print(f"map {v.map_id}: version {v.version} — {v.message}")


@app.command("review")
def review(ctx: typer.Context, map_id: MapId,
           cadence: Annotated[int | None, typer.Option(
               help="Months until the next review (3 = quarterly, 6 = default).")] = None,
           author: Author = None) -> None:
    """Record that the map was reviewed today (restarts its review clock)."""
    with open_workspace(ctx) as ws:
        v = ws.maps.review(map_id, author=author, cadence_months=cadence)
    console.print(f"map {map_id} reviewed: version {v.version}")


@app.command("export")
def export(ctx: typer.Context, map_id: MapId,
           out: Annotated[Path, typer.Argument(
               help="File to write; its suffix picks the format: .json .md .mmd .svg .png "
                    ".pdf .pptx .xlsx .csv .xmind")],
           version: Annotated[int | None, typer.Option(help="Version (default: latest).")]
           = None) -> None:
    """Write a map to a file."""
    with open_workspace(ctx) as ws:
        path = ws.maps.export(map_id, out, version)
    err_console.print(f"Wrote map {map_id} to {path}")


@app.command("import")
def import_(ctx: typer.Context,
            file: Annotated[Path, typer.Argument(
                help="A .json map, a .csv/.xlsx grid (stages as columns, lanes as rows) or "
                     "an .xmind file.")],
            title: Annotated[str | None, typer.Option(help="Title of the new map.")] = None,
            author: Author = None, as_json: JsonOption = False) -> None:
    """Create a map from a file."""
    with open_workspace(ctx) as ws:
        info = ws.maps.import_file(file, author=author, title=title)
    _created(info, as_json)


@app.command("guide")
def guide(ctx: typer.Context,
          map_id: Annotated[int | None, typer.Argument(
              help="Map to complete (default: a new map from --template).")] = None,
          template: Annotated[str, typer.Option(
              help="Template a new map starts from.")] = "five-stage",
          check: Annotated[bool, typer.Option(
              "--check", help="Only list what is missing; ask nothing.")] = False,
          language: Language = None, author: Author = None,
          as_json: JsonOption = False) -> None:
    """Walk the six steps of journey mapping, asking for what the map still lacks."""
    from journeymap.cli.map_guide import run_guide

    with open_workspace(ctx) as ws:
        if check:
            if map_id is None:
                raise typer.BadParameter("--check needs a map id")
            result = ws.maps.check(map_id, language)
            if as_json:
                print_json(result.table)
            elif len(result):
                print_table(result.table.drop(["code"]), result.title, limit=None)
            else:
                console.print(f"map {map_id}: nothing is missing")
            return
        if map_id is None:
            from journeymap.maps.templates import load_template

            doc = load_template(template, language or ws.maps.language())
            done = run_guide(doc, console)
            info = ws.maps.create(done, author, message=Note("guided_from_template",
                                                               {"template": template}))
            console.print(f"Created map [bold]{info.id}[/]: {info.title}")
            return
        done = run_guide(ws.maps.get(map_id), console)
        version = ws.maps.save(map_id, done, author, message=Note("guided"))
        console.print(f"map {map_id}: version {version.version}")


@app.command("delete")
def delete(ctx: typer.Context, map_id: MapId,
           yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False) -> None:
    """Delete a map and all its versions."""
    if not yes:
        typer.confirm(f"Delete map {map_id} and all its versions?", abort=True)
    with open_workspace(ctx) as ws:
        ws.maps.delete(map_id)
    console.print(f"Deleted map {map_id}")


@maps_app.command("due")
def due(ctx: typer.Context,
        threshold: Annotated[float | None, typer.Option(
            help="Flag bound numbers that moved more than this share (0.2 = 20%) since the "
                 "last review (default: documents.review_threshold).")] = None,
        as_json: JsonOption = False) -> None:
    """Maps past their review date, or whose numbers moved since their last review."""
    with open_workspace(ctx) as ws:
        result = ws.maps.due(threshold=threshold)
        tz = ws.settings.timezone
    if as_json:
        print_json(result.table)
        return
    if not len(result):
        console.print("No map is due for review.")
        return
    print_table(local_times(result.table, tz), f"{result.title} (times in {tz})", limit=None)


maps_app.command("list")(list_)
