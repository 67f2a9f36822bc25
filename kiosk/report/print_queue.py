"""A small persistent list of print jobs, so a failed print waits for a retry across restarts.

It holds submission ids, printer names, statuses and errors — never the PDF or any patient
data: a retry renders the summary again. One JSON file, rewritten atomically under a file
lock so the kiosk's worker thread and a `kiosk print` run can share it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from kiosk.report.export import DIR_MODE, write_private

JobStatus = Literal["queued", "sent", "failed"]
KEEP_SENT = dt.timedelta(days=7)


class PrintJob(BaseModel):
    """One request to print one visit's summary."""

    model_config = ConfigDict(frozen=True)

    id: str
    submission_id: uuid.UUID
    printer: str | None
    status: JobStatus = "queued"
    error: str | None = None
    attempts: int = 0
    cups_job: str | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


class QueueFileError(Exception):
    """The queue file exists but cannot be read; it is left as is for a person to look at."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class PrintQueue:
    """The print jobs under ``data_dir/print-queue``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / "queue.json"

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> "PrintQueue":
        return cls(Path(data_dir) / "print-queue")

    @contextmanager
    def _locked(self) -> Iterator[list[PrintJob]]:
        """The job list, held under an exclusive lock and saved back on a clean exit."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        with open(self.directory / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            jobs = self._read()
            before = [j.model_dump_json() for j in jobs]
            yield jobs
            cutoff = _now() - KEEP_SENT
            jobs[:] = [j for j in jobs if j.status != "sent" or j.updated_at > cutoff]
            if [j.model_dump_json() for j in jobs] != before:
                data = json.dumps([j.model_dump(mode="json") for j in jobs], indent=1)
                write_private(self.path, data.encode("utf-8"))

    def _read(self) -> list[PrintJob]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        try:
            return [PrintJob.model_validate(item) for item in json.loads(raw)]
        except (ValueError, TypeError, ValidationError) as exc:
            raise QueueFileError(f"print queue {self.path} is damaged: {exc}") from None

    def jobs(self) -> list[PrintJob]:
        """Every job, oldest first."""
        with self._locked() as jobs:
            return list(jobs)

    def pending(self) -> list[PrintJob]:
        """Jobs still waiting to be printed (queued, or failed and waiting for a retry)."""
        return [j for j in self.jobs() if j.status != "sent"]

    def add(self, submission_id: uuid.UUID, printer: str | None) -> PrintJob:
        """A new queued job (an earlier unsent job for the same visit is replaced)."""
        now = _now()
        with self._locked() as jobs:
            earlier = [j for j in jobs if j.submission_id == submission_id and j.status != "sent"]
            job = PrintJob(
                id=earlier[0].id if earlier else uuid.uuid4().hex[:12],
                submission_id=submission_id, printer=printer,
                attempts=earlier[0].attempts if earlier else 0,
                created_at=earlier[0].created_at if earlier else now, updated_at=now,
            )
            jobs[:] = [j for j in jobs if j not in earlier] + [job]
        return job

    def update(self, job_id: str, **changes: object) -> PrintJob:
        """Change a job's fields (status, error, attempts, cups_job, printer)."""
        with self._locked() as jobs:
            for n, job in enumerate(jobs):
                if job.id == job_id:
                    jobs[n] = job.model_copy(update={**changes, "updated_at": _now()})
                    return jobs[n]
        raise KeyError(f"no print job {job_id!r}")

    def remove(self, job_id: str) -> None:
        with self._locked() as jobs:
            jobs[:] = [j for j in jobs if j.id != job_id]
