"""新建开盘: name, mode, T0, turn and hold times, and the units, picked from the project's 销控 board."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from client.ui.labels import floor_label, format_area, status_label
from client.ui.opening_labels import mode_hint, mode_label
from client.ui.opening_model import natural_key
from client.ui.qt_admin_common import QtRequestDialog, alive, server_message
from client.ui.qt_connection import QtConnection
from shared.domain import OpeningMode, UnitStatus
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.catalog import Board, BoardRequest, UnitInfo
from shared.protocol.messages.opening import CreateOpeningRequest

UNIT_ROLE = Qt.ItemDataRole.UserRole + 1
# Units a rush or lottery can sell: on sale already, or released (推售) by the engine at T0.
SELLABLE = frozenset({UnitStatus.AVAILABLE, UnitStatus.NOT_RELEASED})


def eligible(unit: UnitInfo, mode: OpeningMode) -> bool:
    """A rehearsal sells nothing, so any unit may take part; otherwise sellable units in no other opening."""
    return mode is OpeningMode.REHEARSAL or (unit.status in SELLABLE and unit.opening_id is None)


class QtCreateOpeningDialog(QtRequestDialog):
    """Accepted with `reply` the new OpeningInfo; the units start checked wherever they may take part."""

    def __init__(self, conn: QtConnection, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("New opening"), self.tr("Create opening"), parent)
        self.project_id = project_id
        self.board: Board | None = None
        self.setMinimumSize(620, 680)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("e.g. First opening, Building 1"))
        self.mode_combo = QComboBox(self)
        for mode in (OpeningMode.RUSH, OpeningMode.LOTTERY, OpeningMode.REHEARSAL):
            self.mode_combo.addItem(mode_label(mode), mode.value)
        self.mode_hint = QLabel(self)
        self.mode_hint.setWordWrap(True)
        self.mode_hint.setStyleSheet("color: #5F6368;")
        self.starts_edit = QDateTimeEdit(self)
        self.starts_edit.setCalendarPopup(True)
        self.starts_edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.starts_edit.setDateTime(QDateTime.currentDateTime().addSecs(30 * 60))
        self.turn_spin = QSpinBox(self)
        self.turn_spin.setRange(5, 3600)
        self.turn_spin.setValue(60)
        self.turn_spin.setSuffix(self.tr(" s"))
        self.hold_spin = QSpinBox(self)
        self.hold_spin.setRange(1, 7 * 24 * 60)
        self.hold_spin.setValue(60)
        self.hold_spin.setSuffix(self.tr(" min"))
        self.seed_edit = QLineEdit(self)
        self.seed_edit.setValidator(QIntValidator(0, 2**31 - 1, self))
        self.seed_edit.setPlaceholderText(self.tr("Drawn by the server and recorded"))
        self.form.addRow(self.tr("&Name"), self.name_edit)
        self.form.addRow(self.tr("&Mode"), self.mode_combo)
        self.form.addRow("", self.mode_hint)
        self.form.addRow(self.tr("&Starts at (T0)"), self.starts_edit)
        self.form.addRow(self.tr("&Turn per buyer"), self.turn_spin)
        self.form.addRow(self.tr("Random s&eed"), self.seed_edit)
        self.form.addRow(self.tr("&Hold for the deposit"), self.hold_spin)
        self._build_units()
        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self._on_mode()
        self.name_edit.setFocus()
        self.load_board()

    def _build_units(self) -> None:
        self.units_tree = QTreeWidget(self)
        self.units_tree.setHeaderLabels([self.tr("Unit"), self.tr("Status")])
        self.units_tree.setColumnWidth(0, 320)
        self.units_tree.setMinimumHeight(280)
        self.units_tree.itemChanged.connect(self._count)
        self.count_label = QLabel(self)
        self.all_button = QPushButton(self.tr("Select all"), self)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button = QPushButton(self.tr("Select none"), self)
        self.none_button.clicked.connect(lambda: self._check_all(False))
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        self.form.addRow(self.tr("Units"), row)
        self.form.addRow(self.units_tree)

    def mode(self) -> OpeningMode:
        return OpeningMode(self.mode_combo.currentData())

    def _on_mode(self) -> None:
        mode = self.mode()
        self.mode_hint.setText(mode_hint(mode))
        lottery = mode is OpeningMode.LOTTERY
        self.turn_spin.setEnabled(lottery)
        self.seed_edit.setEnabled(lottery)
        self._fill_tree()

    # The project's units ------------------------------------------------------------------------------
    def load_board(self) -> None:
        self.count_label.setText(self.tr("Loading the units…"))
        self.conn.request(
            "board.snapshot",
            BoardRequest(project_id=self.project_id),
            alive(self, self._board_loaded),
            alive(self, self._board_failed),
        )

    def _board_loaded(self, board: Board) -> None:
        self.board = board
        self._fill_tree()

    def _board_failed(self, error: ErrorBody) -> None:
        self.count_label.setText("")
        self.error_label.show_error(server_message(error))

    def _fill_tree(self) -> None:
        if self.board is None:
            return
        mode = self.mode()
        names = {b.id: b.name for b in self.board.buildings}
        self.units_tree.blockSignals(True)
        self.units_tree.clear()
        by_building: dict[str, dict[int, list[UnitInfo]]] = {}
        for u in self.board.units:
            by_building.setdefault(names.get(u.building_id, ""), {}).setdefault(u.floor, []).append(u)
        for name in sorted(by_building, key=natural_key):
            building = self._parent_item(self.units_tree.invisibleRootItem(), name)
            for floor in sorted(by_building[name], reverse=True):
                floor_item = self._parent_item(building, floor_label(floor))
                for u in sorted(by_building[name][floor], key=lambda x: natural_key(x.number)):
                    self._unit_item(floor_item, u, eligible(u, mode))
        self.units_tree.expandToDepth(0)
        self.units_tree.blockSignals(False)
        self._count()

    def _parent_item(self, parent: QTreeWidgetItem, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
        item.setCheckState(0, Qt.CheckState.Unchecked)
        return item

    def _unit_item(self, parent: QTreeWidgetItem, u: UnitInfo, ok: bool) -> None:
        item = QTreeWidgetItem(parent, [f"{u.number}  {u.layout}  {format_area(u.gross_area)}", status_label(u.status)])
        item.setData(0, UNIT_ROLE, u.id)
        if ok:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
        else:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(0, self.tr("Not for sale, or already in another opening"))

    def _unit_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        stack = [self.units_tree.invisibleRootItem()]
        while stack:
            item = stack.pop()
            if item.data(0, UNIT_ROLE) is not None:
                items.append(item)
            children = (item.child(i) for i in range(item.childCount()))
            stack.extend(c for c in children if c is not None)
        return items

    def selected_unit_ids(self) -> list[int]:
        return sorted(
            int(item.data(0, UNIT_ROLE))
            for item in self._unit_items()
            if item.flags() & Qt.ItemFlag.ItemIsEnabled and item.checkState(0) == Qt.CheckState.Checked
        )

    def select_units(self, unit_ids: set[int]) -> None:
        """Checks exactly these units (those that may take part)."""
        self.units_tree.blockSignals(True)
        for item in self._unit_items():
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                wanted = int(item.data(0, UNIT_ROLE)) in unit_ids
                item.setCheckState(0, Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        self.units_tree.blockSignals(False)
        self._count()

    def _check_all(self, checked: bool) -> None:
        self.select_units({int(item.data(0, UNIT_ROLE)) for item in self._unit_items()} if checked else set())

    def _count(self) -> None:
        if self.board is not None:
            self.count_label.setText(self.tr("{count} units selected").format(count=len(self.selected_unit_ids())))

    # The request ------------------------------------------------------------------------------------
    def starts_at(self) -> datetime:
        """The chosen local time as an aware datetime."""
        return datetime.fromtimestamp(self.starts_edit.dateTime().toSecsSinceEpoch()).astimezone()

    def set_starts_at(self, at: datetime) -> None:
        self.starts_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(at.timestamp())))

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        name = self.name_edit.text().strip()
        units = self.selected_unit_ids()
        if not name:
            self.error_label.show_error(self.tr("Enter the opening's name."))
            return None
        if not units:
            self.error_label.show_error(self.tr("Choose at least one unit."))
            return None
        starts = self.starts_at()
        if starts < datetime.now().astimezone() - timedelta(seconds=1):
            self.error_label.show_error(self.tr("The start time has passed; choose a later one."))
            return None
        seed = self.seed_edit.text().strip()
        return "openings.create", CreateOpeningRequest(
            project_id=self.project_id,
            name=name,
            mode=self.mode(),
            starts_at=starts,
            unit_ids=units,
            turn_seconds=self.turn_spin.value(),
            seed=int(seed) if seed and self.mode() is OpeningMode.LOTTERY else None,
            hold_minutes=self.hold_spin.value(),
        )
