"""Peak resident memory of this process during a block, sampled from /proc (Linux).

DuckDB and Arrow allocate outside Python's allocator, so tracemalloc would miss them; the
resident set size sees everything.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE


@contextmanager
def peak_rss(interval: float = 0.02) -> Iterator[dict[str, int]]:
    """Yields a dict whose ``peak`` is the highest RSS (bytes) seen while the block ran."""
    result = {"peak": rss_bytes()}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            result["peak"] = max(result["peak"], rss_bytes())
            time.sleep(interval)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield result
    finally:
        stop.set()
        thread.join()
        result["peak"] = max(result["peak"], rss_bytes())
