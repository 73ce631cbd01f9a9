"""The sign-in dialog: it opens the QtConnection for the chosen server and signs in without blocking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.net.pairing import Pairing, PairingError
from client.ui.labels import error_text
from client.ui.qt_connection import QtConnection
from client.ui.style import ERROR_TEXT
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.auth import LoginReply, LoginRequest


class QtLoginDialog(QDialog):
    """Accepted once signed in: then `connection` carries the session and `login_reply` the user."""

    def __init__(
        self,
        pairing_path: Path,
        *,
        host: str | None = None,
        username: str = "",
        password: str = "",
        auto_submit: bool = False,
        attempt_ms: int = 3000,
        give_up_ms: int = 15_000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.connection: QtConnection | None = None
        self.login_reply: LoginReply | None = None
        self._timeouts = (attempt_ms, give_up_ms)
        self._file_host = ""
        self.setWindowTitle(self.tr("Sign in — Showroom"))
        self._build()
        self.pairing_edit.setText(str(pairing_path))
        self._read_pairing_host()
        if host:
            self.server_edit.setText(host)
        self.user_edit.setText(username)
        self.password_edit.setText(password)
        (self.password_edit if username else self.user_edit).setFocus()
        if auto_submit and username and password:
            QTimer.singleShot(0, self.submit)

    def _build(self) -> None:
        heading = QLabel(self.tr("Showroom Sales Office"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() + 6)
        font.setBold(True)
        heading.setFont(font)
        subtitle = QLabel(self.tr("Sign in with your Showroom account."), self)
        self.user_edit = QLineEdit(self)
        self.user_edit.setMaxLength(40)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(200)
        self.server_edit = QLineEdit(self)
        self.server_edit.setPlaceholderText(self.tr("Host name or IP address"))
        self.pairing_edit = QLineEdit(self)
        self.pairing_edit.editingFinished.connect(self._read_pairing_host)
        self.browse_button = QPushButton(self.tr("&Browse…"), self)
        self.browse_button.clicked.connect(self._browse)
        pairing_row = QHBoxLayout()
        pairing_row.addWidget(self.pairing_edit, 1)
        pairing_row.addWidget(self.browse_button)
        self.server_heading = QLabel(self.tr("Server"), self)
        bold = self.server_heading.font()
        bold.setBold(True)
        self.server_heading.setFont(bold)
        self.server_heading.setContentsMargins(0, 10, 0, 0)
        # One form for both sections, so every field starts at the same x.
        form = QFormLayout()
        form.addRow(self._buddy(self.tr("&User name"), self.user_edit), self.user_edit)
        form.addRow(self._buddy(self.tr("&Password"), self.password_edit), self.password_edit)
        form.addRow(self.server_heading)
        form.addRow(self._buddy(self.tr("Server &address"), self.server_edit), self.server_edit)
        form.addRow(self._buddy(self.tr("Pairing &file"), self.pairing_edit), pairing_row)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.login_button = self.buttons.addButton(self.tr("Sign &in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        for first, second in (
            (self.user_edit, self.password_edit),
            (self.password_edit, self.server_edit),
            (self.server_edit, self.pairing_edit),
            (self.pairing_edit, self.browse_button),
            (self.browse_button, self.login_button),
            (self.login_button, self.cancel_button),
        ):
            QWidget.setTabOrder(first, second)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def _read_pairing_host(self) -> None:
        """Fills the server address from the pairing file unless the user typed another one."""
        try:
            pairing = Pairing.load(Path(self.pairing_edit.text().strip()))
        except PairingError:
            self.server_heading.setText(self.tr("Server"))
            return
        self.server_heading.setText(self.tr("Server: {name}").format(name=pairing.server_name))
        if self.server_edit.text().strip() in ("", self._file_host):
            self.server_edit.setText(pairing.host)
        self._file_host = pairing.host

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the pairing file"),
            self.pairing_edit.text(),
            self.tr("Pairing files (*.json);;All files (*)"),
        )
        if path:
            self.pairing_edit.setText(path)
            self._read_pairing_host()

    def _pairing(self) -> Pairing | None:
        path = Path(self.pairing_edit.text().strip())
        try:
            pairing = Pairing.load(path)
        except PairingError:
            self._show_error(
                self.tr(
                    "Cannot read the pairing file {path}. Ask the administrator for the server's pairing.json."
                ).format(path=path)
            )
            return None
        host = self.server_edit.text().strip()
        return pairing.with_host(host) if host and host != pairing.host else pairing

    def submit(self) -> None:
        """Validates, then sends auth.login; the answer arrives in `_signed_in` or `_failed`."""
        username, password = self.user_edit.text().strip(), self.password_edit.text()
        if not username or not password:
            self._show_error(self.tr("Enter your user name and password."))
            (self.user_edit if not username else self.password_edit).setFocus()
            return
        pairing = self._pairing()
        if pairing is None:
            return
        conn = self._connection_for(pairing)
        self._set_busy(True)
        conn.request("auth.login", LoginRequest(username=username, password=password), self._signed_in, self._failed)

    def _connection_for(self, pairing: Pairing) -> QtConnection:
        if self.connection is not None and self.connection.net.pairing != pairing:
            self.connection.close()
            self.connection = None
        if self.connection is None:
            attempt_ms, give_up_ms = self._timeouts
            self.connection = QtConnection(pairing, attempt_ms=attempt_ms, give_up_ms=give_up_ms)
            self.connection.state_changed.connect(self._on_state)
        return self.connection

    def _on_state(self, state: str) -> None:
        if state == "reconnecting" and not self.login_button.isEnabled():
            self.message.setStyleSheet("")
            self.message.setText(self.tr("The server does not answer yet; still trying…"))

    def _signed_in(self, reply: LoginReply) -> None:
        assert self.connection is not None
        self.connection.state_changed.disconnect(self._on_state)
        self.connection.set_session(reply)
        self.login_reply = reply
        self._set_busy(False)
        self.accept()

    def _failed(self, error: ErrorBody) -> None:
        self._set_busy(False)
        self._show_error(error_text(error))
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def _set_busy(self, busy: bool) -> None:
        for widget in (
            self.user_edit,
            self.password_edit,
            self.server_edit,
            self.pairing_edit,
            self.browse_button,
            self.login_button,
        ):
            widget.setEnabled(not busy)
        if busy:
            self.message.setStyleSheet("")
            self.message.setText(self.tr("Signing in…"))

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet(f"color: {ERROR_TEXT};")
        self.message.setText(text)

    def take_connection(self) -> QtConnection:
        """Hands the signed-in connection to its next owner; the dialog will no longer close it."""
        conn = self.connection
        assert conn is not None and self.login_reply is not None
        self.connection = None
        return conn

    def reject(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        super().reject()
