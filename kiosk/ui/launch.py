"""The launch picture: the first slide as the last run drew it, up before the kiosk is built.

After a crash or a watchdog restart the patient should see the slides again at once (issue
#16). Drawing the real first slide needs the settings and the slide decks, and their models
(pydantic) alone cost about 0.2 s of imports: two thirds of the time a bare PySide6 window
takes to appear (bench/ui_bench.py). So ``kiosk run`` first shows a picture of the window as
its previous run first drew it at this size (``launch/first-slide-WxH.png`` in the data
folder, read with nothing but Qt), builds the kiosk behind it, and puts the real window up
once its own first slide is painted. A tap on the picture is kept: the check-in starts as
soon as the kiosk can take it, as a tap on the slides before they are live always did.

What the picture may hold: the first slide only. It is taken once per start, at the first
paint of the real window at the size it will be looked up by (full screen, a compositor may
first show the window at another size), and only while the window still shows the first
slide (a patient who tapped at once is already on the language screen: no picture then). The previous picture is
kept when nothing changed. No picture (first start, another screen size, an unreadable or
foreign file): the kiosk starts exactly as before, the slides drawn when they are built.
A clinic that changed its slides sees the old first slide for that half second, once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.ui.first_paint import after_first_paint
from kiosk.ui.sizes import TABLET_SIZE
from kiosk.ui.strings import tr

if TYPE_CHECKING:
    from kiosk.ui.kiosk_window import KioskWindow
    from kiosk.ui.startup import Startup

log = logging.getLogger(__name__)
PICTURE_FOLDER = "launch"
TAPS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}


def picture_path(data_dir: Path, size: QSize) -> Path:
    """Where the picture for a window of ``size`` is kept (one per size: a desk PC and a
    tablet sharing a data folder in a test each keep their own)."""
    return data_dir / PICTURE_FOLDER / f"first-slide-{size.width()}x{size.height()}.png"


def read_picture(data_dir: Path | None, size: QSize) -> QImage | None:
    """The kept picture for this size, or None (none kept, unreadable, or another size: the
    header is read first, so a foreign or oversized file is never decoded)."""
    if data_dir is None:
        return None
    path = picture_path(data_dir, size)
    if not path.is_file():
        return None
    reader = QImageReader(str(path), b"png")
    if reader.size() != size:
        return None
    image = reader.read()
    return image if not image.isNull() and image.size() == size else None


def write_picture(path: Path, image: QImage) -> None:
    """Save ``image`` as PNG (on a worker thread: about 50 ms), whole or not at all, owner-only."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        part = path.with_name(f".part-{os.getpid()}-{path.name}")  # its suffix names the format
        if not image.save(str(part)):
            raise OSError("the image could not be written")
        os.chmod(part, 0o600)
        os.replace(part, path)
    except OSError as exc:  # a full or read-only disk only costs the next start its picture
        log.warning("launch picture not saved: %s", exc.strerror or exc)


class _TapKeeper(QObject):
    """Remembers that the picture was touched (it cannot start a check-in itself)."""

    def __init__(self, picture: QLabel) -> None:
        super().__init__(picture)
        self.tapped = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in TAPS:
            self.tapped = True
            return True
        return False


class _PictureTaker(QObject):
    """Grabs the window once it is painted at ``size`` showing the slides; ``gave_up`` when a
    check-in or the next slide came first (never a picture of anything but the first slide)."""

    taken = Signal(QImage)
    gave_up = Signal()

    def __init__(self, window: KioskWindow, size: QSize) -> None:
        super().__init__(window)
        self.window, self.size, self.done = window, size, False

    def look(self) -> None:
        """Now if the window already has its size, else at its first paint that has it."""
        if self.window.size() == self.size:
            self._grab()
        else:
            self.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done and self.window.size() == self.size:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self._grab)  # after this paint is done
        return False

    def _grab(self) -> None:
        if self.done:
            return
        if self.window.current_screen() is not self.window.attract:  # a check-in began
            self.give_up()
            return
        self.done = True
        self.taken.emit(self.window.grab().toImage())

    def give_up(self) -> None:
        if not self.done:
            self.done = True
            self.window.removeEventFilter(self)
            self.gave_up.emit()


