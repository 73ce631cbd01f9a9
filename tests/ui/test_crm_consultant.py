"""The consultant's 我的客户 against a real server: new customers with the server's phone errors beside the field,
editing, follow-ups with the next date on the timeline, claiming from the public pool, checking in and out,
and searching by name, last 4 digits, pinyin initials and tag with keyset paging."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.crm.consultant import QtConsultantPage
from client.ui.crm.customer_form import QtCustomerDialog
from shared.protocol.messages.crm_customers import CreateCustomerRequest, CustomerRef
from shared.protocol.messages.crm_types import FollowUpKind, Intent
from tests.ui import GuiClients
from tests.ui.crm_support import WAIT_MS, Office, close_office, make_office, open_page, wait_dialog


@pytest.fixture
def office(login: Callable[..., SyncClient], make_user: Callable[..., str], pairing: Pairing) -> Iterator[Office]:
    o = make_office(login, make_user, pairing)
    yield o
    close_office(o)


def consultant_page(qtbot: QtBot, gui: GuiClients, o: Office, key: str = "c0") -> QtConsultantPage:
    page = open_page(qtbot, gui, o.users[key], lambda conn, reply: QtConsultantPage(conn, reply.user.id))
    qtbot.waitUntil(lambda: page.project_id == o.project_id and not page.customers.loading, timeout=WAIT_MS)
    return page


@pytest.mark.usefixtures("zh_cn")
def test_a_new_customer_shows_the_servers_phone_errors_beside_the_field(
    qtbot: QtBot, gui: GuiClients, office: Office
) -> None:
    office.sync["c1"].call(
        "customers.create", CreateCustomerRequest(project_id=office.project_id, name="王芳", phone="13912345678")
    )
    page = consultant_page(qtbot, gui, office)
    qtbot.keyClick(page.new_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, page, QtCustomerDialog)
    qtbot.waitUntil(dialog.name_edit.hasFocus, timeout=WAIT_MS)
    dialog.name_edit.insert("孙丽")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert dialog.phone_edit.hasFocus()
    qtbot.keyClicks(dialog.phone_edit, "1234")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)  # Enter submits
    phone_error = dialog.field_errors["phone"]
    qtbot.waitUntil(phone_error.isVisible, timeout=WAIT_MS)
    assert "手机号" in phone_error.text() and dialog.isVisible()
    # 撞单: a colleague's customer; the reply says whose, beside the phone.
    dialog.phone_edit.setText("13912345678")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "赵强" in phone_error.text(), timeout=WAIT_MS)
    assert "139****5678" in phone_error.text() and dialog.isVisible()
    dialog.phone_edit.setText("13800001111")
    dialog.intent.setCurrentIndex(dialog.intent.findData(Intent.A.value))
    dialog.tags_edit.setText("改善，学区")
    dialog.budget.setValue(320)
    dialog.layout_edit.setCurrentText("四室两厅")
    dialog.note_edit.setText("父母同住")
    dialog.co_buyers.add()
    dialog.co_buyers.table.item(0, 0).setText("孙强")
    dialog.co_buyers.table.item(0, 2).setText("配偶")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.detail.customer is not None and page.detail.customer.name == "孙丽", timeout=WAIT_MS)
    c = page.detail.customer
    assert c is not None and c.phone == "13800001111" and c.intent is Intent.A and c.tags == ["学区", "改善"]
    assert [(b.name, b.relation) for b in c.co_buyers] == [("孙强", "配偶")] and c.owner_name == "李娜"
    assert "320 万" in page.detail.facts["needs"].text() and "四室两厅" in page.detail.facts["needs"].text()
    qtbot.waitUntil(lambda: page.customers.table.rowCount() == 1, timeout=WAIT_MS)
    assert page.customers.table.item(0, 0).text() == "孙丽"

    # Edit: the server keeps the version; the detail follows.
    page.customers.table.selectRow(0)
    qtbot.mouseClick(page.detail.edit_button, Qt.MouseButton.LeftButton)
    edit = wait_dialog(qtbot, page.detail, QtCustomerDialog)
    assert edit.name_edit.text() == "孙丽" and edit.tags_edit.text() == "学区 改善"
    edit.intent.setCurrentIndex(edit.intent.findData(Intent.B.value))
    edit.tags_edit.setText("学区 全款")
    assert edit.budget.value() == 320
    edit.budget.setValue(0)  # shown as 未填写: the budget is taken away
    qtbot.keyClick(edit.note_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.dialog is None, timeout=WAIT_MS)
    stored = office.sync["c0"].call("customers.get", CustomerRef(customer_id=c.id))
    assert stored.intent is Intent.B and stored.tags == ["全款", "学区"] and stored.version == c.version + 1
    assert stored.budget_wan is None and stored.layout == "四室两厅"
    qtbot.waitUntil(lambda: "全款" in page.detail.facts["tags"].text(), timeout=WAIT_MS)
    assert "万" not in page.detail.facts["needs"].text() and "四室两厅" in page.detail.facts["needs"].text()


def test_a_follow_up_with_the_next_date_lands_on_the_timeline(qtbot: QtBot, gui: GuiClients, office: Office) -> None:
    mine = office.sync["c0"].call(
        "customers.create", CreateCustomerRequest(project_id=office.project_id, name="张伟", phone="13812345678")
    )
    page = consultant_page(qtbot, gui, office)
    qtbot.waitUntil(lambda: page.customers.table.rowCount() == 1, timeout=WAIT_MS)
    page.customers.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.customer is not None and page.detail.add_button.isEnabled(), timeout=WAIT_MS)
    page.detail.kind.setCurrentIndex(page.detail.kind.findData(FollowUpKind.WECHAT.value))
    wanted = page.detail.next_at.dateTime()
    page.detail.note.setFocus()
    page.detail.note.insert("发了样板间视频，周六带家人来")
    qtbot.keyClick(page.detail.note, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(
            "样板间视频" in (page.detail.timeline.item(r, 2).text()) for r in range(page.detail.timeline.rowCount())
        ),
        timeout=WAIT_MS,
    )
    stored = office.sync["c0"].call("customers.get", CustomerRef(customer_id=mine.id))
    assert stored.next_followup_at is not None and stored.last_followup_at is not None
    assert abs(stored.next_followup_at.timestamp() - wanted.toSecsSinceEpoch()) < 60
    assert page.detail.note.text() == ""


def test_claiming_from_the_pool_and_checking_in_and_out(qtbot: QtBot, gui: GuiClients, office: Office) -> None:
    pooled = office.sync["manager"].call(
        "customers.create", CreateCustomerRequest(project_id=office.project_id, name="刘洋", phone="13700001234")
    )
    page = consultant_page(qtbot, gui, office)
    page.lists.setCurrentWidget(page.pool)
    qtbot.waitUntil(lambda: page.pool.table.rowCount() == 1, timeout=WAIT_MS)
    assert page.pool.table.item(0, 1).text() == "137****1234"  # masked until claimed
    page.pool.table.selectRow(0)
    qtbot.waitUntil(page.detail.claim_button.isVisible, timeout=WAIT_MS)
    assert not page.detail.edit_button.isEnabled() and not page.detail.add_button.isEnabled()
    qtbot.mouseClick(page.detail.claim_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.customers.table.rowCount() == 1 and page.pool.table.rowCount() == 0, timeout=WAIT_MS)
    assert office.sync["c0"].call("customers.get", CustomerRef(customer_id=pooled.id)).owner_id == office.ids["c0"]
    assert page.detail.customer is not None and page.detail.customer.phone == "13700001234"
    assert not page.detail.claim_button.isVisible() and page.detail.edit_button.isEnabled()
    # The rotation: in, then out, each reflected from the server's queue.
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.checked_in, timeout=WAIT_MS)
    assert "#1" in page.rotation.text()
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.checked_in and page.check_button.isEnabled(), timeout=WAIT_MS)


def names(page: Any) -> list[str]:
    t = page.customers.table
    return [t.item(r, 0).text() for r in range(t.rowCount())]


def test_search_by_name_last4_initials_and_tag_with_paging(qtbot: QtBot, gui: GuiClients, office: Office) -> None:
    seller = office.sync["c0"]
    people = [("张伟", "13812345678", ["改善"]), ("张敏", "13900005678", []), ("李娜", "13700002222", ["学区"])]
    people += [(f"王{n}", f"1360000{i:04d}", ["投资"]) for i, n in enumerate("一二三四五六七八九十甲乙")]
    for name, phone, tags in people:
        seller.call(
            "customers.create", CreateCustomerRequest(project_id=office.project_id, name=name, phone=phone, tags=tags)
        )
    page = consultant_page(qtbot, gui, office)
    page.customers.page_size = 5
    page.customers.reload()
    qtbot.waitUntil(lambda: page.customers.table.rowCount() == 5 and not page.customers.loading, timeout=WAIT_MS)
    assert page.customers.more_button.isVisible() and names(page)[0] == "王乙"  # newest first
    qtbot.mouseClick(page.customers.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.customers.table.rowCount() == 10, timeout=WAIT_MS)
    # Scrolling to the end asks for the next page by itself.
    page.resize(1200, 420)
    bar = page.customers.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT_MS)
    bar.setValue(bar.maximum())
    qtbot.waitUntil(
        lambda: page.customers.table.rowCount() == 15 and not page.customers.more_button.isVisible(), timeout=WAIT_MS
    )
    assert len(set(names(page))) == 15
    search = page.customers.search
    assert search is not None
    for query, expected in (
        ("张", {"张伟", "张敏"}),
        ("5678", {"张伟", "张敏"}),
        ("zw", {"张伟"}),
        ("5678 张敏", {"张敏"}),
    ):
        search.setText(query)  # typing pauses start the search; Enter does at once
        qtbot.keyClick(search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda expected=expected: set(names(page)) == expected, timeout=WAIT_MS)
    search.clear()
    assert page.customers.tags is not None
    page.customers.tags.setText("学区")
    qtbot.keyClick(page.customers.tags, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: names(page) == ["李娜"], timeout=WAIT_MS)
