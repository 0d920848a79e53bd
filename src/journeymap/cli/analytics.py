"""Analytics verbs: ``funnel`` (more join as they are built). Thin: parse, call the
workspace, present a Rich table or JSON."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import typer

from journeymap.cli.common import JsonOption, open_workspace
from journeymap.cli.output import console, err_console, local_times, print_json, print_table
from journeymap.engine.portable import SECONDS_PER_DAY
from journeymap.render.durations import human_duration

_BETWEEN = re.compile(r"^(.*)@(\d+)-(\d+)$")


def _exclusion(text: str) -> dict[str, object]:
    """``STEP`` or ``STEP@A-B`` (between steps A and B, 1-based)."""
    found = _BETWEEN.match(text.strip())
    if not found:
        return {"step": text}
    return {"step": found.group(1), "between": (int(found.group(2)), int(found.group(3)))}


def _steps_view(table: pa.Table) -> pa.Table:
    """Percentages and durations as people read them."""
    rows = []
    for r in table.to_pylist():
        row = {"breakdown": r["breakdown"]} if "breakdown" in r else {}
        row |= {
            "step": r["step"],
            "name": r["name"] + (" (optional)" if r["optional"] else ""),
            "entered": r["entered"],
            "from previous": _pct(r["conversion_from_previous"]),
            "from first": _pct(r["conversion_from_first"]),
            "dropped": r["dropped"],
            "median time": human_duration(r["median_seconds_from_previous"]),
            "p90 time": human_duration(r["p90_seconds_from_previous"]),
        }
        rows.append(row)
    return pa.Table.from_pylist(rows) if rows else table


def _trend_view(table: pa.Table) -> pa.Table:
    rows = [r | {"conversion": _pct(r["conversion"])} for r in table.to_pylist()]
    return pa.Table.from_pylist(rows) if rows else table


def _write_chart(result: object, chart: Path | None) -> None:
    """``--chart``: the result's Plotly figure as a self-contained HTML file."""
    if chart is not None:
        result.figure().write_html(chart, include_plotlyjs=True)  # type: ignore[attr-defined]
        err_console.print(f"Wrote the chart to {chart}")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def funnel(
    ctx: typer.Context,
    steps: Annotated[list[str], typer.Argument(
        help="Steps in order: a touchpoint (globs with *), stage:NAME, filters in [...], "
             "a trailing ? for optional. Example: 'page_view:/pricing' demo_request deal_won")],
    order: Annotated[str, typer.Option(help="ordered, strict or any.")] = "ordered",
    window: Annotated[str, typer.Option(help="Conversion window from step 1: 30d, 12h, 2w."
                                        )] = "30d",
    level: Annotated[str, typer.Option(help="Count persons or accounts.")] = "person",
    exclude: Annotated[list[str] | None, typer.Option(
        help="Drop journeys where this step happens between two steps: STEP or STEP@A-B.")
    ] = None,
    by: Annotated[str | None, typer.Option(
        "--by", help="Breakdown: an event field at entry (channel, utm_campaign, "
                     "properties.KEY), journey.COLUMN or account.COLUMN.")] = None,
    since: Annotated[str | None, typer.Option(help="First entry date (UTC, YYYY-MM-DD).")
                     ] = None,
    until: Annotated[str | None, typer.Option(help="Entries before this date.")] = None,
    trend: Annotated[str | None, typer.Option(
        help="Also show conversion by day, week or month of entry.")] = None,
    dropped: Annotated[int | None, typer.Option(
        help="List who reached the step before step N but not step N.")] = None,
    export: Annotated[Path | None, typer.Option(
        help="With --dropped: write the list to a .csv or .xlsx file.")] = None,
    chart: Annotated[Path | None, typer.Option(
        help="Write the funnel chart to an .html file (opens in any browser).")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Funnel: persons or accounts reaching each step, conversion, drop-off, time."""
    with open_workspace(ctx) as ws:
        result = ws.funnel(steps, order=order, window=window, level=level,
                           exclude=[_exclusion(x) for x in exclude or []], breakdown=by,
                           since=since, until=until)
        trend_result = result.trend(trend) if trend else None
        gone = result.dropped(dropped) if dropped is not None else None
        tz = ws.settings.timezone
    if gone is not None and export is not None:
        from journeymap.render.table_file import write_table

        write_table(gone.table, export, sheet="dropped")
    _write_chart(result, chart)
    if as_json:
        payload = result.to_dict()
        if trend_result is not None:
            payload["trend"] = trend_result.to_dict()
        if gone is not None:
            payload["dropped"] = gone.to_dict()
        print_json(payload)
        return
    print_table(_steps_view(result.table), f"{level} funnel: {result.title}", limit=None)
    if result.excluded:
        console.print(f"[dim]{result.excluded:,} {level}s excluded by exclusion steps[/]")
    if trend_result is not None:
        print_table(_trend_view(trend_result.table), trend_result.title, limit=limit)
    if gone is not None:
        print_table(local_times(gone.table, tz), f"{gone.title} (times in {tz})", limit=limit)
        if export is not None:
            console.print(f"Wrote {len(gone):,} rows to {export}")


def retention(
    ctx: typer.Context,
    period: Annotated[str, typer.Option(help="Cohorts by day, week or month.")] = "week",
    periods: Annotated[int, typer.Option(help="Later periods to count.")] = 12,
    level: Annotated[str, typer.Option(help="Count persons or accounts.")] = "person",
    start: Annotated[str | None, typer.Option(
        help="The step that starts an actor (default: any event), e.g. purchase.")] = None,
    returning: Annotated[str | None, typer.Option(
        help="The step that counts as coming back (default: any event).")] = None,
    since: Annotated[str | None, typer.Option(help="First start date (UTC).")] = None,
    until: Annotated[str | None, typer.Option(help="Starts before this date.")] = None,
    chart: Annotated[Path | None, typer.Option(help="Write the heatmap to an .html file.")
                     ] = None,
    as_json: JsonOption = False,
) -> None:
    """Retention cohorts: who came back in each period after starting."""
    with open_workspace(ctx) as ws:
        result = ws.retention(period, periods=periods, level=level, start=start,
                              returning=returning, since=since, until=until)
    _write_chart(result, chart)
    if as_json:
        print_json(result)
        return
    matrix = result.matrix()
    rows = [{"cohort": str(c), "size": s, **{str(k): _pct(None if v != v else v)
                                           for k, v in values.items()}}
            for (c, s), values in matrix.iterrows()]
    print_table(pa.Table.from_pylist(rows), result.title, limit=None)


def time_to_convert(
    ctx: typer.Context,
    level: Annotated[str, typer.Option(help="Persons or accounts.")] = "person",
    start: Annotated[str | None, typer.Option(help="Start step (default: first touch).")
                     ] = None,
    end: Annotated[str | None, typer.Option(
        help="End step (default: a conversion touchpoint of the settings).")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", help="Breakdown: journey.COLUMN or account.COLUMN.")] = None,
    trend: Annotated[str, typer.Option(help="Trend by day, week or month of start.")
                     ] = "month",
    since: Annotated[str | None, typer.Option(help="First start date (UTC).")] = None,
    until: Annotated[str | None, typer.Option(help="Starts before this date.")] = None,
    chart: Annotated[Path | None, typer.Option(
        help="Write the Kaplan-Meier curve to an .html file.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Time to convert: days from first touch (or a step) to conversion, with censoring."""
    with open_workspace(ctx) as ws:
        result = ws.time_to_convert(level=level, start=start, end=end, breakdown=by,
                                    trend=trend, since=since, until=until)
    _write_chart(result, chart)
    if as_json:
        print_json(result)
        return
    print_table(result.table, f"{result.title} (days; converters only)", limit=None)
    console.print("[dim]The Kaplan-Meier curve (open journeys censored) is in --json and "
                  "--chart.[/]")


def stages(
    ctx: typer.Context,
    level: Annotated[str, typer.Option(help="Persons or accounts.")] = "account",
    period: Annotated[str | None, typer.Option(
        help="Compare journeys started in the last PERIOD (e.g. 90d) with the one before.")
    ] = None,
    chart: Annotated[Path | None, typer.Option(help="Write the bars to an .html file.")
                     ] = None,
    as_json: JsonOption = False,
) -> None:
    """Stage completion: reached, moved on, stage-to-stage conversion, days in stage."""
    with open_workspace(ctx) as ws:
        result = ws.stages(level=level, period=period)
    _write_chart(result, chart)
    if as_json:
        print_json(result)
        return
    rows = []
    for r in result.to_dict():
        row = {"stage": r["stage"], "reached": r["reached"],
               "share reached": _pct(r["share_reached"]),
               "moved on": _pct(r["share_moved_on"]), "to next": _pct(r["conversion_to_next"]),
               "median in stage": human_duration(_secs(r["median_days_in_stage"])),
               "p90 in stage": human_duration(_secs(r["p90_days_in_stage"]))}
        if "previous_share_reached" in r:
            row |= {"reached (prev)": _pct(r["previous_share_reached"]),
                    "to next (prev)": _pct(r["previous_conversion_to_next"]),
                    "median (prev)": human_duration(_secs(r["previous_median_days_in_stage"]))}
        rows.append(row)
    print_table(pa.Table.from_pylist(rows), result.title, limit=None)


def _secs(days: float | None) -> float | None:
    return None if days is None else days * SECONDS_PER_DAY


def paths(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Argument(
        help="Paths after (or --before) the first time this step happens; "
             "default: from the first touch.")] = None,
    before: Annotated[bool, typer.Option("--before", help="The steps before START.")] = False,
    depth: Annotated[int, typer.Option(help="Steps per path.")] = 5,
    step_by: Annotated[str, typer.Option(
        help="Name steps by this field: touchpoint, channel, utm_campaign, properties.KEY."
    )] = "touchpoint",
    include: Annotated[str | None, typer.Option(
        help="Only these events make steps, e.g. 'page_view:*'.")] = None,
    keep_loops: Annotated[bool, typer.Option(
        "--keep-loops", help="Do not collapse repeats of the same step.")] = False,
    level: Annotated[str, typer.Option(help="Persons or accounts.")] = "person",
    view: Annotated[str, typer.Option(
        help="top (top paths), tree (next/previous-step tree), sankey (flows) or compare "
             "(steps of converters vs non-converters).")] = "top",
    top: Annotated[int, typer.Option(help="Paths to show; Sankey: names kept per step.")
                   ] = 20,
    min_share: Annotated[float, typer.Option(
        help="Tree and Sankey: hide branches below this share.")] = 0.02,
    chart: Annotated[Path | None, typer.Option(help="Write the Sankey to an .html file.")
                     ] = None,
    as_json: JsonOption = False,
) -> None:
    """Paths and flows: top paths, next-step trees, Sankey, converters vs non-converters."""
    with open_workspace(ctx) as ws:
        if view == "compare":
            result = ws.compare_paths(level=level, step_by=step_by)
        else:
            result = ws.paths(start, direction="before" if before else "after", depth=depth,
                              step_by=step_by, include=include, collapse_loops=not keep_loops,
                              level=level, top=top)
    if view == "tree":
        result = result.tree(min_share=min_share)
    elif view == "sankey":
        result = result.sankey(top_per_step=top, min_share=min_share)
    elif view not in ("top", "compare"):
        from journeymap.errors import AnalysisError

        raise AnalysisError(f"unknown view '{view}'", field="view",
                            hint="use top, tree, sankey or compare")
    if hasattr(result, "figure"):
        _write_chart(result, chart)
    if as_json:
        print_json(result)
        return
    print_table(result.table, result.title, limit=None if view == "sankey" else top * 5)


def friction(
    ctx: typer.Context,
    level: Annotated[str, typer.Option(help="Persons or accounts.")] = "account",
    inactive_days: Annotated[float, typer.Option(
        help="A journey silent this long without converting is abandoned.")] = 30,
    loop_min: Annotated[int, typer.Option(help="Repeats in a row that make a loop.")] = 3,
    break_days: Annotated[float, typer.Option(help="Days without a touch that make a break.")
                          ] = 30,
    segment_by: Annotated[str | None, typer.Option(
        help="Compare stage conversion across this journey./account. column.")] = None,
    history_days: Annotated[float, typer.Option(
        help="History check: moved on to the next stage within this many days.")] = 60,
    recent_days: Annotated[float, typer.Option(
        help="History check: journeys that entered a stage this recently vs earlier ones.")
    ] = 90,
    top: Annotated[int, typer.Option(help="Items to list.")] = 30,
    as_json: JsonOption = False,
) -> None:
    """Friction points: one ranked list with the evidence for each."""
    with open_workspace(ctx) as ws:
        result = ws.friction(level=level, inactive_days=inactive_days, loop_min=loop_min,
                             break_days=break_days, segment_by=segment_by,
                             history_days=history_days, recent_days=recent_days, top=top)
    if as_json:
        print_json(result)
        return
    rows = [{"#": r["rank"], "kind": r["kind"], "stage": r["stage"], "where": r["where"],
             "affected": r["affected"], "conv.": _pct(r["conversion_affected"]),
             "others": _pct(r["conversion_others"]), "lost": r["lost_conversions"],
             "evidence": r["evidence"]} for r in result.to_dict()]
    print_table(pa.Table.from_pylist(rows) if rows else result.table, result.title, limit=None)
