"""One building's floors × units grid: a Qt table model over the board state, its cell painter and view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from client.ui.board_model import BoardFilter, BoardModel, BuildingGrid
from client.ui.labels import floor_label, format_area, format_price, status_label
from client.ui.style import DIMMED_TEXT, STATUS_COLORS, dimmed
from shared.protocol.messages.catalog import UnitInfo

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
MATCHES_ROLE = Qt.ItemDataRole.UserRole + 3
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4

AnyIndex = QModelIndex | QPersistentModelIndex


def unit_summary(unit: UnitInfo) -> str:
    return " · ".join(
        (
            unit.number,
            status_label(unit.status),
            unit.layout,
            format_area(unit.gross_area),
            format_price(unit.list_price),
        )
    )


class QtBuildingTableModel(QAbstractTableModel):
    """Reads the board state for one building; the page tells it when that state changed."""

    def __init__(self, board: BoardModel, building_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board = board
        self.building_id = building_id
        self.filter = BoardFilter()

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
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return unit_summary(unit)
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


class QtUnitDelegate(QStyledItemDelegate):
    """Paints a cell as a coloured tile: the unit number in bold, then layout and area."""

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
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        painter.setFont(small)
        detail = painter.fontMetrics().elidedText(index.data(DETAIL_ROLE), Qt.TextElideMode.ElideRight, bottom.width())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(150, 48)


class QtBuildingView(QTableView):
    """The grid itself: arrow keys move between units, Tab leaves the grid."""

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
