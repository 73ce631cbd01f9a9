"""What the CRM workspaces share: a project chooser, simple read-only tables, and the notices panel."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.labels import notice_text, when
from client.ui.labels import error_text
from client.ui.qt_connection import QtConnection
from client.ui.style import ERROR_TEXT
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.catalog import ProjectList
from shared.protocol.messages.common import Empty
from shared.protocol.messages.notices import MarkReadRequest, NoticeList, NoticeListRequest, NoticeNew


class QtProjectChooser(QWidget):
    """A labelled project combo box; `chosen(project_id)` once loaded and on every change."""

    chosen = Signal(int)

    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(self.tr("&Project:"), self)
        self.combo = QComboBox(self)
        self.combo.setMinimumContentsLength(10)
        label.setBuddy(self.combo)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(label)
        lay.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self._changed)
        conn.request("projects.list", Empty(), self._loaded)

    @property
    def project_id(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None

    def _loaded(self, reply: ProjectList) -> None:
        self.combo.blockSignals(True)
        for p in reply.projects:
            self.combo.addItem(p.name, p.id)
        self.combo.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        if self.project_id is not None:
            self.chosen.emit(self.project_id)


def table(parent: QWidget, headers: Sequence[str], widths: Sequence[int] | None = None) -> QTableWidget:
    """A read-only row table: Tab leaves it, arrows move inside. `widths` fixes the columns' starting widths
    (the last stretches); without them the columns fit their contents."""
    t = QTableWidget(0, len(headers), parent)
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.setTabKeyNavigation(False)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(26)
    header = t.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    if widths:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(widths):
            t.setColumnWidth(column, width)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return t


def section(text: str, parent: QWidget) -> QLabel:
    """A small bold heading over a table or panel."""
    label = QLabel(text, parent)
    label.setStyleSheet("font-weight: 600; padding: 4px 0 2px 0;")
    return label


def fill(t: QTableWidget, rows: Sequence[Sequence[object]], keys: Sequence[int] | None = None) -> None:
    """Rows of cell values; `keys` (e.g. ids) are kept in each row's first cell as user data."""
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0 and keys is not None:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            t.setItem(r, c, item)


def append(t: QTableWidget, rows: Sequence[Sequence[object]], keys: Sequence[int]) -> None:
    """Adds rows at the end (the next page of a keyset-paged list)."""
    start = t.rowCount()
    t.setRowCount(start + len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            t.setItem(start + r, c, item)


def select_key(t: QTableWidget, key: int) -> bool:
    for r in range(t.rowCount()):
        item = t.item(r, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
            t.selectRow(r)
            return True
    return False


def selected_key(t: QTableWidget) -> int | None:
    row = t.currentRow()
    item = t.item(row, 0) if row >= 0 else None
    data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
    return int(data) if data is not None else None


def error_label(parent: QWidget) -> QLabel:
    label = QLabel("", parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_TEXT};")
    return label


def show_error(label: QLabel, error: ErrorBody) -> None:
    label.setText(error_text(error))


class QtNotices(QWidget):
    """My notices: fetched at sign-in and whenever a `notice.new` for me arrives (its content never travels
    on the event stream). Double-click or Enter marks one read."""

    arrived = Signal(str)  # the newest notice's text, for a status-bar message

    def __init__(self, conn: QtConnection, user_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.user_id = user_id
        self.title = QLabel(self.tr("Notifications"), self)
        self.title.setStyleSheet("font-weight: 600;")
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Notifications"))
        self.list.setWordWrap(True)
        self.list.setToolTip(self.tr("Enter or double-click marks a notification read"))
        self.list.itemActivated.connect(self._mark)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.list)
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self.reload)
        self._pending = False
        self._again = False
        QTimer.singleShot(0, self.reload)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def reload(self) -> None:
        if self._pending:
            self._again = True  # a notice that arrives while a read is under way is read right after
            return
        self._pending = True
        self.conn.request("notices.list", NoticeListRequest(), self._loaded, lambda _e: self._done())

    def _done(self) -> None:
        self._pending = False
        if self._again:
            self._again = False
            self.reload()

    def _loaded(self, reply: NoticeList) -> None:
        before = {self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())}
        self.list.clear()
        for n in reply.notices:
            item = QListWidgetItem(f"{when(n.created_at)}  {notice_text(n)}")
            item.setData(Qt.ItemDataRole.UserRole, n.id)
            self.list.addItem(item)
        self.title.setText(self.tr("Notifications ({count} unread)").format(count=reply.unread))
        fresh = [n for n in reply.notices if n.id not in before]
        if fresh:
            self.arrived.emit(notice_text(fresh[0]))
        self._done()

    def _mark(self, item: QListWidgetItem) -> None:
        notice_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.conn.request("notices.mark_read", MarkReadRequest(ids=[notice_id]), lambda _r: self.reload())

    def _on_event(self, event_type: str, payload: object, _env: object) -> None:
        if event_type == "notice.new" and isinstance(payload, NoticeNew) and payload.user_id == self.user_id:
            self.reload()
