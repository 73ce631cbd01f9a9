"""The manager's 渠道与客户 against a real server: deciding an appeal, channels with brokers and versioned rules
and commissions, revealing an ID number (each reveal audited, nothing kept once hidden), assigning from the
public pool, the attribution view with a ruling and the evidence pack, CRM settings and fairness by day."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.crm.attribution import QtAttributionDialog
from client.ui.crm.channel_dialogs import QtBrokerDialog, QtChannelDialog, QtCommissionDialog, QtRuleDialog
from client.ui.crm.dialogs import QtAssignDialog, QtDecideAppealDialog, QtSettingsDialog
from client.ui.crm.manager import QtManagerCrmPage
from server.app import ServerApp
from server.db.models import AuditEntry
from shared.protocol.messages.crm_channels import (
    FileAppealRequest,
    ReportListRequest,
    RuleListRequest,
    SubmitReportRequest,
)
from shared.protocol.messages.crm_customers import CreateCustomerRequest, CustomerRef, ProjectRef
from shared.protocol.messages.crm_types import AppealDecision, AttributionKind, ReportStatus
from shared.protocol.messages.crm_visits import RegisterVisitRequest, RotationRequest
from tests.ui import GuiClients
from tests.ui.crm_support import WAIT_MS, Office, close_office, make_office, open_page, wait_dialog

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def office(login: Callable[..., SyncClient], make_user: Callable[..., str], pairing: Pairing) -> Iterator[Office]:
    o = make_office(login, make_user, pairing, with_channels=True)
    yield o
    close_office(o)


def manager_page(qtbot: QtBot, gui: GuiClients, o: Office) -> QtManagerCrmPage:
    page = open_page(qtbot, gui, o.users["manager"], lambda conn, reply: QtManagerCrmPage(conn, user_id=reply.user.id))
    qtbot.waitUntil(lambda: page.project_id == o.project_id, timeout=WAIT_MS)
    return page


def submit(o: Office, broker: int, name: str, phone: str) -> object:
    return o.sync["front"].call(
        "reports.submit",
        SubmitReportRequest(project_id=o.project_id, broker_id=broker, customer_name=name, phone=phone),
    )


@pytest.mark.usefixtures("zh_cn")
def test_the_manager_overturns_an_appeal_with_a_note(qtbot: QtBot, gui: GuiClients, office: Office) -> None:
    submit(office, office.channels[0][1], "王芳", "13912345678")
    clash = submit(office, office.channels[1][1], "王芳", "13912345678")
    office.sync["front"].call("appeals.file", FileAppealRequest(report_id=clash.id, reason="我方最早带客"))  # type: ignore[attr-defined]
    page = manager_page(qtbot, gui, office)
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.appeals.rowCount() == 1, timeout=WAIT_MS)
    assert page.tabs.tabText(1) == "申诉（1）" and page.appeals.item(0, 5).text() == "我方最早带客"
    page.appeals.selectRow(0)
    qtbot.mouseClick(page.decide_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, page, QtDecideAppealDialog)
    dialog.decision.setCurrentIndex(dialog.decision.findData(AppealDecision.OVERTURNED.value))
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.field_errors["note"].text() == "请填写处理理由。"
    dialog.note_edit.insert("聊天记录属实，改判有效")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: page.appeals.rowCount() == 1 and page.appeals.item(0, 7).text() == "已改判", timeout=WAIT_MS
    )
    assert "聊天记录属实" in page.appeals.item(0, 8).text() and not page.decide_button.isEnabled()
    reports = office.sync["manager"].call("reports.list", ReportListRequest(project_id=office.project_id)).reports
    assert next(r for r in reports if r.id == clash.id).status is ReportStatus.ACCEPTED  # type: ignore[attr-defined]


def test_channels_brokers_rule_versions_and_commissions(qtbot: QtBot, gui: GuiClients, office: Office) -> None:
    page = manager_page(qtbot, gui, office)
    page.tabs.setCurrentWidget(page.channels)
    ch = page.channels
    qtbot.waitUntil(lambda: ch.channel_table.rowCount() == 2 and ch.rule_table.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(ch.new_channel, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, ch, QtChannelDialog)
    dialog.name_edit.insert("我爱我家")
    dialog.contact_edit.insert("郑凯")
    qtbot.keyClick(dialog.contact_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ch.channel_table.rowCount() == 3, timeout=WAIT_MS)
    ch.channel_table.selectRow(2)
    qtbot.mouseClick(ch.new_broker, Qt.MouseButton.LeftButton)
    broker = wait_dialog(qtbot, ch, QtBrokerDialog)
    broker.name_edit.insert("郑凯")
    broker.phone_edit.setText("12345")
    qtbot.keyClick(broker.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(broker.field_errors["phone"].isVisible, timeout=WAIT_MS)
    broker.phone_edit.setText("13511114444")
    qtbot.keyClick(broker.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ch.broker_table.rowCount() == 1, timeout=WAIT_MS)
    assert ch.broker_table.item(0, 0).text() == "郑凯"
    # Rules: v1, then v2 with a shorter window; both listed, newest first.
    ch.channel_table.selectRow(0)
    qtbot.waitUntil(lambda: ch.rule_table.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(ch.new_rule, Qt.MouseButton.LeftButton)
    rule = wait_dialog(qtbot, ch, QtRuleDialog)
    assert rule.protection.value() == 30 and rule.visit_window.value() == 72  # starts from the version in force
    rule.protection.setValue(45)
    rule.visit_window.setValue(48)
    rule.masked.setChecked(False)
    qtbot.mouseClick(rule.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ch.rule_table.rowCount() == 2, timeout=WAIT_MS)
    assert ch.rule_table.item(0, 0).text() == "v2"
    versions = (
        office.sync["manager"]
        .call("channels.rules", RuleListRequest(project_id=office.project_id, channel_id=office.channels[0][0]))
        .rules
    )
    assert [(r.version, r.protection_days, r.visit_window_hours, r.allow_masked) for r in versions] == [
        (1, 30, 72, True),
        (2, 45, 48, False),
    ]
    qtbot.mouseClick(ch.new_commission, Qt.MouseButton.LeftButton)
    fee = wait_dialog(qtbot, ch, QtCommissionDialog)
    fee.kind.setCurrentIndex(1)
    fee.value.setValue(20000)
    qtbot.mouseClick(fee.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ch.commission_table.rowCount() == 1, timeout=WAIT_MS)
    assert "20000" in ch.commission_table.item(0, 1).text()


def audits(server: ServerApp, command: str) -> int:
    assert server.database is not None
    with server.database.sessions() as db:
        return int(db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.command == command)) or 0)


def test_each_id_reveal_goes_to_the_server_and_hides_again(
    qtbot: QtBot, gui: GuiClients, office: Office, server: ServerApp
) -> None:
    c = office.sync["manager"].call(
        "customers.create",
        CreateCustomerRequest(project_id=office.project_id, name="王芳", phone="13700001111", id_number=ID_NUMBER),
    )
    page = manager_page(qtbot, gui, office)
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.all_customers.table.rowCount() == 1, timeout=WAIT_MS)
    page.all_customers.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.customer is not None and page.detail.id_button.isVisible(), timeout=WAIT_MS)
    masked = page.detail.facts["id"].text()
    assert masked == c.id_masked and ID_NUMBER not in masked
    page.detail.reveal_ms = 300
    for n in (1, 2):
        qtbot.mouseClick(page.detail.id_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.detail.facts["id"].text() == ID_NUMBER, timeout=WAIT_MS)
        assert audits(server, "customers.reveal_id") == n  # every view asked the server, which audited it
        qtbot.waitUntil(lambda: page.detail.facts["id"].text() == masked, timeout=WAIT_MS)
    # Nothing of the number is kept in the page once hidden.
    assert ID_NUMBER not in repr(vars(page.detail)) and page.detail.customer.id_masked == masked


def test_assign_from_the_pool_and_the_attribution_with_a_ruling_and_evidence_pack(
    qtbot: QtBot, gui: GuiClients, office: Office, tmp_path: Path
) -> None:
    report = submit(office, office.channels[0][1], "刘洋", "13700001234")
    office.sync["front"].call(
        "visits.register",
        RegisterVisitRequest(
            project_id=office.project_id,
            name="刘洋",
            phone="13700001234",
            report_id=report.id,  # type: ignore[attr-defined]
        ),
    )  # nobody in the rotation: the visitor stays in the public pool
    page = manager_page(qtbot, gui, office)
    page.tabs.setCurrentIndex(2)
    page.lists.setCurrentWidget(page.pool)
    qtbot.waitUntil(lambda: page.pool.table.rowCount() == 1, timeout=WAIT_MS)
    page.pool.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.customer is not None and page.detail.assign_button.isEnabled(), timeout=WAIT_MS)
    customer_id = page.detail.customer.id
    qtbot.mouseClick(page.detail.assign_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, page.detail, QtAssignDialog)
    qtbot.waitUntil(lambda: dialog.owner.count() == 3, timeout=WAIT_MS)
    dialog.owner.setCurrentIndex(dialog.owner.findData(office.ids["c1"]))
    dialog.reason_edit.insert("公客池分配")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.pool.table.rowCount() == 0, timeout=WAIT_MS)
    assert office.sync["c1"].call("customers.get", CustomerRef(customer_id=customer_id)).owner_id == office.ids["c1"]

    page.lists.setCurrentWidget(page.all_customers)
    qtbot.waitUntil(lambda: page.all_customers.table.rowCount() == 1, timeout=WAIT_MS)
    page.all_customers.table.selectRow(0)
    qtbot.waitUntil(
        lambda: page.detail.customer is not None and page.detail.customer.id == customer_id, timeout=WAIT_MS
    )
    qtbot.mouseClick(page.detail.attribution_button, Qt.MouseButton.LeftButton)
    attr = wait_dialog(qtbot, page.detail, QtAttributionDialog)
    qtbot.waitUntil(lambda: attr.info is not None and attr.ledger.rowCount() >= 1, timeout=WAIT_MS)
    assert attr.info is not None and attr.info.kind is AttributionKind.CHANNEL and attr.info.chain_ok
    assert "链家" in attr.verdict.text() and "✔" in attr.chain.text()
    attr.ledger.selectRow(0)
    qtbot.waitUntil(lambda: attr.evidence.rowCount() == 2, timeout=WAIT_MS)  # the report and the visit
    rows_before = attr.ledger.rowCount()
    attr.kind.setCurrentIndex(attr.kind.findData(AttributionKind.NATURAL.value))
    attr.reason.insert("客户自述早于报备自行到访，经核实")
    qtbot.keyClick(attr.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: attr.ledger.rowCount() == rows_before + 1, timeout=WAIT_MS)
    assert attr.info.kind is AttributionKind.NATURAL and attr.info.chain_ok
    pack = tmp_path / "evidence.zip"
    with qtbot.waitSignal(attr.saved, timeout=WAIT_MS):
        attr.save_pack_to(pack)
    with zipfile.ZipFile(io.BytesIO(pack.read_bytes())) as z:
        assert {"evidence.json", "evidence.pdf"} <= set(z.namelist())
        evidence = json.loads(z.read("evidence.json"))
    assert "客户自述早于报备" in json.dumps(evidence, ensure_ascii=False)
    qtbot.keyClick(attr, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.detail.dialog is None, timeout=WAIT_MS)


@pytest.mark.usefixtures("zh_cn")
def test_settings_and_fairness_by_day(qtbot: QtBot, gui: GuiClients, office: Office) -> None:
    office.sync["c0"].call("rotation.check_in", RotationRequest(project_id=office.project_id))
    office.sync["front"].call(
        "visits.register", RegisterVisitRequest(project_id=office.project_id, name="孙丽", phone="13900001111")
    )
    page = manager_page(qtbot, gui, office)
    page.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: page.fairness.rowCount() == 1, timeout=WAIT_MS)
    assert page.fairness.item(0, 1).text() == "李娜" and page.fairness.item(0, 2).text() == "1"
    assert "1" in page.fairness_total.text()
    page.day_from.setDate(QDate.currentDate().addDays(-30))
    page.day_to.setDate(QDate.currentDate().addDays(-20))
    qtbot.waitUntil(lambda: page.fairness.rowCount() == 0, timeout=WAIT_MS)
    qtbot.mouseClick(page.settings_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, page, QtSettingsDialog)
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=WAIT_MS)
    assert dialog.pool_days.value() == 30
    dialog.pool_days.setValue(45)
    qtbot.keyClick(dialog.pool_days, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    settings = office.sync["manager"].call("crm.settings_get", ProjectRef(project_id=office.project_id))
    assert settings.pool_days == 45
