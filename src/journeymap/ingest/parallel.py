"""Loading the files of a plan two at a time, committed in plan order.

Reading and mapping a file keeps about one and a half of this machine's cores busy, and
a small file spends much of its time in fixed costs (opening, the commit); staging the
next file while the current one merges fills the gaps. Commits still happen one at a time
and in plan order, so the tables end up exactly as a one-by-one load leaves them: an
event id that two files share is kept from the earlier file, and a file that fails stops
the plan there (the files before it are loaded, the ones after it are not).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol, TypeVar

from journeymap.progress import ProgressFn

Item = TypeVar("Item")
Result = TypeVar("Result")


class Staged(Protocol[Result]):
    """A load read and staged, waiting to be made visible."""

    def commit(self) -> Result: ...

    def discard(self) -> None: ...


def in_order(items: Sequence[Item], stage: Callable[[Item], Staged[Result]],
             workers: int) -> list[Result]:
    """Stage up to ``workers`` items at once and commit each, in order, on this thread.

    At most ``workers + 1`` items are staged and not yet committed, so memory stays
    bounded however long the plan. With one worker it is the plain one-by-one loop.
    """
    if workers <= 1:
        return [stage(item).commit() for item in items]
    slots = threading.Semaphore(workers + 1)
    stop = threading.Event()

    def staged(item: Item) -> Staged[Result] | None:
        slots.acquire()
        if stop.is_set():
            slots.release()
            return None
        try:
            return stage(item)
        except BaseException:
            slots.release()
            raise

    results: list[Result] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jm-load") as pool:
        futures = [pool.submit(staged, item) for item in items]
        try:
            for future in futures:
                load = future.result()
                assert load is not None  # only skipped after a failure, which ends the loop
                try:
                    results.append(load.commit())
                finally:
                    slots.release()
        except BaseException:
            # the failed item cleaned up after itself; later ones may be staged meanwhile
            stop.set()
            _discard(futures[len(results) + 1:])
            raise
    return results


def _discard(futures: list[Future]) -> None:
    """Cancel the loads that have not started and drop those staged (waiting for them)."""
    for future in futures:
        future.cancel()
    for future in futures:
        if future.cancelled() or future.exception() is not None:
            continue
        load = future.result()
        if load is not None:
            load.discard()


def serialised(progress: ProgressFn) -> ProgressFn:
    """``progress`` callable from several threads (a front end draws from one at a time)."""
    lock = threading.Lock()

    def report(task: str, completed: float, total: float | None) -> None:
        with lock:
            progress(task, completed, total)

    return report
