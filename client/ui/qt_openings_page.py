"""The manager's opening console 开盘控制台: openings of a project, the live counters, the heat map and controls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.ui.board_model import ServerClock
from client.ui.labels import format_area, format_price
from client.ui.opening_labels import chip_style, mode_label, opening_status_label
from client.ui.opening_model import GridUnit, OpeningLive, countdown
from client.ui.qt_admin_common import QtMessageLabel, alive, local_time, server_message
from client.ui.qt_connection import QtConnection
from client.ui.qt_heat_map import QtHeatLegend, QtHeatMap
from client.ui.qt_opening_create import QtCreateOpeningDialog
from client.ui.qt_projects import fill_projects
from shared.domain import OpeningMode, OpeningStatus, Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.catalog import Board, BoardRequest, ProjectList
from shared.protocol.messages.common import FileContent
from shared.protocol.messages.opening import (
    ExportLogRequest,
    ImportBuyersReply,
    ImportBuyersRequest,
    ListOpeningsRequest,
    OpeningInfo,
    OpeningList,
    OpeningProgress,
    OpeningRef,
    OpeningStats,
    UnitsAvailability,
)
from shared.protocol.messages.system import Heartbeat

OPENING_ROLE = Qt.ItemDataRole.UserRole + 1
# While an opening runs, the heat counts (not carried by progress events) are re-read this often.
STATS_EVERY_MS = 2000


class QtOpeningsPage(QWidget):
    """Follows one opening at a time: stats on selection, then progress and unit events, and a slow poll."""

    def __init__(self, conn: QtConnection, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.role = role
        self.can_manage = role is Role.SALES_MANAGER  # the server checks; this only hides buttons
        self.project_id: int | None = None
        self.board: Board | None = None
        self.openings: dict[int, OpeningInfo] = {}
        self.live: OpeningLive | None = None
        self.clock = ServerClock()
        self._build()
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.reload)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        self.poller = QTimer(self)
        self.poller.setInterval(STATS_EVERY_MS)
        self.poller.timeout.connect(self._poll)
        self.poller.start()
        self.reload()

    # --- layout ------------------------------------------------------------------------------------

    def _build(self) -> None:
        project_label = QLabel(self.tr("&Project:"), self)
        self.project_combo = QComboBox(self)
        self.project_combo.setMinimumContentsLength(12)
        project_label.setBuddy(self.project_combo)
        self.project_combo.currentIndexChanged.connect(self._on_project)
        self.new_button = QPushButton(self.tr("&New opening…"), self)
        self.new_button.clicked.connect(self.create_opening)
        self.new_button.setVisible(self.can_manage)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(project_label)
        top.addWidget(self.project_combo)
        top.addWidget(self.new_button)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        self.list = QListWidget(self)
        self.list.setMinimumWidth(220)
        self.list.setAccessibleName(self.tr("Openings"))
        self.list.currentItemChanged.connect(self._on_selected)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(1, 1)
        self.message = QtMessageLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    def _build_detail(self) -> QWidget:
        panel = QWidget(self)
        self.title = QLabel(self.tr("Select an opening"), panel)
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() + 5)
        big.setBold(True)
        self.title.setFont(big)
        self.status_chip = QLabel(panel)
        self.clock_label = QLabel(panel)
        self.clock_label.setFont(big)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.status_chip)
        head.addStretch(1)
        head.addWidget(self.clock_label)
        self.facts: dict[str, QLabel] = {}
        facts = QFormLayout()
        for key, label in (
            ("mode", self.tr("Mode")),
            ("starts", self.tr("Starts at (T0)")),
            ("buyers", self.tr("Buyers signed in")),
            ("requests", self.tr("Requests")),
            ("turn", self.tr("Now choosing")),
        ):
            value = QLabel("—", panel)
            facts.addRow(label, value)
            self.facts[key] = value
        self.progress = QProgressBar(panel)
        self.progress.setTextVisible(True)
        self.progress.setMinimumHeight(26)
        self.sold_label = QLabel(panel)
        self.sold_label.setFont(big)
        sold_row = QHBoxLayout()
        sold_row.addWidget(self.sold_label)
        sold_row.addWidget(self.progress, 1)
        self.buttons: dict[str, QPushButton] = {}
        controls = QHBoxLayout()
        for key, text, slot in (
            ("import", self.tr("&Import buyers…"), self.import_buyers),
            ("template", self.tr("Buyer &template…"), self.save_template),
            ("pause", self.tr("&Pause"), lambda: self.control("openings.pause")),
            ("resume", self.tr("Res&ume"), lambda: self.control("openings.resume")),
            ("close", self.tr("Clos&e"), lambda: self.control("openings.close")),
            ("export", self.tr("E&xport fairness log…"), self.export_log),
        ):
            button = QPushButton(text, panel)
            button.clicked.connect(slot)
            manage = key not in ("export",)
            button.setVisible(self.can_manage or not manage)
            controls.addWidget(button)
            self.buttons[key] = button
        controls.addStretch(1)
        self.heat = QtHeatMap(panel)
        self.legend = QtHeatLegend(panel)
        scroll = QScrollArea(panel)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.heat)
        layout = QVBoxLayout(panel)
        layout.addLayout(head)
        layout.addLayout(facts)
        layout.addLayout(sold_row)
        layout.addLayout(controls)
        layout.addWidget(QLabel(self.tr("Demand heat map"), panel))
        layout.addWidget(self.legend)
        layout.addWidget(scroll, 1)
        self._show()
        return panel

    # --- loading -----------------------------------------------------------------------------------

    def reload(self) -> None:
        self.conn.request("projects.list", None, alive(self, self._on_projects), alive(self, self._failed))

    def _on_projects(self, reply: ProjectList) -> None:
        fill_projects(self.project_combo, reply.projects, self.project_id)
        self._on_project()

    def _on_project(self) -> None:
        self.project_id = self.project_combo.currentData()
        if self.project_id is None:
            return
        self.conn.request(
            "board.snapshot", BoardRequest(project_id=self.project_id), alive(self, self._on_board), self._failed
        )
        self.load_openings()

    def _on_board(self, board: Board) -> None:
        self.board = board
        self._layout_heat()

    def load_openings(self, select: int | None = None) -> None:
        if self.project_id is None:
            return

        def done(reply: OpeningList) -> None:
            self._fill_list(reply.openings, select)

        self.conn.request(
            "openings.list", ListOpeningsRequest(project_id=self.project_id), alive(self, done), self._failed
        )

    def _fill_list(self, openings: list[OpeningInfo], select: int | None) -> None:
        current = select if select is not None else (self.live.info.id if self.live else None)
        self.openings = {o.id: o for o in openings}
        self.list.blockSignals(True)
        self.list.clear()
        for o in sorted(openings, key=lambda o: o.starts_at, reverse=True):
            item = QListWidgetItem(self._list_text(o), self.list)
            item.setData(OPENING_ROLE, o.id)
            if o.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._on_selected(self.list.currentItem(), None)

    def _list_text(self, o: OpeningInfo) -> str:
        return f"{o.name}\n{mode_label(o.mode)} · {opening_status_label(o.status)} · {local_time(o.starts_at)}"

    def _on_selected(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        opening_id = item.data(OPENING_ROLE) if item is not None else None
        if opening_id is None:
            self.live = None
            self._show()
            return
        if self.live is None or self.live.info.id != opening_id:
            self.live = OpeningLive(self.openings[opening_id])
            self._layout_heat()
        self.refresh_stats()

    def refresh_stats(self) -> None:
        if self.live is None:
            return
        opening_id = self.live.info.id

        def done(stats: OpeningStats) -> None:
            if self.live is not None and self.live.info.id == opening_id:
                self.live.apply_stats(stats)
                self.openings[opening_id] = stats.opening
                self._show()

        self.conn.request("openings.stats", OpeningRef(opening_id=opening_id), alive(self, done), self._failed)

    def _layout_heat(self) -> None:
        if self.board is None or self.live is None:
            self.heat.set_layout([], {})
            return
        names = {b.id: b.name for b in self.board.buildings}
        # The opening's units are those its stats count (the board's opening_id ends when it closes).
        units = [u for u in self.board.units if u.id in self.live.heat]
        self.heat.set_layout(
            [GridUnit(u.id, names.get(u.building_id, ""), u.floor, u.number) for u in units],
            {
                u.id: f"{names.get(u.building_id, '')} {u.number} · {u.layout} · {format_area(u.gross_area)}"
                f" · {format_price(u.list_price)}"
                for u in units
            },
        )

    # --- showing -----------------------------------------------------------------------------------

    def _show(self) -> None:
        live = self.live
        for button in self.buttons.values():
            button.setEnabled(live is not None)
        if live is None:
            self.title.setText(self.tr("Select an opening"))
            self.status_chip.clear()
            self.status_chip.setStyleSheet("")
            for value in self.facts.values():
                value.setText("—")
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.sold_label.clear()
            self.heat.show_live(None)
            self.legend.set_highest(0)
            return
        info = live.info
        self.title.setText(info.name)
        self.status_chip.setText(opening_status_label(info.status))
        self.status_chip.setStyleSheet(chip_style(info.status))
        self.facts["mode"].setText(mode_label(info.mode))
        self.facts["starts"].setText(local_time(info.starts_at, seconds=True))
        self.facts["buyers"].setText(
            self.tr("{signed_in} of {buyers}").format(signed_in=live.signed_in, buyers=info.buyers)
        )
        self.facts["requests"].setText(str(live.requests))
        turn = "—"
        if info.mode is OpeningMode.LOTTERY and live.turn_position is not None:
            turn = self.tr("No. {position}: {buyer}").format(position=live.turn_position + 1, buyer=live.turn_buyer)
        self.facts["turn"].setText(turn)
        total = max(live.total, 1)
        self.progress.setRange(0, total)
        self.progress.setValue(live.sold)
        self.progress.setFormat(f"{live.percent:.1f}%")
        sold_text = self.tr("Would be sold") if info.mode is OpeningMode.REHEARSAL else self.tr("Sold")
        self.sold_label.setText(f"{sold_text} {live.sold} / {live.total}")
        running = info.status is OpeningStatus.RUNNING
        self.buttons["pause"].setEnabled(running)
        self.buttons["resume"].setEnabled(info.status is OpeningStatus.PAUSED)
        self.buttons["close"].setEnabled(info.status is not OpeningStatus.CLOSED)
        self.buttons["import"].setEnabled(info.status is OpeningStatus.SCHEDULED)
        if set(self.heat.units) != set(live.heat):
            self._layout_heat()
        self.heat.show_live(live)
        self.legend.set_highest(live.highest_first_choice())
        self._tick()

    def _tick(self) -> None:
        live = self.live
        if live is None:
            self.clock_label.clear()
            return
        info = live.info
        if info.status is OpeningStatus.SCHEDULED:
            left = (info.starts_at - self.clock.now()).total_seconds()
            self.clock_label.setText(self.tr("T0 in {time}").format(time=countdown(left)))
        elif (
            info.mode is OpeningMode.LOTTERY and live.turn_ends_at is not None and info.status is OpeningStatus.RUNNING
        ):
            left = (live.turn_ends_at - self.clock.now()).total_seconds()
            self.clock_label.setText(self.tr("Turn ends in {time}").format(time=countdown(left)))
        else:
            self.clock_label.clear()

    def _poll(self) -> None:
        if self.live is not None and self.live.info.status in (OpeningStatus.RUNNING, OpeningStatus.SCHEDULED):
            self.refresh_stats()

    def _on_event(self, type_: str, payload: object, _event: object) -> None:
        if type_ == "heartbeat" and isinstance(payload, Heartbeat):
            arrived = datetime.now(UTC)
            self.clock.observe(payload.server_time, arrived, arrived)
            return
        live = self.live
        if live is None:
            return
        if type_ == "opening.progress" and isinstance(payload, OpeningProgress) and payload.opening_id == live.info.id:
            changed = payload.status is not live.info.status
            live.apply_progress(payload)
            self._show()
            if changed:
                self.load_openings()
        elif type_ == "opening.units" and isinstance(payload, UnitsAvailability) and payload.opening_id == live.info.id:
            marked = [live.mark(u, False) for u in payload.taken] + [live.mark(u, True) for u in payload.free]
            if any(marked):
                self.heat.show_live(live)

    # --- commands ----------------------------------------------------------------------------------

    def _failed(self, error: ErrorBody) -> None:
        self.message.show_error(server_message(error))

    def create_opening(self) -> None:
        if self.project_id is None:
            return
        dialog = QtCreateOpeningDialog(self.conn, self.project_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and isinstance(dialog.reply, OpeningInfo):
            self.message.show_info(self.tr("Opening {name} created.").format(name=dialog.reply.name))
            self.load_openings(select=dialog.reply.id)

    def control(self, command: str) -> None:
        if self.live is None:
            return

        def done(info: OpeningInfo) -> None:
            self.openings[info.id] = info
            if self.live is not None and self.live.info.id == info.id:
                self.live.info = info
            self.message.show_info(
                self.tr("The opening is now {status}.").format(status=opening_status_label(info.status))
            )
            self.load_openings()

        self.conn.request(command, OpeningRef(opening_id=self.live.info.id), alive(self, done), self._failed)

    def import_buyers(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the 认筹 list"), str(Path.home()), self.tr("Excel workbook (*.xlsx)")
        )
        if path:
            self.import_buyers_from(path)

    def import_buyers_from(self, path: str | Path) -> None:
        if self.live is None:
            return
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            self.message.show_error(self.tr("Cannot read {path}: {error}").format(path=path, error=exc))
            return

        def done(reply: ImportBuyersReply) -> None:
            self.message.show_info(self.tr("{count} buyers imported.").format(count=reply.buyers))
            self.load_openings()

        request = ImportBuyersRequest(opening_id=self.live.info.id, filename=Path(path).name, content=content)
        self.conn.request("openings.import_buyers", request, alive(self, done), self._failed)

    def save_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the 认筹 template"),
            str(Path.home() / self.tr("buyers-template.xlsx")),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path:
            self.conn.request("openings.buyers_template", None, alive(self, self._saver(path)), self._failed)

    def export_log(self) -> None:
        if self.live is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the fairness log"),
            str(Path.home() / f"opening-{self.live.info.id}-log.csv"),
            self.tr("CSV (*.csv);;JSON (*.json)"),
        )
        if path:
            self.export_log_to(path)

    def export_log_to(self, path: str | Path) -> None:
        if self.live is None:
            return
        as_json = str(path).lower().endswith(".json")
        request = ExportLogRequest(opening_id=self.live.info.id, format="json" if as_json else "csv")
        self.conn.request("openings.export_log", request, alive(self, self._saver(path)), self._failed)

    def _saver(self, path: str | Path) -> Callable[[FileContent], None]:
        def save(file: FileContent) -> None:
            try:
                Path(path).write_bytes(file.content)
            except OSError as exc:
                self.message.show_error(self.tr("Cannot write {path}: {error}").format(path=path, error=exc))
                return
            self.message.show_info(self.tr("Saved to {path}.").format(path=path))

        return save