class Launcher(QObject):
    """``kiosk run``'s start: the launch picture if one fits, the kiosk built behind it.

    ``build`` makes the kiosk (settings, logging, ``Startup``); ``show`` puts its window up
    (full screen or windowed). Without a picture both run at once, inside the constructor.
    A failure of ``build`` (bad settings) is kept in ``failure`` and ends the event loop, so
    the caller reports it as it always did; nothing else is shown then.
    """

    def __init__(self, data_dir: Path | None, build: Callable[[], Startup], show: Callable[[QWidget], None],
                 *, fullscreen: bool) -> None:
        super().__init__()
        self._build, self._show = build, show
        self.startup: Startup | None = None
        self.failure: Exception | None = None
        self.saved = threading.Event()
        """Set once this start's picture is written, or known not to be needed."""
        screen = QApplication.primaryScreen()
        size = screen.size() if fullscreen and screen is not None else QSize(*TABLET_SIZE)
        self._size = size
        self._image = read_picture(data_dir, size)
        self.picture: QLabel | None = None
        self._taps: _TapKeeper | None = None
        if self._image is None:
            self._start()
            return
        self.picture = picture = QLabel()
        picture.setObjectName("LaunchPicture")
        # what a screen reader says of a picture: what the slides under it would say
        picture.setAccessibleName(f"{tr('tap_to_start', 'en')} / {tr('tap_to_start', 'es')}")
        # No window flags or attributes: PySide6 builds the Qt namespace's Python enums on its
        # first use, 50 ms. Full screen a frame never shows; a touch comes as a mouse press.
        picture.setPixmap(QPixmap.fromImage(self._image))
        picture.resize(size)
        self._taps = _TapKeeper(picture)
        picture.installEventFilter(self._taps)
        after_first_paint(picture, self._start)
        if fullscreen:
            picture.showFullScreen()
        else:
            picture.show()

    def _start(self) -> None:
        try:
            self.startup = startup = self._build()
        except Exception as exc:  # noqa: BLE001 - reported by the caller, as before the picture
            self.failure = exc
            self.saved.set()
            if self.picture is not None:
                QApplication.exit(1)
            return
        after_first_paint(startup.window.attract, self._live)  # the slides, as Startup's own steps
        self._show(startup.window)

    def _live(self) -> None:
        """The real first slide is drawn: take the picture down (passing on a tap), keep a new one."""
        from kiosk.ops.logs import event  # imported by the kiosk's build by now

        startup = self.startup
        assert startup is not None
        if self.picture is not None:
            event(log, "launch_picture_replaced", tapped=bool(self._taps and self._taps.tapped))
            self.picture.hide()
            self.picture.deleteLater()
            self.picture = None
            if self._taps is not None and self._taps.tapped:
                startup.window.attract.tapped.emit()  # type: ignore[attr-defined]
        self._keep_picture(startup)

    def _keep_picture(self, startup: Startup) -> None:
        """Take the picture at the first paint of the slides at the size looked up at launch
        (full screen: a compositor may first show the window at its own size, then resize
        it), while the first slide is still up; give up once it is not."""
        window, attract = startup.window, startup.window.attract
        taker = _PictureTaker(window, self._size)
        taker.taken.connect(lambda image: self._compare_and_write(startup, image))
        taker.gave_up.connect(self._no_picture)
        if hasattr(attract, "slide_changed"):
            attract.slide_changed.connect(taker.give_up)
        taker.look()

    def _no_picture(self) -> None:
        """A check-in or the next slide came first: nothing to compare with any more."""
        self._image = None  # the shown picture's 4 MB, kept for the comparison only
        self.saved.set()

    def _compare_and_write(self, startup: Startup, image: QImage) -> None:
        shown, self._image = self._image, None  # 4 MB the kiosk has no more use for
        if shown is not None and image == shown:
            self.saved.set()
            return
        path = picture_path(startup.settings.data_dir, image.size())

        def write() -> None:
            try:
                write_picture(path, image)
            finally:
                self.saved.set()

        threading.Thread(target=write, name="launch-picture", daemon=False).start()

    def close(self) -> None:
        """The process is ending: close the kiosk (its store, its trail)."""
        if self.startup is not None:
            self.startup.close()


def wait_for_picture(launcher: Launcher, seconds: float = 5.0) -> bool:
    """Let the event loop run until this start's picture is kept (tests, the bench's first
    start); False if it took longer than ``seconds``."""
    loop, deadline = QEventLoop(), time.monotonic() + seconds
    while not launcher.saved.is_set() and time.monotonic() < deadline:
        loop.processEvents()
        launcher.saved.wait(0.01)
    return launcher.saved.is_set()
