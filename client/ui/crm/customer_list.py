"""A customer list: search (name, phone, last 4 digits, pinyin initials) and tags, keyset paging with a "more"
button and by scrolling to the end, or a fixed list (follow-ups due, overdue). Replies to an older search are
dropped, so typing fast never shows stale rows; nothing waits on the network."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from client.ui.crm.common import append, error_label, fill, select_key, selected_key, show_error, table
from client.ui.crm.customer_form import parse_tags
from client.ui.crm.labels import customer_status, intent, when
from client.ui.qt_admin_common import alive
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.crm_customers import CustomerPage, CustomerRow, CustomerRows, ProjectScope, SearchRequest
from shared.protocol.messages.crm_types import Scope

PAGE_SIZE = 50
TYPING_PAUSE_MS = 300


class QtCustomerList(QWidget):
    """`command` "customers.search" pages through `scope`; "followups.due" / "followups.overdue" list at once."""

    selected = Signal(int)  # a customer id
    loaded = Signal()

    def __init__(
        self,
        conn: QtConnection,
        scope: Scope = Scope.MINE,
        parent: QWidget | None = None,
        *,
        command: str = "customers.search",
        owner_column: bool = False,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.conn = conn
        self.scope = scope
        self.command = command
        self.page_size = page_size
        self.owner_column = owner_column
        self.project_id: int | None = None
        self.rows: list[CustomerRow] = []
        self.next_after: int | None = None
        self.loading = False
        self._generation = 0
        self._keep: int | None = None
        headers = [self.tr("Name"), self.tr("Phone"), self.tr("Intent"), self.tr("Status"), self.tr("Tags")]
        widths = [90, 120, 64, 64, 130]
        if owner_column:
            headers.append(self.tr("Consultant"))
            widths.append(80)
        headers.append(self.tr("Next follow-up"))
        self.table = table(self, headers, widths)
        self.table.itemSelectionChanged.connect(self._selection)
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.count = QLabel(self)
        self.count.setStyleSheet("color: #5F6368;")
        self.more_button = QPushButton(self.tr("&More"), self)
        self.more_button.clicked.connect(self.load_more)
        self.more_button.hide()
        self.message = error_label(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.more_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.search: QLineEdit | None = None
        self.tags: QLineEdit | None = None
        if command == "customers.search":
            self.search = QLineEdit(self)
            self.search.setPlaceholderText(self.tr("Name, phone, last 4 digits or pinyin initials (zw)"))
            self.search.setClearButtonEnabled(True)
            self.tags = QLineEdit(self)
            self.tags.setPlaceholderText(self.tr("Tags"))
            self.tags.setMaximumWidth(150)
            search_label = QLabel(self.tr("Searc&h:"), self)
            search_label.setBuddy(self.search)
            self._typing = QTimer(self)
            self._typing.setSingleShot(True)
            self._typing.setInterval(TYPING_PAUSE_MS)
            self._typing.timeout.connect(self.reload)
            for edit in (self.search, self.tags):
                edit.textChanged.connect(self._typing.start)
                edit.returnPressed.connect(self.reload)
            top = QHBoxLayout()
            top.addWidget(search_label)
            top.addWidget(self.search, 1)
            top.addWidget(self.tags)
            lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)
        lay.addWidget(self.message)

    def set_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.reload()

    def current(self) -> int | None:
        return selected_key(self.table)

    def row(self, customer_id: int) -> CustomerRow | None:
        return next((r for r in self.rows if r.id == customer_id), None)

    def reload(self) -> None:
        """From the first page again, keeping the selected customer selected if still listed."""
        if self.project_id is None:
            return
        self._keep = self.current()
        self._generation += 1
        self.loading = True
        generation = self._generation
        if self.command == "customers.search":
            self.conn.request(
                self.command,
                self._search_request(None),
                alive(self, lambda r: self._page(r, generation, replace=True)),
                alive(self, self._failed),
            )
        else:
            self.conn.request(
                self.command,
                ProjectScope(project_id=self.project_id),
                alive(self, lambda r: self._fixed(r, generation)),
                alive(self, self._failed),
            )

    def load_more(self) -> None:
        if self.loading or self.next_after is None or self.project_id is None:
            return
        self.loading = True
        generation = self._generation
        self.conn.request(
            self.command,
            self._search_request(self.next_after),
            alive(self, lambda r: self._page(r, generation, replace=False)),
            alive(self, self._failed),
        )

    def _search_request(self, after: int | None) -> SearchRequest:
        assert self.project_id is not None and self.search is not None and self.tags is not None
        return SearchRequest(
            project_id=self.project_id,
            query=self.search.text().strip()[:40],
            tags=parse_tags(self.tags.text()),
            scope=self.scope,
            after_id=after,
            limit=self.page_size,
        )

    def _cells(self, r: CustomerRow) -> list[object]:
        cells: list[object] = [r.name, r.phone, intent(r.intent), customer_status(r.status), " ".join(r.tags)]
        if self.owner_column:
            cells.append(r.owner_name)
        cells.append(when(r.next_followup_at))
        return cells

    def _page(self, reply: CustomerPage, generation: int, *, replace: bool) -> None:
        if generation != self._generation:
            return  # an older search's answer
        self.loading = False
        self.message.clear()
        if replace:
            self.rows = list(reply.rows)
            self.table.blockSignals(True)
            fill(self.table, [self._cells(r) for r in reply.rows], [r.id for r in reply.rows])
            self.table.blockSignals(False)
            self._reselect()
        else:
            self.rows.extend(reply.rows)
            append(self.table, [self._cells(r) for r in reply.rows], [r.id for r in reply.rows])
        self.next_after = reply.next_after
        self.more_button.setVisible(reply.next_after is not None)
        self._count()
        self.loaded.emit()

    def _fixed(self, reply: CustomerRows, generation: int) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.rows = list(reply.rows)
        self.next_after = None
        self.table.blockSignals(True)
        fill(self.table, [self._cells(r) for r in reply.rows], [r.id for r in reply.rows])
        self.table.blockSignals(False)
        self._reselect()
        self._count()
        self.loaded.emit()

    def _reselect(self) -> None:
        if self._keep is not None:
            self.table.blockSignals(True)
            select_key(self.table, self._keep)
            self.table.blockSignals(False)

    def _count(self) -> None:
        more = self.tr(", more below") if self.next_after is not None else ""
        self.count.setText(self.tr("{n} customers shown{more}").format(n=len(self.rows), more=more))

    def _scrolled(self, value: int) -> None:
        # Infinite scroll: the end of the list asks for the next page (the button does the same by keyboard).
        if value >= self.table.verticalScrollBar().maximum() and self.next_after is not None:
            self.load_more()

    def _selection(self) -> None:
        key = self.current()
        if key is not None:
            self.selected.emit(key)

    def _failed(self, error: ErrorBody) -> None:
        self.loading = False
        show_error(self.message, error)
