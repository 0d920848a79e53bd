"""Analytics on built demo workspaces against hand-written DuckDB SQL and the pandas
reference of the tests, in the same process on the same data.

    python benchmarks/analytics.py --sizes 1000000 10000000 [--repeats 3]

The workspace of each size is ingested and built once and cached in benchmarks/data/.
Before timing, the funnel's step counts are checked against the SQL and against pandas.
Results go to benchmarks/RESULTS.md (rows keyed by operation and size).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT.parent)]

import journeymap as jm
from journeymap.analytics.funnel import funnel_actor_table, step_counts

from memory import peak_rss
from results_file import Row, measure_sizes
from run import DATA, demo_files

FIVE = ["ad_click", "page_view:/pricing", "demo_request", "sales_meeting", "opportunity_created"]
#: Eight steps of similar selectivity, so the 8-vs-3 ratio measures the cost per step.
EIGHT = ["newsletter_sent", "newsletter_opened", "newsletter_clicked", "page_view:/pricing",
         "webinar_registered", "webinar_attended", "demo_request", "sales_meeting"]
THREE = EIGHT[:3]


def built_workspace(events: int) -> jm.Workspace:
    """The demo of this size, ingested and built once (cached next to the files)."""
    folder = DATA / f"ws-{events}"
    if not (folder / ".built").exists():
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        ws = jm.init_workspace(folder)
        ws.ingest_plan(demo_files(events) / "sources.toml")
        ws.build()
        ws.close()
        (folder / ".built").write_text("ok")
    return jm.Workspace(folder)


def funnel_sql(steps: list[str], window_days: int) -> str:
    """The same first-entry ordered funnel, written by hand: number the matching events per
    person, then one grouped join per step. Touchpoints are literals or ``prefix*``."""
    def match(tp: str) -> str:
        return (f"starts_with(touchpoint, '{tp[:-1]}')" if tp.endswith("*")
                else f"touchpoint = '{tp}'")

    flags = ", ".join(f"{match(tp)} AS f{k}" for k, tp in enumerate(steps))
    any_flag = " OR ".join(match(tp) for tp in steps)
    parts = [
        f"m AS (SELECT person_id, ts, {', '.join(f'f{k}' for k in range(len(steps)))}, "
        f"row_number() OVER (PARTITION BY person_id ORDER BY ts, event_id) AS seq "
        f"FROM (SELECT person_id, ts, event_id, {flags} FROM touches "
        f"WHERE person_id IS NOT NULL AND ({any_flag})))",
        f"s0 AS (SELECT person_id, min(seq) AS q, min(ts) AS t, "
        f"min(ts) + INTERVAL {window_days} DAY AS dl FROM m WHERE f0 GROUP BY person_id)",
    ]
    for k in range(1, len(steps)):
        parts.append(
            f"s{k} AS (SELECT m.person_id, min(m.seq) AS q, min(m.ts) AS t, any_value(p.dl) AS dl "
            f"FROM m JOIN s{k - 1} p USING (person_id) WHERE m.f{k} AND m.seq > p.q "
            f"AND m.ts <= p.dl GROUP BY m.person_id)")
    counts = ", ".join(f"(SELECT count(*) FROM s{k})" for k in range(len(steps)))
    return "WITH " + ", ".join(parts) + f" SELECT {counts}"


def paths_sql(start: str | None, depth: int) -> str:
    """Paths of ``depth`` touchpoints (repeats collapsed) after the first ``start``, or from
    the first touch, counted per distinct path — the same answer as ``ws.paths``."""
    anchor = (f"JOIN (SELECT person_id, min(seq) AS a FROM n WHERE touchpoint = '{start}' "
              f"GROUP BY person_id) x USING (person_id) WHERE seq > a" if start else "")
    cols = ", ".join(f"max(name) FILTER (WHERE r = {k}) AS s{k}" for k in range(1, depth + 1))
    keys = ", ".join(f"s{k}" for k in range(1, depth + 1))
    everyone = (f"(SELECT DISTINCT person_id FROM n WHERE touchpoint = '{start}')" if start
                else "(SELECT DISTINCT person_id FROM n)")
    seq = (", row_number() OVER (PARTITION BY person_id ORDER BY ts, event_id) AS seq"
           if start else "")
    return f"""
    WITH n AS (SELECT person_id, ts, event_id, touchpoint, coalesce(touchpoint, '(none)') AS name
                      {seq} FROM touches WHERE person_id IS NOT NULL),
    f AS (SELECT n.* FROM n {anchor}),
    c AS (SELECT *, lag(name) OVER (PARTITION BY person_id ORDER BY ts, event_id) AS prev FROM f),
    d AS (SELECT person_id, name,
                 row_number() OVER (PARTITION BY person_id ORDER BY ts, event_id) AS r
          FROM c WHERE prev IS NULL OR prev <> name),
    p AS (SELECT person_id, {cols}, bool_or(r > {depth}) AS more FROM d GROUP BY person_id),
    e AS (SELECT {keys}, coalesce(p.more, false) AS more FROM {everyone} w
          LEFT JOIN p USING (person_id))
    SELECT {keys}, more, count(*) AS actors FROM e GROUP BY ALL"""


RETENTION_SQL = """
WITH t AS (SELECT person_id, ts, event_id, ts + INTERVAL 9 HOUR AS lt FROM touches
           WHERE person_id IS NOT NULL),
