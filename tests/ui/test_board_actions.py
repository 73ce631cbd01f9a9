"""Unit actions on the 销控 board against a real server: hold, countdown, my units, release, subscribe, sign."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from client.net.sync_client import SyncClient
from client.ui import unit_actions
from client.ui.qt_board import QtBoardPage
from client.ui.qt_board_table import COUNTDOWN_ROLE
from client.ui.qt_unit_dialogs import QtConfirmDialog, QtHoldDialog, QtSubscribeDialog
from server.engine import rules
from server.handlers import build_router
from server.permissions import allowed
from shared.domain import Role, UnitStatus
from shared.protocol.messages.catalog import Board, UnitRef
from shared.protocol.messages.sales import HoldRequest
from tests.ui import GuiClients, seed_project, set_status, unit_by_number

pytestmark = pytest.mark.usefixtures("zh_cn")


@pytest.fixture
def board(login: Callable[..., SyncClient]) -> Board:
    return seed_project(login(Role.ADMIN))


@pytest.fixture
def manager(login: Callable[..., SyncClient]) -> SyncClient:
    return login(Role.SALES_MANAGER)


def test_the_clients_action_tables_are_the_servers() -> None:
    """The client only greys out; these tables must say what the server decides, or buttons lie."""
    assert unit_actions.DIRECT == rules.DIRECT
    routes = build_router().routes
    for action in unit_actions.UnitAction:
        server_action = rules.Action(action.value)
        assert unit_actions.SOURCES[action] == rules.MOVES[server_action][0], action
        permission = routes[action.value].permission
        assert unit_actions.ROLES[action] == {r for r in Role if allowed(r, permission)}, action
    assert {r for r in Role if allowed(r, routes["units.set_status"].permission)} == unit_actions.DIRECT_ROLES


def open_page(qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], role: Role) -> QtBoardPage:
    conn, reply = gui.sign_in(make_user(role, display_name="李娜"))
    page = QtBoardPage(conn, role, user_id=reply.user.id)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitUntil(lambda: page.model.project is not None and not page.model.loading, timeout=10_000)
    return page


def answer(qtbot: QtBot, kind: type[QWidget], fill: Callable[[QWidget], None]) -> list[QWidget]:
    """Answers the next modal dialog of `kind` (actions open dialogs with exec(), which blocks)."""
    seen: list[QWidget] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            seen.append(dialog)
            fill(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def focus_cell(qtbot: QtBot, page: QtBoardPage, unit_id: int) -> None:
    page.select_unit(unit_id)
    view = page.views[page.model.units[unit_id].building_id]
    page.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)


def test_a_consultant_holds_with_the_shortcut_and_sees_the_countdown_and_my_units(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, manager: SyncClient
) -> None:
    target = unit_by_number(board, "1号楼", "201")
    set_status(manager, target, UnitStatus.AVAILABLE)
    page = open_page(qtbot, gui, make_user, Role.CONSULTANT)
    assert page.my_units is not None and page.my_units.units == {}
    focus_cell(qtbot, page, target.id)
    hold = page.unit_actions.actions[unit_actions.UnitAction.HOLD]
    assert hold.isEnabled() and hold.shortcut().toString() == "H"
    assert not page.unit_actions.actions[unit_actions.UnitAction.RELEASE].isEnabled()

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, QtHoldDialog)
        dialog.customer_edit.setText("王先生")
        dialog.phone_edit.setText("13812345678")
        dialog.minutes_spin.setValue(20)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answered = answer(qtbot, QtHoldDialog, fill)
    qtbot.keyClick(page.views[target.building_id], Qt.Key.Key_H)
    assert answered, "H did not open the hold dialog"
    qtbot.waitUntil(lambda: page.model.units[target.id].status is UnitStatus.HELD, timeout=5000)
    held = page.model.units[target.id]
    assert held.customer_name == "王先生" and held.hold_expires_at is not None
    qtbot.waitUntil(lambda: page.detail.message.text() == "1号楼 201 已锁定。", timeout=5000)
    # The cell and the panel count down (by the server's clock), and 我的房源 lists it with its customer.
    countdown = page.views[target.building_id].building_model().index_of(target.id).data(COUNTDOWN_ROLE)
    assert countdown is not None and countdown[:3] in ("19:", "20:")
    assert page.detail.fields["holder"].text() == "李娜" and page.detail.fields["customer"].text() == "王先生"
    qtbot.waitUntil(lambda: target.id in page.my_units.units, timeout=5000)  # type: ignore[union-attr]
    row = page.my_units.list.item(0)  # type: ignore[union-attr]
    assert row is not None and row.text().startswith("1号楼 201 · 锁定 · 王先生 · 剩余")
    # Now it can be released, not held again.
    assert page.unit_actions.actions[unit_actions.UnitAction.RELEASE].isEnabled() and not hold.isEnabled()

    answered = answer(qtbot, QtConfirmDialog, lambda d: d.accept())  # type: ignore[attr-defined]
    focus_cell(qtbot, page, target.id)
    qtbot.keyClick(page.views[target.building_id], Qt.Key.Key_R)
    assert answered
    qtbot.waitUntil(lambda: page.model.units[target.id].status is UnitStatus.AVAILABLE, timeout=5000)
    qtbot.waitUntil(lambda: page.my_units.units == {}, timeout=5000)  # type: ignore[union-attr]
    assert manager.call("units.get", UnitRef(unit_id=target.id)).status is UnitStatus.AVAILABLE


def test_another_consultants_hold_cannot_be_released_here(
    qtbot: QtBot,
    gui: GuiClients,
    make_user: Callable[..., str],
    board: Board,
    manager: SyncClient,
    login: Callable[..., SyncClient],
) -> None:
    target = unit_by_number(board, "2号楼", "102")
    set_status(manager, target, UnitStatus.AVAILABLE)
    page = open_page(qtbot, gui, make_user, Role.CONSULTANT)
    login(Role.CONSULTANT).call("units.hold", HoldRequest(unit_id=target.id, customer_name="别人的客户"))
    qtbot.waitUntil(lambda: page.model.units[target.id].status is UnitStatus.HELD, timeout=5000)
    page.select_unit(target.id)
    actions = page.unit_actions.actions
    assert not any(a.isEnabled() for a in actions.values())
    assert page.detail.fields["customer"].text() == "—"  # not this consultant's customer
    assert page.my_units is not None and page.my_units.units == {}


def test_the_context_menu_offers_what_the_role_may_do(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, manager: SyncClient
) -> None:
    target = unit_by_number(board, "1号楼", "302")
    set_status(manager, target, UnitStatus.AVAILABLE)
    page = open_page(qtbot, gui, make_user, Role.SALES_MANAGER)
    focus_cell(qtbot, page, target.id)
    view = page.views[target.building_id]
    menus: list[QMenu] = []

    def grab_menu() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            menus.append(menu)
            menu.close()
        else:
            QTimer.singleShot(20, grab_menu)

    QTimer.singleShot(0, grab_menu)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), view.mapToGlobal(QPoint(0, 0)))
    QApplication.sendEvent(view, event)
    qtbot.waitUntil(lambda: bool(menus), timeout=3000)
    texts = [a.text() for a in menus[0].actions() if not a.isSeparator()]
    assert texts == ["锁定…", "释放…", "认购…", "签约…", "退订…", "设置状态"]
    enabled = {a.text() for a in menus[0].actions() if a.isEnabled()}
    assert {"锁定…", "认购…", "设置状态"} <= enabled and "签约…" not in enabled
    direct = next(a for a in menus[0].actions() if a.text() == "设置状态").menu()
    assert isinstance(direct, QMenu)
    assert [a.text() for a in direct.actions()] == ["未推", "保留", "不可售"]


def test_a_manager_subscribes_then_signs_from_the_panel(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, manager: SyncClient
) -> None:
    target = unit_by_number(board, "2号楼", "301")
    set_status(manager, target, UnitStatus.AVAILABLE)
    page = open_page(qtbot, gui, make_user, Role.SALES_MANAGER)
    page.select_unit(target.id)
    buttons = {b.text(): b for b in page.detail.action_buttons}  # tool buttons drop the "…"

    def subscribe(dialog: QWidget) -> None:
        assert isinstance(dialog, QtSubscribeDialog)
        assert not dialog.ok_button.isEnabled()  # a subscription needs its customer
        dialog.customer_edit.setText("赵女士")
        dialog.deposit_spin.setValue(50_000)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answered = answer(qtbot, QtSubscribeDialog, subscribe)
    qtbot.mouseClick(buttons["认购"], Qt.MouseButton.LeftButton)
    assert answered
    qtbot.waitUntil(lambda: page.model.units[target.id].status is UnitStatus.SUBSCRIBED, timeout=5000)
    assert page.model.units[target.id].customer_name == "赵女士"
    qtbot.waitUntil(buttons["签约"].isEnabled, timeout=5000)
    answered = answer(qtbot, QtConfirmDialog, lambda d: d.accept())  # type: ignore[attr-defined]
    qtbot.mouseClick(buttons["签约"], Qt.MouseButton.LeftButton)
    assert answered
    qtbot.waitUntil(lambda: page.model.units[target.id].status is UnitStatus.SIGNED, timeout=5000)
    on_server = manager.call("units.get", UnitRef(unit_id=target.id))
    assert on_server.status is UnitStatus.SIGNED and on_server.customer_name == "赵女士"
    # Signed: the manager may now mark it sold (备案) directly; the combo offers only that.
    combo = page.detail.status_combo
    assert combo is not None and [combo.itemText(i) for i in range(combo.count())] == ["签约", "已售"]
