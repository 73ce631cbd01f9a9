"""Screenshots of the administration pages in Chinese with a realistic sales office behind them.

Always written to a temporary folder; copied to docs/screenshots/ when SHOWROOM_WRITE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from client.i18n import catalogs
from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from client.ui.qt_audit_page import QtAuditPage
from client.ui.qt_connection import QtConnection
from client.ui.qt_import_page import QtImportPage
from client.ui.qt_users_page import QtUsersPage
from client.ui.style import app_font
from server.excel.units import COLUMNS
from shared.domain import Role
from shared.protocol.messages.auth import (
    ChangePasswordRequest,
    CreateUserRequest,
    SetUserActiveRequest,
    UpdateUserRequest,
)
from shared.protocol.messages.catalog import CreateProjectRequest, ImportUnitsRequest
from tests.conftest import PASSWORD

SIZE = (1200, 750)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
INITIAL = "Chushi2025"
OWN = "Ziji2025pw"
PROJECT = CreateProjectRequest(name="滨江壹号院", city="杭州", address="滨江区江南大道 888 号")
# username, 姓名, role, signs in and picks their own password
STAFF = [
    ("chenjing", "陈静", Role.CONSULTANT, True),  # promoted to 销售经理 below: a role change in the audit log
    ("lina", "李娜", Role.CONSULTANT, True),
    ("zhangmin", "张敏", Role.FRONT_DESK, True),
    ("liuyang", "刘洋", Role.FINANCE, True),
    ("zhouhui", "周慧", Role.CONSULTANT, True),  # then mistypes her password until locked
    ("zhaoqiang", "赵强", Role.CONSULTANT, False),  # left the company: disabled
    ("sunli", "孙丽", Role.CONSULTANT, False),  # new this week: must still change the initial password
]


@pytest.fixture
def chinese_ui(qapp: QApplication) -> Iterator[None]:
    """Every Chinese catalog the app would load, and the app's CJK font."""
    translators = []
    qt_catalog = QTranslator()
    if qt_catalog.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translators.append(qt_catalog)
    for path in catalogs("zh_CN"):
        translator = QTranslator()
        assert translator.load(str(path)), path
        translators.append(translator)
    for translator in translators:
        QCoreApplication.installTranslator(translator)
    font = qapp.font()
    qapp.setFont(app_font())
    yield
    qapp.setFont(font)
    for translator in translators:
        QCoreApplication.removeTranslator(translator)


@pytest.fixture
def office(pairing: Pairing, make_user: Callable[..., str]) -> Iterator[SyncClient]:
    """王磊 (系统管理员) signed in, after a week of ordinary administration."""
    make_user(Role.ADMIN, "wanglei", "王磊")
    admin = SyncClient(pairing, timeout_ms=5000)
    admin.login("wanglei", PASSWORD)
    ids = {}
    for username, name, role, _ in STAFF:
        ids[username] = admin.call(
            "users.create", CreateUserRequest(username=username, display_name=name, role=role, password=INITIAL)
        ).id
    for username, _, _, signs_in in STAFF:
        if signs_in:
            with SyncClient(pairing, timeout_ms=5000) as staff:
                staff.login(username, INITIAL)
                staff.call("auth.change_password", ChangePasswordRequest(old_password=INITIAL, new_password=OWN))
    admin.call("users.update", UpdateUserRequest(user_id=ids["chenjing"], role=Role.SALES_MANAGER))
    admin.call("users.set_active", SetUserActiveRequest(user_id=ids["zhaoqiang"], active=False))
    with SyncClient(pairing, timeout_ms=5000) as stranger:
        for _ in range(5):
            with pytest.raises(RemoteError):
                stranger.login("zhouhui", "zhouhui123")
    yield admin
    admin.close()


@pytest.fixture
def conn(pairing: Pairing, office: SyncClient, qtbot: QtBot) -> Iterator[QtConnection]:
    connection = QtConnection(pairing)
    connection.set_session(office.login_reply)
    yield connection
    connection.close()


def units_file(path: Path, *, bad: bool) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c[0] for c in COLUMNS])
    layouts = [
        ("三室两厅两卫", 128.56, 102.30, "南北"),
        ("两室两厅一卫", 89.12, 71.05, "南"),
        ("四室两厅三卫", 168.30, 136.88, "南北"),
        ("三室两厅一卫", 110.45, 88.60, "东南"),
    ]
    for floor in range(2, 27):
        for n, (layout, gross, inner, facing) in enumerate(layouts, start=1):
            ws.append(
                [
                    "2号楼" if bad else "1号楼",
                    floor,
                    f"{floor}{n:02d}",
                    layout,
                    gross,
                    inner,
                    facing,
                    round(gross * (29_800 + floor * 120), -2),
                ]
            )
    if bad:
        ws["B9"] = "八楼"
        ws["F23"] = 140.5
        ws["G40"] = "正南"
        ws["D57"] = None
        ws["H71"] = "待定"
        ws["C88"] = ws["C87"].value
        ws["A88"] = ws["A87"].value
        ws["B88"] = ws["B87"].value
    wb.save(path)
    return path


def save(widget: QWidget, name: str, tmp_path: Path) -> QImage:
    image = widget.grab().toImage()
    target = tmp_path / name
    assert image.save(str(target))
    if os.environ.get("SHOWROOM_WRITE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, DOCS / name)
    return image


def _show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(*SIZE)
    widget.show()


def _check(image: QImage) -> None:
    assert (image.width(), image.height()) == SIZE
    assert len({image.pixel(x, y) for x in range(0, SIZE[0], 40) for y in range(0, SIZE[1], 40)}) > 3


def test_users_screenshot(qtbot: QtBot, chinese_ui: None, conn: QtConnection, tmp_path: Path) -> None:
    page = QtUsersPage(conn)
    _show(qtbot, page)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 + len(STAFF))
    page.select_user("lina")
    page.table.setFocus()
    _check(save(page, "users.png", tmp_path))


def test_audit_screenshot(
    qtbot: QtBot, chinese_ui: None, conn: QtConnection, office: SyncClient, tmp_path: Path
) -> None:
    project = office.call("projects.create", PROJECT)
    content = units_file(tmp_path / "1号楼.xlsx", bad=False).read_bytes()
    office.call("units.import", ImportUnitsRequest(project_id=project.id, filename="1号楼房源表.xlsx", content=content))
    page = QtAuditPage(conn)
    _show(qtbot, page)
    qtbot.waitUntil(lambda: len(page.rows) > 10)
    commands = [row.command for row in page.rows]
    page.table.selectRow(commands.index("users.update"))
    _check(save(page, "audit.png", tmp_path))


def test_import_screenshot(
    qtbot: QtBot, chinese_ui: None, conn: QtConnection, office: SyncClient, tmp_path: Path
) -> None:
    office.call("projects.create", PROJECT)
    page = QtImportPage(conn)
    _show(qtbot, page)
    qtbot.waitUntil(lambda: len(page.projects) == 1)
    with qtbot.waitSignal(page.import_finished, timeout=30_000):
        page.import_file(units_file(tmp_path / "2号楼房源表.xlsx", bad=True))
    assert page.error_table.rowCount() == 6
    _check(save(page, "import.png", tmp_path))
