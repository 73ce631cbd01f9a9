"""The consultant workspace 置业顾问: my customers (search with paging), follow-ups due, the public pool 公客池 to
claim from, a customer's profile and timeline with follow-ups, new customers, checking in and out of the
rotation 轮排, and my notifications."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from client.ui.crm.common import QtNotices, QtProjectChooser, error_label, show_error
from client.ui.crm.customer_detail import QtCustomerDetail
from client.ui.crm.customer_form import QtCustomerDialog
from client.ui.crm.customer_list import QtCustomerList
from client.ui.qt_admin_common import alive
from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_customers import CustomerInfo, ProjectRef
from shared.protocol.messages.crm_types import Scope
from shared.protocol.messages.crm_visits import RotationQueue, RotationRequest

REFRESH_EVENTS = ("customers.changed",)


class QtConsultantPage(QWidget):
    def __init__(self, conn: QtConnection, user_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.user_id = user_id
        self.project_id: int | None = None
        self.checked_in = False
        self.dialog: QtCustomerDialog | None = None
        self._build()
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.refresh)

    def _build(self) -> None:
        self.projects = QtProjectChooser(self.conn, self)
        self.projects.chosen.connect(self._on_project)
        self.new_button = QPushButton(self.tr("&New customer…"), self)
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.new_button.clicked.connect(self.new_customer)
        self.rotation = QLabel(self)
        self.check_button = QPushButton(self.tr("Check &in"), self)
        self.check_button.clicked.connect(self.toggle_check_in)
        top = QHBoxLayout()
        top.addWidget(self.projects)
        top.addWidget(self.new_button)
        top.addStretch(1)
        top.addWidget(self.rotation)
        top.addWidget(self.check_button)
        self.customers = QtCustomerList(self.conn, Scope.MINE, self)
        self.due = QtCustomerList(self.conn, Scope.MINE, self, command="followups.due")
        self.pool = QtCustomerList(self.conn, Scope.POOL, self)
        self.lists = QTabWidget(self)
        self.lists.addTab(self.customers, self.tr("My customers"))
        self.lists.addTab(self.due, self.tr("Follow-ups due"))
        self.lists.addTab(self.pool, self.tr("Public pool"))
        self.detail = QtCustomerDetail(self.conn, Role.CONSULTANT, self.user_id, self)
        self.detail.changed.connect(lambda _id: self.refresh())
        for lst in (self.customers, self.due, self.pool):
            lst.selected.connect(self.detail.load)
        self.due.loaded.connect(self._due_count)
        self.notices = QtNotices(self.conn, self.user_id, self)
        self.notices.setMaximumHeight(130)
        self.message = error_label(self)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.lists, 1)
        ll.addWidget(self.notices)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setSizes([600, 740])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(self.message)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self._focus_search)
        if self.customers.search is not None:
            self.setFocusProxy(self.customers.search)

    def _focus_search(self) -> None:
        self.lists.setCurrentWidget(self.customers)
        if self.customers.search is not None:
            self.customers.search.setFocus()
            self.customers.search.selectAll()

    def _on_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.detail.project_id = project_id
        for lst in (self.customers, self.due, self.pool):
            lst.set_project(project_id)
        self.conn.request("rotation.queue", ProjectRef(project_id=project_id), alive(self, self._queue))

    def refresh(self) -> None:
        if self.project_id is None:
            return
        for lst in (self.customers, self.due, self.pool):
            lst.reload()
        self.detail.reload()

    def _due_count(self) -> None:
        n = len(self.due.rows)
        self.lists.setTabText(1, self.tr("Follow-ups due ({n})").format(n=n) if n else self.tr("Follow-ups due"))

    def new_customer(self) -> None:
        if self.project_id is None:
            return
        dialog = QtCustomerDialog(self.conn, self.project_id, None, self)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._created(dialog.reply))
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def _created(self, c: CustomerInfo) -> None:
        self.lists.setCurrentWidget(self.customers)
        self.detail.load(c.id)
        self.customers.reload()

    def toggle_check_in(self) -> None:
        if self.project_id is None:
            return
        command = "rotation.check_out" if self.checked_in else "rotation.check_in"
        self.check_button.setEnabled(False)
        self.conn.request(
            command, RotationRequest(project_id=self.project_id), alive(self, self._queue), alive(self, self._error)
        )

    def _queue(self, reply: RotationQueue) -> None:
        self.check_button.setEnabled(True)
        me = next((e for e in reply.entries if e.user_id == self.user_id), None)
        self.checked_in = bool(me and me.checked_in)
        self.check_button.setText(self.tr("Check &out") if self.checked_in else self.tr("Check &in"))
        if self.checked_in and me is not None:
            place = [e.user_id for e in reply.entries if e.checked_in].index(self.user_id) + 1
            self.rotation.setText(
                self.tr("In the rotation: #{place} in line, {n} visitors today").format(
                    place=place, n=me.assigned_today
                )
            )
        else:
            self.rotation.setText(self.tr("Not in the rotation"))

    def _error(self, error: ErrorBody) -> None:
        self.check_button.setEnabled(True)
        show_error(self.message, error)

    def _on_event(self, event_type: str, payload: object, _env: object) -> None:
        if getattr(payload, "project_id", None) != self.project_id:
            return
        if event_type in REFRESH_EVENTS:
            self.refresh()
        elif event_type == "rotation.changed" and self.project_id is not None:
            self.conn.request("rotation.queue", ProjectRef(project_id=self.project_id), alive(self, self._queue))
