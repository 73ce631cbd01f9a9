"""The 销控 board: its state class on its own, then the widget against a real server in both directions."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from client.net.sync_client import SyncClient
from client.ui.board_model import BoardModel, BuildingGrid
from client.ui.qt_board import QtBoardPage
from client.ui.qt_board_table import DETAIL_ROLE, MATCHES_ROLE, QtBuildingView
from client.ui.style import STATUS_COLORS, dimmed
from server.app import ServerApp
from server.db.models import Unit
from shared.domain import Role, UnitStatus
from shared.protocol.messages.catalog import (
    Board,
    BuildingInfo,
    ImportUnitsRequest,
    ProjectInfo,
    UnitInfo,
    UnitRef,
)
from shared.protocol.messages.sales import UnitActionRequest
from tests.ui import GuiClients, seed_project, set_status, unit_by_number, units_xlsx

# --- the board state, without Qt or a server ------------------------------------------------------


pytestmark = pytest.mark.usefixtures("zh_cn")


def unit(
    uid: int, floor: int, number: str, version: int = 1, status: UnitStatus = UnitStatus.AVAILABLE, building_id: int = 1
) -> UnitInfo:
    return UnitInfo(
        id=uid,
        building_id=building_id,
        floor=floor,
        number=number,
        layout="三室两厅两卫",
        gross_area=Decimal("128.56"),
        inner_area=Decimal("102.30"),
        orientation="南北",
        list_price=Decimal("3856800"),
        status=status,
        version=version,
        updated_at=datetime(2025, 5, 1, tzinfo=UTC),
    )


def snapshot(*units: UnitInfo) -> Board:
    return Board(
        project=ProjectInfo(id=7, name="云栖湾", city="杭州", address=""),
        buildings=[BuildingInfo(id=1, project_id=7, name="1号楼")],
        units=list(units),
        seq=0,
    )


def test_grid_puts_the_top_floor_first_and_orders_units_by_number() -> None:
    grid = BuildingGrid.build([unit(1, 9, "902"), unit(2, 10, "1001"), unit(3, 9, "901"), unit(4, -1, "B101")])
    assert grid.floors == [10, 9, -1]
    assert grid.columns == 2
    assert grid.cells == {(0, 0): 2, (1, 0): 3, (1, 1): 1, (2, 0): 4}


def test_model_takes_only_newer_versions_and_says_so() -> None:
    model = BoardModel()
    changed: list[UnitInfo] = []
    model.events.unit_changed.connect(changed.append)
    model.load(snapshot(unit(1, 1, "101", version=3)))
    assert not model.apply(unit(1, 1, "101", version=2, status=UnitStatus.SOLD))
    assert not model.apply(unit(1, 1, "101", version=3, status=UnitStatus.SOLD))
    assert model.apply(unit(1, 1, "101", version=4, status=UnitStatus.HELD))
    assert model.units[1].status is UnitStatus.HELD and [u.version for u in changed] == [4]


def test_model_replays_changes_that_raced_the_snapshot() -> None:
    model = BoardModel()
    resets: list[None] = []
    model.events.reset.connect(lambda: resets.append(None))
    model.begin_loading()
    model.apply(unit(1, 1, "101", version=2, status=UnitStatus.HELD))  # the event beat the snapshot
    model.apply(unit(2, 1, "102", version=1, status=UnitStatus.SOLD))  # older than the snapshot's copy
    model.load(snapshot(unit(1, 1, "101", version=1), unit(2, 1, "102", version=2)))
    assert model.units[1].status is UnitStatus.HELD and model.units[1].version == 2
    assert model.units[2].status is UnitStatus.AVAILABLE and model.units[2].version == 2
    assert len(resets) == 1 and not model.loading


# --- the widget against a real server -------------------------------------------------------------


@pytest.fixture
def board(login: Callable[..., SyncClient]) -> Board:
    return seed_project(login(Role.ADMIN))


@pytest.fixture
def manager(login: Callable[..., SyncClient]) -> SyncClient:
    return login(Role.SALES_MANAGER)


def open_board(qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], role: Role) -> QtBoardPage:
    conn, _reply = gui.sign_in(make_user(role))
    page = QtBoardPage(conn, role)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitUntil(lambda: page.model.project is not None and not page.model.loading, timeout=10_000)
    return page


def cell(page: QtBoardPage, u: UnitInfo) -> QModelIndex:
    return page.views[u.building_id].building_model().index_of(u.id)


def fill(page: QtBoardPage, u: UnitInfo) -> QColor:
    color: QColor = cell(page, u).data(Qt.ItemDataRole.BackgroundRole)
    return color


def click(qtbot: QtBot, page: QtBoardPage, u: UnitInfo) -> None:
    view: QtBuildingView = page.views[u.building_id]
    page.tabs.setCurrentWidget(view)
    index = cell(page, u)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_board_shows_buildings_floors_and_status_colours(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, manager: SyncClient
) -> None:
    sold, held = unit_by_number(board, "1号楼", "301"), unit_by_number(board, "1号楼", "302")
    set_status(manager, sold, UnitStatus.SOLD)
    set_status(manager, held, UnitStatus.HELD)
    page = open_board(qtbot, gui, make_user, Role.CONSULTANT)
    assert page.project_combo.currentText() == "云栖湾"
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["1号楼", "2号楼"]
    table = page.views[sold.building_id].building_model()
    assert (table.rowCount(), table.columnCount()) == (3, 2)
    assert [table.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == ["3层", "2层", "1层"]
    assert table.index(0, 0).data() == "301" and table.index(2, 1).data() == "102"
    assert cell(page, held).data(DETAIL_ROLE) == "两室两厅一卫 89.20㎡"
    assert fill(page, sold) == STATUS_COLORS[UnitStatus.SOLD].fill
    assert fill(page, held) == STATUS_COLORS[UnitStatus.HELD].fill
    assert fill(page, unit_by_number(board, "2号楼", "101")) == STATUS_COLORS[UnitStatus.NOT_RELEASED].fill
    boxes = page.filters.checkboxes
    assert boxes[UnitStatus.SOLD].text() == "已售 1" and boxes[UnitStatus.NOT_RELEASED].text() == "未推 10"


def test_board_follows_a_pushed_change_within_100_ms(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, manager: SyncClient
) -> None:
    page = open_board(qtbot, gui, make_user, Role.CONSULTANT)
    target = unit_by_number(board, "2号楼", "201")
    # The subscription is live once this arrives.
    set_status(manager, target, UnitStatus.SUBSCRIBED)
    qtbot.waitUntil(lambda: fill(page, target) == STATUS_COLORS[UnitStatus.SUBSCRIBED].fill, timeout=5000)
    click(qtbot, page, target)
    arrived: list[float] = []
    page.model.events.unit_changed.connect(lambda u: arrived.append(time.monotonic()))
    started = time.monotonic()
    manager.call("units.sign", UnitActionRequest(unit_id=target.id))
    qtbot.waitUntil(lambda: fill(page, target) == STATUS_COLORS[UnitStatus.SIGNED].fill, timeout=5000)
    assert arrived and arrived[0] - started < 0.1, f"took {arrived[0] - started:.3f} s"
    assert page.detail.fields["status"].text() == "签约" and page.detail.fields["version"].text() == "4"


def test_import_into_the_shown_project_adds_the_building(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, login: Callable[..., SyncClient]
) -> None:
    page = open_board(qtbot, gui, make_user, Role.FRONT_DESK)
    admin = login(Role.ADMIN)
    admin.call(
        "units.import",
        ImportUnitsRequest(project_id=board.project.id, filename="3.xlsx", content=units_xlsx(["3号楼"], 2, 2)),
    )
    qtbot.waitUntil(lambda: page.tabs.count() == 3, timeout=5000)
    assert page.tabs.tabText(2) == "3号楼" and len(page.model.units) == 16


def test_filters_dim_the_other_cells(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, manager: SyncClient
) -> None:
    available = unit_by_number(board, "1号楼", "201")
    set_status(manager, available, UnitStatus.AVAILABLE)
    page = open_board(qtbot, gui, make_user, Role.CONSULTANT)
    other = unit_by_number(board, "1号楼", "202")
    qtbot.mouseClick(page.filters.checkboxes[UnitStatus.NOT_RELEASED], Qt.MouseButton.LeftButton)
    assert cell(page, available).data(MATCHES_ROLE) is True
    assert cell(page, other).data(MATCHES_ROLE) is False
    assert fill(page, other) == dimmed(STATUS_COLORS[UnitStatus.NOT_RELEASED].fill)
    qtbot.mouseClick(page.filters.checkboxes[UnitStatus.NOT_RELEASED], Qt.MouseButton.LeftButton)
    assert fill(page, other) == STATUS_COLORS[UnitStatus.NOT_RELEASED].fill
    combo = page.filters.layout_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部户型", "三室两厅两卫", "两室两厅一卫"]
    combo.setCurrentIndex(combo.findData("两室两厅一卫"))  # 202 is 两室两厅一卫, 201 三室两厅两卫
    assert cell(page, other).data(MATCHES_ROLE) is True
    assert cell(page, available).data(MATCHES_ROLE) is False


def test_manager_sets_a_status_from_the_detail_panel(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, manager: SyncClient
) -> None:
    page = open_board(qtbot, gui, make_user, Role.SALES_MANAGER)
    target = unit_by_number(board, "2号楼", "302")
    click(qtbot, page, target)
    detail = page.detail
    assert detail.title.text() == "2号楼 302"
    assert detail.fields["gross_area"].text() == "89.20㎡" and detail.fields["inner_area"].text() == "71.05㎡"
    assert detail.fields["list_price"].text().startswith("¥") and "," in detail.fields["list_price"].text()
    assert detail.fields["status"].text() == "未推" and detail.fields["version"].text() == "1"
    assert detail.set_button is not None and detail.status_combo is not None and detail.reason_edit is not None
    assert not detail.set_button.isEnabled()  # nothing to change yet
    detail.status_combo.setCurrentIndex(detail.status_combo.findData(UnitStatus.AVAILABLE.value))
    detail.reason_edit.insert("开盘加推")  # QTest types ASCII only; an input method would commit this
    qtbot.mouseClick(detail.set_button, Qt.MouseButton.LeftButton)
    # The pushed unit.changed event may beat the command's reply; the success message comes with the reply.
    qtbot.waitUntil(lambda: detail.message.text() == "状态已改为可售。", timeout=5000)
    assert detail.fields["status"].text() == "可售" and detail.fields["version"].text() == "2"
    assert fill(page, target) == STATUS_COLORS[UnitStatus.AVAILABLE].fill
    on_server: UnitInfo = manager.call("units.get", UnitRef(unit_id=target.id))
    assert (on_server.status, on_server.version) == (UnitStatus.AVAILABLE, 2)


def test_a_stale_change_is_refused_and_the_unit_refreshed(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, manager: SyncClient
) -> None:
    page = open_board(qtbot, gui, make_user, Role.SALES_MANAGER)
    target = unit_by_number(board, "1号楼", "102")
    click(qtbot, page, target)
    detail = page.detail
    assert detail.status_combo is not None and detail.set_button is not None
    detail.status_combo.setCurrentIndex(detail.status_combo.findData(UnitStatus.UNAVAILABLE.value))
    # Someone else changes the unit; this panel has not heard yet (no events processed in between).
    set_status(manager, target, UnitStatus.RESERVED)
    qtbot.mouseClick(detail.set_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.message.text() == "房源状态已被他人修改，请刷新后重试", timeout=5000)
    qtbot.waitUntil(lambda: detail.fields["status"].text() == "保留", timeout=5000)
    on_server: UnitInfo = manager.call("units.get", UnitRef(unit_id=target.id))
    assert on_server.status is UnitStatus.RESERVED and page.model.units[target.id] == on_server


def test_arrow_keys_walk_the_grid_and_the_detail_follows(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board
) -> None:
    page = open_board(qtbot, gui, make_user, Role.CONSULTANT)
    top = unit_by_number(board, "2号楼", "301")
    click(qtbot, page, top)
    view = page.views[top.building_id]
    assert page.detail.title.text() == "2号楼 301"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert page.detail.title.text() == "2号楼 201"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert page.detail.title.text() == "2号楼 202"
    assert page.selected_unit_id == unit_by_number(board, "2号楼", "202").id


def test_a_missed_event_is_repaired_by_a_fresh_snapshot(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], board: Board, server: ServerApp
) -> None:
    page = open_board(qtbot, gui, make_user, Role.CONSULTANT)
    target = unit_by_number(board, "1号楼", "202")
    assert server.database is not None
    with server.database.sessions() as db, db.begin():  # a change whose event never reaches this client
        db.execute(update(Unit).where(Unit.id == target.id).values(status=UnitStatus.SOLD.value, version=2))
    assert fill(page, target) == STATUS_COLORS[UnitStatus.NOT_RELEASED].fill
    page.conn.resync_needed.emit()  # what the network thread signals when it sees a gap in event numbers
    qtbot.waitUntil(lambda: fill(page, target) == STATUS_COLORS[UnitStatus.SOLD].fill, timeout=5000)
