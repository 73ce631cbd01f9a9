"""The front desk workspace 前台: look a visitor up and register them in one keystroke flow, today's
arrivals, and the rotation queue 轮排.

Flow: type the phone (or last 4 digits and the name) and press Enter: the answer (new or returning, and whose
customer) shows at once. Enter again registers a returning customer; a new one needs a name, then Enter.
"""

from __future__ import annotations

import msgspec
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.common import QtProjectChooser, error_label, fill, show_error, table
from client.ui.crm.labels import customer_status, outcome, when
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_customers import ProjectRef
from shared.protocol.messages.crm_types import LookupOutcome
from shared.protocol.messages.crm_visits import (
    LookupReply,
    LookupRequest,
    RegisterVisitReply,
    RegisterVisitRequest,
    RotationQueue,
    VisitList,
)

REFRESH_EVENTS = ("visits.registered", "rotation.changed")


class QtFrontDeskPage(QWidget):
    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.project_id: int | None = None
        self.lookup: LookupReply | None = None
        self._build()
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.refresh)

    def _build(self) -> None:
        self.projects = QtProjectChooser(self.conn, self)
        self.projects.chosen.connect(self._on_project)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText(self.tr("Phone, or last 4 digits + name (5678 张)"))
        self.phone_edit.setClearButtonEnabled(True)
        self.phone_edit.returnPressed.connect(self.do_lookup)
        self.result = QLabel(self.tr("Type the visitor's phone and press Enter."), self)
        self.result.setWordWrap(True)
        self.result.setMinimumHeight(48)
        self.result.setStyleSheet("font-size: 15px; padding: 6px; background: #F4F6F8; border-radius: 4px;")
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("New visitor's name"))
        self.name_edit.returnPressed.connect(self.register)
        self.party = QSpinBox(self)
        self.party.setRange(1, 50)
        self.companions = QLineEdit(self)
        self.companions.setPlaceholderText(self.tr("e.g. wife, two children"))
        self.register_button = QPushButton(self.tr("&Register visit"), self)
        self.register_button.setDefault(True)
        self.register_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.register_button.setEnabled(False)
        self.register_button.clicked.connect(self.register)
        self.message = error_label(self)
        form = QFormLayout()
        phone_label = QLabel(self.tr("&Visitor:"), self)
        phone_label.setBuddy(self.phone_edit)
        form.addRow(phone_label, self.phone_edit)
        form.addRow(self.result)
        name_label = QLabel(self.tr("&Name:"), self)
        name_label.setBuddy(self.name_edit)
        form.addRow(name_label, self.name_edit)
        party_label = QLabel(self.tr("Party si&ze:"), self)
        party_label.setBuddy(self.party)
        form.addRow(party_label, self.party)
        comp_label = QLabel(self.tr("&Companions:"), self)
        comp_label.setBuddy(self.companions)
        form.addRow(comp_label, self.companions)
        form.addRow(self.register_button)
        form.addRow(self.message)
        box = QGroupBox(self.tr("Register a visit"), self)
        box.setLayout(form)
        self.arrivals = table(
            self,
            [
                self.tr("Arrived"),
                self.tr("Visitor"),
                self.tr("Phone"),
                self.tr("Party"),
                self.tr("New"),
                self.tr("Consultant"),
            ],
        )
        self.queue = table(
            self, [self.tr("Next"), self.tr("Consultant"), self.tr("Today"), self.tr("Skipped"), self.tr("Present")]
        )
        left = QVBoxLayout()
        left.addWidget(box)
        left.addWidget(QLabel(self.tr("Rotation queue"), self))
        left.addWidget(self.queue, 1)
        left_w = QWidget(self)
        left_w.setLayout(left)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Today's arrivals"), self))
        right.addWidget(self.arrivals, 1)
        right_w = QWidget(self)
        right_w.setLayout(right)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left_w)
        split.addWidget(right_w)
        split.setSizes([460, 640])
        top = QHBoxLayout()
        top.addWidget(self.projects)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self.setFocusProxy(self.phone_edit)

    def _on_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.refresh()

    def refresh(self) -> None:
        if self.project_id is None:
            return
        ref = ProjectRef(project_id=self.project_id)
        self.conn.request("visits.today", ref, self._arrivals)
        self.conn.request("rotation.queue", ref, self._queue)

    def _arrivals(self, reply: VisitList) -> None:
        yes = self.tr("Yes")
        fill(
            self.arrivals,
            [
                [
                    when(v.arrived_at),
                    v.customer_name,
                    v.phone_masked,
                    v.party_size,
                    yes if v.is_new else "",
                    v.consultant_name,
                ]
                for v in reply.visits
            ],
            [v.id for v in reply.visits],
        )

    def _queue(self, reply: RotationQueue) -> None:
        here = self.tr("Checked in")
        fill(
            self.queue,
            [
                [i + 1 if e.checked_in else "", e.name, e.assigned_today, e.skipped_today, here if e.checked_in else ""]
                for i, e in enumerate(reply.entries)
            ],
            [e.user_id for e in reply.entries],
        )

    def _query(self) -> LookupRequest | None:
        if self.project_id is None:
            return None
        text = self.phone_edit.text().strip()
        parts = text.split(maxsplit=1)
        if parts and len(parts[0]) == 4 and parts[0].isdigit():
            return LookupRequest(project_id=self.project_id, last4=parts[0], name=parts[1] if len(parts) > 1 else "")
        return LookupRequest(project_id=self.project_id, phone=text)

    def do_lookup(self) -> None:
        req = self._query()
        if req is None:
            return
        if (
            self.lookup is not None
            and self.register_button.isEnabled()
            and self.lookup.outcome is (LookupOutcome.RETURNING)
        ):
            self.register()  # the second Enter
            return
        self.message.clear()
        self.conn.request("visits.lookup", req, self._looked_up, self._error)

    def _looked_up(self, reply: LookupReply) -> None:
        self.lookup = reply
        head = outcome(reply.outcome)
        if reply.outcome is LookupOutcome.RETURNING:
            m = reply.matches[0]
            owner = m.owner_name or self.tr("public pool")
            self.result.setText(
                self.tr("{head}: {name} {phone} · consultant {owner} · {status} · {n} visits").format(
                    head=head,
                    name=m.name,
                    phone=m.phone_masked,
                    owner=owner,
                    status=customer_status(m.status),
                    n=m.visits,
                )
            )
            self.register_button.setEnabled(True)
            self.register_button.setFocus()
        elif reply.outcome is LookupOutcome.NEW:
            self.result.setText(self.tr("{head}: goes to the next consultant in the rotation").format(head=head))
            self.register_button.setEnabled(bool(self.phone_edit.text().strip().isdigit()))
            self.name_edit.setFocus()
        else:
            names = "、".join(f"{m.name} {m.phone_masked}" for m in reply.matches)
            self.result.setText(self.tr("{head}: {names}. Ask for the full phone.").format(head=head, names=names))
            self.register_button.setEnabled(False)

    def register(self) -> None:
        if self.project_id is None or self.lookup is None:
            return
        base = RegisterVisitRequest(
            project_id=self.project_id, party_size=self.party.value(), companions=self.companions.text().strip()
        )
        if self.lookup.outcome is LookupOutcome.RETURNING:
            req = msgspec.structs.replace(base, customer_id=self.lookup.matches[0].customer_id)
        elif self.lookup.outcome is LookupOutcome.NEW:
            if not self.name_edit.text().strip():
                self.message.setText(self.tr("A new visitor needs a name."))
                self.name_edit.setFocus()
                return
            req = msgspec.structs.replace(
                base, name=self.name_edit.text().strip(), phone=self.phone_edit.text().strip()
            )
        else:
            return
        self.register_button.setEnabled(False)
        self.conn.request("visits.register", req, self._registered, self._error)

    def _registered(self, reply: RegisterVisitReply) -> None:
        v = reply.visit
        who = v.consultant_name or self.tr("nobody is checked in: public pool")
        self.result.setText(
            self.tr("Registered {name} ({party} in the party) → {who}").format(
                name=v.customer_name, party=v.party_size, who=who
            )
        )
        self.lookup = None
        self.phone_edit.clear()
        self.name_edit.clear()
        self.companions.clear()
        self.party.setValue(1)
        self.phone_edit.setFocus()
        self.refresh()

    def _error(self, error: ErrorBody) -> None:
        show_error(self.message, error)
        self.register_button.setEnabled(self.lookup is not None)

    def _on_event(self, event_type: str, payload: object, _env: object) -> None:
        if event_type in REFRESH_EVENTS and getattr(payload, "project_id", None) == self.project_id:
            self.refresh()
