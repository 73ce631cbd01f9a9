"""The arrival feed 到访提醒: each face at the entrance as it is seen, newest first, with what to do about it.

The broadcast (`faces.seen`) only says that a face event exists; the feed fetches it (`faces.event`, an
audited view) and shows its thumbnail and one line: a returning customer and their consultant, a new
visitor to register, or a possible match to ask about.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from client.ui.crm.common import error_label, show_error
from client.ui.crm.labels import when
from client.ui.faces.consent import QtConsentDialog
from client.ui.faces.labels import arrival_text, thumbnail
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.faces import (
    CameraLocation,
    EventRef,
    EventsQuery,
    FaceDecision,
    FaceEventInfo,
    FaceEventList,
    FaceSeen,
    PersonKind,
)

KEEP = 50  # entries shown


class QtArrivalFeed(QWidget):
    """`arrived(event)` for each new entry, so the window can also say it in the status bar."""

    arrived = Signal(object)

    def __init__(self, conn: QtConnection, parent: QWidget | None = None, locations: tuple[CameraLocation, ...] = (
            CameraLocation.ENTRANCE,)) -> None:  # fmt: skip
        super().__init__(parent)
        self.conn = conn
        self.locations = locations
        self.entries: list[FaceEventInfo] = []
        self.title = QLabel(self.tr("Arrivals at the door"), self)
        self.title.setStyleSheet("font-weight: 600; font-size: 14px;")
        self.list = QListWidget(self)
        self.list.setIconSize(thumbnail(b"", 64).size())
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(self._selected)
        self.link_button = QPushButton(self.tr("&Link face to customer…"), self)
        self.link_button.clicked.connect(self.link_selected)
        self.yes_button = QPushButton(self.tr("&Yes, it is them"), self)
        self.yes_button.clicked.connect(self.confirm_candidate)
        self.message = error_label(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.yes_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.message)
        self._selected(-1)
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.conn.request("faces.events", EventsQuery(limit=KEEP), self._loaded, self._failed)

    def _loaded(self, reply: FaceEventList) -> None:
        known = {e.event_id for e in self.entries}
        for event in reversed(reply.events):
            if event.event_id not in known and event.location in self.locations:
                self._add(event, announce=False)

    def _on_event(self, event_type: str, payload: object, _envelope: object) -> None:
        if event_type == "faces.seen" and isinstance(payload, FaceSeen) and payload.location in self.locations:
            self.conn.request("faces.event", EventRef(event_id=payload.event_id), self._fetched, self._failed)

    def _fetched(self, event: FaceEventInfo) -> None:
        if all(e.event_id != event.event_id for e in self.entries):
            self._add(event, announce=True)

    def _add(self, event: FaceEventInfo, *, announce: bool) -> None:
        self.entries.insert(0, event)
        item = QListWidgetItem(
            QIcon(thumbnail(event.thumbnail, 64)), f"{when(event.captured_at)}  {arrival_text(event)}"
        )
        if event.customer_id is not None:
            item.setForeground(Qt.GlobalColor.darkGreen)
        elif event.decision is FaceDecision.REVIEW:
            item.setForeground(Qt.GlobalColor.darkYellow)
        self.list.insertItem(0, item)
        while self.list.count() > KEEP:
            self.list.takeItem(self.list.count() - 1)
            self.entries.pop()
        if announce:
            self.arrived.emit(event)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def current(self) -> FaceEventInfo | None:
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _selected(self, _row: int) -> None:
        event = self.current()
        linkable = event is not None and event.customer_id is None and event.person_kind is not PersonKind.STAFF
        self.link_button.setEnabled(linkable)
        self.yes_button.setEnabled(
            event is not None and event.decision is FaceDecision.REVIEW and event.candidate_customer_id is not None
        )

    def link_selected(self) -> QtConsentDialog | None:
        """Opens the consent dialog for the chosen face (the visit itself is registered on the front desk tab)."""
        event = self.current()
        if event is None:
            return None
        return self._dialog(QtConsentDialog(self.conn, event, self))

    def confirm_candidate(self) -> QtConsentDialog | None:
        event = self.current()
        if event is None or event.candidate_customer_id is None:
            return None
        return self._dialog(QtConsentDialog(self.conn, event, self, customer_id=event.candidate_customer_id))

    def _dialog(self, dialog: QtConsentDialog) -> QtConsentDialog:
        dialog.accepted.connect(self.refresh_entry)
        dialog.open()
        return dialog

    def refresh_entry(self) -> None:
        event = self.current()
        if event is not None:
            self.conn.request("faces.event", EventRef(event_id=event.event_id), self._replace, self._failed)

    def _replace(self, event: FaceEventInfo) -> None:
        for row, old in enumerate(self.entries):
            if old.event_id == event.event_id:
                self.entries[row] = event
                self.list.item(row).setText(f"{when(event.captured_at)}  {arrival_text(event)}")
                self.list.item(row).setForeground(Qt.GlobalColor.darkGreen)
        self._selected(self.list.currentRow())

    def _failed(self, error: ErrorBody) -> None:
        show_error(self.message, error)
