"""Face risk alerts for sales managers: each with its evidence (faces, times, scores, the rule), to confirm or
dismiss with a note. New alerts arrive live (`faces.alert` says one exists; the page fetches them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.common import error_label, fill, selected_key, show_error, table
from client.ui.crm.labels import when, when_long
from client.ui.faces.labels import alert_kind, alert_status, place, thumbnail
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.faces import CameraLocation
from shared.protocol.messages.faces_alerts import AlertInfo, AlertList, AlertsQuery, AlertStatus, DecideAlertRequest


class QtAlertsPage(QWidget):
    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.alerts: list[AlertInfo] = []
        self.status = QComboBox(self)
        self.status.addItem(self.tr("Open alerts"), AlertStatus.OPEN.value)
        self.status.addItem(self.tr("All alerts"), None)
        self.status.currentIndexChanged.connect(self.refresh)
        self.table = table(self, [self.tr("Raised"), self.tr("Kind"), self.tr("Customer"), self.tr("Status")])
        self.table.currentCellChanged.connect(lambda *_: self._show())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 14px; padding: 6px; background: #FFF4E5; border-radius: 4px;")
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.faces = QHBoxLayout()
        self.faces.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Your note (required)"))
        self.note.textChanged.connect(self._update)
        self.confirm_button = QPushButton(self.tr("&Confirm"), self)
        self.dismiss_button = QPushButton(self.tr("&Dismiss"), self)
        self.confirm_button.clicked.connect(lambda: self.decide(True))
        self.dismiss_button.clicked.connect(lambda: self.decide(False))
        self.message = error_label(self)
        self._layout()
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.refresh)
        self.refresh()

    def _layout(self) -> None:
        left = QWidget(self)
        lay_left = QVBoxLayout(left)
        lay_left.addWidget(self.status)
        lay_left.addWidget(self.table)
        detail = QGroupBox(self.tr("Evidence"), self)
        column = QVBoxLayout(detail)
        column.addWidget(self.summary)
        column.addLayout(self.faces)
        column.addWidget(self.facts)
        column.addStretch(1)
        decide = QHBoxLayout()
        decide.addWidget(self.note, 1)
        decide.addWidget(self.confirm_button)
        decide.addWidget(self.dismiss_button)
        column.addLayout(decide)
        column.addWidget(self.message)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(detail)
        split.setSizes([420, 560])
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self._show()

    def refresh(self) -> None:
        status = self.status.currentData()
        query = AlertsQuery(status=AlertStatus(status) if status else None)
        self.conn.request("faces.alerts", query, self._loaded, self._failed)

    def _loaded(self, reply: AlertList) -> None:
        keep = selected_key(self.table)
        self.alerts = reply.alerts
        fill(
            self.table,
            [[when(a.created_at), alert_kind(a.kind), a.customer_name, alert_status(a.status)] for a in reply.alerts],
            [a.id for a in reply.alerts],
        )
        row = next((i for i, a in enumerate(self.alerts) if a.id == keep), 0 if self.alerts else -1)
        self.table.setCurrentCell(row, 0)
        self._show()

    def _on_event(self, event_type: str, payload: object, _envelope: object) -> None:
        if event_type == "faces.alert":
            self.refresh()

    def current(self) -> AlertInfo | None:
        key = selected_key(self.table)
        return next((a for a in self.alerts if a.id == key), None)

    def _show(self) -> None:
        alert = self.current()
        while self.faces.count():
            item = self.faces.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        if alert is None:
            self.summary.setText(self.tr("No alert selected."))
            self.facts.setText("")
            self._update()
            return
        self.summary.setText(f"{alert_kind(alert.kind)}\n{alert.summary}")
        for face in alert.faces:
            shot = QLabel(self)
            shot.setPixmap(thumbnail(face.thumbnail, 96))
            shot.setToolTip(f"{face.camera_id} · {when_long(face.at)}")
            caption = QLabel(
                self.tr("{place}, {at}, score {score}").format(
                    place=place(CameraLocation(face.location)),
                    at=when(face.at),
                    score="-" if face.similarity is None else f"{face.similarity:.2f}",
                ),
                self,
            )
            cell = QWidget(self)
            col = QVBoxLayout(cell)
            col.setContentsMargins(0, 0, 12, 0)
            col.addWidget(shot)
            col.addWidget(caption)
            self.faces.addWidget(cell)
        lines = [self.tr("Rule {version}").format(version=alert.rule_version)]
        if alert.first_seen_at:
            lines.append(self.tr("Face first seen {at}").format(at=when_long(alert.first_seen_at)))
        if alert.reported_at:
            lines.append(self.tr("Channel report {at}").format(at=when_long(alert.reported_at)))
        if alert.other_customer_name:
            lines.append(self.tr("Also registered as {name}").format(name=alert.other_customer_name))
        if alert.user_name:
            lines.append(self.tr("Consultant {name}").format(name=alert.user_name))
        if alert.decided_at:
            lines.append(
                self.tr("{status} by {who} at {at}: {note}").format(
                    status=alert_status(alert.status), who=alert.decided_by, at=when_long(alert.decided_at),
                    note=alert.note,
                )
            )  # fmt: skip
        self.facts.setText("\n".join(lines))
        self._update()

    def _update(self) -> None:
        alert = self.current()
        ready = alert is not None and alert.status is AlertStatus.OPEN and bool(self.note.text().strip())
        self.confirm_button.setEnabled(ready)
        self.dismiss_button.setEnabled(ready)

    def decide(self, confirm: bool) -> None:
        alert = self.current()
        if alert is None:
            return
        request = DecideAlertRequest(alert_id=alert.id, confirm=confirm, note=self.note.text().strip())
        self.conn.request("faces.decide_alert", request, self._decided, self._failed)

    def _decided(self, _reply: AlertInfo) -> None:
        self.note.clear()
        self.message.setText("")
        self.refresh()

    def _failed(self, error: ErrorBody) -> None:
        show_error(self.message, error)
