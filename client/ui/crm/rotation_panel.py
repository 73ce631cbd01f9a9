"""The rotation queue 轮排 at the front desk: consultants in the order the next new visitors go to them, skips
with a required reason for the next registration (recorded in the rotation ledger with the assignment), and —
for managers, whom the server lets name someone else — checking a consultant in or out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from client.ui.crm.common import error_label, fill, section, selected_key, show_error, table
from client.ui.crm.dialogs import QtConsultantCombo, QtSkipDialog
from client.ui.crm.permissions import CHECKS_OTHERS_IN
from client.ui.qt_admin_common import alive
from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_customers import ProjectRef
from shared.protocol.messages.crm_visits import QueueEntry, RotationQueue, RotationRequest, Skip


class QtRotationPanel(QWidget):
    skips_changed = Signal()

    def __init__(self, conn: QtConnection, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.role = role
        self.project_id: int | None = None
        self.entries: list[QueueEntry] = []
        self.pending: dict[int, str] = {}  # user id → reason, for the next new visitor
        self.dialog: QtSkipDialog | None = None
        self.table = table(
            self, [self.tr("Next"), self.tr("Consultant"), self.tr("Today"), self.tr("Skipped"), self.tr("Present")]
        )
        self.table.itemSelectionChanged.connect(self._selection)
        self.skip_button = QPushButton(self.tr("S&kip…"), self)
        self.skip_button.setToolTip(self.tr("The next new visitor passes over this consultant (a reason is required)"))
        self.skip_button.clicked.connect(self.skip)
        skip_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        skip_key.activated.connect(self.skip)
        self.clear_button = QPushButton(self.tr("Clear skips"), self)
        self.clear_button.clicked.connect(self.clear_skips)
        self.skips_label = QLabel(self)
        self.skips_label.setWordWrap(True)
        self.skips_label.setStyleSheet("color: #8D6E00;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        self.manage = QWidget(self)
        self.consultant = QtConsultantCombo(conn, self.manage) if role in CHECKS_OTHERS_IN else None
        if self.consultant is not None:
            self.check_in_button = QPushButton(self.tr("Check &in"), self.manage)
            self.check_in_button.clicked.connect(lambda: self.check(True))
            self.check_out_button = QPushButton(self.tr("Check o&ut"), self.manage)
            self.check_out_button.clicked.connect(lambda: self.check(False))
            row = QHBoxLayout(self.manage)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.consultant, 1)
            row.addWidget(self.check_in_button)
            row.addWidget(self.check_out_button)
        else:
            self.manage.hide()
        self.message = error_label(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(section(self.tr("Rotation queue"), self))
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.skips_label)
        lay.addWidget(self.manage)
        lay.addWidget(self.message)
        self._show_skips()

    def set_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.clear_skips()
        self.reload()

    def reload(self) -> None:
        if self.project_id is not None:
            self.conn.request(
                "rotation.queue",
                ProjectRef(project_id=self.project_id),
                alive(self, self._queue),
                alive(self, self._failed),
            )

    def _queue(self, reply: RotationQueue) -> None:
        self.entries = list(reply.entries)
        present = {e.user_id for e in reply.entries if e.checked_in}
        for gone in [u for u in self.pending if u not in present]:
            del self.pending[gone]  # checked out meanwhile: nothing to skip
        here, skip = self.tr("Checked in"), self.tr("skip")
        fill(
            self.table,
            [
                [
                    i + 1 if e.checked_in else "",
                    e.name + (f"（{skip}）" if e.user_id in self.pending else ""),
                    e.assigned_today,
                    e.skipped_today,
                    here if e.checked_in else "",
                ]
                for i, e in enumerate(reply.entries)
            ],
            [e.user_id for e in reply.entries],
        )
        self._show_skips()
        self._selection()

    def next_consultant(self) -> QueueEntry | None:
        """Whom the next new visitor goes to, after the pending skips (the server decides it again)."""
        return next((e for e in self.entries if e.checked_in and e.user_id not in self.pending), None)

    def skips(self) -> list[Skip]:
        return [Skip(user_id=u, reason=r) for u, r in self.pending.items()]

    def clear_skips(self) -> None:
        self.pending.clear()
        self._show_skips()
        self.skips_changed.emit()

    def skip(self) -> None:
        user_id = selected_key(self.table)
        entry = next((e for e in self.entries if e.user_id == user_id), None)
        if entry is None or not entry.checked_in:
            self.message.setText(self.tr("Choose a checked-in consultant to skip."))
            return
        dialog = QtSkipDialog(entry.name, self)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._skipped(entry.user_id, dialog.reason))
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def _skipped(self, user_id: int, reason: str) -> None:
        self.pending[user_id] = reason
        self.message.clear()
        self._queue(RotationQueue(project_id=self.project_id or 0, day="", entries=self.entries))
        self.skips_changed.emit()

    def _show_skips(self) -> None:
        names = {e.user_id: e.name for e in self.entries}
        self.skips_label.setText(
            self.tr("Next new visitor skips: {list}").format(
                list="；".join(f"{names.get(u, u)}（{r}）" for u, r in self.pending.items())
            )
            if self.pending
            else ""
        )
        self.skips_label.setVisible(bool(self.pending))
        self.clear_button.setVisible(bool(self.pending))

    def _selection(self) -> None:
        user_id = selected_key(self.table)
        entry = next((e for e in self.entries if e.user_id == user_id), None)
        self.skip_button.setEnabled(entry is not None and entry.checked_in)
        if self.consultant is not None and user_id is not None:
            index = self.consultant.findData(user_id)
            if index >= 0:
                self.consultant.setCurrentIndex(index)

    def check(self, checked_in: bool) -> None:
        if self.project_id is None or self.consultant is None or self.consultant.user_id() is None:
            return
        command = "rotation.check_in" if checked_in else "rotation.check_out"
        req = RotationRequest(project_id=self.project_id, user_id=self.consultant.user_id())
        self.conn.request(command, req, alive(self, self._queue), alive(self, self._failed))

    def _failed(self, error: ErrorBody) -> None:
        show_error(self.message, error)
