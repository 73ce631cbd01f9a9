"""One customer: the profile, the timeline (visits, follow-ups, reports, attribution), adding a follow-up with the
next date, and the actions the role may take (edit, claim from the pool, assign, attribution, reveal the ID).

The unmasked ID number is asked of the server on every "show" (each view is audited there) and dropped when it
is hidden again, after REVEAL_MS or on another customer: it is never kept beyond what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.common import error_label, fill, section, show_error, table
from client.ui.crm.customer_form import QtCustomerDialog
from client.ui.crm.dialogs import QtAssignDialog
from client.ui.crm.labels import customer_status, followup_kind, gender, intent, source, timeline_kind, when
from client.ui.crm.permissions import may
from client.ui.qt_admin_common import alive
from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_customers import (
    CustomerInfo,
    CustomerRef,
    FollowUpRequest,
    RevealIdReply,
    Timeline,
)
from shared.protocol.messages.crm_types import FollowUpKind

REVEAL_MS = 30_000
NEXT_FOLLOWUP_DAYS = 3


class QtCustomerDetail(QWidget):
    changed = Signal(int)  # a customer id whose data changed here (edit, claim, assign, follow-up)

    def __init__(self, conn: QtConnection, role: Role, user_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.role = role
        self.user_id = user_id
        self.project_id: int | None = None
        self.customer: CustomerInfo | None = None
        self.dialog: QDialog | None = None
        self.reveal_ms = REVEAL_MS
        self._wanted: int | None = None
        self._hide_id = QTimer(self)
        self._hide_id.setSingleShot(True)
        self._hide_id.timeout.connect(self.hide_id)
        self._build()
        self.show_customer(None)

    def _build(self) -> None:
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.facts: dict[str, QLabel] = {}
        grid = QHBoxLayout()
        columns = (
            ("source", "tags", "needs", "co_buyers"),
            ("owner", "id", "followups", "note"),
        )
        titles = {
            "source": self.tr("Source:"),
            "tags": self.tr("Tags:"),
            "needs": self.tr("Needs:"),
            "co_buyers": self.tr("Co-buyers:"),
            "owner": self.tr("Consultant:"),
            "id": self.tr("ID number:"),
            "followups": self.tr("Follow-ups:"),
            "note": self.tr("Note:"),
        }
        self.id_button = QPushButton(self.tr("Sho&w"), self)
        self.id_button.setToolTip(self.tr("Shows the full ID number for a while; every view is recorded"))
        self.id_button.clicked.connect(self.toggle_id)
        for keys in columns:
            form = QFormLayout()
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            for key in keys:
                label = QLabel(self)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.facts[key] = label
                if key == "id":
                    row = QHBoxLayout()
                    row.addWidget(label, 1)
                    row.addWidget(self.id_button)
                    form.addRow(titles[key], row)
                else:
                    form.addRow(titles[key], label)
            grid.addLayout(form, 1)
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.edit_button.clicked.connect(self.edit)
        self.claim_button = QPushButton(self.tr("C&laim"), self)
        self.claim_button.setToolTip(self.tr("Take this customer from the public pool"))
        self.claim_button.clicked.connect(self.claim)
        self.assign_button = QPushButton(self.tr("Assi&gn…"), self)
        self.assign_button.clicked.connect(self.assign)
        self.attribution_button = QPushButton(self.tr("Attri&bution…"), self)
        self.attribution_button.clicked.connect(self.attribution)
        actions = QHBoxLayout()
        for b in (self.edit_button, self.claim_button, self.assign_button, self.attribution_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.assign_button.setVisible(may(self.role, "customers.assign"))
        self.attribution_button.setVisible(may(self.role, "attribution.get"))
        self.timeline = table(
            self, [self.tr("When"), self.tr("What"), self.tr("Details"), self.tr("By")], [96, 70, 300]
        )
        header = self.timeline.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the details take the room
        self.timeline.setColumnWidth(3, 70)
        self.kind = QComboBox(self)
        for k in FollowUpKind:
            self.kind.addItem(followup_kind(k), k.value)
        self.note = QLineEdit(self)
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(self.tr("What was said, what they want next"))
        self.note.returnPressed.connect(self.add_followup)
        self.next_check = QCheckBox(self.tr("&Next:"), self)
        self.next_check.setChecked(True)
        self.next_at = QDateTimeEdit(self)
        self.next_at.setCalendarPopup(True)
        self.next_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.next_check.toggled.connect(self.next_at.setEnabled)
        self.add_button = QPushButton(self.tr("&Add follow-up"), self)
        self.add_button.clicked.connect(self.add_followup)
        kind_label = QLabel(self.tr("&Follow-up:"), self)
        kind_label.setBuddy(self.kind)
        follow = QHBoxLayout()
        follow.addWidget(kind_label)
        follow.addWidget(self.kind)
        follow.addWidget(self.note, 1)
        follow.addWidget(self.next_check)
        follow.addWidget(self.next_at)
        follow.addWidget(self.add_button)
        self.message = error_label(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.header)
        lay.addLayout(grid)
        lay.addLayout(actions)
        lay.addWidget(section(self.tr("Timeline"), self))
        lay.addWidget(self.timeline, 1)
        lay.addLayout(follow)
        lay.addWidget(self.message)
        self._reset_followup()

    # Showing ---------------------------------------------------------------------------------------
    def load(self, customer_id: int) -> None:
        if self.customer is None or self.customer.id != customer_id:
            self.hide_id()
        self._wanted = customer_id
        self.conn.request(
            "customers.timeline",
            CustomerRef(customer_id=customer_id),
            alive(self, self._timeline),
            alive(self, self._error),
        )

    def reload(self) -> None:
        if self.customer is not None:
            self.load(self.customer.id)

    def _timeline(self, reply: Timeline) -> None:
        if reply.customer.id != self._wanted:
            return  # the user chose another customer meanwhile
        if self.customer is not None and self.customer.id != reply.customer.id:
            self.hide_id()
        self.show_customer(reply.customer)
        fill(self.timeline, [[when(i.at), timeline_kind(i.kind), i.text, i.user_name] for i in reply.items])

    def show_customer(self, c: CustomerInfo | None) -> None:
        self.customer = c
        self.message.clear()
        editable = c is not None and (self.role is Role.SALES_MANAGER or c.owner_id == self.user_id)
        for w in (self.kind, self.note, self.next_check, self.next_at, self.add_button):
            w.setEnabled(editable and may(self.role, "followups.add"))
        self.next_at.setEnabled(editable and self.next_check.isChecked())
        self.edit_button.setEnabled(editable and may(self.role, "customers.update"))
        self.claim_button.setVisible(c is not None and c.owner_id is None and self.role is Role.CONSULTANT)
        self.assign_button.setEnabled(c is not None)
        self.attribution_button.setEnabled(c is not None)
        self.id_button.setVisible(c is not None and bool(c.id_masked) and may(self.role, "customers.reveal_id"))
        if c is None:
            self.header.setText(self.tr("Choose a customer to see their profile and timeline."))
            for label in self.facts.values():
                label.clear()
            self.timeline.setRowCount(0)
            return
        self.header.setText(
            f"{c.name}  {c.phone}  ·  {intent(c.intent)}  ·  {customer_status(c.status)}  ·  {gender(c.gender)}"
        )
        needs = [f"{c.budget_wan:f}".rstrip("0").rstrip(".") + self.tr(" ×10k") if c.budget_wan else ""]
        needs += [c.layout, c.area, c.purpose]
        self.facts["source"].setText(source(c.source))
        self.facts["tags"].setText(" ".join(c.tags) or "—")
        self.facts["needs"].setText(" · ".join(n for n in needs if n) or "—")
        self.facts["co_buyers"].setText(
            "、".join(f"{b.name}（{b.relation}）" if b.relation else b.name for b in c.co_buyers) or "—"
        )
        self.facts["owner"].setText(c.owner_name or self.tr("Public pool"))
        if not self._hide_id.isActive():
            self.facts["id"].setText(c.id_masked or "—")
        self.facts["followups"].setText(
            self.tr("last {last}, next {next}").format(
                last=when(c.last_followup_at) or "—", next=when(c.next_followup_at) or "—"
            )
        )
        self.facts["note"].setText(c.note or "—")

    # The ID number -----------------------------------------------------------------------------------
    def toggle_id(self) -> None:
        if self._hide_id.isActive():
            self.hide_id()
            return
        c = self.customer
        if c is None:
            return
        self.id_button.setEnabled(False)
        self.conn.request(
            "customers.reveal_id", CustomerRef(customer_id=c.id), alive(self, self._revealed), self._reveal_failed
        )

    def _revealed(self, reply: RevealIdReply) -> None:
        self.id_button.setEnabled(True)
        if self.customer is None or self.customer.id != reply.customer_id:
            return  # another customer was chosen meanwhile: show nothing
        self.facts["id"].setText(reply.id_number)
        self.id_button.setText(self.tr("Hi&de"))
        self._hide_id.start(self.reveal_ms)

    def _reveal_failed(self, error: ErrorBody) -> None:
        self.id_button.setEnabled(True)
        self._error(error)

    def hide_id(self) -> None:
        self._hide_id.stop()
        self.id_button.setText(self.tr("Sho&w"))
        self.facts["id"].setText((self.customer.id_masked if self.customer else "") or "—")

    def hideEvent(self, event: QHideEvent) -> None:
        self.hide_id()
        super().hideEvent(event)

    # Actions -----------------------------------------------------------------------------------------
    def edit(self) -> None:
        if self.customer is None or self.project_id is None:
            return
        dialog = QtCustomerDialog(self.conn, self.project_id, self.customer, self)
        self._open(dialog, lambda: self._done(dialog.reply))

    def claim(self) -> None:
        if self.customer is not None:
            self.conn.request(
                "customers.claim",
                CustomerRef(customer_id=self.customer.id),
                alive(self, self._done),
                alive(self, self._error),
            )

    def assign(self) -> None:
        if self.customer is not None:
            dialog = QtAssignDialog(self.conn, self.customer.id, self.customer.name, self)
            self._open(dialog, lambda: self._done(dialog.reply))

    def attribution(self) -> None:
        from client.ui.crm.attribution import QtAttributionDialog

        if self.customer is not None:
            self._open(QtAttributionDialog(self.conn, self.customer, self), lambda: None)

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accept)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def _done(self, reply: CustomerInfo) -> None:
        self.show_customer(reply)
        self.load(reply.id)
        self.changed.emit(reply.id)

    def add_followup(self) -> None:
        c = self.customer
        if c is None or not self.add_button.isEnabled():
            return
        next_at: datetime | None = None
        if self.next_check.isChecked():
            value = self.next_at.dateTime().toPython()
            assert isinstance(value, datetime)
            next_at = value.astimezone()
        req = FollowUpRequest(
            customer_id=c.id, kind=FollowUpKind(self.kind.currentData()), note=self.note.text().strip(), next_at=next_at
        )
        self.add_button.setEnabled(False)
        self.conn.request(
            "followups.add", req, alive(self, lambda _r: self._added(c.id)), alive(self, self._followup_failed)
        )

    def _added(self, customer_id: int) -> None:
        self.add_button.setEnabled(True)
        self._reset_followup()
        self.load(customer_id)
        self.changed.emit(customer_id)

    def _followup_failed(self, error: ErrorBody) -> None:
        self.add_button.setEnabled(True)
        self._error(error)

    def _reset_followup(self) -> None:
        self.note.clear()
        self.next_at.setDateTime(QDateTime.currentDateTime().addDays(NEXT_FOLLOWUP_DAYS))

    def _error(self, error: ErrorBody) -> None:
        show_error(self.message, error)
