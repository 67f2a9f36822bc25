"""One slide on screen: heading, Markdown body, illustration and its sources line."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPixmap, QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content import Slide, SlideKind

IMAGE_SIZE = 300
"""Side (px) of the square illustration; leaves ~65% of a 1280 px screen for text."""

CARD_PADDING = (40, 28, 40, 28)
"""Inner space of slides drawn as a card (crisis help); QSS padding does not reach a layout."""

LINE_HEIGHT_PERCENT = 108
BLOCK_GAP_PX = 12
"""Air between paragraphs and bullets, which Markdown alone renders flush."""


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property used in a QSS selector changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def markdown_html(markdown: str, font: QFont) -> str:
    """Markdown as rich text with line spacing and paragraph gaps, in the given (QSS) font."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setMarkdown(markdown)
    spacing = QTextBlockFormat()
    spacing.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    spacing.setBottomMargin(BLOCK_GAP_PX)
    spacing.setTopMargin(0)
    cursor = QTextCursor(document)
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.mergeBlockFormat(spacing)
    return document.toHtml()


def render_image(path: str, side: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """An SVG (or bitmap) file drawn into a square pixmap, kept sharp on high-DPI screens."""
    if not path.lower().endswith(".svg"):
        bitmap = QPixmap(path)
        return bitmap.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    pixels = round(side * device_pixel_ratio)
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(path)
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap



def _label(name: str, *, wrap: bool = False) -> QLabel:
    """A QLabel with its QSS object name (the typed constructor takes no keywords)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label

class SlideView(QFrame):
    """Shows a single Slide; styled by object names and its ``kind`` property in slides.qss."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slideCard")
        self._pixmaps: dict[str, QPixmap] = {}
        self.title = _label("slideTitle", wrap=True)
        self.body = _label("slideBody", wrap=True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.image = _label("slideImage")
        self.image.setFixedSize(IMAGE_SIZE, IMAGE_SIZE)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sources = _label("slideSources", wrap=True)
        self.sources.setTextFormat(Qt.TextFormat.PlainText)

        content = QHBoxLayout()
        content.setSpacing(48)
        content.addWidget(self.body, 1)
        content.addWidget(self.image, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(28)
        column.addWidget(self.title)
        column.addLayout(content, 1)
        column.addWidget(self.sources)
        for label in (self.title, self.body, self.image, self.sources):
            # The whole slide is one touch target: taps must reach the slideshow, not a label.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._markdown = ""
        # The body's rich text carries its font size; a stylesheet set later (the kiosk window
        # sets its own after building the slide show) must redo it, or the first paint shows
        # the body in Qt's default font.
        self.body.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() == QEvent.Type.FontChange and self._markdown:
            self.body.setText(markdown_html(self._markdown, self.body.font()))
        return False

    def show_slide(self, slide: Slide, sources_label: str) -> None:
        """Put the slide's words and picture on screen."""
        for widget in (self, self.title, self.body):
            # Every styled widget carries the kind: QSS does not re-match descendants on a change.
            widget.setProperty("kind", slide.kind.value)
            repolish(widget)
        carded = slide.kind is SlideKind.HELP
        layout = self.layout()
        assert layout is not None
        layout.setContentsMargins(*(CARD_PADDING if carded else (0, 0, 0, 0)))
        self.title.setText(slide.title)
        self.body.ensurePolished()
        self._markdown = slide.body
        self.body.setText(markdown_html(slide.body, self.body.font()))
        self.sources.setText(f"{sources_label}: {', '.join(slide.sources)}" if slide.sources else "")
        self.sources.setVisible(bool(slide.sources))
        self.image.setVisible(slide.image is not None)
        if slide.image is not None:
            self.image.setPixmap(self._pixmap(slide.image))

    def _pixmap(self, path: str) -> QPixmap:
        ratio = self.devicePixelRatioF()
        key = f"{path}@{ratio}"
        if key not in self._pixmaps:
            self._pixmaps[key] = render_image(path, IMAGE_SIZE, ratio)
        return self._pixmaps[key]
