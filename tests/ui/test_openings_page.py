"""The manager's opening console against a real server: create, import buyers, follow T0 live, pause, export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from client.net.buyer import BuyerClient
from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.qt_opening_create import QtCreateOpeningDialog
from client.ui.qt_openings_page import QtOpeningsPage
from server.engine import fairness
from shared.domain import OpeningMode, OpeningStatus, PickOutcome, Role
from shared.protocol.envelope import utcnow
from shared.protocol.messages.opening import CreateOpeningRequest, OpeningRef
from tests.factories import buyer_login, buyers_xlsx, project_with_units
from tests.ui import GuiClients
from tests.ui.test_board_actions import answer

pytestmark = pytest.mark.usefixtures("zh_cn")


def open_console(qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str]) -> QtOpeningsPage:
    conn, _ = gui.sign_in(make_user(Role.SALES_MANAGER))
    page = QtOpeningsPage(conn, Role.SALES_MANAGER)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: page.project_id is not None and page.board is not None, timeout=10_000)
    return page


def test_the_console_creates_an_opening_and_follows_it_live(
    qtbot: QtBot,
    gui: GuiClients,
    make_user: Callable[..., str],
    login: Callable[..., SyncClient],
    pairing: Pairing,
    tmp_path: Path,
) -> None:
    _, units = project_with_units(login(Role.ADMIN), floors=4, per_floor=3)
    page = open_console(qtbot, gui, make_user)
    assert page.list.count() == 0 and page.title.text() == "请选择开盘"
    starts = utcnow() + timedelta(seconds=4)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, QtCreateOpeningDialog)
        qtbot.waitUntil(lambda: dialog.board is not None, timeout=5000)
        dialog.name_edit.setText("1号楼首开")
        dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData(OpeningMode.RUSH.value))
        dialog.set_starts_at(starts)
        assert len(dialog.selected_unit_ids()) == 12  # every 未推 unit may take part
        dialog.select_units({u.id for u in units[:10]})
        assert dialog.count_label.text() == "已选 10 套"
        dialog.submit()

    answered = answer(qtbot, QtCreateOpeningDialog, fill)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert answered
    qtbot.waitUntil(lambda: page.live is not None and page.live.total == 10, timeout=10_000)
    assert page.title.text() == "1号楼首开" and page.status_chip.text() == "未开始"
    assert page.facts["mode"].text() == "抢购" and page.clock_label.text().startswith("距开盘 00:00:0")
    assert set(page.heat.units) == {u.id for u in units[:10]}

    path = tmp_path / "认筹名单.xlsx"
    path.write_bytes(buyers_xlsx(6))
    page.import_buyers_from(path)
    qtbot.waitUntil(lambda: page.message.text() == "已导入 6 位认筹客户。", timeout=10_000)
    assert page.live is not None
    opening_id = page.live.info.id

    buyers = [BuyerClient(pairing, opening_id, timeout_ms=10_000) for _ in range(4)]
    try:
        for i, buyer in enumerate(buyers):
            buyer.login(*buyer_login(i))
        qtbot.waitUntil(lambda: page.live is not None and page.live.status is OpeningStatus.RUNNING, timeout=15_000)
        assert page.status_chip.text() == "进行中"
        wanted = units[0].id
        results = [b.pick([wanted, units[1 + i].id]) for i, b in enumerate(buyers)]
        assert [r.outcome for r in results] == [PickOutcome.ALLOCATED] * 4
    finally:
        for buyer in buyers:
            buyer.close()
    # Progress events move the counters; the slow poll brings the heat counts.
    qtbot.waitUntil(lambda: page.live is not None and page.live.sold == 4, timeout=5000)
    assert page.sold_label.text() == "已售 4 / 10" and page.progress.text() == "40.0%"
    qtbot.waitUntil(lambda: page.heat.level(units[0].id) == 5, timeout=5000)
    assert page.heat.is_taken(units[0].id) and page.heat.is_taken(units[3].id) and not page.heat.is_taken(units[5].id)
    assert page.facts["requests"].text() == "4" and page.facts["buyers"].text() == "4 / 6"

    qtbot.mouseClick(page.buttons["pause"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status_chip.text() == "已暂停", timeout=5000)
    assert page.buttons["resume"].isEnabled() and not page.buttons["pause"].isEnabled()
    qtbot.mouseClick(page.buttons["resume"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status_chip.text() == "进行中", timeout=5000)

    log = tmp_path / "log.json"
    page.export_log_to(log)
    qtbot.waitUntil(log.exists, timeout=5000)
    verdict = fairness.verify(fairness.from_json(log.read_bytes()))
    assert verdict.ok and verdict.picks == 4 and verdict.allocated == 4


def test_a_file_that_is_not_a_buyer_list_is_refused_and_nothing_is_imported(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], login: Callable[..., SyncClient], tmp_path: Path
) -> None:
    manager = login(Role.SALES_MANAGER)
    project_id, units = project_with_units(login(Role.ADMIN), floors=1, per_floor=2)
    request = CreateOpeningRequest(
        project_id=project_id,
        name="二期加推",
        mode=OpeningMode.LOTTERY,
        starts_at=utcnow() + timedelta(minutes=10),
        unit_ids=[u.id for u in units],
    )
    created = manager.call("openings.create", request)
    page = open_console(qtbot, gui, make_user)
    qtbot.waitUntil(lambda: page.live is not None and page.live.info.id == created.id, timeout=10_000)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    page.import_buyers_from(bad)
    qtbot.waitUntil(page.message.is_error, timeout=10_000)
    assert manager.call("openings.stats", OpeningRef(opening_id=created.id)).opening.buyers == 0
