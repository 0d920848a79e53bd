"""Loading the files of a plan two at a time, committed in plan order.

Reading and mapping a file keeps about one and a half of this machine's cores busy, and
a small file spends much of its time in fixed costs (opening, the commit); staging the
next files while the current one merges fills the gaps, and starting the largest file
within reach first keeps a large file late in the plan from running alone at the end.
Commits still happen one at a time and in plan order, so the tables end up exactly as a
one-by-one load leaves them: an event id that two files share is kept from the earlier
file, and a file that fails stops the plan there (the files before it are loaded, the ones
after it are not).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from journeymap.progress import ProgressFn

Item = TypeVar("Item")
Result = TypeVar("Result")


class Staged(Protocol[Result]):
    """A load read and staged, waiting to be made visible."""

    def commit(self) -> Result: ...

    def discard(self) -> None: ...


def in_order(items: Sequence[Item], stage: Callable[[Item], Staged[Result]], workers: int,
             *, window: int | None = None,
             size: Callable[[Item], float] | None = None) -> list[Result]:
    """Stage up to ``workers`` items at once and commit each, in order, on this thread.

    Only the first ``window`` items after the one being committed may be staged
    (``workers + 1`` unless given), which bounds what waits for its commit. Among them the
    largest by ``size`` starts first: a large file late in a plan then overlaps the small
    files around it, instead of running alone at the end. With one worker it is the plain
    one-by-one loop.
    """
    if workers <= 1:
        return [stage(item).commit() for item in items]
    plan = _Schedule(items, stage, window or workers + 1, size or (lambda item: 0))
    threads = [threading.Thread(target=plan.work, name=f"jm-load-{n}") for n in range(workers)]
    for thread in threads:
        thread.start()
    results: list[Result] = []
    try:
        for index in range(len(items)):
            staged = plan.staged(index)
            plan.committing(index)
            results.append(staged.commit())
    except BaseException:
        plan.stop()
        raise
    finally:
        for thread in threads:
            thread.join()
        plan.discard_waiting()
    return results


class _Schedule(Generic[Item, Result]):
    """Which item each worker stages next, and the staged loads waiting for their commit."""

    def __init__(self, items: Sequence[Item], stage: Callable[[Item], Staged[Result]],
                 window: int, size: Callable[[Item], float]) -> None:
        self.items, self.stage, self.window = items, stage, window
        self.sizes = [size(item) for item in items]
        self.cond = threading.Condition()
        self.started = [False] * len(items)
        self.outcomes: dict[int, Staged[Result] | BaseException] = {}
        self.head = 0  # the first item whose commit has not begun
        self.failed = len(items)  # nothing after a failed item is started
        self.stopped = False

    def work(self) -> None:
        """A worker's loop: stage the next item it may, until none is left."""
        while (index := self._next()) is not None:
            try:
                outcome: Staged[Result] | BaseException = self.stage(self.items[index])
            except BaseException as exc:  # handed to the committing thread, raised there
                outcome = exc
            with self.cond:
                self.outcomes[index] = outcome
                if isinstance(outcome, BaseException):
                    self.failed = min(self.failed, index)
                self.cond.notify_all()

    def _next(self) -> int | None:
        with self.cond:
            while not self.stopped:
                limit = min(self.failed, self.head + self.window)
                free = [i for i in range(self.head, limit) if not self.started[i]]
                if free:
                    index = max(free, key=lambda i: (self.sizes[i], -i))
                    self.started[index] = True
                    return index
                if all(self.started[:self.failed]):
                    return None
                self.cond.wait()
            return None

    def staged(self, index: int) -> Staged[Result]:
        """The staged load of ``index``, once ready; its staging error is raised here."""
        with self.cond:
            while index not in self.outcomes:
                self.cond.wait()
            outcome = self.outcomes.pop(index)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def committing(self, index: int) -> None:
        """``index`` is being committed: it no longer waits, so the window moves past it
        and a worker may start the next item while the commit runs (a large file's commit
        takes seconds, which both workers would otherwise spend idle)."""
        with self.cond:
            self.head = index + 1
            self.cond.notify_all()

    def stop(self) -> None:
        """Start nothing more (a load failed or the caller was interrupted)."""
        with self.cond:
            self.stopped = True
            self.cond.notify_all()

    def discard_waiting(self) -> None:
        """Drop the loads staged but never committed (after a failure)."""
        for outcome in self.outcomes.values():
            if not isinstance(outcome, BaseException):
                outcome.discard()
        self.outcomes.clear()


def serialised(progress: ProgressFn) -> ProgressFn:
    """``progress`` callable from several threads (a front end draws from one at a time)."""
    lock = threading.Lock()

    def report(task: str, completed: float, total: float | None) -> None:
        with lock:
            progress(task, completed, total)

    return report
