"""The users and audit pages and the change-password dialog, against a real server, driven like a user would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from client.i18n import I18N_DIR
from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from client.ui.qt_audit_page import QtAuditPage
from client.ui.qt_change_password import QtChangePasswordDialog
from client.ui.qt_connection import QtConnection
from client.ui.qt_users_page import QtResetPasswordDialog, QtUserDialog, QtUsersPage
from shared.domain import Role
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.auth import CreateUserRequest, SetUserActiveRequest, UserInfo
from shared.protocol.messages.catalog import CreateProjectRequest
from tests.conftest import PASSWORD

ADMIN_NAME = "wanglei"


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    """The admin pages' Chinese catalog, installed before any widget is built."""
    translator = QTranslator()
    assert translator.load(str(Path(I18N_DIR) / "admin_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def admin(login: Callable[..., SyncClient]) -> SyncClient:
    return login(Role.ADMIN, ADMIN_NAME)


@pytest.fixture
def conn(pairing: Pairing, admin: SyncClient, qtbot: QtBot) -> Iterator[QtConnection]:
    """A GUI connection signed in as the admin (the SyncClient's token works on any connection)."""
    connection = QtConnection(pairing)
    connection.set_session(admin.login_reply)
    yield connection
    connection.close()


def ime_type(widget: QWidget, text: str) -> None:
    """Types Chinese the way an input method does (QTest's key clicks only know ASCII)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _users(admin: SyncClient) -> dict[str, UserInfo]:
    return {u.username: u for u in admin.call("users.list").users}


def _column(page: QtUsersPage | QtAuditPage, col: int) -> list[str]:
    table = page.table
    return [table.item(r, col).text() for r in range(table.rowCount())]


def _show_users(qtbot: QtBot, conn: QtConnection, count: int) -> QtUsersPage:
    page = QtUsersPage(conn)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.table.rowCount() == count)
    return page


def test_users_page_lists_every_user(qtbot: QtBot, zh: None, conn: QtConnection, make_user: Callable[..., str]) -> None:
    make_user(Role.SALES_MANAGER, "chenjing", "陈静")
    make_user(Role.CONSULTANT, "lina", "李娜")
    page = _show_users(qtbot, conn, 3)
    assert _column(page, 0) == [ADMIN_NAME, "chenjing", "lina"]
    assert _column(page, 1)[1:] == ["陈静", "李娜"]
    assert set(_column(page, 3)) == {"启用"}
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.selected_user() is not None


def test_create_user_through_the_dialog(qtbot: QtBot, zh: None, conn: QtConnection, admin: SyncClient) -> None:
    page = _show_users(qtbot, conn, 1)
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, QtUserDialog)
    qtbot.keyClicks(dialog.username_edit, "zhangmin")
    ime_type(dialog.display_name_edit, "张敏")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.FRONT_DESK.value))
    qtbot.keyClicks(dialog.password_edit, "Qiantai2025")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "zhangmin" in _column(page, 0))
    assert "已新建用户 张敏" in page.message.text()
    created = _users(admin)["zhangmin"]
    assert (created.display_name, created.role, created.must_change_password) == ("张敏", Role.FRONT_DESK, True)
    assert page.selected_user() is not None and page.selected_user().username == "zhangmin"


def test_weak_password_is_shown_in_the_dialog(qtbot: QtBot, zh: None, conn: QtConnection, admin: SyncClient) -> None:
    page = _show_users(qtbot, conn, 1)
    page.new_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, QtUserDialog)
    qtbot.keyClicks(dialog.username_edit, "liuyang")
    ime_type(dialog.display_name_edit, "刘洋")
    qtbot.keyClicks(dialog.password_edit, "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error_label.isVisible)
    assert "密码不符合要求" in dialog.error_label.text()
    assert "至少 8 个字符" in dialog.error_label.text()
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert "liuyang" not in _users(admin)


def test_local_checks_send_nothing(qtbot: QtBot, zh: None, conn: QtConnection) -> None:
    page = _show_users(qtbot, conn, 1)
    page.new_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, QtUserDialog)
    ime_type(dialog.username_edit, "王 磊")
    ime_type(dialog.display_name_edit, "王磊")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "用户名须为" in dialog.error_label.text()
    assert dialog.ok_button.isEnabled()  # no request went out


def test_disable_a_user(
    qtbot: QtBot, zh: None, conn: QtConnection, admin: SyncClient, make_user: Callable[..., str]
) -> None:
    make_user(Role.CONSULTANT, "lina", "李娜")
    page = _show_users(qtbot, conn, 2)
    page.confirm_disable = lambda user: True  # type: ignore[method-assign]
    page.select_user("lina")
    assert page.toggle_action.text() == "停用"
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: _column(page, 3)[1] == "停用")
    assert not _users(admin)["lina"].active
    assert page.toggle_action.text() == "启用"
    page.toggle_action.trigger()
    qtbot.waitUntil(lambda: _column(page, 3)[1] == "启用")
    assert _users(admin)["lina"].active


def test_one_cannot_disable_oneself(qtbot: QtBot, zh: None, conn: QtConnection) -> None:
    page = _show_users(qtbot, conn, 1)
    page.select_user(ADMIN_NAME)
    assert not page.toggle_action.isEnabled()
    assert page.edit_action.isEnabled()


def test_the_last_admin_keeps_the_role(qtbot: QtBot, zh: None, conn: QtConnection, admin: SyncClient) -> None:
    page = _show_users(qtbot, conn, 1)
    page.select_user(ADMIN_NAME)
    page.edit_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, QtUserDialog)
    assert dialog.username_edit.isReadOnly()
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.CONSULTANT.value))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error_label.isVisible)
    assert "至少需要保留一名启用的系统管理员" in dialog.error_label.text()
    assert _users(admin)[ADMIN_NAME].role is Role.ADMIN


def test_reset_password(
    qtbot: QtBot, zh: None, conn: QtConnection, pairing: Pairing, make_user: Callable[..., str]
) -> None:
    make_user(Role.FINANCE, "liuyang", "刘洋")
    page = _show_users(qtbot, conn, 2)
    page.select_user("liuyang")
    page.reset_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, QtResetPasswordDialog)
    qtbot.keyClicks(dialog.password_edit, "Caiwu2025x")
    qtbot.keyClicks(dialog.confirm_edit, "Caiwu2025y")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "两次输入的密码不一致。"
    dialog.confirm_edit.clear()
    qtbot.keyClicks(dialog.confirm_edit, "Caiwu2025x")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已重置 刘洋 的密码" in page.message.text())
    with SyncClient(pairing) as client:
        assert client.login("liuyang", "Caiwu2025x").user.must_change_password


def test_audit_page_shows_changes_and_filters_by_command(
    qtbot: QtBot, zh: None, conn: QtConnection, admin: SyncClient
) -> None:
    chen = admin.call(
        "users.create",
        CreateUserRequest(username="chenjing", display_name="陈静", role=Role.SALES_MANAGER, password="Jingli2025"),
    )
    admin.call("users.set_active", SetUserActiveRequest(user_id=chen.id, active=False))
    admin.call("users.set_active", SetUserActiveRequest(user_id=chen.id, active=True))
    page = QtAuditPage(conn)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.table.rowCount() >= 4)
    commands = _column(page, 3)
    assert {"auth.login", "users.create", "users.set_active"} <= set(commands)
    assert page.table.editTriggers() == page.table.EditTrigger.NoEditTriggers

    page.table.selectRow(commands.index("users.create"))
    after = page.after_pane.text.toPlainText()
    assert '"display_name": "陈静"' in after  # Chinese stays Chinese (ensure_ascii=False)
    assert page.before_pane.text.toPlainText() == ""

    line = page.command_combo.lineEdit()
    assert line is not None
    line.clear()
    qtbot.keyClicks(line, "users.set_active")
    qtbot.mouseClick(page.query_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    assert set(_column(page, 3)) == {"users.set_active"}
    assert _column(page, 1) == [ADMIN_NAME, ADMIN_NAME]
    assert _column(page, 4) == [f"user #{chen.id}"] * 2
    # The newest first: enabling again, whose before/after differ in "active" only.
    assert '"active": true' in page.after_pane.text.toPlainText()
    assert '"active": false' in page.before_pane.text.toPlainText()


def test_audit_page_loads_older_pages(qtbot: QtBot, zh: None, conn: QtConnection, admin: SyncClient) -> None:
    for n in range(5):
        admin.call("projects.create", CreateProjectRequest(name=f"楼盘{n}"))
    page = QtAuditPage(conn)
    qtbot.addWidget(page)
    page.page_size = 2
    page.show()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    assert page.more_button.isEnabled()
    seen = 2
    while page.more_button.isEnabled():
        qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
        seen = min(seen + 2, 6)
        qtbot.waitUntil(lambda n=seen: page.table.rowCount() == n)  # type: ignore[misc]
    ids = [row.id for row in page.rows]
    assert len(ids) == len(set(ids)) == 6  # 5 projects + the admin's sign-in
    assert ids == sorted(ids, reverse=True)


def _password_dialog(qtbot: QtBot, conn: QtConnection, old: str, new: str, confirm: str) -> QtChangePasswordDialog:
    dialog = QtChangePasswordDialog(conn)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.old_edit, old)
    qtbot.keyClicks(dialog.new_edit, new)
    qtbot.keyClicks(dialog.confirm_edit, confirm)
    return dialog


def test_change_password_succeeds(qtbot: QtBot, zh: None, conn: QtConnection, pairing: Pairing) -> None:
    dialog = _password_dialog(qtbot, conn, PASSWORD, "Xinmima2025", "Xinmima2025")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with SyncClient(pairing) as client:
        assert not client.login(ADMIN_NAME, "Xinmima2025").user.must_change_password
        with pytest.raises(RemoteError) as err:
            client.login(ADMIN_NAME, PASSWORD)
    assert err.value.code is ErrorCode.INVALID_CREDENTIALS


@pytest.mark.parametrize(
    ("old", "new", "confirm", "shown"),
    [
        ("Wrong-0ld-pass", "Xinmima2025", "Xinmima2025", "原密码错误"),
        (PASSWORD, "12345678", "12345678", "须同时包含字母和数字"),
        (PASSWORD, "Xinmima2025", "Xinmima2026", "两次输入的新密码不一致"),
    ],
)
def test_change_password_failures_stay_in_the_dialog(
    qtbot: QtBot, zh: None, conn: QtConnection, old: str, new: str, confirm: str, shown: str
) -> None:
    dialog = _password_dialog(qtbot, conn, old, new, confirm)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown in dialog.error_label.text())
    assert dialog.isVisible()
    assert dialog.result() == 0
