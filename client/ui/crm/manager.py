"""The manager's CRM workspace 渠道与客户: channel reports and their decisions, appeals 申诉 to decide, customers
(all, overdue follow-ups, the public pool 公客池) with assignment and attribution 判客, channels with their
versioned rules and commissions, the rotation's fairness by day, customer import and export, CRM settings and
notifications."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.channels_page import QtChannelsPage
from client.ui.crm.common import QtNotices, QtProjectChooser, error_label, fill, selected_key, show_error, table
from client.ui.crm.customer_detail import QtCustomerDetail
from client.ui.crm.customer_form import QtCustomerDialog
from client.ui.crm.customer_list import QtCustomerList
from client.ui.crm.dialogs import QtDecideAppealDialog, QtSettingsDialog
from client.ui.crm.import_page import QtCustomerImportPage
from client.ui.crm.labels import appeal_decision, report_status, when
from client.ui.crm.reports_panel import QtReportsPanel
from client.ui.qt_admin_common import alive
from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_channels import AppealInfo, AppealList, AppealListRequest
from shared.protocol.messages.crm_types import AppealDecision, Scope
from shared.protocol.messages.crm_visits import FairnessReport, FairnessRequest

REFRESH_EVENTS = ("reports.changed", "customers.changed", "rotation.changed")


class QtManagerCrmPage(QWidget):
    def __init__(self, conn: QtConnection, parent: QWidget | None = None, *, user_id: int = 0) -> None:
        super().__init__(parent)
        self.conn = conn
        self.user_id = user_id or (conn.login_reply.user.id if conn.login_reply else 0)
        self.project_id: int | None = None
        self.appeal_rows: list[AppealInfo] = []
        self.dialog: QDialog | None = None
        self._fairness_asked = 0
        self._appeals_asked = 0
        self._build()
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.refresh)

    def _build(self) -> None:
        self.projects = QtProjectChooser(self.conn, self)
        self.projects.chosen.connect(self._on_project)
        self.settings_button = QPushButton(self.tr("CRM se&ttings…"), self)
        self.settings_button.clicked.connect(self.settings)
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.projects)
        top.addStretch(1)
        top.addWidget(self.settings_button)
        top.addWidget(self.refresh_button)
        self.reports = QtReportsPanel(self.conn, Role.SALES_MANAGER, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.reports, self.tr("Channel reports"))
        self.tabs.addTab(self._appeals_tab(), self.tr("Appeals"))
        self.tabs.addTab(self._customers_tab(), self.tr("Customers"))
        self.channels = QtChannelsPage(self.conn, self)
        self.tabs.addTab(self.channels, self.tr("Channels & rules"))
        self.tabs.addTab(self._fairness_tab(), self.tr("Rotation fairness"))
        self.importer = QtCustomerImportPage(self.conn, self)
        self.importer.finished.connect(self._imported)
        self.tabs.addTab(self.importer, self.tr("Import & export"))
        self.notices = QtNotices(self.conn, self.user_id, self)
        self.tabs.addTab(self.notices, self.tr("Notifications"))
        self.message = error_label(self)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)

    def _appeals_tab(self) -> QWidget:
        self.appeals = table(
            self,
            [
                self.tr("No."),
                self.tr("Report"),
                self.tr("Channel"),
                self.tr("Customer"),
                self.tr("Report decision"),
                self.tr("Grounds"),
                self.tr("Filed by"),
                self.tr("Status"),
                self.tr("Decision note"),
            ],
            [44, 56, 80, 70, 80, 300, 70, 64],
        )
        self.appeals.itemSelectionChanged.connect(self._appeal_selected)
        self.appeals.doubleClicked.connect(self.decide)
        self.pending_only = QCheckBox(self.tr("Pending onl&y"), self)
        self.pending_only.toggled.connect(self._load_appeals)
        self.decide_button = QPushButton(self.tr("&Decide…"), self)
        self.decide_button.clicked.connect(self.decide)
        self.decide_button.setEnabled(False)
        w = QWidget(self)
        lay = QVBoxLayout(w)
        row = QHBoxLayout()
        row.addWidget(self.pending_only)
        row.addStretch(1)
        row.addWidget(self.decide_button)
        lay.addLayout(row)
        lay.addWidget(self.appeals, 1)
        return w

    def _customers_tab(self) -> QWidget:
        self.all_customers = QtCustomerList(self.conn, Scope.ALL, self, owner_column=True)
        self.overdue = QtCustomerList(self.conn, Scope.ALL, self, command="followups.overdue", owner_column=True)
        self.pool = QtCustomerList(self.conn, Scope.POOL, self, owner_column=True)
        self.lists = QTabWidget(self)
        self.lists.addTab(self.all_customers, self.tr("All customers"))
        self.lists.addTab(self.overdue, self.tr("Overdue follow-ups"))
        self.lists.addTab(self.pool, self.tr("Public pool"))
        self.detail = QtCustomerDetail(self.conn, Role.SALES_MANAGER, self.user_id, self)
        self.detail.changed.connect(lambda _id: self._reload_customers())
        for lst in (self.all_customers, self.overdue, self.pool):
            lst.selected.connect(self.detail.load)
        self.overdue.loaded.connect(self._overdue_count)
        self.new_customer_button = QPushButton(self.tr("&New customer…"), self)
        self.new_customer_button.clicked.connect(self.new_customer)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.lists, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_customer_button)
        row.addStretch(1)
        ll.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setSizes([640, 700])
        return split

    def _fairness_tab(self) -> QWidget:
        today = QDate.currentDate()
        self.day_from = QDateEdit(today.addDays(-6), self)
        self.day_to = QDateEdit(today, self)
        for edit in (self.day_from, self.day_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._load_fairness)
        from_label = QLabel(self.tr("Fro&m:"), self)
        from_label.setBuddy(self.day_from)
        to_label = QLabel(self.tr("T&o:"), self)
        to_label.setBuddy(self.day_to)
        self.fairness = table(
            self,
            [self.tr("Day"), self.tr("Consultant"), self.tr("Assigned"), self.tr("Skipped"), self.tr("Check-ins")],
            [100, 110, 80, 80],
        )
        self.fairness_total = QLabel(self)
        w = QWidget(self)
        lay = QVBoxLayout(w)
        row = QHBoxLayout()
        for x in (from_label, self.day_from, to_label, self.day_to):
            row.addWidget(x)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.fairness, 1)
        lay.addWidget(self.fairness_total)
        return w

    def _on_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.detail.project_id = project_id
        self.reports.set_project(project_id)
        self.channels.set_project(project_id)
        self.importer.set_project(project_id)
        for lst in (self.all_customers, self.overdue, self.pool):
            lst.set_project(project_id)
        self._load_appeals()
        self._load_fairness()

    def refresh(self) -> None:
        if self.project_id is None:
            return
        self.reports.reload()
        self.channels.reload()
        self._reload_customers()
        self._load_appeals()
        self._load_fairness()

    def _imported(self, ok: bool) -> None:
        if ok:
            self._reload_customers()

    def _reload_customers(self) -> None:
        for lst in (self.all_customers, self.overdue, self.pool):
            lst.reload()
        self.detail.reload()

    def _overdue_count(self) -> None:
        n = len(self.overdue.rows)
        self.lists.setTabText(
            1, self.tr("Overdue follow-ups ({n})").format(n=n) if n else self.tr("Overdue follow-ups")
        )

    # Appeals -----------------------------------------------------------------------------------------
    def _load_appeals(self) -> None:
        if self.project_id is not None:
            req = AppealListRequest(project_id=self.project_id, pending_only=self.pending_only.isChecked())
            self._appeals_asked += 1
            asked = self._appeals_asked
            self.conn.request(
                "appeals.list", req, alive(self, lambda r: self._appeals(r, asked)), alive(self, self._error)
            )

    def _appeals(self, reply: AppealList, asked: int) -> None:
        if asked != self._appeals_asked:
            return
        self.appeal_rows = list(reply.appeals)
        fill(
            self.appeals,
            [
                [
                    a.id,
                    f"#{a.report_id}",
                    a.report.channel_name,
                    a.report.customer_name,
                    report_status(a.report.status),
                    a.reason,
                    a.filed_by_name,
                    appeal_decision(a.decision),
                    a.decision_note + (f"（{a.decided_by_name} {when(a.decided_at)}）" if a.decided_at else ""),
                ]
                for a in reply.appeals
            ],
            [a.id for a in reply.appeals],
        )
        pending = sum(a.decision is AppealDecision.PENDING for a in reply.appeals)
        self.tabs.setTabText(1, self.tr("Appeals ({n})").format(n=pending) if pending else self.tr("Appeals"))
        self._appeal_selected()

    def _appeal(self) -> AppealInfo | None:
        key = selected_key(self.appeals)
        return next((a for a in self.appeal_rows if a.id == key), None)

    def _appeal_selected(self) -> None:
        a = self._appeal()
        self.decide_button.setEnabled(a is not None and a.decision is AppealDecision.PENDING)

    def decide(self) -> None:
        a = self._appeal()
        if a is None or a.decision is not AppealDecision.PENDING:
            return
        self._open(QtDecideAppealDialog(self.conn, a, self), self._load_appeals)

    # Customers, fairness, settings ------------------------------------------------------------------------
    def new_customer(self) -> None:
        if self.project_id is not None:
            dialog = QtCustomerDialog(self.conn, self.project_id, None, self, choose_owner=True)
            self._open(dialog, lambda: self.detail.load(dialog.reply.id))

    def _load_fairness(self) -> None:
        if self.project_id is None:
            return
        req = FairnessRequest(
            project_id=self.project_id,
            day_from=self.day_from.date().toString("yyyy-MM-dd"),
            day_to=self.day_to.date().toString("yyyy-MM-dd"),
        )
        # Workers answer in parallel: only the latest range's answer is shown.
        self._fairness_asked += 1
        asked = self._fairness_asked
        self.conn.request(
            "rotation.fairness", req, alive(self, lambda r: self._fairness(r, asked)), alive(self, self._error)
        )

    def _fairness(self, reply: FairnessReport, asked: int) -> None:
        if asked != self._fairness_asked:
            return
        rows = sorted(reply.rows, key=lambda r: (r.day, r.name), reverse=True)
        fill(self.fairness, [[r.day, r.name, r.assignments, r.skips, r.check_ins] for r in rows])
        self.fairness_total.setText(
            self.tr("{assigned} visitors assigned, {skips} skips").format(
                assigned=sum(r.assignments for r in rows), skips=sum(r.skips for r in rows)
            )
        )

    def settings(self) -> None:
        if self.project_id is not None:
            self._open(QtSettingsDialog(self.conn, self.project_id, self), lambda: None)

    def _open(self, dialog: QDialog, on_accept: object) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if callable(on_accept):
            dialog.accepted.connect(on_accept)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def _error(self, error: ErrorBody) -> None:
        show_error(self.message, error)

    def _on_event(self, event_type: str, payload: object, _env: object) -> None:
        if event_type not in REFRESH_EVENTS or getattr(payload, "project_id", None) != self.project_id:
            return
        if event_type == "reports.changed":
            self._load_appeals()
        elif event_type == "customers.changed":
            self._reload_customers()
        else:
            self._load_fairness()
