"""One building's floors × units grid: a Qt table model over the board state, its cell painter and view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QContextMenuEvent, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from client.ui.board_model import BoardFilter, BoardModel, BuildingGrid, format_countdown, seconds_left
from client.ui.labels import floor_label, format_area, format_price, status_label, translate
from client.ui.style import DIMMED_TEXT, STATUS_COLORS, dimmed
from shared.protocol.messages.catalog import UnitInfo

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
MATCHES_ROLE = Qt.ItemDataRole.UserRole + 3
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4
COUNTDOWN_ROLE = Qt.ItemDataRole.UserRole + 5  # "mm:ss" left on a hold, else None

AnyIndex = QModelIndex | QPersistentModelIndex


def utc_now() -> datetime:
    return datetime.now(UTC)


def unit_summary(unit: UnitInfo, now: datetime | None = None) -> str:
    parts = [unit.number, status_label(unit.status), unit.layout, format_area(unit.gross_area)]
    parts.append(format_price(unit.list_price))
    if unit.holder_name:
        parts.append(translate("Labels", "Consultant: {name}").format(name=unit.holder_name))
    left = seconds_left(unit, now or utc_now())
    if left is not None:
        parts.append(translate("Labels", "{time} left").format(time=format_countdown(left)))
    return " · ".join(parts)


class QtBuildingTableModel(QAbstractTableModel):
    """Reads the board state for one building; the page tells it when that state changed."""

    def __init__(
        self,
        board: BoardModel,
        building_id: int,
        parent: QObject | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.board = board
        self.building_id = building_id
        self.filter = BoardFilter()
        self.now = now  # the server's time, for countdowns

    @property
    def grid(self) -> BuildingGrid:
        return self.board.grids.get(self.building_id) or BuildingGrid([], 0, {}, {})

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.grid.floors)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else self.grid.columns

    def unit(self, index: AnyIndex) -> UnitInfo | None:
        if not index.isValid() or self.building_id not in self.board.grids:
            return None
        return self.board.unit_at(self.building_id, index.row(), index.column())

    def index_of(self, unit_id: int) -> QModelIndex:
        position = self.grid.positions.get(unit_id)
        return QModelIndex() if position is None else self.index(*position)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        unit = self.unit(index)
        if unit is None:
            return None
        matches = self.filter.matches(unit)
        colors = STATUS_COLORS[unit.status]
        if role == Qt.ItemDataRole.DisplayRole:
            return unit.number
        if role == DETAIL_ROLE:
            return f"{unit.layout} {format_area(unit.gross_area)}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return colors.fill if matches else dimmed(colors.fill)
        if role == Qt.ItemDataRole.ForegroundRole:
            return colors.text if matches else DIMMED_TEXT
        if role == COUNTDOWN_ROLE:
            left = seconds_left(unit, self.now())
            return None if left is None else format_countdown(left)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return unit_summary(unit, self.now())
        if role == UNIT_ID_ROLE:
            return unit.id
        if role == STATUS_ROLE:
            return unit.status
        if role == MATCHES_ROLE:
            return matches
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            floors = self.grid.floors
            return floor_label(floors[section]) if section < len(floors) else None
        return f"{section + 1:02d}"

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if self.unit(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def set_filter(self, board_filter: BoardFilter) -> None:
        self.filter = board_filter
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def refresh(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def unit_changed(self, unit: UnitInfo) -> None:
        index = self.index_of(unit.id)
        if index.isValid():
            self.dataChanged.emit(index, index)

    def tick(self) -> None:
        """A second passed: repaint the held cells' countdowns, and only those."""
        for unit in self.board.held():
            if unit.building_id == self.building_id:
                index = self.index_of(unit.id)
                if index.isValid():
                    self.dataChanged.emit(index, index, [COUNTDOWN_ROLE])


class QtUnitDelegate(QStyledItemDelegate):
    """Paints a cell as a coloured tile: the unit number in bold (and a hold's countdown), then layout and area."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if index.data(UNIT_ID_ROLE) is None:
            return
        rect: QRect = option.rect.adjusted(2, 2, -2, -2)
        fill: QColor = index.data(Qt.ItemDataRole.BackgroundRole)
        text: QColor = index.data(Qt.ItemDataRole.ForegroundRole)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#1A237E"), 3) if selected else QPen(fill.darker(115), 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 4, 4)
        base: QFont = option.font
        number_font = QFont(base)
        number_font.setBold(True)
        number_font.setPointSizeF(base.pointSizeF() + 1)
        painter.setPen(text)
        top, bottom = rect.adjusted(8, 3, -6, -rect.height() // 2), rect.adjusted(8, rect.height() // 2, -6, -3)
        painter.setFont(number_font)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, index.data())
        countdown = index.data(COUNTDOWN_ROLE)
        if countdown:
            self._paint_countdown(painter, top, countdown, fill, text)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        painter.setFont(small)
        detail = painter.fontMetrics().elidedText(index.data(DETAIL_ROLE), Qt.TextElideMode.ElideRight, bottom.width())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()

    @staticmethod
    def _paint_countdown(painter: QPainter, area: QRect, countdown: str, fill: QColor, text: QColor) -> None:
        """A small pill in the top-right corner, in the cell's text colour on a deeper shade of its fill."""
        font = QFont(painter.font())
        font.setBold(False)
        font.setPointSizeF(max(7.0, font.pointSizeF() - 2))
        font.setFeature(QFont.Tag("tnum"), 1)  # tabular digits: the pill does not jitter as seconds tick
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(countdown) + 10, metrics.height() + 2
        pill = QRect(area.right() - width, area.center().y() - height // 2, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill.darker(118))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(text)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, countdown)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(150, 48)


class QtBuildingView(QTableView):
    """The grid itself: arrow keys move between units, Tab leaves the grid, right-click or Menu opens actions."""

    unit_menu_requested = Signal(int, QPoint)  # unit id, global position for the menu

    def __init__(self, model: QtBuildingTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(QtUnitDelegate(self))
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        horizontal, vertical = self.horizontalHeader(), self.verticalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        horizontal.setMinimumSectionSize(120)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(50)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def building_model(self) -> QtBuildingTableModel:
        model = self.model()
        assert isinstance(model, QtBuildingTableModel)
        return model

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A right-click selects the cell under the mouse; the Menu key uses the current cell."""
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            index = self.indexAt(self.viewport().mapFromGlobal(event.globalPos()))
        else:
            index = self.currentIndex()
        unit = self.building_model().unit(index)
        if unit is None:
            event.ignore()
            return
        self.setCurrentIndex(index)
        rect = self.visualRect(index)
        at = event.globalPos() if event.reason() == QContextMenuEvent.Reason.Mouse else rect.center()
        if event.reason() != QContextMenuEvent.Reason.Mouse:
            at = self.viewport().mapToGlobal(at)
        self.unit_menu_requested.emit(unit.id, at)
        event.accept()
