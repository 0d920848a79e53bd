"""Web app latency: the overview dashboard and the map canvas under concurrent clients.

The app serves a built demo workspace (cached by ``analytics.py``) from uvicorn on a
loopback port; CLIENTS threads, each signed in with its own session, request the pages
in turn after a warm-up. The baseline is the sign-in page of the same server (what the
server, sessions and templates cost with no data), so the ratio shows what the data adds.
Rows: "best" is the p95 and "median" the p50 of the page's response times.

    .venv/bin/python benchmarks/web.py --sizes 1000000 10000000
"""

from __future__ import annotations

import argparse
import contextlib
import re
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import httpx2 as httpx
import uvicorn

from analytics import built_workspace
from memory import peak_rss
from results_file import Row, measure_sizes

CLIENTS = 4
PASSWORD = "benchmark-pass-1"


def prepare(ws) -> int:
    """A benchmark user and a generated account map (made once per workspace)."""
    from journeymap.web.users import UserError, Users

    with contextlib.suppress(UserError):  # added by an earlier run
        Users(ws.maps.store).add("bench", PASSWORD, "viewer")
    maps = [m for m in ws.maps.list() if m.title.startswith("bench:")]
    if maps:
        return maps[0].id
    return ws.maps.generate(level="account", title="bench: accounts").id


def serve(app) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def signed_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=300, follow_redirects=True)
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": "bench", "password": PASSWORD,
                                           "next": "/", "csrf_token": token})
    assert response.status_code == 200, response.status_code
    return client


def load(base: str, paths: list[str], rounds: int) -> dict[str, list[float]]:
    """Each of CLIENTS threads requests every path ``rounds`` times; seconds per path."""
    times: dict[str, list[float]] = {p: [] for p in paths}
    lock = threading.Lock()
    errors: list[BaseException] = []

    def client_run() -> None:
        try:
            measure()
        except BaseException as exc:  # a failed client must fail the benchmark
            errors.append(exc)

    def measure() -> None:
        client = signed_in(base)
        for path in paths:  # warm-up
            client.get(path)
        for _ in range(rounds):
            for path in paths:
                start = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - start
                assert response.status_code == 200, (path, response.status_code)
                with lock:
                    times[path].append(elapsed)
        client.close()

    threads = [threading.Thread(target=client_run) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def bench_size(events: int, rounds: int) -> tuple[list[Row], list[str]]:
    from journeymap.web.app import create_app

    ws = built_workspace(events)
    map_id = prepare(ws)
    app = create_app(ws)
    server, base = serve(app)
    pages = {"overview dashboard": "/", "map canvas": f"/maps/{map_id}"}
    started = time.perf_counter()
    with peak_rss() as peak:
        times = load(base, [*pages.values(), "/login"], rounds)
    wall = time.perf_counter() - started
    server.should_exit = True
    app.state.jobs.shutdown()
    ws.close()
    baseline = times.pop("/login")
    requests = sum(len(v) for v in times.values()) + len(baseline)
    rows = [Row(f"web: {name} p95, {CLIENTS} clients (baseline: sign-in page)", events,
                p95(times[path]), statistics.median(times[path]), "sign-in page",
                p95(baseline), requests / wall, peak["peak"] / 2**20)
            for name, path in pages.items()]
    notes = [f"web at {events:,} events: {CLIENTS} concurrent signed-in clients, "
             f"{rounds} rounds after a warm-up; 'best' is the p95 and 'median' the p50 of "
             f"response times; rows/s is requests per second over the run"]
    return rows, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    measure_sizes(args.sizes, lambda n: bench_size(n, args.rounds))


if __name__ == "__main__":
    main()
