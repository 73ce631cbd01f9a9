"""修改密码: the signed-in user changes their own password (also what a reset password forces at sign-in)."""

from __future__ import annotations

import msgspec
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from client.ui.qt_admin_common import QtRequestDialog
from client.ui.qt_connection import QtConnection
from shared.protocol.messages.auth import ChangePasswordRequest


class QtChangePasswordDialog(QtRequestDialog):
    """Checks locally that the two new passwords match; the server checks the old one and the policy."""

    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("Change password"), self.tr("Change password"), parent)
        self.old_edit = self._password()
        self.new_edit = self._password()
        self.confirm_edit = self._password()
        user = conn.login_reply.user if conn.login_reply else None
        if user is not None:
            self.form.addRow(
                QLabel(
                    self.tr("User: {name} ({username})").format(name=user.display_name, username=user.username), self
                )
            )
            if user.must_change_password:
                notice = QLabel(self.tr("Your password was set by an administrator: choose your own now."), self)
                notice.setWordWrap(True)
                self.form.addRow(notice)
        self.form.addRow(self.tr("&Current password"), self.old_edit)
        self.form.addRow(self.tr("&New password"), self.new_edit)
        self.form.addRow(self.tr("Con&firm new password"), self.confirm_edit)
        hint = QLabel(self.tr("At least 8 characters with letters and digits, not containing your user name."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5F6368;")
        self.form.addRow("", hint)
        self.old_edit.setFocus()

    def _password(self) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(200)
        return edit

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        old, new = self.old_edit.text(), self.new_edit.text()
        if not old:
            self.error_label.show_error(self.tr("Enter your current password."))
            self.old_edit.setFocus()
            return None
        if not new:
            self.error_label.show_error(self.tr("Enter a new password."))
            self.new_edit.setFocus()
            return None
        if new != self.confirm_edit.text():
            self.error_label.show_error(self.tr("The new password and its confirmation do not match."))
            self.confirm_edit.selectAll()
            self.confirm_edit.setFocus()
            return None
        return "auth.change_password", ChangePasswordRequest(old_password=old, new_password=new)

    def _succeeded(self, reply: object) -> None:
        if self.conn.login_reply is not None:
            self.conn.login_reply.user.must_change_password = False
        super()._succeeded(reply)
