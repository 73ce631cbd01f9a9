"""Signing in through the dialog against a real server, and the main window each role gets afterwards."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from client.app import main, remove_app_translators
from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from client.ui.qt_connection import QtConnection
from client.ui.qt_login import QtLoginDialog
from client.ui.qt_main_window import QtMainWindow
from client.ui.qt_status import QtConnectionIndicator
from server.admin import create_user
from server.app import ServerApp
from server.db.models import User
from shared.domain import Role
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.auth import SetUserActiveRequest, UserList
from tests.conftest import PASSWORD
from tests.ui import SIGN_IN_TIMEOUT_MS, GuiClients, net_threads

pytestmark = pytest.mark.usefixtures("zh_cn")


@pytest.fixture
def dead_pairing(server: ServerApp, tmp_path: Path) -> Path:
    """A pairing file for a server that is not there (ports nobody listens on)."""
    ports = []
    for _ in range(2):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            ports.append(s.getsockname()[1])
    doc = json.loads(server.pairing_path.read_text("utf-8"))
    doc["command_endpoint"] = f"tcp://127.0.0.1:{ports[0]}"
    doc["event_endpoint"] = f"tcp://127.0.0.1:{ports[1]}"
    path = tmp_path / "dead-pairing.json"
    path.write_text(json.dumps(doc), "utf-8")
    return path


def submit(qtbot: QtBot, gui: GuiClients, username: str, password: str) -> QtLoginDialog:
    dialog = gui.dialog()
    qtbot.keyClicks(dialog.user_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    return dialog


def test_dialog_prefills_the_server_from_the_pairing_file(gui: GuiClients, pairing: Pairing) -> None:
    dialog = gui.dialog()
    assert dialog.server_edit.text() == pairing.host == "127.0.0.1"
    assert dialog.pairing_edit.text() == str(gui.pairing_path)
    assert dialog.login_button.text() == "登录(&I)"
    assert dialog.user_edit.hasFocus() or not dialog.isActiveWindow()


def test_sign_in_succeeds_and_hands_over_the_session(gui: GuiClients, make_user: Callable[..., str]) -> None:
    name = make_user(Role.CONSULTANT, display_name="李娜")
    conn, reply = gui.sign_in(name)
    assert reply.user.username == name and reply.user.role is Role.CONSULTANT
    assert conn.login_reply is reply and conn.net.token == reply.token
    assert gui.dialogs[0].result() == QDialog.DialogCode.Accepted


def test_wrong_password_is_shown_in_chinese_then_the_right_one_works(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str]
) -> None:
    name = make_user(Role.CONSULTANT)
    dialog = submit(qtbot, gui, name, "not-the-password")
    qtbot.waitUntil(lambda: dialog.message.text() == "用户名或密码错误", timeout=SIGN_IN_TIMEOUT_MS)
    assert dialog.isVisible() and dialog.login_button.isEnabled()
    assert dialog.password_edit.hasSelectedText() or not dialog.isActiveWindow()
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=SIGN_IN_TIMEOUT_MS):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # Enter submits
    assert dialog.login_reply is not None and dialog.login_reply.user.username == name


def test_locked_account_says_for_how_many_minutes(
    qtbot: QtBot, gui: GuiClients, server: ServerApp, make_user: Callable[..., str]
) -> None:
    name = make_user(Role.FRONT_DESK)
    assert server.database is not None
    with server.database.sessions() as db, db.begin():
        db.execute(update(User).where(User.username == name).values(locked_until=utcnow() + timedelta(minutes=15)))
    dialog = submit(qtbot, gui, name, PASSWORD)
    qtbot.waitUntil(lambda: dialog.message.text() == "账号已锁定，请 15 分钟后再试", timeout=SIGN_IN_TIMEOUT_MS)
    assert dialog.login_reply is None


def test_disabled_account_is_refused(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], login: Callable[..., SyncClient]
) -> None:
    name = make_user(Role.FINANCE)
    admin = login(Role.ADMIN)
    users: UserList = admin.call("users.list")
    user_id = next(u.id for u in users.users if u.username == name)
    admin.call("users.set_active", SetUserActiveRequest(user_id=user_id, active=False))
    dialog = submit(qtbot, gui, name, PASSWORD)
    qtbot.waitUntil(lambda: dialog.message.text() == "账号已停用", timeout=SIGN_IN_TIMEOUT_MS)


def test_empty_fields_are_caught_before_anything_is_sent(qtbot: QtBot, gui: GuiClients) -> None:
    dialog = gui.dialog()
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "请输入用户名和密码。"
    assert dialog.connection is None


def test_unreadable_pairing_file_is_explained(qtbot: QtBot, gui: GuiClients, tmp_path: Path) -> None:
    dialog = gui.dialog(pairing_path=tmp_path / "missing.json")
    assert dialog.server_edit.text() == ""
    qtbot.keyClicks(dialog.user_edit, "someone")
    qtbot.keyClicks(dialog.password_edit, "secret")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert "无法读取配对文件" in dialog.message.text()
    assert dialog.connection is None


def test_unreachable_server_times_out_with_a_message(qtbot: QtBot, gui: GuiClients, dead_pairing: Path) -> None:
    dialog = gui.dialog(pairing_path=dead_pairing, attempt_ms=300, give_up_ms=1200)
    qtbot.keyClicks(dialog.user_edit, "someone")
    qtbot.keyClicks(dialog.password_edit, "secret")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert not dialog.login_button.isEnabled()
    qtbot.waitUntil(lambda: "服务器无响应" in dialog.message.text(), timeout=10_000)
    assert dialog.login_button.isEnabled() and dialog.login_reply is None


def test_server_field_overrides_the_pairing_host(qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str]) -> None:
    name = make_user(Role.CONSULTANT)
    dialog = gui.dialog()
    dialog.server_edit.clear()
    qtbot.keyClicks(dialog.server_edit, "localhost")
    qtbot.keyClicks(dialog.user_edit, name)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=SIGN_IN_TIMEOUT_MS):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.connection is not None
    assert dialog.connection.net.pairing.command_endpoint.startswith("tcp://localhost:")


def test_connection_indicator_follows_the_link(qtbot: QtBot, dead_pairing: Path) -> None:
    conn = QtConnection(Pairing.load(dead_pairing), attempt_ms=200, give_up_ms=1000)
    try:
        indicator = QtConnectionIndicator(conn)
        qtbot.addWidget(indicator)
        assert indicator.text.text() == "连接中…"
        qtbot.waitUntil(lambda: indicator.text.text() == "正在重连…", timeout=5000)
    finally:
        conn.close()
    qtbot.waitUntil(lambda: indicator.text.text() == "已断开", timeout=5000)


# --- the main window -------------------------------------------------------------------------------


def window_for(qtbot: QtBot, gui: GuiClients, username: str) -> QtMainWindow:
    conn, reply = gui.sign_in(username)
    window = QtMainWindow(conn, reply)
    qtbot.addWidget(window)
    window.show()
    return window


def test_consultant_gets_only_the_board(qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str]) -> None:
    window = window_for(qtbot, gui, make_user(Role.CONSULTANT, display_name="李娜"))
    assert window.windowTitle() == "Showroom 案场管理 — 李娜 (置业顾问)"
    assert window.workspace_titles() == ["销控", "我的客户"]  # the board and the CRM workspace
    assert window.board.detail.set_button is None  # consultants cannot set statuses
    qtbot.waitUntil(lambda: window.indicator.text.text() == "已连接")


def test_admin_gets_four_workspaces_and_ctrl_digits_switch(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str]
) -> None:
    window = window_for(qtbot, gui, make_user(Role.ADMIN, display_name="赵敏"))
    assert window.windowTitle() == "Showroom 案场管理 — 赵敏 (系统管理员)"
    assert window.workspace_titles() == ["销控", "用户管理", "审计日志", "房源导入", "人脸合规"]  # + faces (issue 5)
    assert [a.shortcut().toString() for a in window.workspace_actions] == [f"Ctrl+{i}" for i in range(1, 6)]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.board


def test_error_replies_reach_the_status_bar(qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str]) -> None:
    window = window_for(qtbot, gui, make_user(Role.CONSULTANT))
    window.conn.request("users.list")  # not allowed for a consultant, and nobody else handles the error
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "无权执行此操作", timeout=10_000)


def test_sign_out_ends_the_session_and_closes(
    qtbot: QtBot, gui: GuiClients, pairing: Pairing, make_user: Callable[..., str]
) -> None:
    window = window_for(qtbot, gui, make_user(Role.FRONT_DESK))
    token = window.login_reply.token
    assert window.sign_out_action.text() == "退出登录(&O)"
    with qtbot.waitSignal(window.signed_out, timeout=10_000):
        window.sign_out_action.trigger()
    assert not window.isVisible() and window.is_signed_out
    with SyncClient(pairing) as client:
        client.token = token
        with pytest.raises(RemoteError) as err:
            client.call("auth.whoami")
    assert err.value.code is ErrorCode.UNAUTHENTICATED


def test_change_password_menu_opens_the_dialog(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from client.ui.qt_change_password import QtChangePasswordDialog

    opened: list[QDialog] = []

    def fake_exec(dialog: QDialog) -> int:
        opened.append(dialog)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QtChangePasswordDialog, "exec", fake_exec)
    window = window_for(qtbot, gui, make_user(Role.FINANCE))
    assert window.change_password_action.text() == "修改密码(&C)…"
    window.change_password_action.trigger()
    assert len(opened) == 1 and isinstance(opened[0], QtChangePasswordDialog)
    assert window.statusBar().currentMessage() == "密码已修改。"


def test_must_change_password_prompts_at_start(
    qtbot: QtBot, gui: GuiClients, server: ServerApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert server.database is not None
    with server.database.sessions() as db, db.begin():
        create_user(db, "newhire", "新同事", Role.CONSULTANT, PASSWORD, must_change=True)
    prompted: list[bool] = []
    monkeypatch.setattr(QtMainWindow, "change_password", lambda self: prompted.append(True))
    conn, reply = gui.sign_in("newhire")
    assert reply.user.must_change_password
    window = QtMainWindow(conn, reply)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: prompted == [True])


def test_main_signs_in_from_the_environment_and_exits_with_the_window(
    qtbot: QtBot, server: ServerApp, make_user: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    name = make_user(Role.SALES_MANAGER, display_name="王芳")
    monkeypatch.setenv("SHOWROOM_PASSWORD", PASSWORD)
    seen: list[str] = []

    def close_main_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QtMainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, translators = app.font(), set(app.findChildren(QTranslator))
    timer = QTimer()
    timer.timeout.connect(close_main_window)
    timer.start(50)
    try:
        code = main(["--pairing", str(server.pairing_path), "--user", name, "--lang", "zh_CN"])
    finally:
        timer.stop()
        remove_app_translators(app, [t for t in app.findChildren(QTranslator) if t not in translators])
        app.setFont(font)
    assert code == 0
    assert seen == ["Showroom 案场管理 — 王芳 (销售经理)"]
    assert not net_threads()
