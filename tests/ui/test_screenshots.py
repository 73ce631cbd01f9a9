"""Screenshots of the login dialog and the 销控 board, from a real server with demo-like data.

The images always go to the test's temporary directory; with SHOWROOM_WRITE_SCREENSHOTS=1 they are also
copied to docs/screenshots (login.png, board.png).
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from client.net.sync_client import SyncClient
from client.ui.qt_main_window import QtMainWindow
from client.ui.style import app_font
from shared.domain import Role, UnitStatus
from shared.protocol.messages.catalog import Board
from tests.conftest import PASSWORD
from tests.ui import GuiClients, seed_project, set_status, unit_by_number

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE_ENV = "SHOWROOM_WRITE_SCREENSHOTS"


pytestmark = pytest.mark.usefixtures("looks_like_the_app")


def save(widget: QWidget, name: str, tmp_path: Path) -> Path:
    image = widget.grab().toImage()
    assert not image.isNull() and image.width() > 300
    path = tmp_path / name
    assert image.save(str(path))
    if os.environ.get(WRITE_ENV) == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / name)
    return path


def demo_statuses(manager: SyncClient, board: Board) -> None:
    """A believable sales picture: low floors mostly sold, middle floors selling, the top not yet released."""
    rng = random.Random(20250501)
    for unit in board.units:
        if unit.floor >= 16:
            weights = {UnitStatus.NOT_RELEASED: 8, UnitStatus.RESERVED: 1}
        elif unit.floor >= 9:
            weights = {
                UnitStatus.AVAILABLE: 6,
                UnitStatus.HELD: 2,
                UnitStatus.SUBSCRIBED: 2,
                UnitStatus.SIGNED: 1,
                UnitStatus.RESERVED: 1,
            }
        else:
            weights = {
                UnitStatus.SOLD: 5,
                UnitStatus.SIGNED: 3,
                UnitStatus.SUBSCRIBED: 1,
                UnitStatus.AVAILABLE: 1,
                UnitStatus.UNAVAILABLE: 1 if unit.floor == 1 else 0,
            }
        status = rng.choices(list(weights), weights=list(weights.values()))[0]
        if unit.floor == 1 and unit.number.endswith("04"):
            status = UnitStatus.UNAVAILABLE  # every colour of the board shows (a sales-office store room)
        if status is not UnitStatus.NOT_RELEASED:
            set_status(manager, unit, status)


def test_a_listed_cjk_font_is_installed() -> None:
    chinese = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    listed = [family for family in app_font().families() if family in chinese]
    assert listed, "install a CJK font (e.g. fonts-wqy-microhei) or Chinese shows as boxes"


def test_login_screenshot(qtbot: QtBot, gui: GuiClients, tmp_path: Path) -> None:
    dialog = gui.dialog()
    qtbot.keyClicks(dialog.user_edit, "wangfang")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    dialog.resize(520, dialog.sizeHint().height())
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "登录 — Showroom 案场管理"
    save(dialog, "login.png", tmp_path)


def test_board_screenshot(
    qtbot: QtBot, gui: GuiClients, tmp_path: Path, make_user: Callable[..., str], login: Callable[..., SyncClient]
) -> None:
    board = seed_project(login(Role.ADMIN), floors=18, per_floor=4)
    demo_statuses(login(Role.SALES_MANAGER), board)
    conn, reply = gui.sign_in(make_user(Role.SALES_MANAGER, "wangfang", display_name="王芳"))
    window = QtMainWindow(conn, reply)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    page = window.board
    qtbot.waitUntil(lambda: page.model.project is not None and not page.model.loading, timeout=10_000)
    page.select_unit(unit_by_number(board, "1号楼", "1202").id)
    status = page.detail.fields["status"]
    qtbot.waitUntil(lambda: status.width() >= status.sizeHint().width())  # the relayout is queued
    qtbot.waitUntil(lambda: window.indicator.text.text() == "已连接")
    assert len(page.model.units) == 144
    path = save(window, "board.png", tmp_path)
    assert path.stat().st_size > 20_000
