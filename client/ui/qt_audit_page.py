"""审计日志: browse and filter the audit trail, page by page, with each entry's before/after side by side.

Read-only by design: the protocol has no command that changes the trail, and this page offers none.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import msgspec
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from client.ui.labels import role_label
from client.ui.qt_admin_common import QtMessageLabel, alive, cell, local_time, make_table, server_message
from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.audit import AuditPage, AuditQuery, AuditRow
from shared.protocol.registry import COMMANDS

BEFORE_COLOR = QColor("#FDE2E1")
AFTER_COLOR = QColor("#DDF3DE")
TARGET_TYPES = ("user", "project", "unit")
_TOP_KEY = re.compile(r'^  ("(?:[^"\\]|\\.)*"): ')
_MISSING = object()


def pretty_json(data: dict[str, Any] | None) -> str:
    """Indented, keys sorted, Chinese kept as Chinese."""
    if data is None:
        return ""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def changed_keys(before: dict[str, Any] | None, after: dict[str, Any] | None) -> set[str]:
    b, a = before or {}, after or {}
    return {k for k in b.keys() | a.keys() if b.get(k, _MISSING) != a.get(k, _MISSING)}


def key_line_spans(text: str) -> dict[str, tuple[int, int]]:
    """For pretty_json output: top-level key -> (first line, last line) of its value."""
    spans: dict[str, tuple[int, int]] = {}
    lines = text.split("\n")
    current: tuple[str, int] | None = None
    for n, line in enumerate(lines):
        match = _TOP_KEY.match(line)
        if match is None:
            continue
        if current is not None:
            spans[current[0]] = (current[1], n - 1)
        current = (json.loads(match.group(1)), n)
    if current is not None:
        spans[current[0]] = (current[1], len(lines) - 2)  # the last line is the closing brace
    return spans


def _role_text(value: str) -> str:
    try:
        return role_label(Role(value))
    except ValueError:
        return "—" if value == "-" else value  # "-": a sign-in attempt, when nobody was signed in yet


class QtJsonPane(QWidget):
    """A titled read-only JSON view whose changed top-level keys are tinted."""

    def __init__(self, title: str, color: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color = color
        self.title = QLabel(f"<b>{title}</b>", self)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.text)

    def show_data(self, data: dict[str, Any] | None, changed: set[str], empty: str) -> None:
        text = pretty_json(data)
        self.text.setPlainText(text)
        self.text.setPlaceholderText(empty)
        selections = []
        document = self.text.document()
        for key, (first, last) in key_line_spans(text).items():
            if key not in changed:
                continue
            for n in range(first, last + 1):
                fmt = QTextCharFormat()
                fmt.setBackground(self.color)
                fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
                selection = QTextEdit.ExtraSelection()
                selection.cursor = QTextCursor(document.findBlockByLineNumber(n))
                selection.format = fmt
                selections.append(selection)
        self.text.setExtraSelections(selections)


class QtAuditPage(QWidget):
    """Filters on top, entries in the middle, the selected entry's before/after below."""

    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.page_size = 100
        self.rows: list[AuditRow] = []
        self.next_before_id: int | None = None
        self._query = AuditQuery()
        self._loading = False
        self._shown_once = False

        self.actor_edit = QLineEdit(self)
        self.actor_edit.setPlaceholderText(self.tr("User name"))
        self.command_combo = self._combo(self._command_choices(), self.tr("e.g. users."))
        self.target_type_combo = self._combo(["", *TARGET_TYPES], self.tr("e.g. unit"))
        self.target_id_edit = QLineEdit(self)
        self.since_check = QCheckBox(self.tr("From"), self)
        self.until_check = QCheckBox(self.tr("To"), self)
        now = QDateTime.currentDateTime()
        self.since_edit = self._datetime(now.addDays(-7), self.since_check)
        self.until_edit = self._datetime(now.addSecs(3600), self.until_check)
        self.query_button = QPushButton(self.tr("Search"), self)
        self.query_button.setDefault(True)
        self.query_button.clicked.connect(self.run_query)
        self.more_button = QPushButton(self.tr("Load more"), self)
        self.more_button.clicked.connect(self.load_more)
        self.more_button.setEnabled(False)
        for edit in (self.actor_edit, self.target_id_edit):
            edit.returnPressed.connect(self.run_query)
        for combo in (self.command_combo, self.target_type_combo):
            line = combo.lineEdit()
            assert line is not None
            line.returnPressed.connect(self.run_query)
        QShortcut(
            QKeySequence.StandardKey.Refresh,
            self,
            self.run_query,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

        filters = QGridLayout()
        for col, (label, widget) in enumerate(
            (
                (self.tr("&Actor"), self.actor_edit),
                (self.tr("&Command"), self.command_combo),
                (self.tr("Target &type"), self.target_type_combo),
                (self.tr("Target &ID"), self.target_id_edit),
            )
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            filters.addWidget(caption, 0, col * 2)
            filters.addWidget(widget, 0, col * 2 + 1)
            filters.setColumnStretch(col * 2 + 1, 1)
        filters.addWidget(self.since_check, 1, 0)
        filters.addWidget(self.since_edit, 1, 1)
        filters.addWidget(self.until_check, 1, 2)
        filters.addWidget(self.until_edit, 1, 3)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.query_button)
        filters.addLayout(buttons, 1, 4, 1, 4)

        self.message = QtMessageLabel(self)
        self.table = make_table(
            [
                self.tr("Time"),
                self.tr("Actor"),
                self.tr("Role"),
                self.tr("Command"),
                self.tr("Target"),
                self.tr("Client address"),
            ],
            self,
        )
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.count_label = QLabel(self)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.more_button)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.before_pane = QtJsonPane(self.tr("Before"), BEFORE_COLOR, self)
        self.after_pane = QtJsonPane(self.tr("After"), AFTER_COLOR, self)
        panes = QSplitter(Qt.Orientation.Horizontal, self)
        panes.addWidget(self.before_pane)
        panes.addWidget(self.after_pane)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.summary)
        detail_layout.addWidget(panes, 1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(footer)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    def _combo(self, items: list[str], placeholder: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.addItems(items)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = combo.lineEdit()
        assert line is not None
        line.setPlaceholderText(placeholder)
        line.setMaxLength(80)
        return combo

    def _datetime(self, value: QDateTime, check: QCheckBox) -> QDateTimeEdit:
        edit = QDateTimeEdit(value, self)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setCalendarPopup(True)
        edit.setEnabled(False)
        check.toggled.connect(edit.setEnabled)
        return edit

    @staticmethod
    def _command_choices() -> list[str]:
        audited = sorted(name for name, spec in COMMANDS.items() if spec.mutating)
        families = sorted({name.split(".")[0] + "." for name in audited})
        return ["", *families, *audited]

    # Querying ------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.run_query()

    def build_query(self) -> AuditQuery:
        def text(value: str) -> str | None:
            return value.strip() or None

        def moment(check: QCheckBox, edit: QDateTimeEdit) -> datetime | None:
            if not check.isChecked():
                return None
            return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch(), UTC)

        return AuditQuery(
            actor=text(self.actor_edit.text()),
            command=text(self.command_combo.currentText()),
            target_type=text(self.target_type_combo.currentText()),
            target_id=text(self.target_id_edit.text()),
            since=moment(self.since_check, self.since_edit),
            until=moment(self.until_check, self.until_edit),
            limit=self.page_size,
        )

    def run_query(self) -> None:
        """查询: a fresh first page with the filters as they are now."""
        self._query = self.build_query()
        self._send(self._query, append=False)

    def load_more(self) -> None:
        """加载更多: the next older page of the same query."""
        if self.next_before_id is not None:
            self._send(msgspec.structs.replace(self._query, before_id=self.next_before_id), append=True)

    def _send(self, query: AuditQuery, *, append: bool) -> None:
        if self._loading:
            return
        self._loading = True
        self.query_button.setEnabled(False)
        self.more_button.setEnabled(False)
        self.message.clear_message()
        self.conn.request(
            "audit.query", query, alive(self, lambda page: self._loaded(page, append)), alive(self, self._failed)
        )

    def _loaded(self, page: AuditPage, append: bool) -> None:
        self._loading = False
        self.query_button.setEnabled(True)
        if not append:
            self.rows = []
            self.table.setRowCount(0)
        start = len(self.rows)
        self.rows.extend(page.rows)
        self.next_before_id = page.next_before_id
        self.table.setRowCount(len(self.rows))
        for n, row in enumerate(page.rows, start=start):
            target = f"{row.target_type} #{row.target_id}" if row.target_id else row.target_type
            command = cell(row.command, row.id)
            spec = COMMANDS.get(row.command)
            if spec is not None:
                command.setToolTip(spec.summary)
            for col, item in enumerate(
                (
                    cell(local_time(row.at, seconds=True)),
                    cell(row.actor_name),
                    cell(_role_text(row.actor_role)),
                    command,
                    cell(target),
                    cell(row.client_addr),
                )
            ):
                self.table.setItem(n, col, item)
        if not append:
            self.table.resizeColumnsToContents()
            for col in range(self.table.columnCount() - 1):
                self.table.setColumnWidth(col, max(self.table.columnWidth(col) + 24, 100))
            self.table.horizontalHeader().setSectionResizeMode(
                self.table.columnCount() - 1, QHeaderView.ResizeMode.Stretch
            )
            if self.rows:
                self.table.selectRow(0)
            else:
                self._show_selected()
        self.more_button.setEnabled(self.next_before_id is not None)
        more = self.tr(" (older entries remain)") if self.next_before_id is not None else ""
        self.count_label.setText(self.tr("{count} entries shown").format(count=len(self.rows)) + more)

    def _failed(self, error: ErrorBody) -> None:
        self._loading = False
        self.query_button.setEnabled(True)
        self.more_button.setEnabled(self.next_before_id is not None)
        self.message.show_error(server_message(error))

    # Detail --------------------------------------------------------------------------------------
    def selected_row(self) -> AuditRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _show_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.summary.clear()
            self.before_pane.show_data(None, set(), "")
            self.after_pane.show_data(None, set(), "")
            return
        self.summary.setText(
            self.tr("{time}  {actor} ({role}) ran {command} on {target_type} {target_id} from {address}").format(
                time=local_time(row.at, seconds=True),
                actor=row.actor_name,
                role=_role_text(row.actor_role),
                command=row.command,
                target_type=row.target_type,
                target_id=row.target_id,
                address=row.client_addr,
            )
        )
        changed = changed_keys(row.before, row.after)
        self.before_pane.show_data(row.before, changed, self.tr("(nothing before: created)"))
        self.after_pane.show_data(row.after, changed, self.tr("(nothing after)"))
