"""The manager's CRM workspace: channel reports and their decisions, appeals 申诉 to decide, overdue
follow-ups, the public pool 公客池 and the rotation's fairness per consultant today."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.common import QtProjectChooser, error_label, fill, selected_key, show_error, table
from client.ui.crm.labels import appeal_decision, customer_status, intent, reject_reason, report_status, when
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_channels import (
    AppealList,
    AppealListRequest,
    DecideAppealRequest,
    ReportList,
    ReportListRequest,
)
from shared.protocol.messages.crm_customers import CustomerPage, CustomerRows, ProjectScope, SearchRequest
from shared.protocol.messages.crm_types import AppealDecision, Scope
from shared.protocol.messages.crm_visits import FairnessReport, FairnessRequest

REFRESH_EVENTS = ("reports.changed", "customers.changed", "rotation.changed")


class QtManagerCrmPage(QWidget):
    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.project_id: int | None = None
        self._build()
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.refresh)

    def _build(self) -> None:
        self.projects = QtProjectChooser(self.conn, self)
        self.projects.chosen.connect(self._on_project)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.projects)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        self.reports = table(
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
                self.tr("Protected until"),
            ],
        )
        self.appeals = table(
            self,
            [
                self.tr("No."),
                self.tr("Report"),
                self.tr("Channel"),
                self.tr("Customer"),
                self.tr("Report decision"),
                self.tr("Appeal"),
                self.tr("Filed by"),
                self.tr("Status"),
            ],
        )
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Reason for the decision (recorded)"))
        self.uphold = QPushButton(self.tr("&Uphold"), self)
        self.overturn = QPushButton(self.tr("&Overturn"), self)
        self.uphold.clicked.connect(lambda: self.decide(AppealDecision.UPHELD))
        self.overturn.clicked.connect(lambda: self.decide(AppealDecision.OVERTURNED))
        self.message = error_label(self)
        decide = QHBoxLayout()
        decide.addWidget(self.note, 1)
        decide.addWidget(self.uphold)
        decide.addWidget(self.overturn)
        appeals_w = QWidget(self)
        al = QVBoxLayout(appeals_w)
        al.addWidget(self.appeals, 1)
        al.addLayout(decide)
        al.addWidget(self.message)
        customer_headers = [
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Intent"),
            self.tr("Status"),
            self.tr("Consultant"),
            self.tr("Last follow-up"),
            self.tr("Due"),
        ]
        self.overdue = table(self, customer_headers)
        self.pool = table(self, customer_headers)
        self.fairness = table(
            self, [self.tr("Day"), self.tr("Consultant"), self.tr("Assigned"), self.tr("Skipped"), self.tr("Check-ins")]
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.reports, self.tr("Channel reports"))
        self.tabs.addTab(appeals_w, self.tr("Appeals"))
        self.tabs.addTab(self.overdue, self.tr("Overdue follow-ups"))
        self.tabs.addTab(self.pool, self.tr("Public pool"))
        self.tabs.addTab(self.fairness, self.tr("Rotation fairness"))
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)

    def _on_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.refresh()

    def refresh(self) -> None:
        p = self.project_id
        if p is None:
            return
        self.conn.request("reports.list", ReportListRequest(project_id=p), self._reports)
        self.conn.request("appeals.list", AppealListRequest(project_id=p, pending_only=False), self._appeals)
        self.conn.request("followups.overdue", ProjectScope(project_id=p), lambda r: self._customers(self.overdue, r))
        self.conn.request(
            "customers.search", SearchRequest(project_id=p, scope=Scope.POOL), lambda r: self._customers(self.pool, r)
        )
        self.conn.request("rotation.fairness", FairnessRequest(project_id=p), self._fairness)

    def _reports(self, reply: ReportList) -> None:
        fill(
            self.reports,
            [
                [
                    r.id,
                    when(r.reported_at),
                    r.channel_name,
                    r.broker_name,
                    r.customer_name,
                    r.phone_masked,
                    report_status(r.status),
                    reject_reason(r.reason) or r.reason_detail,
                    f"v{r.rule_version}",
                    when(r.protect_until),
                ]
                for r in reply.reports
            ],
            [r.id for r in reply.reports],
        )

    def _appeals(self, reply: AppealList) -> None:
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
                ]
                for a in reply.appeals
            ],
            [a.id for a in reply.appeals],
        )

    def _customers(self, t: QTableWidget, reply: CustomerRows | CustomerPage) -> None:
        fill(
            t,
            [
                [
                    r.name,
                    r.phone,
                    intent(r.intent),
                    customer_status(r.status),
                    r.owner_name,
                    when(r.last_followup_at),
                    when(r.next_followup_at),
                ]
                for r in reply.rows
            ],
            [r.id for r in reply.rows],
        )

    def _fairness(self, reply: FairnessReport) -> None:
        fill(self.fairness, [[r.day, r.name, r.assignments, r.skips, r.check_ins] for r in reply.rows])

    def decide(self, decision: AppealDecision) -> None:
        appeal_id = selected_key(self.appeals)
        if appeal_id is None:
            self.message.setText(self.tr("Choose an appeal first."))
            return
        if not self.note.text().strip():
            self.message.setText(self.tr("Give the reason for the decision."))
            self.note.setFocus()
            return
        req = DecideAppealRequest(appeal_id=appeal_id, decision=decision, note=self.note.text().strip())
        self.conn.request("appeals.decide", req, lambda _r: self._decided(), self._error)

    def _decided(self) -> None:
        self.note.clear()
        self.message.clear()
        self.refresh()

    def _error(self, error: ErrorBody) -> None:
        show_error(self.message, error)

    def _on_event(self, event_type: str, payload: object, _env: object) -> None:
        if event_type in REFRESH_EVENTS and getattr(payload, "project_id", None) == self.project_id:
            self.refresh()
