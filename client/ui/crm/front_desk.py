"""The front desk workspace 前台: look a visitor up and register them in one keystroke flow, confirm a channel
report's 带看, today's arrivals, the rotation queue 轮排 with skips, channel reports 报备 and notifications.

Flow: type the phone (or last 4 digits and the name) and press Enter: the answer (new or returning, whose
customer, or whom the rotation gives a new one to, and any 报备 waiting for its visit) shows at once. Enter
again registers a returning customer; a new one needs a name, then Enter.
"""

from __future__ import annotations

import msgspec
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.common import QtNotices, QtProjectChooser, error_label, fill, selected_key, show_error, table
from client.ui.crm.labels import customer_status, outcome, when
from client.ui.crm.report_dialog import QtConfirmVisitDialog
from client.ui.crm.reports_panel import QtReportsPanel
from client.ui.crm.rotation_panel import QtRotationPanel
from client.ui.qt_admin_common import alive
from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_customers import ProjectRef
from shared.protocol.messages.crm_types import LookupOutcome
from shared.protocol.messages.crm_visits import (
    LookupReply,
    LookupRequest,
    RegisterVisitReply,
    RegisterVisitRequest,
    VisitInfo,
    VisitList,
)

REFRESH_EVENTS = ("visits.registered", "rotation.changed")


