"""The main window: one tab per workspace the signed-in role may use, the account menu and the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QTabWidget, QWidget

from client.ui.labels import error_text, role_label
from client.ui.qt_board import QtBoardPage
from client.ui.qt_connection import QtConnection
from client.ui.qt_status import QtConnectionIndicator
from shared.domain import Role
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.auth import LoginReply
from shared.protocol.messages.common import Empty

STATUS_MESSAGE_MS = 10_000


class QtMainWindow(QMainWindow):
    """Workspaces as tabs (Ctrl+1…Ctrl+n); closes after 退出登录 with `signed_out` emitted."""

    signed_out = Signal()

    def __init__(self, conn: QtConnection, login_reply: LoginReply, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.login_reply = login_reply
        self.user = login_reply.user
        self.is_signed_out = False
        self.setWindowTitle(
            self.tr("Showroom Sales Office — {name} ({role})").format(
                name=self.user.display_name, role=role_label(self.user.role)
            )
        )
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.board = QtBoardPage(conn, self.user.role, self, user_id=self.user.id)
        self.tabs.addTab(self.board, self.tr("Sales control"))
        if self.user.role is Role.SALES_MANAGER:  # IT may read openings over the protocol; managers run them
            from client.ui.qt_openings_page import QtOpeningsPage

            self.openings = QtOpeningsPage(conn, self.user.role, self)
            self.tabs.addTab(self.openings, self.tr("Openings"))
        from client.ui.crm.workspaces import crm_workspaces  # CRM (issue 4): by role

        for page, title in crm_workspaces(conn, self.user, self):
            self.tabs.addTab(page, title)
        for page, title in self._admin_workspaces():
            self.tabs.addTab(page, title)
        from client.ui.faces.workspaces import faces_workspaces  # Faces (issue 5): by role

        for page, title in faces_workspaces(conn, self.user, self):
            self.tabs.addTab(page, title)
        self._build_menus()
        self.indicator = QtConnectionIndicator(conn, self)
        self.statusBar().addPermanentWidget(self.indicator)
        conn.error_reply.connect(self.show_error)
        self.resize(1280, 800)
        if self.user.must_change_password:
            QTimer.singleShot(0, self.prompt_password_change)

    def _admin_workspaces(self) -> list[tuple[QWidget, str]]:
        """Admins also manage users, read the audit trail and import units (the server enforces it)."""
        if self.user.role != Role.ADMIN:
            return []
        # Imported here: only administrators ever load these pages.
        from client.ui.qt_audit_page import QtAuditPage
        from client.ui.qt_import_page import QtImportPage
        from client.ui.qt_users_page import QtUsersPage

        return [
            (QtUsersPage(self.conn, self), self.tr("Users")),
            (QtAuditPage(self.conn, self), self.tr("Audit log")),
            (QtImportPage(self.conn, self), self.tr("Unit import")),
        ]

    def _build_menus(self) -> None:
        account = self.menuBar().addMenu(self.tr("&Account"))
        self.change_password_action = self._action(
            self.tr("&Change password…"), self.change_password, QKeySequence("Ctrl+Shift+P")
        )
        self.sign_out_action = self._action(self.tr("Sign &out"), self.sign_out, QKeySequence("Ctrl+Shift+Q"))
        account.addAction(self.change_password_action)
        account.addSeparator()
        account.addAction(self.sign_out_action)
        workspaces = self.menuBar().addMenu(self.tr("&Workspaces"))
        self.workspace_actions: list[QAction] = []
        for i in range(self.tabs.count()):
            action = self._action(self.tabs.tabText(i), self._switcher(i), QKeySequence(f"Ctrl+{i + 1}"))
            workspaces.addAction(action)
            self.workspace_actions.append(action)

    def _action(self, text: str, slot: Callable[[], object], shortcut: QKeySequence) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden or unfocused
        return action

    def _switcher(self, index: int) -> Callable[[], None]:
        def switch() -> None:
            self.tabs.setCurrentIndex(index)
            page = self.tabs.currentWidget()
            if page is not None:
                page.setFocus()

        return switch

    def workspace_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def show_error(self, error: ErrorBody) -> None:
        self.statusBar().showMessage(error_text(error), STATUS_MESSAGE_MS)

    def prompt_password_change(self) -> None:
        self.statusBar().showMessage(self.tr("Your password must be changed before you continue."), STATUS_MESSAGE_MS)
        self.change_password()

    def change_password(self) -> None:
        from client.ui.qt_change_password import QtChangePasswordDialog

        dialog = QtChangePasswordDialog(self.conn, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.statusBar().showMessage(self.tr("Password changed."), STATUS_MESSAGE_MS)

    def sign_out(self) -> None:
        """Ends the session on the server, then closes; closes anyway if the server cannot be reached."""
        self.sign_out_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Signing out…"))
        self.conn.request("auth.logout", Empty(), self._signed_out, self._signed_out)

    def _signed_out(self, _reply: object) -> None:
        self.conn.set_session(None)
        self.is_signed_out = True
        self.signed_out.emit()
        self.close()
