"""The buyer kiosk against a real server: sign in with phone + 认筹号, pick, and lose a race to another kiosk."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.labels import format_price
from client.ui.qt_connection import QtConnection
from client.ui.qt_kiosk import KIOSK_TOPICS, QtKioskWindow
from shared.domain import OpeningStatus, PickOutcome, Role
from shared.protocol.messages.catalog import UnitRef
from shared.protocol.messages.opening import OpeningRef
from tests.factories import buyer_login, opening, project_with_units
from tests.ui import net_threads

pytestmark = pytest.mark.usefixtures("zh_cn")


@pytest.fixture
def kiosks(qtbot: QtBot, pairing: Pairing) -> Iterator[Callable[[int], QtKioskWindow]]:
    conns: list[QtConnection] = []

    def make(opening_id: int) -> QtKioskWindow:
        conn = QtConnection(pairing, topics=KIOSK_TOPICS)  # as `showroom client --kiosk` connects
        conns.append(conn)
        window = QtKioskWindow(conn, opening_id)
        qtbot.addWidget(window)
        window.resize(1200, 760)
        window.show()
        return window

    yield make
    for conn in conns:
        conn.close()
    assert not net_threads()


def sign_in(qtbot: QtBot, kiosk: QtKioskWindow, buyer: int) -> None:
    phone, ticket = buyer_login(buyer)
    qtbot.keyClicks(kiosk.phone_edit, phone)
    qtbot.keyClicks(kiosk.ticket_edit, ticket)
    qtbot.mouseClick(kiosk.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 1 and bool(kiosk.grid.rects), timeout=10_000)


def tap(qtbot: QtBot, kiosk: QtKioskWindow, unit_id: int) -> None:
    qtbot.mouseClick(kiosk.grid, Qt.MouseButton.LeftButton, pos=kiosk.grid.unit_rect(unit_id).center())


def wait_running(manager: SyncClient, opening_id: int) -> None:
    deadline = time.monotonic() + 15
    while manager.call("openings.stats", OpeningRef(opening_id=opening_id)).opening.status is not OpeningStatus.RUNNING:
        assert time.monotonic() < deadline, "the opening never started"
        time.sleep(0.05)


def test_a_buyer_picks_and_the_next_one_is_told_it_is_taken_and_gets_their_second_choice(
    qtbot: QtBot, login: Callable[..., SyncClient], kiosks: Callable[[int], QtKioskWindow]
) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=3, per_floor=2)
    ids = [u.id for u in units]
    info = opening(manager, project_id, ids, buyers=2, starts_in=2.0)
    first, second = kiosks(info.id), kiosks(info.id)
    sign_in(qtbot, first, 0)
    sign_in(qtbot, second, 1)
    assert first.header.text().startswith("首开 · ")
    assert "认筹号 T00000" in first.buyer_label.text() and first.buyer_label.text().startswith("买*")
    a, b = ids[0], ids[1]
    # Both want A most; the second buyer's fallback is B.
    tap(qtbot, first, a)
    tap(qtbot, second, a)
    tap(qtbot, second, b)
    assert second.choices.ranked == [a, b]
    price_a, price_b = (format_price(second.choices.units[u].price) for u in (a, b))
    assert second.choices_label.text() == f"第1志愿：1号楼 101（{price_a}）　第2志愿：1号楼 102（{price_b}）"
    wait_running(manager, info.id)

    qtbot.mouseClick(first.pick_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first.last_result is not None, timeout=10_000)
    assert first.last_result is not None and first.last_result.outcome is PickOutcome.ALLOCATED
    assert first.result_label.text() == "恭喜您，成功选中 1号楼 101！"
    # The other kiosk hears at once that A went (a grey 已被选 cell), without anyone refreshing.
    qtbot.waitUntil(lambda: not second.choices.is_available(a), timeout=5000)

    qtbot.mouseClick(second.pick_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second.last_result is not None, timeout=10_000)
    result = second.last_result
    assert result is not None and result.outcome is PickOutcome.ALLOCATED
    assert (result.unit_id, result.taken) == (b, [a])
    assert second.result_label.text() == "1号楼 101 已被选。恭喜您，成功选中 1号楼 102！"
    assert "已选：1号楼 102" in second.buyer_label.text()
    # The server agrees: A went to the first buyer, B to the second, nothing else.
    assert manager.call("units.get", UnitRef(unit_id=a)).customer_name == "买家0"
    assert manager.call("units.get", UnitRef(unit_id=b)).customer_name == "买家1"
    # 下一位: the kiosk forgets the buyer.
    qtbot.mouseClick(second.next_button, Qt.MouseButton.LeftButton)
    assert second.pages.currentIndex() == 0 and second.session is None and second.conn.net.token is None


def test_a_wrong_ticket_number_is_refused_at_the_kiosk(
    qtbot: QtBot, login: Callable[..., SyncClient], kiosks: Callable[[int], QtKioskWindow]
) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=1, per_floor=2)
    info = opening(manager, project_id, [u.id for u in units], buyers=1, starts_in=60)
    kiosk = kiosks(info.id)
    phone, _ = buyer_login(0)
    qtbot.keyClicks(kiosk.phone_edit, phone)
    qtbot.keyClicks(kiosk.ticket_edit, "T99999")
    qtbot.mouseClick(kiosk.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.sign_in_button.isEnabled() and kiosk.sign_in_message.text() != "", timeout=10_000)
    assert kiosk.pages.currentIndex() == 0 and kiosk.session is None
    assert kiosk.sign_in_message.text() == "手机号或认筹号不正确"


def test_a_kiosk_hears_its_opening_only_and_reads_the_board_again_when_it_missed_a_sale(
    qtbot: QtBot, login: Callable[..., SyncClient], kiosks: Callable[[int], QtKioskWindow]
) -> None:
    """A hall of kiosks must not cost the server an encryption of every board change each: a kiosk subscribes to
    its opening's events only. It then cannot see sequence gaps; a lost opening.units shows instead as fewer units
    taken than the next opening.progress says were sold, and the kiosk reads the board again."""
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=1, per_floor=3)
    a, b = units[0].id, units[1].id
    info = opening(manager, project_id, [u.id for u in units], buyers=2, starts_in=2.0)
    first, second = kiosks(info.id), kiosks(info.id)
    heard: list[str] = []
    second.conn.event_received.connect(lambda type_, _payload, _event: heard.append(type_))
    sign_in(qtbot, first, 0)
    sign_in(qtbot, second, 1)
    wait_running(manager, info.id)
    tap(qtbot, first, a)
    qtbot.mouseClick(first.pick_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not second.choices.is_available(a), timeout=10_000)
    # The pick changed unit A on every staff board (unit.changed); the kiosk heard only its opening's events.
    assert "opening.units" in heard and "opening.progress" in heard
    assert "unit.changed" not in heard and set(heard) <= {"opening.units", "opening.progress", "heartbeat"}

    second.choices.available[a] = True  # as if the opening.units telling it A went had been lost
    assert second.choices.is_available(a) and second.choices.is_available(b)
    manager.call("openings.pause", OpeningRef(opening_id=info.id))  # any opening.progress will do
    qtbot.waitUntil(lambda: not second.choices.is_available(a), timeout=10_000)
    assert second.choices.is_available(b) and second.status is OpeningStatus.PAUSED
