"""A forked worker that makes a cold ``kiosk export``'s files while the parent reads the store.

A cold export spends about a quarter of a second importing reportlab and loading the forms
and fonts, and as long again importing SQLAlchemy and opening the store. Neither needs the
other until a visit has been read, so the command forks before opening the store: the
child warms the renderer while the parent opens the store, then writes each visit the
parent sends it. On a desk computer with two cores or more this takes about a third off
the command. The parent keeps the store, the audit log and the status changes; the child
only renders and writes files, exactly as ``LocalExporter`` would.

Messages are length-prefixed JSON over two pipes. The child never returns into the
caller's code: it leaves with ``os._exit``, and it exits by itself when the parent closes
its end (or dies).
"""

from __future__ import annotations

import json
import os
import signal
import struct
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from kiosk.forms.canonical import CanonicalForm, DefinitionError
from kiosk.intake.submission import Submission
from kiosk.report.export import ExportError, ExportFormat, LocalExporter
from kiosk.settings import Settings

if TYPE_CHECKING:
    from kiosk.report.fhir_options import BundleOptions

_LENGTH = struct.Struct(">I")


def _send(stream: IO[bytes], message: dict[str, Any]) -> None:
    data = json.dumps(message).encode("utf-8")
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> dict[str, Any] | None:
    """The next message, or None at end of stream (the other side closed or died)."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    data = stream.read(length)
    if len(data) < length:
        return None
    message: dict[str, Any] = json.loads(data)
    return message


def _pinned_message(pinned: Mapping[str, CanonicalForm] | None) -> dict[str, Any]:
    return {form_id: {"body": c.body.decode("utf-8"), "digest": c.digest, "reconstructed": c.reconstructed}
            for form_id, c in (pinned or {}).items()}


def _pinned_from(message: dict[str, Any]) -> dict[str, CanonicalForm]:
    """The definitions the parent read from the store, checked again on this side of the pipe."""
    return {form_id: CanonicalForm.from_stored(part["body"].encode("utf-8"), part["digest"],
                                               reconstructed=part["reconstructed"])
            for form_id, part in message.items()}


def _warm_up(settings: Settings, fmt: ExportFormat) -> tuple[Any, str | None]:
    """Load the forms and what ``fmt`` is made with; the library, or an error message."""
    from kiosk.forms import FormLoadError, load_library

    try:
        library = load_library(settings.forms_dir, settings.clinic_rules())
    except FormLoadError as exc:
        return None, f"invalid forms in {settings.forms_dir}:\n{exc}"
    if fmt == "fhir":
        import kiosk.report.fhir  # noqa: F401  (the import is the warm-up: fhir.resources)
    else:
        from kiosk.report.fonts import register_fonts
        from kiosk.report.pdf import render_summary  # noqa: F401  (the import is the warm-up)

        register_fonts()
    return library, None


def _serve(settings: Settings, fmt: ExportFormat, fhir: BundleOptions | None,
           requests: IO[bytes], replies: IO[bytes]) -> None:
    library, problem = _warm_up(settings, fmt)
    _send(replies, {"error": problem} if problem else {"ready": True})
    if problem:
        return
    exporter = LocalExporter(library, settings, fhir)
    while (request := _receive(requests)) is not None:
        try:
            previous = request["previous"]
            path = exporter.export(
                Submission.model_validate_json(request["submission"]), Path(request["out_dir"]),
                request["format"], Submission.model_validate_json(previous) if previous else None,
                _pinned_from(request.get("pinned") or {}),
                [Submission.model_validate_json(visit) for visit in request.get("history") or []],
            )
        except (ExportError, DefinitionError) as exc:
            _send(replies, {"error": str(exc)})
        except Exception as exc:  # noqa: BLE001 - reported to the parent; no patient data in it
            _send(replies, {"error": f"the export could not be made ({type(exc).__name__})"})
        else:
            _send(replies, {"path": str(path)})


class ForkedExporter:
    """An Exporter whose work happens in a child process started at once (see module doc).

    Start it before opening the store (the child must not inherit a database connection),
    use it as a context manager, and call ``ready`` before the first export. ``fmt`` says
    what to warm up; the worker can still make either format. ``fhir``: the shape of FHIR
    exports (the child inherits it with the fork).
    """

    def __init__(self, settings: Settings, fmt: ExportFormat = "pdf", fhir: BundleOptions | None = None) -> None:
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child
            os.close(request_write)
            os.close(reply_read)
            code = 0
            try:
                with os.fdopen(request_read, "rb") as requests, os.fdopen(reply_write, "wb") as replies:
                    _serve(settings, fmt, fhir, requests, replies)
            except BaseException:  # noqa: BLE001 - the parent sees the closed pipe and says so
                code = 1
            finally:
                os._exit(code)
        os.close(request_read)
        os.close(reply_write)
        self._requests = os.fdopen(request_write, "wb")
        self._replies = os.fdopen(reply_read, "rb")
        self._ready = False

    def _reply(self) -> dict[str, Any]:
        reply = _receive(self._replies)
        if reply is None:
            raise ExportError("the export worker stopped unexpectedly")
        return reply

    def ready(self) -> None:
        """Wait until the child has loaded the forms and fonts; ExportError if it could not."""
        if not self._ready:
            reply = self._reply()
            if "error" in reply:
                raise ExportError(reply["error"])
            self._ready = True

    def export(self, submission: Submission, out_dir: Path, fmt: ExportFormat,
               previous: Submission | None,
               pinned: Mapping[str, CanonicalForm] | None = None,
               history: Sequence[Submission] = ()) -> Path:
        """See kiosk.report.export.Exporter.export."""
        self.ready()
        try:
            _send(self._requests, {
                "submission": submission.model_dump_json(), "out_dir": str(out_dir), "format": fmt,
                "previous": previous.model_dump_json() if previous else None,
                "pinned": _pinned_message(pinned),
                "history": [visit.model_dump_json() for visit in history],
            })
        except BrokenPipeError:
            raise ExportError("the export worker stopped unexpectedly") from None
        reply = self._reply()
        if "error" in reply:
            raise ExportError(reply["error"])
        return Path(reply["path"])

    def close(self) -> None:
        """End the child (it exits when its request pipe closes) and reap it."""
        if self._pid <= 0:
            return
        if not self._ready:  # still warming up and has touched no file: no need to wait
            os.kill(self._pid, signal.SIGKILL)
        for stream in (self._requests, self._replies):
            try:
                stream.close()
            except OSError:
                pass
        os.waitpid(self._pid, 0)
        self._pid = -1

    def __enter__(self) -> ForkedExporter:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
