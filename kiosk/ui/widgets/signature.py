"""A finger-drawn signature, exported as a ``data:image/png;base64,...`` answer."""

from __future__ import annotations

import base64

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QTouchEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item
from kiosk.forms.signature_mark import DRAWN_PREFIX, as_mark, signature_base64, signed_with_mark
from kiosk.ui.accessibility import name
from kiosk.ui.key_access import SCAN_TARGET
from kiosk.ui.sizes import TARGET_GAP
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import QuestionInput, touch_button
from kiosk.ui.widgets.scrolling import DRAWS

DATA_URI_PREFIX = DRAWN_PREFIX
_INK = QColor("#10202c")


class SignaturePad(QWidget):
    """Draws strokes under a finger (touch) or mouse; knows whether anything was drawn."""

    drawn = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignaturePad")
        self.setProperty(DRAWS, True)  # a stroke here draws; it never scrolls the screen
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumHeight(260)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty(SCAN_TARGET, True)  # a switch user signs here too (``activate``)
        self.strokes: list[QPainterPath] = []
        self.background: QImage | None = None
        self.marked = False
        """Signed with a mark by a switch or key (``activate``): the answer says so, for a witness."""

    def activate(self) -> None:
        """Sign with a mark (an X), for a patient who uses keys or a switch instead of a finger.

        A mark is how a person who cannot write signs; the answer records that it is one
        (kiosk.forms.signature_mark), so the PDF, the desk and the FHIR export ask staff to witness it.
        """
        w, h = self.width(), self.height()
        for start, end in (((0.4, 0.3), (0.6, 0.7)), ((0.6, 0.3), (0.4, 0.7))):
            self.start_stroke(QPointF(w * start[0], h * start[1]))
            self.extend_stroke(QPointF(w * end[0], h * end[1]))
        self.marked = True
        self.drawn.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.is_empty():
            self.activate()  # Enter signs an empty pad; once signed, Enter goes on to Next
            event.accept()
        else:
            super().keyPressEvent(event)

    def is_empty(self) -> bool:
        return not self.strokes and self.background is None

    def clear(self) -> None:
        self.strokes = []
        self.background = None
        self.marked = False
        self.update()
        self.drawn.emit()

    def start_stroke(self, point: QPointF) -> None:
        """A finger touches down: a new stroke (a tap alone leaves a dot)."""
        path = QPainterPath(point)
        path.lineTo(point + QPointF(0.5, 0.5))  # a tap leaves a dot
        self.strokes.append(path)
        self.update()

    def extend_stroke(self, point: QPointF) -> None:
        """The finger moves: the stroke follows it."""
        if self.strokes:
            self.strokes[-1].lineTo(point)
            self.update()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:
                where = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self.start_stroke(where)
                else:
                    self.extend_stroke(where)
                if kind == QEvent.Type.TouchEnd:
                    self.drawn.emit()
            event.accept()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.source() == Qt.MouseEventSource.MouseEventNotSynthesized:
            self.start_stroke(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.source() == Qt.MouseEventSource.MouseEventNotSynthesized:
            self.extend_stroke(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.source() == Qt.MouseEventSource.MouseEventNotSynthesized:
            self.drawn.emit()

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.background is not None:
            painter.drawImage(0, 0, self.background)
        pen = QPen(_INK, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for path in self.strokes:
            painter.drawPath(path)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        self._paint_strokes(painter)
        painter.end()

    def to_data_uri(self) -> str | None:
        """The signature as a PNG data URI (white background), None if nothing drawn."""
        if self.is_empty():
            return None
        image = QImage(self.size(), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._paint_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes, Qt wants str
        buffer.close()
        uri = DATA_URI_PREFIX + base64.b64encode(bytes(data.data())).decode("ascii")
        return as_mark(uri) if self.marked else uri

    def load(self, uri: str | None) -> None:
        """Show a signature given earlier (when the patient comes back)."""
        self.strokes = []
        self.background = None
        self.marked = signed_with_mark(uri)
        encoded = signature_base64(uri)
        if encoded is not None:
            image = QImage()
            if image.loadFromData(base64.b64decode(encoded), "PNG"):
                self.background = image
        self.update()


class SignatureInput(QuestionInput):
    """The signature pad with a line to sign on and a Clear button."""

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, item, language, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(TARGET_GAP + 4)  # Clear stays clear of a stroke's end
        self.pad = SignaturePad(self)
        name(self.pad, tr("signature_pad", language), tr("sign_here", language) + ". " + tr("signature_keys", language))
        hint = QLabel(tr("sign_here", language), self)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.pad, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.clear_button = touch_button(tr("clear", language), "secondary", self)
        self.clear_button.setMaximumWidth(260)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        self.clear_button.clicked.connect(self.pad.clear)
        self.pad.drawn.connect(self.changed)

    def takes(self, item: Item, language: str) -> bool:
        """Another signature in the same language: the pad is kept, wiped clean."""
        return item.type is self.item.type and language == self.language

    def set_value(self, value: Answer) -> None:
        self.pad.load(value if isinstance(value, str) else None)

    def commit(self) -> tuple[Answer, str | None]:
        return self.pad.to_data_uri(), None
