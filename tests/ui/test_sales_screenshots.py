"""Screenshots of the opening console with its heat map, and of the buyer kiosk, from a real server.

Like test_screenshots.py: images go to the test's temporary directory, and with SHOWROOM_WRITE_SCREENSHOTS=1
to docs/screenshots (opening_console.png, kiosk.png).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.net.buyer import BuyerClient
from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.qt_connection import QtConnection
from client.ui.qt_kiosk import QtKioskWindow
from client.ui.qt_main_window import QtMainWindow
from shared.domain import OpeningStatus, Role
from shared.protocol.messages.catalog import UnitInfo
from shared.protocol.messages.opening import OpeningRef
from tests.factories import buyer_login, opening
from tests.ui import GuiClients, seed_project
from tests.ui.test_screenshots import save

pytestmark = pytest.mark.usefixtures("looks_like_the_app")


def rush_with_picks(
    manager: SyncClient, pairing: Pairing, project_id: int, units: list[UnitInfo], registered: int, picking: int
) -> tuple[int, int]:
    """A running rush of `registered` buyers, the first `picking` of whom picked with skewed, overlapping
    preferences; returns its id and how many units went."""
    unit_ids = [u.id for u in units]
    info = opening(manager, project_id, unit_ids, registered, starts_in=1.5, quota=1)
    rng = random.Random(7)
    clients = [BuyerClient(pairing, info.id, timeout_ms=10_000) for _ in range(picking)]
    try:
        for i, client in enumerate(clients):
            client.login(*buyer_login(i))
        deadline = time.monotonic() + 15
        while (
            manager.call("openings.stats", OpeningRef(opening_id=info.id)).opening.status is not OpeningStatus.RUNNING
        ):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        # Upper-middle floors are what most want; a little noise spreads the demand as in a real hall.
        floors = {u.id: u.floor for u in units}
        top = max(floors.values())
        popular = sorted(unit_ids, key=lambda u: abs(floors[u] - 0.7 * top) + rng.random() * 3)
        allocated = 0
        for client in clients:
            choices = list(dict.fromkeys(popular[min(int(rng.expovariate(0.15)), len(popular) - 1)] for _ in range(3)))
            allocated += client.pick(choices).unit_id is not None
    finally:
        for client in clients:
            client.close()
    return info.id, allocated


def test_opening_console_screenshot(
    qtbot: QtBot,
    gui: GuiClients,
    tmp_path: Path,
    make_user: Callable[..., str],
    login: Callable[..., SyncClient],
    pairing: Pairing,
) -> None:
    board = seed_project(login(Role.ADMIN), buildings=("1号楼", "2号楼"), floors=12, per_floor=4)
    manager = login(Role.SALES_MANAGER)
    opening_id, sold = rush_with_picks(manager, pairing, board.project.id, board.units, 60, 40)
    conn, reply = gui.sign_in(make_user(Role.SALES_MANAGER, "wangfang", display_name="王芳"))
    window = QtMainWindow(conn, reply)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.tabs.setCurrentWidget(window.openings)
    page = window.openings
    qtbot.waitUntil(lambda: page.live is not None and page.live.info.id == opening_id, timeout=10_000)
    qtbot.waitUntil(lambda: page.live is not None and page.live.sold == sold and bool(page.heat.units), timeout=10_000)
    qtbot.waitUntil(lambda: page.legend.steps[-1].text() != "—", timeout=5000)
    labels = [page.status_chip, page.sold_label, *page.legend.steps]
    qtbot.waitUntil(lambda: all(w.width() >= w.sizeHint().width() for w in labels))  # the relayout is queued
    assert page.sold_label.text() == f"已售 {sold} / 96" and page.status_chip.text() == "进行中"
    assert page.heat.highest > 1
    path = save(window, "opening_console.png", tmp_path)
    assert path.stat().st_size > 20_000


def test_kiosk_screenshot(qtbot: QtBot, tmp_path: Path, login: Callable[..., SyncClient], pairing: Pairing) -> None:
    board = seed_project(login(Role.ADMIN), buildings=("1号楼", "2号楼"), floors=10, per_floor=4)
    manager = login(Role.SALES_MANAGER)
    unit_ids = [u.id for u in board.units]
    opening_id, sold = rush_with_picks(manager, pairing, board.project.id, board.units, 30, 25)
    conn = QtConnection(pairing)
    try:
        kiosk = QtKioskWindow(conn, opening_id)
        qtbot.addWidget(kiosk)
        kiosk.resize(1400, 860)
        kiosk.show()
        phone, ticket = buyer_login(25)  # one who has not picked yet
        qtbot.keyClicks(kiosk.phone_edit, phone)
        qtbot.keyClicks(kiosk.ticket_edit, ticket)
        qtbot.mouseClick(kiosk.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(kiosk.grid.rects), timeout=10_000)
        free = [u for u in unit_ids if kiosk.choices.is_available(u)]
        assert len(free) == len(unit_ids) - sold
        for unit_id in free[5:8]:
            qtbot.mouseClick(kiosk.grid, Qt.MouseButton.LeftButton, pos=kiosk.grid.unit_rect(unit_id).center())
        assert kiosk.choices.ranked == free[5:8]
        path = save(kiosk, "kiosk.png", tmp_path)
        assert path.stat().st_size > 20_000
    finally:
        conn.close()
