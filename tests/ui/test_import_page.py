"""The unit import page against a real server: template download, a good file, a file with bad rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from client.i18n import I18N_DIR
from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.qt_connection import QtConnection
from client.ui.qt_import_page import QtImportPage, QtProjectDialog
from server.excel.units import COLUMNS
from shared.domain import Role
from shared.protocol.messages.catalog import BoardRequest, CreateProjectRequest

Row = tuple[object, ...]


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(Path(I18N_DIR) / "admin_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def admin(login: Callable[..., SyncClient]) -> SyncClient:
    return login(Role.ADMIN, "wanglei")


@pytest.fixture
def conn(pairing: Pairing, admin: SyncClient, qtbot: QtBot) -> Iterator[QtConnection]:
    connection = QtConnection(pairing)
    connection.set_session(admin.login_reply)
    yield connection
    connection.close()


def ime_type(widget: QWidget, text: str) -> None:
    """Types Chinese the way an input method does (QTest's key clicks only know ASCII)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def good_rows(buildings: int = 2, floors: int = 20, per_floor: int = 4) -> list[Row]:
    return [
        (f"{b}号楼", f, f"{f}{u:02d}", "三室两厅两卫", 128.56, 102.3, "南北", 3_856_800 + f * 10_000)
        for b in range(1, buildings + 1)
        for f in range(2, floors + 2)
        for u in range(1, per_floor + 1)
    ]


# (row as written, (sheet row number, field)): the header is row 1, so the n-th data row is row n + 1.
BAD_ROWS: list[tuple[Row, tuple[int, str]]] = [
    (("1号楼", "十八", "1801", "三室两厅两卫", 128.56, 102.3, "南北", 3_856_800), (0, "floor")),
    (("1号楼", 19, "1901", "三室两厅两卫", 98.0, 102.3, "南北", 3_856_800), (0, "inner_area")),
    (("1号楼", 20, "2001", "三室两厅两卫", 128.56, 102.3, "正南", 3_856_800), (0, "orientation")),
    (("1号楼", 21, "2101", "", 128.56, 102.3, "南", 3_856_800), (0, "layout")),
    (("1号楼", 22, "2201", "两室一厅", 88.0, 70.0, "东", -1), (0, "list_price")),
]


def write_xlsx(path: Path, rows: list[Row]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c[0] for c in COLUMNS])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def _page(qtbot: QtBot, conn: QtConnection, projects: int) -> QtImportPage:
    page = QtImportPage(conn)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: len(page.projects) == projects)
    return page


def test_template_download_writes_the_workbook(qtbot: QtBot, zh: None, conn: QtConnection, tmp_path: Path) -> None:
    page = _page(qtbot, conn, 0)
    target = tmp_path / "房源导入模板.xlsx"
    with qtbot.waitSignal(page.template_saved) as saved:
        page.save_template_to(target)
    assert saved.args == [str(target)]
    sheet = load_workbook(target).worksheets[0]
    assert [c.value for c in sheet[1]] == [c[0] for c in COLUMNS]
    assert "模板已保存到" in page.message.text()


def test_new_project_then_a_good_import(
    qtbot: QtBot, zh: None, conn: QtConnection, admin: SyncClient, tmp_path: Path
) -> None:
    page = _page(qtbot, conn, 0)
    assert not page.import_button.isEnabled()
    qtbot.mouseClick(page.new_project_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, QtProjectDialog)
    ime_type(dialog.name_edit, "滨江壹号院")
    ime_type(dialog.city_edit, "杭州")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.projects) == 1 and page.project_id() is not None)
    assert page.project_combo.currentText() == "滨江壹号院（杭州）"

    rows = good_rows()
    path = write_xlsx(tmp_path / "units.xlsx", rows)
    with qtbot.waitSignal(page.import_finished, timeout=30_000) as finished:
        page.import_file(path)
        assert page.running
        assert page.progress.maximum() == 0  # busy: the total is not known yet
        assert not any(
            b.isEnabled()
            for b in (
                page.import_button,
                page.template_button,
                page.choose_button,
                page.new_project_button,
                page.project_combo,
            )
        )
    assert finished.args == [True]
    assert page.message.text() == f"已导入 {len(rows)} 套房源，新建 2 个楼栋"
    assert page.progress.maximum() > 0 and page.progress.value() == page.progress.maximum()
    assert page.import_button.isEnabled() and page.error_table.isHidden()
    # The events of this very request, matched by its idempotency key, run to the end.
    qtbot.waitUntil(lambda: any(e.stage == "done" for e in page.job_events))
    assert {e.stage for e in page.job_events} >= {"validate", "done"}
    board = admin.call("board.snapshot", BoardRequest(project_id=page.project_id()))
    assert len(board.units) == len(rows)


def test_a_bad_file_lists_every_row_and_imports_nothing(
    qtbot: QtBot, zh: None, conn: QtConnection, admin: SyncClient, tmp_path: Path
) -> None:
    project = admin.call("projects.create", CreateProjectRequest(name="云栖花园", city="杭州"))
    page = _page(qtbot, conn, 1)
    rows = good_rows(buildings=1, floors=3)
    expected = set()
    for bad, (_, field) in BAD_ROWS:
        rows.append(bad)
        expected.add((len(rows) + 1, field))
    rows.append(rows[0])  # a repeat of the first unit
    expected.add((len(rows) + 1, "number"))
    path = write_xlsx(tmp_path / "有错误的房源表.xlsx", rows)
    with qtbot.waitSignal(page.import_finished, timeout=30_000) as finished:
        page.ask_open_path = lambda: str(path)  # type: ignore[method-assign]  # instead of the file dialog
        qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
        assert page.file_label.text() == path.name
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert finished.args == [False]
    assert "未导入任何数据" in page.message.text()
    assert "6 行共有 6 处错误" in page.message.text()
    table = page.error_table
    assert table.isVisible() and table.rowCount() == len(expected)
    shown = {(int(table.item(r, 0).text()), table.item(r, 1).text()) for r in range(table.rowCount())}
    labels = {
        "floor": "楼层",
        "inner_area": "套内面积",
        "orientation": "朝向",
        "layout": "户型",
        "list_price": "表价",
        "number": "房号",
    }
    assert shown == {(row, labels[field]) for row, field in expected}
    reasons = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert any("朝向“正南”无效" in r for r in reasons)
    assert any("套内面积不能大于建筑面积" in r for r in reasons)
    assert page.progress.value() == 0 and page.import_button.isEnabled()
    assert admin.call("board.snapshot", BoardRequest(project_id=project.id)).units == []


def test_import_needs_a_project(qtbot: QtBot, zh: None, conn: QtConnection, tmp_path: Path) -> None:
    page = _page(qtbot, conn, 0)
    page.import_file(write_xlsx(tmp_path / "units.xlsx", good_rows(1, 1, 1)))
    assert not page.running
    assert page.message.text() == "请先选择楼盘，或新建一个楼盘。"
