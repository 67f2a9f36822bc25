"""``kiosk desk``: staff sign in, then the live review queue over the shared store."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from kiosk.forms import load_library
from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import StaffMember, StaffService
from kiosk.store import Store, StoreError
from kiosk.ui.desk.actions import StoreDeskActions
from kiosk.ui.desk.desk_window import DeskWindow
from kiosk.ui.desk.panes import PaneMemory
from kiosk.ui.qt_messages import application
from kiosk.ui.staff.sign_in import SignInPanel
from kiosk.ui.theme import build_stylesheet, clinic_theme, desk_stylesheet


class DeskApp:
    """Owns the store, the sign-in panel and, once signed in, the desk window."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.library = load_library(settings.forms_dir, settings.clinic_rules())
        self.staff = StaffService(store, PinHasher(store.pepper()), source=f"desk:{settings.id}")
        theme = clinic_theme(settings.accent_color)
        self.sign_in = SignInPanel(self.staff)
        self.sign_in.setStyleSheet(build_stylesheet(theme))  # the kiosk's touch look: same panel
        self._desk_style = desk_stylesheet(theme)
        self.sign_in.setWindowTitle("Lobby Kiosk — staff sign-in")
        self.sign_in.signed_in.connect(self._open_desk)
        self.sign_in.cancelled.connect(self.sign_in.close)
        self.window: DeskWindow | None = None
        self.panes = PaneMemory()  # the queue/detail split, kept from one sign-in to the next

    def show(self) -> None:
        self.sign_in.reload()
        self.sign_in.resize(1000, 680)
        self.sign_in.show()

    def _open_desk(self, member: StaffMember) -> None:
        actions = StoreDeskActions(self.store, self.library, self.settings, member)
        self.window = DeskWindow(actions, self.library, touch=False, panes=self.panes)
        self.window.setStyleSheet(self._desk_style)
        self.window.setWindowTitle(f"Lobby Kiosk — front desk ({member.name})")
        self.window.resize(1280, 800)
        self.window.show()
        self.window.start()
        self.sign_in.hide()


def run_desk(settings: Settings) -> int:
    """Start the desk; a clear dialog (no traceback) when the database cannot be opened."""
    app = application()
    try:
        store = Store.open(settings)
    except Exception as exc:  # noqa: BLE001 - shown to staff as a message, never a traceback
        QMessageBox.critical(None, "Lobby Kiosk", f"Cannot open the database:\n{exc}")
        return 1
    with store:
        try:
            desk = DeskApp(settings, store)
        except StoreError as exc:  # e.g. not the PIN pepper the staff hashes were made with
            QMessageBox.critical(None, "Lobby Kiosk", f"Staff sign-in is not available:\n{exc}")
            return 1
        if not desk.staff.active_names():
            QMessageBox.information(None, "Lobby Kiosk", "No staff accounts yet. Add one with:\n  kiosk staff add NAME")
            return 1
        desk.show()
        return int(app.exec())
