"""Long work (ingest, build, exports) in the background, with progress a page can poll.

One worker thread: the events engine has one writer, and a queue is what a person expects
("build is waiting for the upload to finish"). Each job records the progress callbacks the
pipeline already makes (``ProgressFn``), so the web app shows the same steps as the CLI bar.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from journeymap.errors import JourneymapError
from journeymap.progress import ProgressFn


@dataclass
class Job:
    id: int
    kind: str
    title: str
    status: str = "queued"  # queued, running, done, failed
    step: str = ""
    completed: float = 0
    total: float | None = None
    queued_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None
    #: The error a person caused, kept so pages can word it in their reader's language.
    failure: JourneymapError | None = None
    result: Any = None

    @property
    def share(self) -> float | None:
        """Done share of the current step (0-1), or None when its size is unknown."""
        return self.completed / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "status": self.status,
                "step": self.step, "completed": self.completed, "total": self.total,
                "share": self.share, "queued_at": self.queued_at,
                "started_at": self.started_at, "finished_at": self.finished_at,
                "error": self.error}


class Jobs:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeymap-job")
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._mutex = threading.Lock()

    def submit(self, kind: str, title: str, work: Callable[[ProgressFn], Any]) -> Job:
        """Queue ``work(progress)``; its return value becomes ``job.result``."""
        job = Job(next(self._ids), kind, title)
        with self._mutex:
            self._jobs[job.id] = job

        def progress(task: str, completed: float, total: float | None) -> None:
            job.step, job.completed, job.total = task, completed, total

        def run() -> None:
            job.status, job.started_at = "running", datetime.now(UTC)
            try:
                job.result = work(progress)
                job.status = "done"
            except JourneymapError as exc:
                job.status, job.error, job.failure = "failed", exc.render(), exc
            except Exception as exc:
                job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
                traceback.print_exc()
            finally:
                job.finished_at = datetime.now(UTC)

        self._pool.submit(run)
        return job

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def list(self) -> list[Job]:
        """Newest first."""
        with self._mutex:
            return sorted(self._jobs.values(), key=lambda j: -j.id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
