"""Fonts and colours: the CJK font list, the 销控 status palette and the connection-state colours."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from shared.domain import UnitStatus

# Windows, macOS, Linux (WenQuanYi ships with most distributions), then the Adobe/Google families.
CJK_FAMILIES = ["Microsoft YaHei UI", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC"]


def app_font(point_size: float = 10.0) -> QFont:
    """The application font: a CJK-capable family first, then the platform default."""
    font = QApplication.font()
    font.setFamilies([*CJK_FAMILIES, *font.families()])
    font.setPointSizeF(point_size)
    return font


@dataclass(frozen=True, slots=True)
class StatusColors:
    fill: QColor
    text: QColor


def _pair(fill: str, text: str) -> StatusColors:
    return StatusColors(QColor(fill), QColor(text))


# The palette sales offices expect on a 销控 board: green sells, warm colours are taken, grey is off the market.
# Light fills carry dark text and dark fills white text, so every cell reads at a glance.
STATUS_COLORS: dict[UnitStatus, StatusColors] = {
    UnitStatus.AVAILABLE: _pair("#8BD48F", "#103A17"),
    UnitStatus.HELD: _pair("#FFD54F", "#4A3B00"),
    UnitStatus.SUBSCRIBED: _pair("#FFA150", "#4A2300"),
    UnitStatus.SIGNED: _pair("#EF7B7B", "#4A0D0D"),
    UnitStatus.SOLD: _pair("#B71C1C", "#FFFFFF"),
    UnitStatus.NOT_RELEASED: _pair("#E3E6EA", "#4A5360"),
    UnitStatus.RESERVED: _pair("#B39DDB", "#2E1A5C"),
    UnitStatus.UNAVAILABLE: _pair("#5F6368", "#FFFFFF"),
}
DIMMED_TEXT = QColor("#A0A4A8")
DIM_TOWARD = QColor("#FFFFFF")
DIM_AMOUNT = 0.82

# LinkState value -> dot colour for the status bar.
CONNECTION_COLORS: dict[str, QColor] = {
    "connected": QColor("#2E7D32"),
    "reconnecting": QColor("#E69500"),
    "connecting": QColor("#1E88E5"),
    "closed": QColor("#9E9E9E"),
}
ERROR_TEXT = "#C62828"


def dimmed(color: QColor) -> QColor:
    """A cell colour washed out toward white: the cell does not match the filters."""
    a = DIM_AMOUNT
    return QColor(
        round(color.red() * (1 - a) + DIM_TOWARD.red() * a),
        round(color.green() * (1 - a) + DIM_TOWARD.green() * a),
        round(color.blue() * (1 - a) + DIM_TOWARD.blue() * a),
    )


def swatch(color: QColor, size: int = 14) -> QIcon:
    """A small rounded square of one colour, for legends and combo boxes."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(color.darker(130))
    painter.setBrush(color)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QIcon(pixmap)


def status_icon(status: UnitStatus) -> QIcon:
    return swatch(STATUS_COLORS[status].fill)
