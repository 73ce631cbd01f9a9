"""The CRM workspaces against a real server: the front desk registers a returning customer in one keystroke
flow and the owner consultant's client shows the notification; screenshots of the three workspaces.

With SHOWROOM_WRITE_SCREENSHOTS=1 the images are also copied to docs/screenshots (crm_*.png).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.crm.attribution import QtAttributionDialog
from client.ui.crm.consultant import QtConsultantPage
from client.ui.crm.front_desk import QtFrontDeskPage
from client.ui.crm.manager import QtManagerCrmPage
from client.ui.qt_main_window import QtMainWindow
from server.app import ServerApp
from server.crm.demo_data import seed_crm
from server.crm.importing import COLUMNS
from server.db.crm_models import Customer, Visit
from server.db.models import User
from shared.domain import Role
from shared.protocol.envelope import utcnow
from shared.protocol.messages.catalog import CreateProjectRequest
from shared.protocol.messages.crm_customers import CreateCustomerRequest
from shared.protocol.messages.crm_types import LookupOutcome
from tests.conftest import PASSWORD
from tests.ui import GuiClients
from tests.ui.test_screenshots import save


def test_front_desk_registers_a_returning_customer_and_the_owner_is_notified(
    qtbot: QtBot, gui: GuiClients, pairing: Pairing, make_user: Callable[..., str], login: Callable[..., SyncClient]
) -> None:
    project = login(Role.ADMIN).call("projects.create", CreateProjectRequest(name="云栖湾"))
    owner = make_user(Role.CONSULTANT, "liqiang", display_name="李强")
    with SyncClient(pairing, timeout_ms=5000) as sync:
        sync.login(owner, PASSWORD)
        sync.call("customers.create", CreateCustomerRequest(project_id=project.id, name="张伟", phone="13812345678"))
    conn_c, reply_c = gui.sign_in(owner)
    consultant = QtConsultantPage(conn_c, reply_c.user.id)
    qtbot.addWidget(consultant)
    consultant.show()
    qtbot.waitUntil(lambda: consultant.customers.table.rowCount() == 1, timeout=10_000)
    assert consultant.notices.texts() == []
    conn_f, _ = gui.sign_in(make_user(Role.FRONT_DESK, "qiantai", display_name="周敏"))
    desk = QtFrontDeskPage(conn_f)
    qtbot.addWidget(desk)
    desk.show()
    qtbot.waitUntil(lambda: desk.project_id == project.id, timeout=10_000)
    desk.phone_edit.setFocus()
    qtbot.keyClicks(desk.phone_edit, "13812345678")
    qtbot.keyClick(desk.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "张伟" in desk.result.text() and desk.register_button.isEnabled(), timeout=10_000)
    assert "李强" in desk.result.text() and "138****5678" in desk.result.text()
    # The second Enter registers (the register button took the focus; Enter in the phone field works too).
    qtbot.keyClick(desk.register_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.arrivals.rowCount() == 1, timeout=10_000)
    assert desk.arrivals.item(0, 1).text() == "张伟" and desk.arrivals.item(0, 5).text() == "李强"
    assert desk.phone_edit.text() == "" and desk.phone_edit.hasFocus()
    # The owner's client hears of it live (notice.new), fetches the notice and shows it.
    qtbot.waitUntil(lambda: any("张伟" in t for t in consultant.notices.texts()), timeout=10_000)
    assert "1" in consultant.notices.title.text()


def test_a_new_visitor_goes_through_the_rotation_from_the_keyboard(
    qtbot: QtBot, gui: GuiClients, make_user: Callable[..., str], login: Callable[..., SyncClient], pairing: Pairing
) -> None:
    project = login(Role.ADMIN).call("projects.create", CreateProjectRequest(name="云栖湾二期"))
    seller = make_user(Role.CONSULTANT, "zhaoqiang", display_name="赵强")
    conn_c, reply_c = gui.sign_in(seller)
    consultant = QtConsultantPage(conn_c, reply_c.user.id)
    qtbot.addWidget(consultant)
    qtbot.waitUntil(lambda: consultant.project_id == project.id, timeout=10_000)
    consultant.toggle_check_in()
    qtbot.waitUntil(lambda: consultant.checked_in, timeout=10_000)
    conn_f, _ = gui.sign_in(make_user(Role.FRONT_DESK))
    desk = QtFrontDeskPage(conn_f)
    qtbot.addWidget(desk)
    desk.show()
    desk.phone_edit.setFocus()
    qtbot.waitUntil(lambda: desk.project_id == project.id and desk.queue.rowCount() == 1, timeout=10_000)
    qtbot.keyClicks(desk.phone_edit, "13900001111")
    qtbot.keyClick(desk.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.lookup is not None, timeout=10_000)
    assert desk.lookup is not None and desk.lookup.outcome is LookupOutcome.NEW
    assert desk.name_edit.hasFocus()
    desk.name_edit.insert("孙丽")  # Chinese comes through the input method, not key events
    qtbot.keyClick(desk.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.arrivals.rowCount() == 1, timeout=10_000)
    assert desk.arrivals.item(0, 5).text() == "赵强"
    qtbot.waitUntil(lambda: consultant.customers.table.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: any("孙丽" in t for t in consultant.notices.texts()), timeout=10_000)


@pytest.mark.usefixtures("looks_like_the_app")
def test_crm_screenshots(
    qtbot: QtBot,
    gui: GuiClients,
    server: ServerApp,
    make_user: Callable[..., str],
    login: Callable[..., SyncClient],
    tmp_path: Path,
) -> None:
    project = login(Role.ADMIN).call("projects.create", CreateProjectRequest(name="云栖湾", city="杭州"))
    names = {
        "manager": make_user(Role.SALES_MANAGER, "chenjing", display_name="陈静"),
        "front": make_user(Role.FRONT_DESK, "zhangmin", display_name="张敏"),
    }
    for i, display in enumerate(("李娜", "赵强", "孙丽")):
        names[f"c{i}"] = make_user(Role.CONSULTANT, f"seller{i}", display_name=display)
    assert server.database is not None
    with server.database.sessions() as db, db.begin():
        users = {k: db.scalars(select(User).where(User.username == v)).one() for k, v in names.items()}
        seed_crm(
            db,
            project.id,
            sellers=[users["c0"], users["c1"], users["c2"]],
            front=users["front"],
            manager=users["manager"],
            now=utcnow(),
        )
    shots = []
    for key, page_type, file in (
        ("front", QtFrontDeskPage, "crm_front_desk.png"),
        ("c0", QtConsultantPage, "crm_consultant.png"),
        ("manager", QtManagerCrmPage, "crm_manager.png"),
    ):
        conn, reply = gui.sign_in(names[key])
        window = QtMainWindow(conn, reply)
        qtbot.addWidget(window)
        page = next(
            window.tabs.widget(i) for i in range(window.tabs.count()) if isinstance(window.tabs.widget(i), page_type)
        )
        window.tabs.setCurrentWidget(page)
        window.resize(1366, 800)
        window.show()
        qtbot.waitExposed(window)
        shots.append((window, page, file))
    front, consultant, manager = (s[1] for s in shots)
    assert isinstance(front, QtFrontDeskPage) and isinstance(consultant, QtConsultantPage)
    assert isinstance(manager, QtManagerCrmPage)
    qtbot.waitUntil(lambda: front.arrivals.rowCount() == 9 and front.queue.rowCount() == 3, timeout=15_000)
    with server.database.sessions() as db:
        regular = db.scalars(select(Customer).where(Customer.owner_id.is_not(None)).order_by(Customer.id)).first()
        assert regular is not None
    qtbot.keyClicks(front.phone_edit, regular.phone)
    qtbot.keyClick(front.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: regular.name in front.result.text(), timeout=15_000)
    qtbot.waitUntil(lambda: consultant.customers.table.rowCount() >= 7, timeout=15_000)
    consultant.customers.table.selectRow(0)
    qtbot.waitUntil(lambda: consultant.detail.timeline.rowCount() >= 1, timeout=15_000)
    qtbot.waitUntil(lambda: manager.reports.table.rowCount() == 9 and manager.fairness.rowCount() == 3, timeout=15_000)
    assert "已拒绝" in {manager.reports.table.item(r, 6).text() for r in range(manager.reports.table.rowCount())}
    for window, _, file in shots:
        save(window, file, tmp_path)
    # The import with its bad rows, before the confirmation.
    manager_window = shots[2][0]
    manager.tabs.setCurrentWidget(manager.importer)
    manager.importer.set_file(customer_file(tmp_path / "客户导入.xlsx"))
    manager.importer.upload()
    qtbot.waitUntil(lambda: manager.importer.staged is not None, timeout=15_000)
    save(manager_window, "crm_import.png", tmp_path)
    # 判客 of a customer brought by a channel, after a ruling.
    with server.database.sessions() as db:
        brought = db.scalars(select(Visit.customer_id).where(Visit.report_id.is_not(None)).order_by(Visit.id)).first()
    assert brought is not None
    manager.tabs.setCurrentIndex(2)
    manager.all_customers.search.setText("")  # type: ignore[union-attr]
    manager.detail.load(brought)
    qtbot.waitUntil(
        lambda: manager.detail.customer is not None and manager.detail.customer.id == brought, timeout=15_000
    )
    manager.detail.attribution()
    dialog = manager.detail.dialog
    assert isinstance(dialog, QtAttributionDialog)
    qtbot.waitUntil(lambda: dialog.info is not None and dialog.channel.count() == 3, timeout=15_000)
    dialog.ledger.selectRow(0)
    qtbot.waitUntil(lambda: dialog.evidence.rowCount() == 2, timeout=15_000)
    dialog.kind.setCurrentIndex(1)
    dialog.reason.setText("经纪人带看记录与来访登记一致，维持渠道归属")
    qtbot.waitExposed(dialog)
    save(dialog, "crm_attribution.png", tmp_path)
    dialog.close()


def customer_file(path: Path) -> Path:
    """A filled-in import template with a few mistakes the office would make."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c[0] for c in COLUMNS])
    good = [
        ["周杰", "13588880001", "男", "自然来访", "A", "改善;学区", 320, "四室两厅", "143㎡", "改善", "", "seller0"],
        ["吴敏", "13588880002", "女", "渠道", "B", "刚需", 180, "两室两厅", "89㎡", "自住", "", "seller1"],
        ["郑浩然", "13588880003", "男", "老带新", "B", "", 260, "三室两厅", "128㎡", "自住", "", ""],
    ]
    for row in good:
        ws.append(row)
    ws.append(["王雪梅", "1358888", "女", "自然来访", "C", "", "", "", "", "", "", ""])
    ws.append(["", "13588880005", "", "自然来访", "C", "", "", "", "", "", "", ""])
    ws.append(["林国庆", "13588880006", "男", "地推", "E", "", "三百", "", "", "", "", "nobody"])
    wb.save(path)
    return path
