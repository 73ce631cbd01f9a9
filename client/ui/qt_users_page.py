"""用户管理: the list of users, and creating, editing, disabling and resetting the password of one."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

import msgspec
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from client.ui.labels import role_label
from client.ui.qt_admin_common import (
    QtMessageLabel,
    QtRequestDialog,
    action_button,
    alive,
    cell,
    local_time,
    make_table,
    server_message,
)
from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.auth import (
    CreateUserRequest,
    ResetPasswordRequest,
    SetUserActiveRequest,
    UpdateUserRequest,
    UserInfo,
    UserList,
)

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{2,40}$")
ROLE_ORDER = (Role.CONSULTANT, Role.SALES_MANAGER, Role.FRONT_DESK, Role.FINANCE, Role.ADMIN)
DISABLED_TEXT = QColor("#9E9E9E")


def _password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


class QtUserDialog(QtRequestDialog):
    """新建用户 (user is None) or 编辑 an existing one; the server checks the password policy and name clashes."""

    def __init__(self, conn: QtConnection, user: UserInfo | None = None, parent: QWidget | None = None) -> None:
        creating = user is None
        super().__init__(
            conn,
            self.tr("New user") if creating else self.tr("Edit user"),
            self.tr("Create") if creating else self.tr("Save"),
            parent,
        )
        self.user = user
        self.username_edit = QLineEdit(self)
        self.username_edit.setMaxLength(40)
        self.username_edit.setPlaceholderText(self.tr("Letters, digits, . _ -"))
        self.display_name_edit = QLineEdit(self)
        self.display_name_edit.setMaxLength(60)
        self.role_combo = QComboBox(self)
        for role in ROLE_ORDER:
            self.role_combo.addItem(role_label(role), role.value)
        self.password_edit = _password_edit(self)
        self.form.addRow(self.tr("&User name"), self.username_edit)
        self.form.addRow(self.tr("&Display name"), self.display_name_edit)
        self.form.addRow(self.tr("&Role"), self.role_combo)
        if user is None:
            self.form.addRow(self.tr("Initial &password"), self.password_edit)
            hint = QLabel(
                self.tr("At least 8 characters with letters and digits. The user must change it at first sign-in."),
                self,
            )
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #5F6368;")
            self.form.addRow("", hint)
        else:
            self.username_edit.setText(user.username)
            self.username_edit.setReadOnly(True)
            self.display_name_edit.setText(user.display_name)
            self.role_combo.setCurrentIndex(self.role_combo.findData(user.role.value))
            self.password_edit.hide()
            note = QLabel(self.tr("Changing the role signs the user out everywhere."), self)
            note.setStyleSheet("color: #5F6368;")
            self.form.addRow("", note)
        (self.username_edit if creating else self.display_name_edit).setFocus()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        username = self.username_edit.text().strip()
        display_name = self.display_name_edit.text().strip()
        role = Role(self.role_combo.currentData())
        if not display_name:
            self.error_label.show_error(self.tr("Enter a display name."))
            return None
        if self.user is not None:
            return "users.update", UpdateUserRequest(user_id=self.user.id, display_name=display_name, role=role)
        if not USERNAME_RE.match(username):
            self.error_label.show_error(
                self.tr("The user name needs 2 to 40 letters, digits, dots, underscores or hyphens.")
            )
            return None
        if not self.password_edit.text():
            self.error_label.show_error(self.tr("Enter an initial password."))
            return None
        return "users.create", CreateUserRequest(
            username=username, display_name=display_name, role=role, password=self.password_edit.text()
        )


class QtResetPasswordDialog(QtRequestDialog):
    """重置密码: a new password the user must change at the next sign-in."""

    def __init__(self, conn: QtConnection, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("Reset password"), self.tr("Reset password"), parent)
        self.user = user
        self.password_edit = _password_edit(self)
        self.confirm_edit = _password_edit(self)
        who = QLabel(self.tr("User: {name} ({username})").format(name=user.display_name, username=user.username))
        self.form.addRow(who)
        self.form.addRow(self.tr("&New password"), self.password_edit)
        self.form.addRow(self.tr("&Confirm"), self.confirm_edit)
        note = QLabel(self.tr("The user is signed out and must choose a new password at the next sign-in."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5F6368;")
        self.form.addRow("", note)
        self.password_edit.setFocus()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        if not self.password_edit.text():
            self.error_label.show_error(self.tr("Enter the new password."))
            return None
        if self.password_edit.text() != self.confirm_edit.text():
            self.error_label.show_error(self.tr("The two passwords do not match."))
            return None
        return "users.reset_password", ResetPasswordRequest(
            user_id=self.user.id, new_password=self.password_edit.text()
        )


class QtUsersPage(QWidget):
    """The administrator's list of everyone who can sign in; every change goes through the server."""

    COLUMNS = 6

    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.users: list[UserInfo] = []
        self.dialog: QtRequestDialog | None = None
        self._loading = False
        self._reload = False
        self._select_after_load: int | None = None

        self.new_action = self._action(self.tr("New user"), QKeySequence.StandardKey.New, self.new_user)
        self.edit_action = self._action(self.tr("Edit"), QKeySequence(Qt.Key.Key_F2), self.edit_user)
        self.toggle_action = self._action(self.tr("Disable"), QKeySequence.StandardKey.Delete, self.toggle_active)
        self.reset_action = self._action(self.tr("Reset password"), QKeySequence("Ctrl+R"), self.reset_password)
        self.refresh_action = self._action(self.tr("Refresh"), QKeySequence.StandardKey.Refresh, self.refresh)

        toolbar = QHBoxLayout()
        for action in (self.new_action, self.edit_action, self.toggle_action, self.reset_action):
            toolbar.addWidget(action_button(action, self))
        toolbar.addStretch(1)
        toolbar.addWidget(action_button(self.refresh_action, self))
        self.message = QtMessageLabel(self)
        self.table = make_table(
            [
                self.tr("User name"),
                self.tr("Display name"),
                self.tr("Role"),
                self.tr("Status"),
                self.tr("Locked until"),
                self.tr("Must change password"),
            ],
            self,
        )
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.table.doubleClicked.connect(self.edit_user)

        layout = QVBoxLayout(self)
        self.count_label = QLabel(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._update_actions()

    def _action(self, text: str, key: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # Loading -------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        if self._loading:
            self._reload = True  # the answer on its way may predate a change just made
            return
        self._loading = True
        self.conn.request("users.list", None, alive(self, self._loaded), alive(self, self._load_failed))

    def _loaded(self, reply: UserList) -> None:
        self._loading = False
        if self._reload:
            self._reload = False
            self.refresh()
            return
        current = self.selected_user()
        selected = self._select_after_load or (current.id if current else None)
        self._select_after_load = None
        self.users = reply.users
        self.table.setRowCount(len(self.users))
        now = datetime.now(UTC)
        for row, user in enumerate(self.users):
            locked = user.locked_until if user.locked_until and user.locked_until > now else None
            items = [
                cell(user.username, user.id),
                cell(user.display_name),
                cell(role_label(user.role)),
                cell(self.tr("Active") if user.active else self.tr("Disabled")),
                cell(local_time(locked)),
                cell(self.tr("Yes") if user.must_change_password else ""),
            ]
            for col, item in enumerate(items):
                if not user.active:
                    item.setForeground(QBrush(DISABLED_TEXT))
                self.table.setItem(row, col, item)
            if user.id == selected:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        for col in range(self.COLUMNS - 1):
            width = self.table.columnWidth(col)
            self.table.setColumnWidth(col, max(width + 24, 110))
        self.table.horizontalHeader().setSectionResizeMode(self.COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        active = sum(1 for u in self.users if u.active)
        self.count_label.setText(self.tr("{count} users, {active} active").format(count=len(self.users), active=active))
        self._update_actions()

    def _load_failed(self, error: ErrorBody) -> None:
        self._loading = self._reload = False
        self.message.show_error(server_message(error))

    # Selection -----------------------------------------------------------------------------------
    def selected_user(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.users):
            return None
        return self.users[rows[0].row()]

    def select_user(self, username: str) -> None:
        for row, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(row)
                return

    def _is_me(self, user: UserInfo) -> bool:
        me = self.conn.login_reply
        return me is not None and me.user.id == user.id

    def _update_actions(self) -> None:
        user = self.selected_user()
        for action in (self.edit_action, self.toggle_action, self.reset_action):
            action.setEnabled(user is not None)
        if user is not None and not user.active:
            self.toggle_action.setText(self.tr("Enable"))
            self.toggle_action.setShortcut(QKeySequence("Ctrl+E"))
        else:
            self.toggle_action.setText(self.tr("Disable"))
            self.toggle_action.setShortcut(QKeySequence.StandardKey.Delete)
        if user is not None and user.active and self._is_me(user):
            self.toggle_action.setEnabled(False)  # signing oneself out for good is never what was meant

    # Actions -------------------------------------------------------------------------------------
    def new_user(self) -> None:
        self._open(QtUserDialog(self.conn, None, self))

    def edit_user(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._open(QtUserDialog(self.conn, user, self))

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._open(QtResetPasswordDialog(self.conn, user, self))

    def _open(self, dialog: QtRequestDialog) -> None:
        self.message.clear_message()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._dialog_done(dialog))
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def _dialog_done(self, dialog: QtRequestDialog) -> None:
        if isinstance(dialog, QtResetPasswordDialog):
            self.message.show_info(
                self.tr("The password of {name} was reset; they must change it at the next sign-in.").format(
                    name=dialog.user.display_name
                )
            )
        elif isinstance(dialog, QtUserDialog) and isinstance(dialog.reply, UserInfo):
            self._select_after_load = dialog.reply.id
            verb = self.tr("Created user {name}.") if dialog.user is None else self.tr("Saved user {name}.")
            self.message.show_info(verb.format(name=dialog.reply.display_name))
        self.refresh()

    def confirm_disable(self, user: UserInfo) -> bool:
        """Asks before a user is signed out and locked out; tests replace this."""
        answer = QMessageBox.question(
            self,
            self.tr("Disable user"),
            self.tr(
                "Disable {name} ({username})? They are signed out at once and cannot sign in until enabled again."
            ).format(name=user.display_name, username=user.username),
        )
        return answer == QMessageBox.StandardButton.Yes

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None or not self.toggle_action.isEnabled():
            return
        if user.active and not self.confirm_disable(user):
            return
        self.message.clear_message()
        self.toggle_action.setEnabled(False)
        self.conn.request(
            "users.set_active",
            SetUserActiveRequest(user_id=user.id, active=not user.active),
            alive(self, self._toggled),
            alive(self, self._action_failed),
        )

    def _toggled(self, user: UserInfo) -> None:
        text = self.tr("Enabled {name}.") if user.active else self.tr("Disabled {name}.")
        self.message.show_info(text.format(name=user.display_name))
        self._select_after_load = user.id
        self.refresh()

    def _action_failed(self, error: ErrorBody) -> None:
        self.message.show_error(server_message(error))
        self._update_actions()
