"""Verbs ``ingest``, ``rejected`` and ``loads``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from journeymap.cli.common import JsonOption, open_workspace
from journeymap.cli.output import console, print_json, print_table, progress_bar
from journeymap.errors import MappingError
from journeymap.results import LoadResult
from journeymap.workspace import MAPPINGS_DIR, Workspace


def ingest(
    ctx: typer.Context,
    files: Annotated[list[Path] | None, typer.Argument(help="Files to load.")] = None,
    source: Annotated[str | None, typer.Option(help="Source name (web, crm, ads, …).")] = None,
    mapping: Annotated[Path | None, typer.Option(help="Mapping file (TOML).")] = None,
    encoding: Annotated[str | None, typer.Option(help="CSV encoding, e.g. cp949.")] = None,
    suggest: Annotated[
        bool, typer.Option("--suggest", help="Draft a mapping and preview it.")
    ] = False,
    plan: Annotated[Path | None, typer.Option(help="A load plan (sources.toml) to run.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Load files onto the canonical event schema; rows that fail go to `rejected`."""
    with open_workspace(ctx) as ws:
        if suggest:
            _suggest(ws, files or [], source, encoding, as_json)
            return
        with progress_bar(not as_json) as report:
            results: list[LoadResult] = []
            if plan is not None:
                results += ws.ingest_plan(plan, progress=report)
            for file in files or []:
                results.append(
                    ws.ingest(file, source, mapping=mapping, encoding=encoding, progress=report)
                )
        if not results:
            raise MappingError("nothing to load", hint="give FILE … or --plan sources.toml")
        if as_json:
            print_json([r.to_dict() for r in results])
            return
        _print_loads(results)


def _print_loads(results: list[LoadResult]) -> None:
    import pyarrow as pa

    rows = [
        {
            "file": Path(r.file).name,
            "source": r.source,
            "rows read": r.rows_read,
            "loaded": r.loaded,
            "rejected": r.rejected,
            "already loaded": r.already_loaded,
            "seconds": round(r.seconds, 2),
        }
        for r in results
    ]
    print_table(pa.Table.from_pylist(rows), "loads", limit=None)
    rejected = sum(r.rejected for r in results)
    if rejected:
        console.print(
            f"[yellow]{rejected:,} rows rejected[/]: see them with [bold]journeymap rejected[/]"
        )


def _suggest(
    ws: Workspace, files: list[Path], source: str | None, encoding: str | None, as_json: bool
) -> None:
    if len(files) != 1 or source is None:
        raise MappingError("--suggest takes one FILE and --source NAME")
    draft = ws.suggest_mapping(files[0], source, encoding=encoding)
    target = ws.path / MAPPINGS_DIR / f"{source}.toml"
    if target.exists():
        target = target.with_suffix(".suggested.toml")
    target.write_text(draft.toml, encoding="utf-8")
    if as_json:
        print_json(
            {
                "mapping_file": str(target),
                "toml": draft.toml,
                "preview": draft.preview.to_dict(),
                "unmapped": list(draft.unmapped),
            }
        )
        return
    console.rule(f"suggested mapping → {target}")
    console.print(draft.toml, markup=False, highlight=False)
    preview = draft.preview.table
    filled = [n for n in preview.column_names if preview[n].null_count < preview.num_rows]
    print_table(
        preview.select(filled), "preview of the first rows, mapped (empty fields hidden)", limit=10
    )
    if draft.unmapped:
        console.print(f"kept in properties: {escape(', '.join(draft.unmapped))}")
    console.print(
        escape(f"Edit {target} if needed, then: journeymap ingest {files[0]} --source {source}")
    )


def rejected(
    ctx: typer.Context,
    reason: Annotated[str | None, typer.Option(help="Only this reason.")] = None,
    file: Annotated[str | None, typer.Option(help="Only rows of this file.")] = None,
    export: Annotated[
        Path | None, typer.Option(help="Write all matching rows to CSV/XLSX.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Rows that could not be loaded: file, row, field, raw value and what to do."""
    with open_workspace(ctx) as ws:
        result = ws.rejected(reason=reason, file=file)
        if export is not None:
            from journeymap.ingest.quarantine import write_rejected

            write_rejected(result.table, export)
            console.print(f"Wrote {len(result):,} rejected rows to {export}")
            return
    if as_json:
        print_json(result.table)
        return
    import pyarrow as pa

    table = result.table
    names = pa.array([Path(f).name for f in table["file"].to_pylist()], pa.string())
    shown = table.select(["row", "field", "raw_value", "reason", "message"]).add_column(
        0, "file", names
    )
    print_table(shown, f"{len(result):,} rejected rows", limit=limit)


def loads(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The history of loads: file, rows read, loaded, rejected, already loaded."""
    with open_workspace(ctx) as ws:
        result = ws.loads()
    if as_json:
        print_json(result.table)
        return
    print_table(result.table, "loads")
