"""The compliance page 合规: what the office stores about faces, under which consent, for how long, who looked."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from client.ui.crm.common import error_label, show_error
from client.ui.crm.labels import when_long
from client.ui.faces.labels import capacity_level
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.common import Empty
from shared.protocol.messages.faces import PurgeReport
from shared.protocol.messages.faces_alerts import Compliance


class QtCompliancePage(QWidget):
    def __init__(self, conn: QtConnection, parent: QWidget | None = None, *, can_purge: bool = False) -> None:
        super().__init__(parent)
        self.conn = conn
        self.data: Compliance | None = None
        self.values: dict[str, QLabel] = {}
        self.capacity = QProgressBar(self)
        self.capacity.setTextVisible(True)
        rows = {
            "stored": self.tr("Stored faces"),
            "kinds": self.tr("Of which"),
            "capacity": self.tr("Filing threshold"),
            "consent": self.tr("Consent"),
            "retention": self.tr("Retention"),
            "oldest": self.tr("Oldest face kept since"),
            "purge": self.tr("Last automatic purge"),
            "views": self.tr("Audited views (30 days)"),
            "deletions": self.tr("Deletions on request (30 days)"),
            "alerts": self.tr("Open risk alerts"),
            "where": self.tr("Where the data is"),
        }
        form = QFormLayout()
        for key, title in rows.items():
            label = QLabel("-", self)
            label.setWordWrap(True)
            self.values[key] = label
            form.addRow(title, label)
            if key == "capacity":
                form.addRow("", self.capacity)
        box = QGroupBox(self.tr("Face data under PIPL and the CAC/MPS face recognition measures"), self)
        box.setLayout(form)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.purge_button = QPushButton(self.tr("&Purge expired face data now"), self)
        self.purge_button.setVisible(can_purge)
        self.purge_button.clicked.connect(self.purge)
        self.message = error_label(self)
        lay = QVBoxLayout(self)
        lay.addWidget(box)
        lay.addWidget(self.refresh_button)
        lay.addWidget(self.purge_button)
        lay.addWidget(self.message)
        lay.addStretch(1)
        conn.event_received.connect(self._on_event)
        self.refresh()

    def refresh(self) -> None:
        self.conn.request("faces.compliance", Empty(), self._loaded, self._failed)

    def _on_event(self, event_type: str, _payload: object, _envelope: object) -> None:
        if event_type == "faces.capacity":
            self.refresh()

    def _loaded(self, c: Compliance) -> None:
        self.data = c
        v = self.values
        v["stored"].setText(f"{c.stored_faces:,}")
        v["kinds"].setText(
            self.tr("{customers} customers (with consent), {anonymous} anonymous visitors, {staff} staff").format(
                customers=c.customers, anonymous=c.anonymous, staff=c.staff
            )
        )
        v["capacity"].setText(
            self.tr("{stored:,} of {limit:,}; warning at {warn:,} (level: {level})").format(
                stored=c.stored_faces, limit=c.limit_faces, warn=c.warn_faces, level=capacity_level(c.capacity)
            )
        )
        self.capacity.setRange(0, c.limit_faces)
        self.capacity.setValue(min(c.stored_faces, c.limit_faces))
        v["consent"].setText(
            self.tr("{active} active, {revoked} revoked; text version {version}").format(
                active=c.consents_active, revoked=c.consents_revoked, version=c.consent_version
            )
        )
        v["retention"].setText(
            self.tr("customers {days} days after the last visit; anonymous visitors {anon} days").format(
                days=c.customer_retention_days, anon=c.anonymous_retention_days
            )
        )
        v["oldest"].setText(when_long(c.oldest_face_seen_at) or self.tr("nothing stored"))
        v["purge"].setText(f"{when_long(c.last_purge_at)} {c.last_purge}".strip() or self.tr("not run yet"))
        v["views"].setText(str(c.views_30d))
        v["deletions"].setText(str(c.deletions_30d))
        v["alerts"].setText(str(c.alerts_open))
        v["where"].setText(
            self.tr("This office's server only") if c.on_site_only else self.tr("Not only on site: check!")
        )

    def purge(self) -> None:
        self.conn.request("faces.purge", Empty(), self._purged, self._failed)

    def _purged(self, report: PurgeReport) -> None:
        self.message.setText(
            self.tr("Purged {persons} faces and {events} face events.").format(
                persons=report.persons_deleted, events=report.events_deleted
            )
        )
        self.refresh()

    def _failed(self, error: ErrorBody) -> None:
        show_error(self.message, error)
