"""Whether a request must wait its turn for the events engine.

On DuckDB every thread has its own connection to the one database
(:attr:`journeymap.Workspace.engine`), so pages and API calls read the last committed tables
while a background job loads or builds, and never wait: the turns are free. On Spark the
workspace shares one session, so requests and jobs take turns on a lock.
"""

from __future__ import annotations

import threading


class Turns:
    """A re-entrant lock that is only taken when the engine cannot serve threads at once."""

    def __init__(self, concurrent: bool) -> None:
        self._lock = None if concurrent else threading.RLock()

    def acquire(self, timeout: float = -1) -> bool:
        return True if self._lock is None else self._lock.acquire(timeout=timeout)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Turns:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
