"""A painted unit grid, buildings side by side and floors from the top down: the heat map and the kiosk share it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from client.ui.labels import floor_label
from client.ui.opening_model import GridSection, GridUnit, grid_sections


@dataclass(frozen=True, slots=True)
class GridMetrics:
    min_cell_width: int
    max_cell_width: int
    cell_height: int
    spacing: int  # between cells
    floor_width: int  # the floor labels left of each building
    title_height: int  # the building's name above it
    gap: int  # between buildings
    margin: int


class QtUnitGrid(QWidget):
    """Lays out and paints sections; subclasses paint the cells and say what a tooltip shows."""

    unit_clicked = Signal(int)

    def __init__(self, metrics: GridMetrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics = metrics
        self.sections: list[GridSection] = []
        self.units: dict[int, GridUnit] = {}
        self.rects: dict[int, QRectF] = {}
        self._headers: list[tuple[QRectF, str]] = []  # building titles
        self._floors: list[tuple[QRectF, str]] = []  # floor labels
        self._pressed: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(False)

    # Layout ----------------------------------------------------------------------------------------
    def set_units(self, units: Iterable[GridUnit]) -> None:
        self.units = {u.id: u for u in units}
        self.sections = grid_sections(self.units.values())
        self._relayout()

    def _columns(self) -> int:
        return sum(s.columns for s in self.sections)

    def _fixed_width(self) -> int:
        m = self.metrics
        n = len(self.sections)
        spacing = sum(max(s.columns - 1, 0) for s in self.sections) * m.spacing
        return 2 * m.margin + n * (m.floor_width + m.spacing) + max(n - 1, 0) * m.gap + spacing

    def _height(self) -> int:
        m = self.metrics
        rows = max((len(s.floors) for s in self.sections), default=0)
        return 2 * m.margin + m.title_height + rows * m.cell_height + max(rows - 1, 0) * m.spacing

    def _cell_width(self, width: int) -> int:
        m = self.metrics
        columns = self._columns()
        if columns == 0:
            return m.min_cell_width
        fit = (width - self._fixed_width()) // columns
        return max(m.min_cell_width, min(m.max_cell_width, fit))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._fixed_width() + self._columns() * self.metrics.min_cell_width, self._height())

    def sizeHint(self) -> QSize:
        return QSize(self._fixed_width() + self._columns() * self.metrics.max_cell_width, self._height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        m = self.metrics
        self.setMinimumSize(self.minimumSizeHint())
        cell_w = self._cell_width(self.width())
        used = self._fixed_width() + self._columns() * cell_w
        x = float(m.margin + max(0, (self.width() - used) // 2))  # centred when the cells reached their widest
        self.rects, self._headers, self._floors = {}, [], []
        for section in self.sections:
            width = m.floor_width + m.spacing + section.columns * cell_w + max(section.columns - 1, 0) * m.spacing
            self._headers.append((QRectF(x, m.margin, width, m.title_height - 6), section.building))
            top = m.margin + m.title_height
            for row, floor in enumerate(section.floors):
                y = top + row * (m.cell_height + m.spacing)
                self._floors.append((QRectF(x, y, m.floor_width, m.cell_height), floor_label(floor)))
            for (row, column), unit_id in section.cells.items():
                cx = x + m.floor_width + m.spacing + column * (cell_w + m.spacing)
                cy = top + row * (m.cell_height + m.spacing)
                self.rects[unit_id] = QRectF(cx, cy, cell_w, m.cell_height)
            x += width + m.gap
        self.updateGeometry()
        self.update()

    def unit_rect(self, unit_id: int) -> QRect:
        """Where a unit is drawn (tests click its centre)."""
        return self.rects[unit_id].toRect()

    def unit_at(self, pos: QPoint) -> int | None:
        for unit_id, rect in self.rects.items():
            if rect.contains(pos.toPointF()):
                return unit_id
        return None

    # Painting --------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.paint_labels(painter)
        clip = QRectF(event.rect())
        for unit_id, rect in self.rects.items():
            if rect.intersects(clip):
                self.paint_cell(painter, rect, unit_id)
        painter.end()

    def paint_labels(self, painter: QPainter) -> None:
        title = QFont(self.font())
        title.setBold(True)
        title.setPointSizeF(self.font().pointSizeF() * self.title_scale())
        painter.setFont(title)
        painter.setPen(QColor("#1F2933"))
        for rect, text in self._headers:
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * self.floor_scale())
        painter.setFont(small)
        painter.setPen(QColor("#6B7480"))
        for rect, text in self._floors:
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)

    def title_scale(self) -> float:
        return 1.25

    def floor_scale(self) -> float:
        return 0.9

    def paint_cell(self, painter: QPainter, rect: QRectF, unit_id: int) -> None:
        raise NotImplementedError

    def tooltip(self, unit_id: int) -> str:
        return ""

    # Input -----------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = self.unit_at(event.position().toPoint())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        unit_id = self.unit_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and unit_id is not None and unit_id == self._pressed:
            self.unit_clicked.emit(unit_id)
        self._pressed = None
        super().mouseReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            unit_id = self.unit_at(event.pos())
            text = self.tooltip(unit_id) if unit_id is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
