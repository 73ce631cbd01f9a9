"""The manager's customer import and export against a real server: template, a file with bad rows and a duplicate
phone checked with progress, every bad row with row, column and reason, the error workbook, nothing imported
before the confirmation, the duplicates' choice and "good rows only", and the audited export."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.crm.manager import QtManagerCrmPage
from server.crm.importing import COLUMNS
from shared.protocol.messages.crm_customers import CreateCustomerRequest, SearchRequest
from tests.ui import GuiClients
from tests.ui.crm_support import WAIT_MS, Office, close_office, make_office, open_page


@pytest.fixture
def office(login: Callable[..., SyncClient], make_user: Callable[..., str], pairing: Pairing) -> Iterator[Office]:
    o = make_office(login, make_user, pairing)
    yield o
    close_office(o)


def customer_file(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c[0] for c in COLUMNS])
    ws.append(["张伟", "13812345678", "男", "自然来访", "A", "改善;学区", 300, "三室两厅", "120㎡", "自住", "", ""])
    ws.append(["李娜", "13912345678", "女", "渠道", "B", "", "", "", "", "", "", ""])
    ws.append(["王芳", "12345", "女", "自然来访", "C", "", "", "", "", "", "", ""])  # a bad phone
    ws.append(["赵强", "13700001111", "男", "自然来访", "Z", "", "", "", "", "", "", ""])  # a bad intent
    ws.append(["刘洋", "13600002222", "男", "老带新", "B", "", "", "", "", "", "", ""])  # already a customer
    wb.save(path)
    return path


def count(o: Office) -> int:
    return len(o.sync["manager"].call("customers.search", SearchRequest(project_id=o.project_id)).rows)


@pytest.mark.usefixtures("zh_cn")
def test_bad_rows_are_listed_and_nothing_is_imported_before_the_confirmation(
    qtbot: QtBot, gui: GuiClients, office: Office, tmp_path: Path
) -> None:
    office.sync["c0"].call(
        "customers.create", CreateCustomerRequest(project_id=office.project_id, name="刘洋", phone="13600002222")
    )
    page = open_page(qtbot, gui, office.users["manager"], lambda c, r: QtManagerCrmPage(c, user_id=r.user.id))
    qtbot.waitUntil(lambda: page.project_id == office.project_id, timeout=WAIT_MS)
    page.tabs.setCurrentWidget(page.importer)
    imp = page.importer
    template = tmp_path / "template.xlsx"
    with qtbot.waitSignal(imp.saved, timeout=WAIT_MS):
        imp.save_template_to(template)
    header = [c.value for c in next(load_workbook(template).worksheets[0].iter_rows(max_row=1))]
    assert header == [c[0] for c in COLUMNS]

    imp.set_file(customer_file(tmp_path / "客户.xlsx"))
    assert imp.upload_button.isEnabled() and not imp.options.isVisible()
    qtbot.mouseClick(imp.upload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: imp.staged is not None, timeout=WAIT_MS)
    staged = imp.staged
    assert staged is not None and (staged.total_rows, staged.valid_rows, staged.duplicate_rows) == (5, 3, 1)
    assert imp.job is not None and any(e.job == imp.job for e in imp.job_events)  # progress keyed by the job
    cells = [[imp.errors.item(r, c).text() for c in range(3)] for r in range(imp.errors.rowCount())]
    assert [c[:2] for c in cells] == [["4", "手机"], ["5", "意向"]] and all(c[2] for c in cells)
    assert "共 5 行" in imp.summary.text() and imp.options.isVisible()
    assert count(office) == 1  # checked and staged, not imported
    report = tmp_path / "errors.xlsx"
    with qtbot.waitSignal(imp.saved, timeout=WAIT_MS):
        imp.save_report_to(report)
    rows = list(load_workbook(report).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 3 and {r[0] for r in rows[1:]} == {4, 5}

    # Confirming a file with bad rows without "good rows only" is refused: still nothing imported.
    qtbot.mouseClick(imp.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(imp.message.is_error, timeout=WAIT_MS)
    assert count(office) == 1
    imp.good_only.setChecked(True)
    qtbot.mouseClick(imp.confirm_button, Qt.MouseButton.LeftButton)  # duplicates refused (the default choice)
    qtbot.waitUntil(lambda: imp.message.is_error() and "13600002222" in imp.errors.item(0, 2).text(), timeout=WAIT_MS)
    assert count(office) == 1
    imp.merge.setChecked(True)
    with qtbot.waitSignal(imp.finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(imp.confirm_button, Qt.MouseButton.LeftButton)
    assert done.args == [True] and "新增 2 位客户，合并 1 位" in imp.message.text()
    assert count(office) == 3 and not imp.options.isVisible()

    exported = tmp_path / "export.xlsx"
    with qtbot.waitSignal(imp.saved, timeout=WAIT_MS):
        imp.export_to(exported)
    sheet = load_workbook(io.BytesIO(exported.read_bytes())).worksheets[0]
    names = {v for row in sheet.iter_rows(values_only=True) for v in row}
    assert {"张伟", "李娜", "刘洋"} <= names