class QtFrontDeskPage(QWidget):
    def __init__(
        self, conn: QtConnection, parent: QWidget | None = None, *, role: Role = Role.FRONT_DESK, user_id: int = 0
    ) -> None:
        super().__init__(parent)
        self.conn = conn
        self.role = role
        self.user_id = user_id or (conn.login_reply.user.id if conn.login_reply else 0)
        self.project_id: int | None = None
        self.lookup: LookupReply | None = None
        self.visits: list[VisitInfo] = []
        self.dialog: QtConfirmVisitDialog | None = None
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
        self.report_box = QGroupBox(self.tr("Channel report waiting for its visit (带看)"), self)
        self.report_combo = QComboBox(self.report_box)
        self.confirm_report = QCheckBox(self.tr("The &broker came along: confirm the visit"), self.report_box)
        rl = QVBoxLayout(self.report_box)
        rl.addWidget(self.report_combo)
        rl.addWidget(self.confirm_report)
        self.report_box.hide()
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("New visitor's name"))
        self.name_edit.returnPressed.connect(self.register)
        self.party = QSpinBox(self)
        self.party.setRange(1, 50)
        self.companions = QLineEdit(self)
        self.companions.setPlaceholderText(self.tr("e.g. wife, two children"))
        self.companions.returnPressed.connect(self.register)
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
        form.addRow(self.report_box)
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
        self.rotation = QtRotationPanel(self.conn, self.role, self)
        self.rotation.skips_changed.connect(self._skips_changed)
        self.queue = self.rotation.table
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(box)
        left.addWidget(self.rotation, 1)
        left_w = QWidget(self)
        left_w.setLayout(left)
        self.arrivals = table(
            self,
            [
                self.tr("Arrived"),
                self.tr("Visitor"),
                self.tr("Phone"),
                self.tr("Party"),
                self.tr("New"),
                self.tr("Consultant"),
                self.tr("Channel visit"),
                self.tr("Companions"),
            ],
            [92, 80, 110, 44, 44, 80, 90],
        )
        self.arrivals.itemSelectionChanged.connect(self._arrival_selected)
        self.confirm_button = QPushButton(self.tr("Con&firm broker visit…"), self)
        self.confirm_button.setToolTip(self.tr("The broker of a channel report came with this visitor (带看)"))
        self.confirm_button.clicked.connect(self.confirm_visit)
        self.confirm_button.setEnabled(False)
        arrivals_w = QWidget(self)
        al = QVBoxLayout(arrivals_w)
        al.addWidget(self.arrivals, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.confirm_button)
        al.addLayout(row)
        self.reports = QtReportsPanel(self.conn, self.role, self)
        self.notices = QtNotices(self.conn, self.user_id, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(arrivals_w, self.tr("Today's arrivals"))
        self.tabs.addTab(self.reports, self.tr("Channel reports"))
        self.tabs.addTab(self.notices, self.tr("Notifications"))
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left_w)
        split.addWidget(self.tabs)
        split.setSizes([470, 880])
        split.setStretchFactor(1, 1)
        top = QHBoxLayout()
        top.addWidget(self.projects)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self.setFocusProxy(self.phone_edit)

    def _on_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.rotation.set_project(project_id)
        self.reports.set_project(project_id)
        self.refresh()

    def refresh(self) -> None:
        if self.project_id is None:
            return
        ref = ProjectRef(project_id=self.project_id)
        self.conn.request("visits.today", ref, alive(self, self._arrivals))
        self.rotation.reload()

    def _arrivals(self, reply: VisitList) -> None:
        yes = self.tr("Yes")
        self.visits = list(reply.visits)
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
                    f"#{v.report_id}" if v.report_id else "",
                    v.companions,
                ]
                for v in reply.visits
            ],
            [v.id for v in reply.visits],
        )
        self._arrival_selected()

    def _arrival_selected(self) -> None:
        v = self._visit()
        self.confirm_button.setEnabled(v is not None and v.report_id is None)

    def _visit(self) -> VisitInfo | None:
        key = selected_key(self.arrivals)
        return next((v for v in self.visits if v.id == key), None)

    def confirm_visit(self) -> None:
        v = self._visit()
        if v is None or self.project_id is None:
            return
        dialog = QtConfirmVisitDialog(self.conn, self.project_id, v, self)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

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
        self.conn.request("visits.lookup", req, alive(self, self._looked_up), alive(self, self._error))

    def _looked_up(self, reply: LookupReply) -> None:
        self.lookup = reply
        self._show_reports(reply)
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
            self._show_new()
            self.register_button.setEnabled(bool(self.phone_edit.text().strip().isdigit()))
            self.name_edit.setFocus()
        else:
            names = "、".join(f"{m.name} {m.phone_masked}" for m in reply.matches)
            self.result.setText(self.tr("{head}: {names}. Ask for the full phone.").format(head=head, names=names))
            self.register_button.setEnabled(False)

    def _show_new(self) -> None:
        nxt = self.rotation.next_consultant()
        who = nxt.name if nxt else self.tr("nobody is checked in: public pool")
        self.result.setText(
            self.tr("{head}: goes to {who} (rotation)").format(head=outcome(LookupOutcome.NEW), who=who)
        )

    def _skips_changed(self) -> None:
        if self.lookup is not None and self.lookup.outcome is LookupOutcome.NEW:
            self._show_new()

    def _show_reports(self, reply: LookupReply) -> None:
        self.report_combo.clear()
        self.confirm_report.setChecked(False)
        for r in reply.reports:
            self.report_combo.addItem(
                self.tr("#{id} {channel} · broker {broker} · reported {at} · visit by {deadline}").format(
                    id=r.id,
                    channel=r.channel_name,
                    broker=r.broker_name,
                    at=when(r.reported_at),
                    deadline=when(r.visit_deadline),
                ),
                r.id,
            )
        self.report_box.setVisible(bool(reply.reports))

    def _goes_to_rotation(self) -> bool:
        assert self.lookup is not None
        return self.lookup.outcome is LookupOutcome.NEW or self.lookup.matches[0].owner_id is None

    def register(self) -> None:
        if self.project_id is None or self.lookup is None:
            return
        base = RegisterVisitRequest(
            project_id=self.project_id, party_size=self.party.value(), companions=self.companions.text().strip()
        )
        if self.report_box.isVisible() and self.confirm_report.isChecked():
            base = msgspec.structs.replace(base, report_id=self.report_combo.currentData())
        if self.lookup.outcome in (LookupOutcome.RETURNING, LookupOutcome.NEW) and self._goes_to_rotation():
            base = msgspec.structs.replace(base, skips=self.rotation.skips())
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
        self.conn.request("visits.register", req, alive(self, self._registered), alive(self, self._error))

    def _registered(self, reply: RegisterVisitReply) -> None:
        v = reply.visit
        who = v.consultant_name or self.tr("nobody is checked in: public pool")
        text = self.tr("Registered {name} ({party} in the party) → {who}").format(
            name=v.customer_name, party=v.party_size, who=who
        )
        if v.report_id is not None:
            text += self.tr(" · broker visit confirmed for report #{id}").format(id=v.report_id)
        self.result.setText(text)
        self.lookup = None
        self.report_box.hide()
        if reply.assigned_by_rotation:
            self.rotation.clear_skips()
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
