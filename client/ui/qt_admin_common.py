"""Pieces the administration pages share: an inline message line, a dialog that sends one command, tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import msgspec
import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.ui.qt_connection import QtConnection
from client.ui.style import ERROR_TEXT
from shared.protocol.errors import ErrorBody

T = TypeVar("T")
INFO_TEXT = "#2E7D32"


def alive(owner: QObject, fn: Callable[[T], None]) -> Callable[[T], None]:
    """A reply callback that does nothing once `owner` is gone (the page closed before the answer came)."""

    def call(arg: T) -> None:
        if shiboken6.isValid(owner):
            fn(arg)

    return call


def server_message(error: ErrorBody) -> str:
    """The server's Chinese sentence, then each detail on a line of its own (e.g. the password rules)."""
    lines = [error.message]
    for d in error.details:
        where = f"第 {d.row} 行 " if d.row is not None else ""
        lines.append(f"• {where}{d.message}")
    return "\n".join(lines)


def local_time(at: datetime | None, *, seconds: bool = False) -> str:
    """An aware timestamp in this computer's time zone, e.g. 2025-03-18 14:05."""
    if at is None:
        return ""
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


class QtMessageLabel(QLabel):
    """One line under a toolbar or form: red for errors, green for confirmations, hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, ERROR_TEXT)

    def show_info(self, text: str) -> None:
        self._show(text, INFO_TEXT)

    def clear_message(self) -> None:
        self.clear()
        self.hide()

    def is_error(self) -> bool:
        return not self.isHidden() and self.palette().color(QPalette.ColorRole.WindowText) == QColor(ERROR_TEXT)

    def _show(self, text: str, color: str) -> None:
        # The palette rather than a style sheet, so a page may still style the label's font.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
        self.setPalette(palette)
        self.setText(text)
        self.show()


class QtRequestDialog(QDialog):
    """A form whose OK sends one command: it stays open on a server error (shown inline) and accepts on success.

    Subclasses add rows to `self.form` and implement `build_request`, which returns None after showing a
    local error (the request is then not sent).
    """

    def __init__(self, conn: QtConnection, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.reply: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error_label = QtMessageLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton(ok_text, self)
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        raise NotImplementedError

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return  # already waiting for the server
        self.error_label.clear_message()
        request = self.build_request()
        if request is None:
            return
        self.set_busy(True)
        type_, payload = request
        self.conn.request(type_, payload, alive(self, self._succeeded), alive(self, self._failed))

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _succeeded(self, reply: object) -> None:
        self.set_busy(False)
        self.reply = reply
        self.accept()

    def _failed(self, error: ErrorBody) -> None:
        self.set_busy(False)
        self.error_label.show_error(server_message(error))


def make_table(headers: list[str], parent: QWidget | None = None) -> QTableWidget:
    """A read-only, row-selecting table that the keyboard can walk."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    return table


def action_button(action: QAction, parent: QWidget | None = None) -> QPushButton:
    """A push button that follows its action's text, enabled state and shortcut (shown in the tooltip)."""
    button = QPushButton(parent)
    button.clicked.connect(action.trigger)

    def sync() -> None:
        button.setText(action.text())
        button.setEnabled(action.isEnabled())
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{action.text()} ({keys})" if keys else action.text())

    action.changed.connect(sync)
    sync()
    return button


def cell(text: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item
