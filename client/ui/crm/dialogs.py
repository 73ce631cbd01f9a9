"""The CRM's small dialogs: a request dialog with errors beside their fields, a rotation skip's reason, an
appeal 申诉 and its decision, giving a customer to a consultant, and the CRM settings.

Every dialog: Enter submits (the default button), Esc cancels, each label's mnemonic focuses its field.
"""

from __future__ import annotations

import msgspec
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.labels import detail_text, reject_reason, report_status, when
from client.ui.labels import error_text
from client.ui.qt_admin_common import QtMessageLabel, QtRequestDialog, alive
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.common import Empty
from shared.protocol.messages.crm_channels import (
    AppealInfo,
    DecideAppealRequest,
    FileAppealRequest,
    ReportInfo,
)
from shared.protocol.messages.crm_customers import AssignRequest, ConsultantList, CrmSettingsInfo, ProjectRef
from shared.protocol.messages.crm_types import AppealDecision


class QtCrmDialog(QtRequestDialog):
    """A request dialog whose server errors that name a field (ErrorDetail.field) show under that field."""

    def __init__(self, conn: QtConnection, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(conn, title, ok_text, parent)
        self.cancel_button.setText(self.tr("Cancel"))
        self.field_errors: dict[str, QtMessageLabel] = {}

    def add_field(self, label: str, widget: QWidget, field: str | None = None) -> None:
        """A form row whose label's mnemonic focuses `widget`; `field` names it for the server's errors."""
        self.form.addRow(label, widget)
        if field is not None:
            error = QtMessageLabel(self)
            self.form.addRow("", error)
            self.field_errors[field] = error

    def field_error(self, field: str, text: str) -> None:
        self.field_errors[field].show_error(text)

    def clear_errors(self) -> None:
        self.error_label.clear_message()
        for label in self.field_errors.values():
            label.clear_message()

    def submit(self) -> None:
        if self.ok_button.isEnabled():
            self.clear_errors()
        super().submit()

    def _failed(self, error: ErrorBody) -> None:
        self.set_busy(False)
        placed = False
        for detail in error.details:
            label = self.field_errors.get(detail.field or "")
            if label is not None:
                label.show_error(detail_text(detail))
                placed = True
        if not placed or len(error.details) == 0:
            self.error_label.show_error(error_text(error))


class QtSkipDialog(QDialog):
    """跳过: why the next consultant in the rotation does not take this visitor. The reason is required and
    goes to the rotation ledger with the assignment."""

    def __init__(self, consultant: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Skip {name}").format(name=consultant))
        self.setMinimumWidth(380)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("e.g. with another customer, on a viewing"))
        self.error_label = QtMessageLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason_edit)
        self.ok_button = QPushButton(self.tr("&Skip"), self)
        self.ok_button.setDefault(True)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("The visitor goes to the next consultant in the queue."), self))
        lay.addLayout(form)
        lay.addWidget(self.error_label)
        lay.addWidget(buttons)
        self.reason_edit.setFocus()

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def submit(self) -> None:
        if not self.reason:
            self.error_label.show_error(self.tr("A skip needs a reason."))
            self.reason_edit.setFocus()
            return
        self.accept()


def report_summary(r: ReportInfo) -> str:
    reason = reject_reason(r.reason) or r.reason_detail
    return f"#{r.id} · {r.channel_name} {r.broker_name} · {r.customer_name} {r.phone_masked} · " + (
        f"{report_status(r.status)}（{reason}）" if reason else report_status(r.status)
    )


class QtAppealDialog(QtCrmDialog):
    """申诉: a broker's case against a report's decision, for the manager to decide."""

    def __init__(self, conn: QtConnection, report: ReportInfo, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("Appeal a report's decision"), self.tr("&File appeal"), parent)
        self.report = report
        about = QLabel(report_summary(report), self)
        about.setWordWrap(True)
        self.form.addRow(self.tr("Report:"), about)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(500)
        self.reason_edit.setPlaceholderText(self.tr("What the broker says, and the proof they have"))
        self.add_field(self.tr("&Grounds:"), self.reason_edit, "reason")
        self.reason_edit.setFocus()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        if not self.reason_edit.text().strip():
            self.field_error("reason", self.tr("Give the grounds of the appeal."))
            return None
        return "appeals.file", FileAppealRequest(report_id=self.report.id, reason=self.reason_edit.text().strip())


