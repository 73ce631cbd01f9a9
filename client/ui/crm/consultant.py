"""The consultant workspace 置业顾问: my customers (search), follow-ups due, a customer's timeline, adding a
follow-up, checking in and out of the rotation, and my notifications."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.common import QtNotices, QtProjectChooser, error_label, fill, selected_key, show_error, table
from client.ui.crm.labels import customer_status, followup_kind, intent, when
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_customers import (
    CustomerRef,
    CustomerRow,
    FollowUpRequest,
    ProjectRef,
    ProjectScope,
    SearchRequest,
    Timeline,
)
from shared.protocol.messages.crm_types import FollowUpKind, Scope
from shared.protocol.messages.crm_visits import RotationQueue, RotationRequest


class QtConsultantPage(QWidget):
    def __init__(self, conn: QtConnection, user_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.user_id = user_id
        self.project_id: int | None = None
        self.current: int | None = None
        self.checked_in = False
        self._build()
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.refresh)

    def _build(self) -> None:
        self.projects = QtProjectChooser(self.conn, self)
        self.projects.chosen.connect(self._on_project)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search: name, phone, last 4 digits, pinyin initials"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.check_button = QPushButton(self.tr("Check &in"), self)
        self.check_button.clicked.connect(self.toggle_check_in)
        top = QHBoxLayout()
        top.addWidget(self.projects)
        top.addWidget(self.search, 1)
        top.addWidget(self.check_button)
        headers = [
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Intent"),
            self.tr("Status"),
            self.tr("Tags"),
            self.tr("Next follow-up"),
        ]
        self.customers = table(self, headers)
        self.due = table(self, headers)
        self.lists = QTabWidget(self)
        self.lists.addTab(self.customers, self.tr("My customers"))
        self.lists.addTab(self.due, self.tr("Follow-ups due"))
        for t in (self.customers, self.due):
            t.itemSelectionChanged.connect(lambda t=t: self._selected(t))
        self.header = QLabel(self.tr("Choose a customer to see their timeline."), self)
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.timeline = table(self, [self.tr("When"), self.tr("What"), self.tr("Details"), self.tr("By")])
        self.kind = QComboBox(self)
        for k in FollowUpKind:
            self.kind.addItem(followup_kind(k), k.value)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("What was said"))
        self.next_at = QDateTimeEdit(self)
        self.next_at.setCalendarPopup(True)
        self.next_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.next_at.setDateTime(QDateTime.currentDateTime().addDays(3))
        self.add_button = QPushButton(self.tr("&Add follow-up"), self)
        self.add_button.clicked.connect(self.add_followup)
        self.note.returnPressed.connect(self.add_followup)
        follow = QHBoxLayout()
        follow.addWidget(self.kind)
        follow.addWidget(self.note, 1)
        follow.addWidget(QLabel(self.tr("Next:"), self))
        follow.addWidget(self.next_at)
        follow.addWidget(self.add_button)
        self.message = error_label(self)
        right = QVBoxLayout()
        right.addWidget(self.header)
        right.addWidget(self.timeline, 1)
        right.addLayout(follow)
        right.addWidget(self.message)
        self.notices = QtNotices(self.conn, self.user_id, self)
        right.addWidget(self.notices)
        right_w = QWidget(self)
        right_w.setLayout(right)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.lists)
        split.addWidget(right_w)
        split.setSizes([620, 560])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self.setFocusProxy(self.search)

    def _on_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.refresh()
        self.conn.request("rotation.queue", _ref(project_id), self._queue)

    def refresh(self) -> None:
        if self.project_id is None:
            return
        query = SearchRequest(project_id=self.project_id, query=self.search.text().strip(), scope=Scope.MINE)
        self.conn.request("customers.search", query, lambda r: self._rows(self.customers, r.rows))
        self.conn.request(
            "followups.due", ProjectScope(project_id=self.project_id), lambda r: self._rows(self.due, r.rows)
        )

    def _rows(self, t: QTableWidget, rows: list[CustomerRow]) -> None:
        fill(
            t,
            [
                [
                    r.name,
                    r.phone,
                    intent(r.intent),
                    customer_status(r.status),
                    " ".join(r.tags),
                    when(r.next_followup_at),
                ]
                for r in rows
            ],
            [r.id for r in rows],
        )

    def _selected(self, t: QTableWidget) -> None:
        key = selected_key(t)
        if key is not None:
            self.show_customer(key)

    def show_customer(self, customer_id: int) -> None:
        self.current = customer_id
        self.conn.request("customers.timeline", CustomerRef(customer_id=customer_id), self._timeline, self._error)

    def _timeline(self, reply: Timeline) -> None:
        c = reply.customer
        self.header.setText(
            f"{c.name}  {c.phone}  ·  {intent(c.intent)}  ·  {customer_status(c.status)}"
            + (f"  ·  {c.id_masked}" if c.id_masked else "")
        )
        fill(self.timeline, [[when(i.at), _kind(i.kind), i.text, i.user_name] for i in reply.items])

    def add_followup(self) -> None:
        customer_id = self.current
        if customer_id is None:
            self.message.setText(self.tr("Choose a customer first."))
            return
        next_at = self.next_at.dateTime().toPython()
        assert isinstance(next_at, datetime)
        req = FollowUpRequest(
            customer_id=customer_id,
            kind=FollowUpKind(self.kind.currentData()),
            note=self.note.text().strip(),
            next_at=next_at.astimezone(),
        )
        self.conn.request("followups.add", req, lambda _r: self._added(customer_id), self._error)

    def _added(self, customer_id: int) -> None:
        self.note.clear()
        self.message.clear()
        self.next_at.setDateTime(QDateTime.currentDateTime().addDays(3))
        self.show_customer(customer_id)
        self.refresh()

    def toggle_check_in(self) -> None:
        if self.project_id is None:
            return
        command = "rotation.check_out" if self.checked_in else "rotation.check_in"
        self.conn.request(command, RotationRequest(project_id=self.project_id), self._queue, self._error)

    def _queue(self, reply: RotationQueue) -> None:
        me = next((e for e in reply.entries if e.user_id == self.user_id), None)
        self.checked_in = bool(me and me.checked_in)
        self.check_button.setText(self.tr("Check &out") if self.checked_in else self.tr("Check &in"))

    def _error(self, error: ErrorBody) -> None:
        show_error(self.message, error)

    def _on_event(self, event_type: str, payload: object, _env: object) -> None:
        if event_type == "customers.changed" and getattr(payload, "project_id", None) == self.project_id:
            self.refresh()


def _ref(project_id: int) -> ProjectRef:
    return ProjectRef(project_id=project_id)


def _kind(kind: str) -> str:
    if kind.startswith("followup."):
        return followup_kind(FollowUpKind(kind.split(".", 1)[1]))
    return {
        "visit": QCoreApplication.translate("QtConsultantPage", "Visit"),
        "report": QCoreApplication.translate("QtConsultantPage", "Channel report"),
        "attribution": QCoreApplication.translate("QtConsultantPage", "Attribution"),
    }.get(kind, kind)
