"""GUI tests (pytest-qt) and their helpers: seeding a project over the protocol, signing in through the dialog."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.net.sync_client import SyncClient
from client.ui.qt_connection import QtConnection
from client.ui.qt_login import QtLoginDialog
from server.excel.units import COLUMNS
from shared.domain import UnitStatus
from shared.protocol.messages.auth import LoginReply
from shared.protocol.messages.catalog import (
    Board,
    BoardRequest,
    CreateProjectRequest,
    ImportUnitsRequest,
    UnitInfo,
)
from tests.conftest import PASSWORD
from tests.factories import bring_to

LAYOUTS = (
    ("三室两厅两卫", "128.56", "102.30"),
    ("两室两厅一卫", "89.20", "71.05"),
    ("四室两厅两卫", "143.80", "116.42"),
    ("三室两厅一卫", "112.35", "90.10"),
)
ORIENTATIONS = ("南北", "南", "东南", "西南")
SIGN_IN_TIMEOUT_MS = 30_000


def units_xlsx(buildings: Iterable[str], floors: int, per_floor: int) -> bytes:
    """An import file in the server's template format: `per_floor` units on each floor of each building."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c[0] for c in COLUMNS])
    for building in buildings:
        for floor in range(1, floors + 1):
            for position in range(1, per_floor + 1):
                layout, gross, inner = LAYOUTS[(position - 1) % len(LAYOUTS)]
                price = round(float(gross) * (29_500 + floor * 120 + position * 35), -2)
                ws.append(
                    [
                        building,
                        floor,
                        f"{floor}{position:02d}",
                        layout,
                        float(gross),
                        float(inner),
                        ORIENTATIONS[(position - 1) % len(ORIENTATIONS)],
                        price,
                    ]
                )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def seed_project(
    admin: SyncClient,
    name: str = "云栖湾",
    buildings: Iterable[str] = ("1号楼", "2号楼"),
    floors: int = 3,
    per_floor: int = 2,
) -> Board:
    """Creates a project and imports its units as an administrator would; returns the fresh snapshot."""
    project = admin.call("projects.create", CreateProjectRequest(name=name, city="杭州", address="余杭区良渚"))
    content = units_xlsx(buildings, floors, per_floor)
    admin.call("units.import", ImportUnitsRequest(project_id=project.id, filename="units.xlsx", content=content))
    board: Board = admin.call("board.snapshot", BoardRequest(project_id=project.id))
    return board


def set_status(manager: SyncClient, unit: UnitInfo, status: UnitStatus) -> UnitInfo:
    """Takes a freshly imported unit to `status` the way the engine allows (推售, then hold, subscribe …)."""
    return bring_to(manager, unit.id, status)


def unit_by_number(board: Board, building: str, number: str) -> UnitInfo:
    building_id = next(b.id for b in board.buildings if b.name == building)
    return next(u for u in board.units if u.building_id == building_id and u.number == number)


def net_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "showroom-net" and t.is_alive()]


@dataclass
class GuiClients:
    """Signs users in through the real login dialog; closes every connection it opened at the end."""

    qtbot: QtBot
    pairing_path: Path
    connections: list[QtConnection] = field(default_factory=list)
    dialogs: list[QtLoginDialog] = field(default_factory=list)

    def dialog(self, pairing_path: Path | None = None, **kwargs: Any) -> QtLoginDialog:
        dialog = QtLoginDialog(pairing_path or self.pairing_path, **kwargs)
        self.qtbot.addWidget(dialog)
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def sign_in(self, username: str, password: str = PASSWORD) -> tuple[QtConnection, LoginReply]:
        dialog = self.dialog()
        self.qtbot.keyClicks(dialog.user_edit, username)
        self.qtbot.keyClicks(dialog.password_edit, password)
        self.qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        # Generous: argon2 makes sign-in the most CPU-hungry command, and CI machines are shared.
        self.qtbot.waitUntil(
            lambda: dialog.login_reply is not None or dialog.login_button.isEnabled(), timeout=SIGN_IN_TIMEOUT_MS
        )
        assert dialog.login_reply is not None, f"sign-in failed: {dialog.message.text()}"
        conn = dialog.take_connection()
        self.connections.append(conn)
        return conn, dialog.login_reply

    def close_all(self) -> None:
        for dialog in self.dialogs:
            if dialog.connection is not None:
                self.connections.append(dialog.connection)
                dialog.connection = None
        for conn in self.connections:
            conn.close()
        assert not net_threads(), "a QtConnection's network thread outlived its test"
