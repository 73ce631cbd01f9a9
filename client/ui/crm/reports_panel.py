"""Channel reports 报备 of a project, newest first and keyset-paged: enter a new one (its decision shows at once),
filter by status, appeal 申诉 a rejected or expired one. Shared by the front desk and the manager."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from client.ui.crm.common import append, error_label, fill, selected_key, show_error, table
from client.ui.crm.dialogs import QtAppealDialog
from client.ui.crm.labels import reject_reason, report_decision, report_status, when
from client.ui.crm.permissions import may
from client.ui.crm.report_dialog import QtReportDialog
from client.ui.qt_admin_common import alive
from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_channels import ReportInfo, ReportList, ReportListRequest
from shared.protocol.messages.crm_types import ReportStatus

PAGE_SIZE = 100
APPEALABLE = (ReportStatus.REJECTED, ReportStatus.EXPIRED)


class QtReportsPanel(QWidget):
    decided = Signal(object)  # the ReportInfo of a report entered here

    def __init__(self, conn: QtConnection, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.role = role
        self.project_id: int | None = None
        self.reports: list[ReportInfo] = []
        self.next_after: int | None = None
        self.dialog: QDialog | None = None
        self._generation = 0
        self.status = QComboBox(self)
        self.status.addItem(self.tr("All reports"), None)
        for s in ReportStatus:
            self.status.addItem(report_status(s), s.value)
        self.status.currentIndexChanged.connect(self.reload)
        status_label = QLabel(self.tr("S&how:"), self)
        status_label.setBuddy(self.status)
        self.new_button = QPushButton(self.tr("Ne&w report…"), self)
        self.new_button.setShortcut(QKeySequence("Ctrl+R"))
        self.new_button.clicked.connect(self.new_report)
        self.new_button.setVisible(may(role, "reports.submit"))
        self.appeal_button = QPushButton(self.tr("Appea&l…"), self)
        self.appeal_button.clicked.connect(self.appeal)
        self.appeal_button.setVisible(may(role, "appeals.file"))
        self.appeal_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(status_label)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.appeal_button)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.table = table(
            self,
            [
                self.tr("No."),
                self.tr("Reported"),
                self.tr("Channel"),
                self.tr("Broker"),
                self.tr("Customer"),
                self.tr("Phone"),
                self.tr("Decision"),
                self.tr("Reason"),
                self.tr("Rule"),
                self.tr("Visit by"),
                self.tr("Protected until"),
            ],
            [44, 92, 80, 64, 64, 100, 72, 190, 40, 92],
        )
        self.table.itemSelectionChanged.connect(self._selection)
        self.more_button = QPushButton(self.tr("&More"), self)
        self.more_button.clicked.connect(self.load_more)
        self.more_button.hide()
        self.message = error_label(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.more_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)
        conn.event_received.connect(self._on_event)

    def set_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.reload()

    def selected(self) -> ReportInfo | None:
        key = selected_key(self.table)
        return next((r for r in self.reports if r.id == key), None)

    def reload(self) -> None:
        self._request(None)

    def load_more(self) -> None:
        if self.next_after is not None:
            self._request(self.next_after)

    def _request(self, after: int | None) -> None:
        if self.project_id is None:
            return
        if after is None:
            self._generation += 1
        generation = self._generation
        status = self.status.currentData()
        req = ReportListRequest(
            project_id=self.project_id,
            status=ReportStatus(status) if status else None,
            after_id=after,
            limit=PAGE_SIZE,
        )
        self.conn.request(
            "reports.list",
            req,
            alive(self, lambda r: self._loaded(r, generation, after is None)),
            alive(self, self._failed),
        )

    def _loaded(self, reply: ReportList, generation: int, replace: bool) -> None:
        if generation != self._generation:
            return
        keep = selected_key(self.table)
        rows = [self._cells(r) for r in reply.reports]
        keys = [r.id for r in reply.reports]
        if replace:
            self.reports = list(reply.reports)
            fill(self.table, rows, keys)
        else:
            self.reports.extend(reply.reports)
            append(self.table, rows, keys)
        if keep is not None:
            for r in range(self.table.rowCount()):
                item = self.table.item(r, 0)
                if item is not None and item.data(Qt.ItemDataRole.UserRole) == keep:
                    self.table.selectRow(r)
        self.next_after = reply.next_after
        self.more_button.setVisible(reply.next_after is not None)
        self._selection()

    def _cells(self, r: ReportInfo) -> list[object]:
        return [
            r.id,
            when(r.reported_at),
            r.channel_name,
            r.broker_name,
            r.customer_name,
            r.phone_masked,
            report_status(r.status),
            reject_reason(r.reason) or r.reason_detail,
            f"v{r.rule_version}",
            when(r.visit_deadline) if r.status is ReportStatus.ACCEPTED else "",
            when(r.protect_until) if r.status in (ReportStatus.ACCEPTED, ReportStatus.VISITED) else "",
        ]

    def _selection(self) -> None:
        r = self.selected()
        self.appeal_button.setEnabled(r is not None and r.status in APPEALABLE)

    def new_report(self) -> None:
        if self.project_id is None:
            return
        dialog = QtReportDialog(self.conn, self.project_id, self)
        dialog.submitted.connect(self._submitted)
        self._open(dialog)

    def _submitted(self, r: ReportInfo) -> None:
        bad = r.status is ReportStatus.REJECTED
        self.banner.setStyleSheet(
            "padding: 6px; border-radius: 4px; font-weight: 600; "
            + ("background: #FDECEA; color: #B71C1C;" if bad else "background: #E8F5E9; color: #1B5E20;")
        )
        self.banner.setText(f"#{r.id} {r.channel_name} · {r.customer_name} {r.phone_masked} — {report_decision(r)}")
        self.banner.show()
        self.decided.emit(r)
        self.reload()

    def appeal(self) -> None:
        r = self.selected()
        if r is None or r.status not in APPEALABLE:
            return
        dialog = QtAppealDialog(self.conn, r, self)
        dialog.accepted.connect(self._appealed)
        self._open(dialog)

    def _appealed(self) -> None:
        self.banner.setStyleSheet("padding: 6px; background: #FFF8E1; color: #6D4C00; border-radius: 4px;")
        self.banner.setText(self.tr("Appeal filed: the sales manager decides it."))
        self.banner.show()

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def _failed(self, error: ErrorBody) -> None:
        show_error(self.message, error)

    def _on_event(self, event_type: str, payload: object, _env: object) -> None:
        if event_type == "reports.changed" and getattr(payload, "project_id", None) == self.project_id:
            self.reload()
