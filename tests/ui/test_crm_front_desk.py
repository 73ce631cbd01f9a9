"""The front desk 前台接待 against a real server: a rotation skip needs a reason and passes the visitor on, a
报备 entered full or masked shows its decision at once, a waiting report's 带看 is confirmed at registration or
afterwards from today's arrivals, a rejected report is appealed, and only managers check consultants in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.crm.dialogs import QtAppealDialog, QtSkipDialog
from client.ui.crm.front_desk import QtFrontDeskPage
from client.ui.crm.report_dialog import QtConfirmVisitDialog, QtReportDialog
from shared.domain import Role
from shared.protocol.messages.crm_channels import AppealListRequest, ReportListRequest
from shared.protocol.messages.crm_types import ReportStatus
from shared.protocol.messages.crm_visits import FairnessRequest, RotationRequest
from tests.ui import GuiClients
from tests.ui.crm_support import WAIT_MS, Office, close_office, make_office, open_page, wait_dialog


@pytest.fixture
def office(login: Callable[..., SyncClient], make_user: Callable[..., str], pairing: Pairing) -> Iterator[Office]:
    o = make_office(login, make_user, pairing, with_channels=True)
    yield o
    close_office(o)


def desk_page(qtbot: QtBot, gui: GuiClients, o: Office, key: str = "front") -> QtFrontDeskPage:
    page = open_page(
        qtbot,
        gui,
        o.users[key],
        lambda conn, reply: QtFrontDeskPage(conn, role=reply.user.role, user_id=reply.user.id),
    )
    qtbot.waitUntil(lambda: page.project_id == o.project_id, timeout=WAIT_MS)
    return page


def look_up(qtbot: QtBot, page: QtFrontDeskPage, phone: str) -> None:
    page.phone_edit.setFocus()
    page.phone_edit.clear()
    qtbot.keyClicks(page.phone_edit, phone)
    qtbot.keyClick(page.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.lookup is not None, timeout=WAIT_MS)


@pytest.mark.usefixtures("zh_cn")
def test_a_skip_needs_a_reason_and_the_visitor_goes_to_the_next(qtbot: QtBot, gui: GuiClients, office: Office) -> None:
    for key in ("c0", "c1"):
        office.sync[key].call("rotation.check_in", RotationRequest(project_id=office.project_id))
    page = desk_page(qtbot, gui, office)
    qtbot.waitUntil(lambda: page.queue.rowCount() == 2, timeout=WAIT_MS)
    assert not page.rotation.manage.isVisible()  # the front desk checks nobody in: the server would refuse
    first = page.rotation.next_consultant()
    assert first is not None
    second = next(e for e in page.rotation.entries if e.user_id != first.user_id)
    page.queue.selectRow(0)
    page.queue.setFocus()
    qtbot.keyClick(page.queue, Qt.Key.Key_Delete)  # the keyboard way to 跳过
    dialog = wait_dialog(qtbot, page.rotation, QtSkipDialog)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error_label.text() == "跳过必须填写原因。"
    dialog.reason_edit.insert("正在接待客户")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.rotation.dialog is None, timeout=WAIT_MS)
    assert page.rotation.pending == {first.user_id: "正在接待客户"}
    assert first.name in page.rotation.skips_label.text() and "正在接待客户" in page.rotation.skips_label.text()
    look_up(qtbot, page, "13900001111")
    assert second.name in page.result.text()
    page.name_edit.insert("孙丽")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.lookup is None and page.arrivals.rowCount() == 1, timeout=WAIT_MS)
    assert page.arrivals.item(0, 5).text() == second.name and second.name in page.result.text()
    assert page.rotation.pending == {}  # a skip is for one visitor
    rows = office.sync["manager"].call("rotation.fairness", FairnessRequest(project_id=office.project_id)).rows
    assert {(r.user_id, r.assignments, r.skips) for r in rows} == {(first.user_id, 0, 1), (second.user_id, 1, 0)}


@pytest.mark.usefixtures("zh_cn")
def test_a_report_shows_its_decision_and_its_visit_is_confirmed_at_registration(
    qtbot: QtBot, gui: GuiClients, office: Office
) -> None:
    page = desk_page(qtbot, gui, office)
    page.tabs.setCurrentWidget(page.reports)
    qtbot.keyClick(page.reports.new_button, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, page.reports, QtReportDialog)
    qtbot.waitUntil(lambda: dialog.broker.count() == 1, timeout=WAIT_MS)
    dialog.name_edit.insert("王芳")
    dialog.phone_edit.setText("139****5678")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.last is not None, timeout=WAIT_MS)
    accepted = dialog.last
    assert accepted is not None and accepted.status is ReportStatus.ACCEPTED
    assert "有效报备" in dialog.decision_label.text() and "v1" in dialog.decision_label.text()
    assert dialog.isVisible() and dialog.name_edit.text() == "" and dialog.name_edit.hasFocus()
    # The other channel reports the same customer: rejected, with the reason, at once.
    dialog.channel.setCurrentIndex(1)
    dialog.name_edit.insert("王芳")
    dialog.phone_edit.setText("13912345678")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.last is not None and dialog.last.id != accepted.id, timeout=WAIT_MS)
    assert dialog.last.status is ReportStatus.REJECTED  # type: ignore[union-attr]
    assert "已拒绝" in dialog.decision_label.text() and "其他渠道" in dialog.decision_label.text()
    assert "已拒绝" in page.reports.banner.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.reports.dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.reports.table.rowCount() == 2, timeout=WAIT_MS)

    # The visitor arrives with the first broker: the lookup offers the waiting report.
    look_up(qtbot, page, "13912345678")
    assert page.report_box.isVisible() and page.report_combo.currentData() == accepted.id
    assert "周志明" in page.report_combo.currentText()
    page.confirm_report.setChecked(True)
    page.name_edit.insert("王芳")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.lookup is None and page.arrivals.rowCount() == 1, timeout=WAIT_MS)
    assert page.arrivals.item(0, 6).text() == f"#{accepted.id}" and f"#{accepted.id}" in page.result.text()
    visited = office.sync["front"].call(
        "reports.list", ReportListRequest(project_id=office.project_id, status=ReportStatus.VISITED)
    )
    assert [r.id for r in visited.reports] == [accepted.id]

    # The rejected report is appealed from the list; the manager will see it pending.
    page.tabs.setCurrentWidget(page.reports)
    qtbot.waitUntil(lambda: page.reports.table.rowCount() == 2, timeout=WAIT_MS)
    rejected_row = next(r for r in range(2) if page.reports.table.item(r, 6).text() == "已拒绝")
    page.reports.table.selectRow(rejected_row)
    assert page.reports.appeal_button.isEnabled()
    qtbot.mouseClick(page.reports.appeal_button, Qt.MouseButton.LeftButton)
    appeal = wait_dialog(qtbot, page.reports, QtAppealDialog)
    appeal.reason_edit.insert("客户先通过我方了解项目，有聊天记录")
    qtbot.keyClick(appeal.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.reports.dialog is None, timeout=WAIT_MS)
    pending = office.sync["manager"].call("appeals.list", AppealListRequest(project_id=office.project_id)).appeals
    assert [(a.report.status, a.reason) for a in pending] == [
        (ReportStatus.REJECTED, "客户先通过我方了解项目，有聊天记录")
    ]


def test_a_broker_who_arrives_later_confirms_the_visit_from_the_arrivals(
    qtbot: QtBot, gui: GuiClients, office: Office
) -> None:
    from shared.protocol.messages.crm_channels import SubmitReportRequest

    report = office.sync["front"].call(
        "reports.submit",
        SubmitReportRequest(
            project_id=office.project_id, broker_id=office.channels[0][1], customer_name="刘洋", phone="137****1234"
        ),
    )
    page = desk_page(qtbot, gui, office)
    look_up(qtbot, page, "13700001234")
    assert page.report_box.isVisible() and not page.confirm_report.isChecked()
    page.name_edit.insert("刘洋")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)  # registered without the 带看: the broker is not here yet
    qtbot.waitUntil(lambda: page.arrivals.rowCount() == 1, timeout=WAIT_MS)
    assert page.arrivals.item(0, 6).text() == ""
    page.tabs.setCurrentIndex(0)
    page.arrivals.selectRow(0)
    assert page.confirm_button.isEnabled()
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, page, QtConfirmVisitDialog)
    qtbot.waitUntil(lambda: dialog.report.count() == 1 and dialog.ok_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.report.currentData() == report.id
    qtbot.keyClick(dialog.report, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.arrivals.item(0, 6).text() == f"#{report.id}", timeout=WAIT_MS)
    assert not page.confirm_button.isEnabled()


def test_a_manager_at_the_desk_checks_consultants_in_and_out(qtbot: QtBot, gui: GuiClients, office: Office) -> None:
    page = desk_page(qtbot, gui, office, key="manager")
    combo = page.rotation.consultant
    assert combo is not None and page.rotation.manage.isVisible()
    qtbot.waitUntil(lambda: combo.count() == 2, timeout=WAIT_MS)
    combo.setCurrentIndex(combo.findData(office.ids["c1"]))
    qtbot.mouseClick(page.rotation.check_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.queue.rowCount() == 1, timeout=WAIT_MS)
    assert page.queue.item(0, 1).text() == "赵强" and page.rotation.entries[0].checked_in
    qtbot.mouseClick(page.rotation.check_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.rotation.entries[0].checked_in, timeout=WAIT_MS)
    assert Role.SALES_MANAGER is page.role
