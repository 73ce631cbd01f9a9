"""The 销控 board workspace: project selector, one grid per building, filters, unit detail, actions and my units."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.ui.board_model import BoardModel, ServerClock
from client.ui.labels import error_text
from client.ui.qt_board_detail import QtUnitDetail
from client.ui.qt_board_filters import QtBoardFilters
from client.ui.qt_board_table import QtBuildingTableModel, QtBuildingView
from client.ui.qt_connection import QtConnection
from client.ui.qt_my_units import QtMyUnits
from client.ui.qt_projects import fill_projects
from client.ui.qt_unit_actions import QtUnitActions
from client.ui.style import ERROR_TEXT
from client.ui.unit_actions import UnitAction, actions_for
from shared.domain import Role, UnitStatus
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.catalog import (
    Board,
    BoardRequest,
    ProjectList,
    UnitChanged,
    UnitInfo,
    UnitRef,
    UnitsImported,
)
from shared.protocol.messages.sales import MyUnitsRequest, UnitList
from shared.protocol.messages.system import Heartbeat

# Roles the server shows 保留 to as it is (server/engine/rules.py public_status).
SEES_RESERVES = frozenset({Role.SALES_MANAGER, Role.ADMIN})


class QtBoardPage(QWidget):
    """Snapshot, then live `unit.changed` events; re-snapshots after an import or a missed event."""

    def __init__(
        self, conn: QtConnection, role: Role, parent: QWidget | None = None, *, user_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.conn = conn
        self.role = role
        self.user_id = user_id
        self.model = BoardModel()
        # Hold countdowns follow the server's clock (from its heartbeats), not this PC's.
        self.clock = ServerClock()
        self.unit_actions = QtUnitActions(conn, role, user_id, self)
        self.project_id: int | None = None
        self.selected_unit_id: int | None = None
        self.views: dict[int, QtBuildingView] = {}
        self._tab_keys: list[tuple[int, str]] = []
        self._snapshot_tokens = itertools.count(1)
        self._snapshot_token = 0
        self._build()
        self.model.events.reset.connect(self._on_reset)
        self.model.events.unit_changed.connect(self._on_unit_changed)
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.reload)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        self.reload()

    def _build(self) -> None:
        project_label = QLabel(self.tr("&Project:"), self)
        self.project_combo = QComboBox(self)
        self.project_combo.setMinimumContentsLength(12)
        self.project_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        project_label.setBuddy(self.project_combo)
        self.project_combo.currentIndexChanged.connect(self._on_project_chosen)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.setToolTip(self.tr("Reload the board from the server (F5)"))
        self.refresh_button.clicked.connect(self.reload)
        self.notice = QLabel("", self)
        top = QHBoxLayout()
        top.addWidget(project_label)
        top.addWidget(self.project_combo)
        top.addWidget(self.refresh_button)
        top.addSpacing(12)
        top.addWidget(self.notice, 1)
        self.filters = QtBoardFilters(self)
        self.filters.changed.connect(self._on_filter_changed)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.empty = QLabel(self.tr("No projects yet. An administrator can create one and import its units."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tabs)
        self.detail = QtUnitDetail(
            bool(self.unit_actions.direct), self, actions=list(self.unit_actions.actions.values())
        )
        self.detail.set_status_requested.connect(self._set_status)
        self.unit_actions.busy_changed.connect(self._on_action_busy)
        self.unit_actions.result.connect(lambda text, error: self.detail.show_result(text, error=error))
        self.unit_actions.unit_updated.connect(self._merge)
        side = QSplitter(Qt.Orientation.Vertical, self)
        side.addWidget(self.detail)
        # Those who hold units see theirs under the detail panel.
        self.my_units: QtMyUnits | None = None
        if self.user_id is not None and UnitAction.HOLD in actions_for(self.role):
            self.my_units = QtMyUnits(self.user_id, self.clock.now, side)
            self.my_units.unit_chosen.connect(self.select_unit)
            side.addWidget(self.my_units)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.stack)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)

    # --- talking to the server ----------------------------------------------------------------

    def reload(self) -> None:
        """Re-reads the project list, then the chosen project's snapshot."""
        self.notice.setStyleSheet("")
        self.notice.setText(self.tr("Loading…"))
        self.conn.request("projects.list", None, self._on_projects, self._on_failure)

    def _on_projects(self, reply: ProjectList) -> None:
        fill_projects(self.project_combo, reply.projects, self.project_id)
        self._on_project_chosen()

    def _on_project_chosen(self) -> None:
        self.project_id = self.project_combo.currentData()
        if self.project_id is None:
            self.notice.clear()
            self.model.clear()
            return
        self.load_snapshot()

    def load_snapshot(self) -> None:
        if self.project_id is None:
            return
        token = self._snapshot_token = next(self._snapshot_tokens)
        self.model.begin_loading()
        self.notice.setText(self.tr("Loading…"))

        def done(board: Board) -> None:
            if token == self._snapshot_token:  # an older request's answer is stale
                self.notice.clear()
                self.model.load(board)
                self._load_my_units()

        self.conn.request("board.snapshot", BoardRequest(project_id=self.project_id), done, self._on_failure)

    def _load_my_units(self) -> None:
        if self.my_units is None or self.project_id is None:
            return

        def done(reply: UnitList) -> None:
            if self.my_units is not None:
                self.my_units.set_units(reply.units, {b.id: b.name for b in self.model.buildings})

        self.conn.request("units.mine", MyUnitsRequest(project_id=self.project_id), done, self._on_failure)

    def _on_failure(self, error: ErrorBody) -> None:
        self.model.cancel_loading()
        self.notice.setStyleSheet(f"color: {ERROR_TEXT};")
        self.notice.setText(error_text(error))

    def _on_event(self, type_: str, payload: object, event: object) -> None:
        if type_ == "heartbeat" and isinstance(payload, Heartbeat):
            arrived = datetime.now(UTC)
            self.clock.observe(payload.server_time, arrived, arrived)
        elif type_ == "unit.changed" and isinstance(payload, UnitChanged):
            if payload.project_id == self.project_id:
                self.model.apply(payload.unit)
                unit = payload.unit
                if unit.status is UnitStatus.SOLD and self.role in SEES_RESERVES:
                    # Events show 保留 as sold to everyone; the server tells a manager which it really is.
                    self.conn.request("units.get", UnitRef(unit_id=unit.id), self._merge)
                elif self.user_id is not None and unit.holder_id == self.user_id:
                    # Events carry no customer; the consultant's own units show theirs.
                    self.conn.request("units.get", UnitRef(unit_id=unit.id), self._merge)
                elif self.my_units is not None:
                    self.my_units.update_unit(unit)
        elif type_ == "units.imported" and isinstance(payload, UnitsImported):
            if payload.project_id == self.project_id:
                self.load_snapshot()
            elif self.project_combo.findData(payload.project_id) < 0:
                self.reload()

    def _set_status(self, unit_id: int, status: str, expected_version: int, reason: str) -> None:
        """The detail panel's direct change: the actions send it with the version the panel showed."""
        if self.unit_actions.unit is not None and self.unit_actions.unit.id == unit_id:
            self.unit_actions.set_status(UnitStatus(status), reason)

    def _on_action_busy(self, busy: bool) -> None:
        if busy:  # the result's message ends it
            self.detail.set_busy(True)

    def _merge(self, unit: UnitInfo) -> None:
        """A unit from a reply or `units.get`: it may show more than the event of the same version did."""
        self.model.merge_private(unit)
        if self.my_units is not None:
            self.my_units.update_unit(self.model.units.get(unit.id, unit))

    def _tick(self) -> None:
        now = self.clock.now()
        view = self.current_view()
        if view is not None:
            view.building_model().tick()
        self.detail.tick(now)
        if self.my_units is not None:
            self.my_units.tick()

    def _on_unit_menu(self, unit_id: int, at: QPoint) -> None:
        self.select_unit(unit_id)
        menu = self.unit_actions.menu(self)
        if not menu.isEmpty():
            menu.popup(at)

    # --- following the model ------------------------------------------------------------------

    def _on_reset(self) -> None:
        buildings = [(b.id, b.name) for b in self.model.buildings]
        if buildings != self._tab_keys:
            self._tab_keys = buildings
            self._rebuild_tabs()
        else:
            for view in self.views.values():
                view.building_model().refresh()
        self.stack.setCurrentWidget(self.tabs if self.model.project is not None else self.empty)
        self.filters.set_layouts(self.model.layouts())
        self.filters.set_counts(self.model.counts())
        self._on_filter_changed()
        self._select(self.selected_unit_id)

    def _rebuild_tabs(self) -> None:
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.views = {}
        for building in self.model.buildings:
            view = QtBuildingView(QtBuildingTableModel(self.model, building.id, now=self.clock.now), self.tabs)
            view.selectionModel().selectionChanged.connect(self._on_selection)
            view.unit_menu_requested.connect(self._on_unit_menu)
            self.tabs.addTab(view, building.name)
            self.views[building.id] = view
        self.tabs.setCurrentIndex(min(max(current, 0), self.tabs.count() - 1))
        self.tabs.blockSignals(False)
        self._chain_focus()

    def _chain_focus(self) -> None:
        """Tab goes project → filters → building tabs → grid → status change, whatever was created when."""
        chain: list[QWidget] = [
            self.project_combo,
            self.refresh_button,
            *self.filters.checkboxes.values(),
            self.filters.layout_combo,
            self.tabs,
            *self.views.values(),
        ]
        detail = self.detail
        chain += detail.action_buttons
        chain += [w for w in (detail.status_combo, detail.reason_edit, detail.set_button) if w is not None]
        if self.my_units is not None:
            chain.append(self.my_units.list)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_unit_changed(self, unit: UnitInfo) -> None:
        view = self.views.get(unit.building_id)
        if view is not None:
            view.building_model().unit_changed(unit)
        self.filters.set_counts(self.model.counts())
        if unit.id == self.selected_unit_id:
            self._show_detail(unit)

    def _on_filter_changed(self) -> None:
        board_filter = self.filters.current()
        for view in self.views.values():
            view.building_model().set_filter(board_filter)

    def _on_tab_changed(self, _index: int) -> None:
        view = self.current_view()
        indexes = view.selectionModel().selectedIndexes() if view is not None else []
        self._on_selection_index(indexes[0] if indexes else QModelIndex(), view)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        view = self.current_view()
        indexes = selected.indexes()
        self._on_selection_index(indexes[0] if indexes else QModelIndex(), view)

    def _on_selection_index(self, index: QModelIndex, view: QtBuildingView | None) -> None:
        unit = view.building_model().unit(index) if view is not None else None
        self.selected_unit_id = unit.id if unit is not None else None
        self._show_detail(unit)

    def _show_detail(self, unit: UnitInfo | None) -> None:
        names = {b.id: b.name for b in self.model.buildings}
        name = f"{names.get(unit.building_id, '')} {unit.number}".strip() if unit is not None else ""
        self.detail.show_unit(unit, names.get(unit.building_id, "") if unit is not None else "", self.clock.now())
        self.unit_actions.set_unit(unit, name)

    def _select(self, unit_id: int | None) -> None:
        unit = self.model.units.get(unit_id) if unit_id is not None else None
        if unit is None:
            self.selected_unit_id = None
            self._show_detail(None)
            return
        self.select_unit(unit.id)

    # --- for keyboard users and tests ---------------------------------------------------------

    def current_view(self) -> QtBuildingView | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, QtBuildingView) else None

    def select_unit(self, unit_id: int) -> None:
        """Shows the unit's building and selects its cell, as a click would."""
        unit = self.model.units[unit_id]
        view = self.views[unit.building_id]
        self.tabs.setCurrentWidget(view)
        index = view.building_model().index_of(unit_id)
        view.setCurrentIndex(index)
        view.scrollTo(index)
        self.selected_unit_id = unit_id
        self._show_detail(unit)