s AS (SELECT person_id, min(ts) AS st, arg_min(event_id, (ts, event_id)) AS sid,
             date_trunc('week', min(lt))::DATE AS cohort FROM t GROUP BY person_id),
r AS (SELECT DISTINCT s.cohort, t.person_id,
             date_diff('day', s.cohort, date_trunc('week', t.lt)) // 7 AS period
      FROM t JOIN s USING (person_id)
      WHERE (t.ts > s.st OR (t.ts = s.st AND t.event_id > s.sid)))
SELECT cohort, period, count(*) AS actors FROM r WHERE period BETWEEN 1 AND 12 GROUP BY ALL"""


def ours(ws: jm.Workspace, steps: list[str]) -> list[int]:
    return ws.funnel(steps, window="30d").table.column("entered").to_pylist()


def timed(fn: Callable[[], object], repeats: int) -> tuple[list[float], float, object]:
    times, peak, out = [], 0.0, None
    for _ in range(repeats):
        with peak_rss() as mem:
            start = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - start)
        peak = max(peak, mem["peak"] / 2**20)
    return times, peak, out


def pandas_reference(ws: jm.Workspace, steps: list[str]) -> list[int]:
    """The tests' reference: a Python walk over each person's events."""
    from journeymap.analytics.funnel_spec import FunnelSpec
    from tests.analytics.test_funnel_reference import reference

    cols = ["event_id", "ts", "touchpoint", "person_id", "account_id", "stage", "channel"]
    df = ws.engine.to_arrow(ws.engine.table("touches").select(*cols)).to_pandas()
    spec = FunnelSpec(steps=steps, window="30d")
    return [r["entered"] for r in reference(df, spec)]


def bench_size(events: int, repeats: int, with_pandas: bool) -> tuple[list[Row], list[str]]:
    ws = built_workspace(events)
    con = ws.engine.con.con  # the DuckDB connection under Ibis: the hand-written baseline
    rows, notes = [], []
    sql = funnel_sql(FIVE, 30)
    expected = list(con.sql(sql).fetchall()[0])
    got = ours(ws, FIVE)
    if got != expected:
        raise SystemExit(f"funnel counts disagree: journeymap {got}, SQL {expected}")
    base_t, _, _ = timed(lambda: con.sql(sql).fetchall(), repeats)
    our_t, peak, _ = timed(lambda: ours(ws, FIVE), repeats)
    rows.append(Row("5-step funnel, 30 d (baseline: hand-written SQL)", events, min(our_t),
                    statistics.median(our_t), "DuckDB SQL", min(base_t),
                    events / min(our_t), peak))
    compiled = ws.funnel(FIVE, window="30d")
    spec = compiled.spec
    query = step_counts(funnel_actor_table(ws.engine, spec), spec, False)
    run_t, _, _ = timed(lambda: ws.engine.to_arrow(query), repeats)
    notes.append(f"{events:,} events: 5-step funnel {got}; hand SQL {min(base_t):.3f} s, "
                 f"journeymap {min(our_t):.3f} s of which the query alone "
                 f"{min(run_t):.3f} s (the rest: checks and compiling)")
    three_t, _, _ = timed(lambda: ours(ws, THREE), repeats)
    eight_t, peak8, _ = timed(lambda: ours(ws, EIGHT), repeats)
    rows.append(Row("8-step funnel (baseline: 3-step funnel)", events, min(eight_t),
                    statistics.median(eight_t), "journeymap 3-step", min(three_t),
                    events / min(eight_t), peak8))
    rows += bench_paths_and_retention(ws, con, events, repeats, notes)
    if with_pandas:  # last: the whole table in pandas stays in the process's resident set
        pd_t, _, pd_counts = timed(lambda: pandas_reference(ws, FIVE), 1)
        if pd_counts != expected:
            raise SystemExit(f"pandas reference disagrees: {pd_counts} vs {expected}")
        rows.append(Row("5-step funnel, 30 d (baseline: pandas reference)", events,
                        min(our_t), statistics.median(our_t), "pandas reference",
                        min(pd_t), events / min(our_t), peak))
    ws.close()
    return rows, notes


def _path_key(row: dict, depth: int) -> tuple:
    steps = tuple(row[f"s{k}"] or "" for k in range(1, depth + 1))
    return (*steps, bool(row["more"]), row["actors"])


def bench_paths_and_retention(ws: jm.Workspace, con, events: int, repeats: int,
                              notes: list[str]) -> list[Row]:
    """Next-step paths after one touchpoint, a 5-step Sankey, weekly retention."""
    rows = []
    cases = [("next-step paths after demo_request, 5 steps", "demo_request",
              lambda: ws.paths("demo_request", depth=5).tree()),
             ("Sankey of the first 5 steps", None, lambda: ws.paths(depth=5).sankey())]
    for label, start, run in cases:
        sql = paths_sql(start, 5)
        expected = sorted(_path_key(r, 5) for r in con.sql(sql).to_arrow_table().to_pylist())
        got = sorted(_path_key(r, 5) for r in ws.paths(start, depth=5).counts.to_pylist())
        if got != expected:
            raise SystemExit(f"{label}: path counts disagree with the SQL")
        base_t, _, _ = timed(lambda sql=sql: con.sql(sql).to_arrow_table(), repeats)
        our_t, peak, _ = timed(run, repeats)
        rows.append(Row(label + " (baseline: hand-written SQL)", events, min(our_t),
                        statistics.median(our_t), "DuckDB SQL", min(base_t),
                        events / min(our_t), peak))
    expected = {(r["cohort"], r["period"]): r["actors"]
                for r in con.sql(RETENTION_SQL).to_arrow_table().to_pylist()}
    got = {(r["cohort"], r["period"]): r["actors"]
           for r in ws.retention("week", periods=12).to_dict()["cohorts"]
           if r["period"] > 0 and r["actors"]}
    if got != {k: v for k, v in expected.items() if v}:
        raise SystemExit("weekly retention disagrees with the SQL")
    base_t, _, _ = timed(lambda: con.sql(RETENTION_SQL).to_arrow_table(), repeats)
    our_t, peak, _ = timed(lambda: ws.retention("week", periods=12), repeats)
    rows.append(Row("weekly retention, 12 weeks (baseline: hand-written SQL)", events,
                    min(our_t), statistics.median(our_t), "DuckDB SQL", min(base_t),
                    events / min(our_t), peak))
    notes.append(f"{events:,} events: paths, Sankey and retention answers equal the SQL's")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-pandas", action="store_true", help="skip the slow pandas baseline")
    args = parser.parse_args()
    measure_sizes(args.sizes, lambda size: bench_size(size, args.repeats, not args.no_pandas))


if __name__ == "__main__":
    main()
