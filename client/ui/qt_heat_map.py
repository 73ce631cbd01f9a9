"""The opening's heat map: every unit coloured by how many buyers named it first, taken units marked."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from client.ui.opening_model import GridUnit, OpeningLive, heat_level
from client.ui.qt_unit_grid import GridMetrics, QtUnitGrid
from client.ui.style import swatch

# No demand, then five steps from pale yellow to deep red; dark text on the light steps, white on the dark.
HEAT_FILLS = ("#EEF1F5", "#FFF2C6", "#FFD47E", "#FFA552", "#EE6A3C", "#B3261E")
HEAT_TEXT = ("#5F6B7A", "#4A3B00", "#4A3000", "#4A2000", "#FFFFFF", "#FFFFFF")
TAKEN = QColor("#263238")
METRICS = GridMetrics(
    min_cell_width=58,
    max_cell_width=96,
    cell_height=46,
    spacing=4,
    floor_width=40,
    title_height=30,
    gap=28,
    margin=8,
)


class QtHeatMap(QtUnitGrid):
    """Follows an `OpeningLive`: `show_live` after every stats reply or event that moved it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(METRICS, parent)
        self.live: OpeningLive | None = None
        self.details: dict[int, str] = {}
        self.highest = 0

    def set_layout(self, units: list[GridUnit], details: dict[int, str]) -> None:
        self.details = details
        self.set_units(units)

    def show_live(self, live: OpeningLive | None) -> None:
        self.live = live
        self.highest = live.highest_first_choice() if live else 0
        self.update()

    def level(self, unit_id: int) -> int:
        h = self.live.heat.get(unit_id) if self.live else None
        return heat_level(h.first_choice, self.highest) if h else 0

    def is_taken(self, unit_id: int) -> bool:
        h = self.live.heat.get(unit_id) if self.live else None
        return bool(h and h.taken)

    def paint_cell(self, painter: QPainter, rect: QRectF, unit_id: int) -> None:
        h = self.live.heat.get(unit_id) if self.live else None
        level = heat_level(h.first_choice, self.highest) if h else 0
        taken = bool(h and h.taken)
        painter.setPen(QPen(TAKEN, 2) if taken else QPen(QColor(HEAT_FILLS[level]).darker(112), 1))
        painter.setBrush(QColor(HEAT_FILLS[level]))
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
        text = QColor(HEAT_TEXT[level])
        unit = self.units[unit_id]
        number_font = QFont(self.font())
        number_font.setBold(True)
        number_font.setPointSizeF(self.font().pointSizeF() * 0.9)
        painter.setFont(number_font)
        painter.setPen(text)
        inner = rect.adjusted(6, 3, -5, -3)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, unit.number)
        count_font = QFont(self.font())
        count_font.setPointSizeF(self.font().pointSizeF() * 0.95)
        painter.setFont(count_font)
        painter.drawText(
            inner,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            str(h.first_choice) if h and h.first_choice else "·",
        )
        if taken:
            tag = QRectF(rect.right() - 26, rect.bottom() - 17, 24, 15)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TAKEN)
            painter.drawRoundedRect(tag, 3, 3)
            tag_font = QFont(self.font())
            tag_font.setPointSizeF(self.font().pointSizeF() * 0.7)
            painter.setFont(tag_font)
            painter.setPen(QColor("#FFFFFF"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, self.tr("Taken"))

    def tooltip(self, unit_id: int) -> str:
        h = self.live.heat.get(unit_id) if self.live else None
        lines = [self.details.get(unit_id, self.units[unit_id].number)]
        if h is not None:
            lines.append(
                self.tr("First choice of {first} buyers; named by {mentions}").format(
                    first=h.first_choice, mentions=h.mentions
                )
            )
            if h.taken:
                lines.append(self.tr("Taken"))
        return "\n".join(lines)


class QtHeatLegend(QWidget):
    """The colour steps with the first-choice counts each stands for, and the taken mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(10)
        self.caption = QLabel(self.tr("First choices:"), self)
        self.layout_.addWidget(self.caption)
        self.steps: list[QLabel] = []
        for fill in HEAT_FILLS:
            icon = QLabel(self)
            icon.setPixmap(swatch(QColor(fill), 14).pixmap(14, 14))
            text = QLabel(self)
            self.layout_.addWidget(icon)
            self.layout_.addWidget(text)
            self.steps.append(text)
        taken_icon = QLabel(self)
        taken_icon.setPixmap(swatch(TAKEN, 14).pixmap(14, 14))
        self.layout_.addSpacing(12)
        self.layout_.addWidget(taken_icon)
        self.layout_.addWidget(QLabel(self.tr("Taken"), self))
        self.layout_.addStretch(1)
        self.set_highest(0)

    def set_highest(self, highest: int) -> None:
        """Step k covers the counts whose level is k, e.g. 1-2, 3-4 … up to the most wanted unit's count."""
        ranges: list[list[int]] = [[] for _ in HEAT_FILLS]
        for count in range(1, highest + 1):
            ranges[heat_level(count, highest)].append(count)
        self.steps[0].setText("0")
        for step, counts in zip(self.steps[1:], ranges[1:], strict=True):
            if not counts:
                step.setText("—")
            elif counts[0] == counts[-1]:
                step.setText(str(counts[0]))
            else:
                step.setText(f"{counts[0]}–{counts[-1]}")