class QtDecideAppealDialog(QtCrmDialog):
    """The manager's decision on an appeal: uphold the report's decision or overturn it, with a recorded note."""

    def __init__(self, conn: QtConnection, appeal: AppealInfo, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("Decide appeal #{id}").format(id=appeal.id), self.tr("&Record decision"), parent)
        self.appeal = appeal
        self.setMinimumWidth(520)
        about = QLabel(report_summary(appeal.report), self)
        about.setWordWrap(True)
        self.form.addRow(self.tr("Report:"), about)
        grounds = QLabel(
            self.tr("{reason} (filed by {who}, {at})").format(
                reason=appeal.reason, who=appeal.filed_by_name, at=when(appeal.filed_at)
            ),
            self,
        )
        grounds.setWordWrap(True)
        self.form.addRow(self.tr("Grounds:"), grounds)
        self.decision = QComboBox(self)
        self.decision.addItem(self.tr("Uphold: the report's decision stands"), AppealDecision.UPHELD.value)
        self.decision.addItem(
            self.tr("Overturn: the report becomes valid with a fresh window"), AppealDecision.OVERTURNED.value
        )
        self.add_field(self.tr("&Decision:"), self.decision)
        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(500)
        self.note_edit.setPlaceholderText(self.tr("Why (recorded with the decision)"))
        self.add_field(self.tr("&Note:"), self.note_edit, "note")
        self.decision.setFocus()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        note = self.note_edit.text().strip()
        if not note:
            self.field_error("note", self.tr("Give the reason for the decision."))
            self.note_edit.setFocus()
            return None
        decision = AppealDecision(self.decision.currentData())
        return "appeals.decide", DecideAppealRequest(appeal_id=self.appeal.id, decision=decision, note=note)


class QtConsultantCombo(QComboBox):
    """Active consultants from crm.consultants; optionally with "public pool" (None) first."""

    def __init__(self, conn: QtConnection, parent: QWidget | None = None, *, pool: bool = False) -> None:
        super().__init__(parent)
        self.setMinimumContentsLength(12)
        if pool:
            self.addItem(self.tr("Public pool (no consultant)"), None)
        conn.request("crm.consultants", Empty(), alive(self, self._loaded))

    def _loaded(self, reply: ConsultantList) -> None:
        for c in reply.consultants:
            self.addItem(f"{c.name}（{c.username}）", c.id)

    def user_id(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None


class QtAssignDialog(QtCrmDialog):
    """分配: give a customer to a consultant (or back to the public pool), with the reason both are told."""

    def __init__(self, conn: QtConnection, customer_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("Assign {name}").format(name=name), self.tr("&Assign"), parent)
        self.customer_id = customer_id
        self.owner = QtConsultantCombo(conn, self, pool=True)
        self.add_field(self.tr("&Consultant:"), self.owner, "owner_id")
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("e.g. overdue follow-up, consultant left"))
        self.add_field(self.tr("&Reason:"), self.reason_edit, "reason")
        self.owner.setFocus()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        reason = self.reason_edit.text().strip()
        if not reason:
            self.field_error("reason", self.tr("Give the reason: the consultants are told."))
            self.reason_edit.setFocus()
            return None
        return "customers.assign", AssignRequest(
            customer_id=self.customer_id, owner_id=self.owner.user_id(), reason=reason
        )


class QtSettingsDialog(QtCrmDialog):
    """CRM settings of a project: days without a follow-up before a customer returns to the public pool."""

    def __init__(self, conn: QtConnection, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("CRM settings"), self.tr("&Save"), parent)
        self.project_id = project_id
        self.pool_days = QSpinBox(self)
        self.pool_days.setRange(1, 365)
        self.pool_days.setSuffix(self.tr(" days"))
        self.add_field(self.tr("Return to the public &pool after:"), self.pool_days, "pool_days")
        hint = QLabel(self.tr("Owned customers not yet subscribed, with no follow-up for this long."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5F6368;")
        self.form.addRow("", hint)
        self.ok_button.setEnabled(False)
        conn.request(
            "crm.settings_get", ProjectRef(project_id=project_id), alive(self, self._loaded), alive(self, self._failed)
        )

    def _loaded(self, reply: CrmSettingsInfo) -> None:
        self.pool_days.setValue(reply.pool_days)
        self.ok_button.setEnabled(True)
        self.pool_days.setFocus()
        self.pool_days.selectAll()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        return "crm.settings_set", CrmSettingsInfo(project_id=self.project_id, pool_days=self.pool_days.value())
