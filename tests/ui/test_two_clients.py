"""Acceptance: a sales manager changes a unit in one GUI client, a consultant's board follows, and it is audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.net.sync_client import SyncClient
from client.ui.qt_main_window import QtMainWindow
from client.ui.style import STATUS_COLORS
from shared.domain import Role, UnitStatus
from shared.protocol.messages.audit import AuditPage, AuditQuery
from tests.ui import GuiClients, seed_project, unit_by_number

pytestmark = pytest.mark.usefixtures("zh_cn")


def open_window(qtbot: QtBot, gui: GuiClients, username: str) -> QtMainWindow:
    conn, reply = gui.sign_in(username)
    window = QtMainWindow(conn, reply)
    qtbot.addWidget(window)
    window.show()
    page = window.board
    qtbot.waitUntil(lambda: page.model.project is not None and not page.model.loading, timeout=10_000)
    return window


def test_manager_change_reaches_the_consultant_and_the_audit_trail(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], login: Callable[..., SyncClient]
) -> None:
    admin = login(Role.ADMIN)
    board = seed_project(admin)
    target = unit_by_number(board, "1号楼", "201")
    manager_name = make_user(Role.SALES_MANAGER, display_name="王芳")
    manager = open_window(qtbot, gui, manager_name)
    consultant = open_window(qtbot, gui, make_user(Role.CONSULTANT, display_name="李娜"))
    assert manager.workspace_titles() == ["销控", "开盘", "前台接待", "渠道与客户", "到访提醒", "人脸告警", "人脸合规"]
    assert consultant.workspace_titles()[0] == "销控" and "开盘" not in consultant.workspace_titles()

    # The consultant looks at the unit too: the detail panel must follow as well as the grid.
    consultant.board.select_unit(target.id)
    assert consultant.board.detail.fields["status"].text() == "未推"
    assert consultant.board.detail.set_button is None

    # The manager clicks the unit's cell, picks 可售 (推售) and presses 设置状态.
    page = manager.board
    view = page.views[target.building_id]
    index = view.building_model().index_of(target.id)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    detail = page.detail
    assert detail.title.text() == "1号楼 201"
    assert detail.status_combo is not None and detail.set_button is not None
    detail.status_combo.setCurrentIndex(detail.status_combo.findData(UnitStatus.AVAILABLE.value))
    assert detail.set_button.text() == "设置状态(&S)"
    qtbot.mouseClick(detail.set_button, Qt.MouseButton.LeftButton)

    their_cell = consultant.board.views[target.building_id].building_model().index_of(target.id)
    qtbot.waitUntil(
        lambda: their_cell.data(Qt.ItemDataRole.BackgroundRole) == STATUS_COLORS[UnitStatus.AVAILABLE].fill,
        timeout=5000,
    )
    assert consultant.board.model.units[target.id].status is UnitStatus.AVAILABLE
    assert consultant.board.detail.fields["status"].text() == "可售"
    assert consultant.board.detail.fields["version"].text() == "2"
    assert consultant.board.filters.checkboxes[UnitStatus.AVAILABLE].text() == "可售 1"
    qtbot.waitUntil(lambda: detail.message.text() == "状态已改为可售。", timeout=5000)

    audit: AuditPage = admin.call(
        "audit.query", AuditQuery(command="units.set_status", target_type="unit", target_id=str(target.id))
    )
    assert len(audit.rows) == 1
    row = audit.rows[0]
    assert row.actor_name == manager_name and row.actor_role == Role.SALES_MANAGER.value
    assert row.before is not None and row.before["status"] == UnitStatus.NOT_RELEASED.value
    assert row.after is not None and row.after["status"] == UnitStatus.AVAILABLE.value
