"""报备: a broker's report of a customer (full phone or 前三后四 138****5678), decided by the server at once; the
dialog shows the decision and its reason and stays open for the next report. Also 带看 for a visit registered
without its report (the broker arrived later)."""

from __future__ import annotations

from datetime import datetime

import msgspec
from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLabel, QLineEdit, QWidget

from client.ui.crm.dialogs import QtCrmDialog, report_summary
from client.ui.crm.labels import report_decision, when
from client.ui.qt_admin_common import alive
from client.ui.qt_connection import QtConnection
from shared.protocol.messages.common import Empty
from shared.protocol.messages.crm_channels import (
    ChannelList,
    ConfirmVisitRequest,
    ReportInfo,
    ReportList,
    ReportListRequest,
    SubmitReportRequest,
)
from shared.protocol.messages.crm_types import ReportStatus
from shared.protocol.messages.crm_visits import VisitInfo

GOOD, BAD = "#2E7D32", "#C62828"


class QtReportDialog(QtCrmDialog):
    submitted = Signal(object)  # ReportInfo

    def __init__(self, conn: QtConnection, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("New channel report"), self.tr("&Submit"), parent)
        self.setMinimumWidth(520)
        self.project_id = project_id
        self.last: ReportInfo | None = None
        self.channel = QComboBox(self)
        self.channel.setMinimumContentsLength(12)
        self.broker = QComboBox(self)
        self.broker.setMinimumContentsLength(12)
        self.channel.currentIndexChanged.connect(self._brokers)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(40)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setMaxLength(20)
        self.phone_edit.setPlaceholderText(self.tr("13812345678, or masked 138****5678"))
        self.at_edit = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setMaximumDateTime(QDateTime.currentDateTime().addSecs(60))
        self.add_field(self.tr("C&hannel:"), self.channel)
        self.add_field(self.tr("&Broker:"), self.broker, "broker_id")
        self.add_field(self.tr("Customer &name:"), self.name_edit, "customer_name")
        self.add_field(self.tr("&Phone:"), self.phone_edit, "phone")
        self.add_field(self.tr("Reported &at:"), self.at_edit, "reported_at")
        self.decision_label = QLabel(self)
        self.decision_label.setWordWrap(True)
        self.decision_label.setMinimumHeight(44)
        self.decision_label.hide()
        self.form.addRow(self.decision_label)
        self.cancel_button.setText(self.tr("Close"))
        self.channels: ChannelList | None = None
        conn.request("channels.list", Empty(), alive(self, self._channels), alive(self, self._failed))
        self.name_edit.setFocus()

    def _channels(self, reply: ChannelList) -> None:
        self.channels = reply
        for c in reply.channels:
            if c.active and c.brokers:
                self.channel.addItem(c.name, c.id)

    def _brokers(self) -> None:
        self.broker.clear()
        chosen = self.channel.currentData()
        channel = next((c for c in self.channels.channels if c.id == chosen), None) if self.channels else None
        for b in channel.brokers if channel else []:
            if b.active:
                self.broker.addItem(f"{b.name} {b.phone}", b.id)

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        if self.broker.currentData() is None:
            self.field_error("broker_id", self.tr("Choose the channel and broker."))
            return None
        name, phone = self.name_edit.text().strip(), self.phone_edit.text().strip().replace(" ", "")
        if not name:
            self.field_error("customer_name", self.tr("Enter the customer's name as reported."))
            self.name_edit.setFocus()
            return None
        if not phone:
            self.field_error("phone", self.tr("Enter the phone, full or masked."))
            self.phone_edit.setFocus()
            return None
        at = self.at_edit.dateTime().toPython()
        assert isinstance(at, datetime)
        return "reports.submit", SubmitReportRequest(
            project_id=self.project_id,
            broker_id=int(self.broker.currentData()),
            customer_name=name,
            phone=phone,
            reported_at=at.astimezone(),
        )

    def _succeeded(self, reply: object) -> None:
        # Stays open: the decision shows at once and the next report can follow.
        self.set_busy(False)
        assert isinstance(reply, ReportInfo)
        self.last = reply
        self.reply = reply
        color = BAD if reply.status is ReportStatus.REJECTED else GOOD
        self.decision_label.setStyleSheet(f"color: {color}; font-size: 14px; font-weight: 600; padding: 4px;")
        self.decision_label.setText(
            f"#{reply.id} {reply.customer_name} {reply.phone_masked} — {report_decision(reply)}"
        )
        self.decision_label.show()
        self.name_edit.clear()
        self.phone_edit.clear()
        self.at_edit.setMaximumDateTime(QDateTime.currentDateTime().addSecs(60))
        self.at_edit.setDateTime(QDateTime.currentDateTime())
        self.name_edit.setFocus()
        self.submitted.emit(reply)


class QtConfirmVisitDialog(QtCrmDialog):
    """带看 for a visit already registered: the reports waiting for a visit whose 前三后四 match this visitor."""

    def __init__(self, conn: QtConnection, project_id: int, visit: VisitInfo, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("Confirm the broker's visit"), self.tr("&Confirm visit"), parent)
        self.visit = visit
        self.setMinimumWidth(560)
        about = QLabel(
            self.tr("{name} {phone}, arrived {at}").format(
                name=visit.customer_name, phone=visit.phone_masked, at=when(visit.arrived_at)
            ),
            self,
        )
        self.form.addRow(self.tr("Visit:"), about)
        self.report = QComboBox(self)
        self.report.setMinimumContentsLength(30)
        self.add_field(self.tr("&Report:"), self.report, "report_id")
        self.ok_button.setEnabled(False)
        req = ReportListRequest(project_id=project_id, status=ReportStatus.ACCEPTED, limit=200)
        conn.request("reports.list", req, alive(self, self._reports), alive(self, self._failed))

    def _reports(self, reply: ReportList) -> None:
        for r in reply.reports:
            if r.phone_masked == self.visit.phone_masked:
                self.report.addItem(report_summary(r), r.id)
        if self.report.count():
            self.ok_button.setEnabled(True)
            self.report.setFocus()
        else:
            self.error_label.show_info(self.tr("No channel report of this phone is waiting for a visit."))

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        return "reports.confirm_visit", ConfirmVisitRequest(
            report_id=int(self.report.currentData()), visit_id=self.visit.id
        )
