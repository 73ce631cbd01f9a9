"""The faces workspaces against a real server: the camera process on the clip makes an enrolled customer arrive
on the front desk's feed; the consent dialog; a manager decides an alert; the compliance page. Screenshots.

With SHOWROOM_WRITE_SCREENSHOTS=1 the images are also copied to docs/screenshots (faces_*.png).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import msgspec
import pytest
import sqlalchemy as sa
import zmq
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from camera.calibrate import embed_folder
from camera.config import ModelSettings
from camera.link import ServerLink
from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from client.ui.faces.alerts import QtAlertsPage
from client.ui.faces.arrivals import QtArrivalFeed
from client.ui.faces.compliance import QtCompliancePage
from server.app import ServerApp
from server.db.face_models import Camera, FaceEventRow
from server.faces import calibration
from server.faces.admin_cli import camera_document
from shared.domain import Role
from shared.protocol.envelope import utcnow
from shared.protocol.messages.catalog import CreateProjectRequest
from shared.protocol.messages.crm_channels import (
    CreateBrokerRequest,
    CreateChannelRequest,
    SetRuleRequest,
    SubmitReportRequest,
)
from shared.protocol.messages.crm_customers import CreateCustomerRequest
from shared.protocol.messages.crm_visits import RegisterVisitRequest
from shared.protocol.messages.faces import CameraLocation, FaceEvent
from shared.protocol.messages.faces_alerts import CONSENT_VERSION, LinkRequest
from tests.camera import kit
from tests.camera.servers import register_camera
from tests.conftest import PASSWORD
from tests.ui import GuiClients
from tests.ui.test_screenshots import save

pytestmark = pytest.mark.usefixtures("looks_like_the_app")


def door(server: ServerApp, pairing: Pairing) -> ServerLink:
    token = register_camera(server, "door-1", CameraLocation.ENTRANCE)
    return ServerLink(pairing.command_endpoint, pairing.server_public_key, token, 5.0, zmq.Context.instance())


def post(cam: ServerLink, photo: Path, at_offset: timedelta = timedelta(0)) -> FaceEvent:
    event = kit.event_from_photo(photo, "door-1")
    at = utcnow() + at_offset
    event = msgspec.structs.replace(event, first_seen=at, captured_at=at, emitted_at=utcnow())
    assert cam.command("faces.ingest", event, idem=event.event_id).error is None
    return event


def keep(client: SyncClient, event: FaceEvent, customer_id: int) -> None:
    client.call(
        "faces.link",
        LinkRequest(event_id=event.event_id, customer_id=customer_id, consent_version=CONSENT_VERSION,
                    consent_given=True),
    )  # fmt: skip


def test_an_enrolled_customer_arrives_on_the_front_desk_feed_from_the_camera_process(
    qtbot: QtBot,
    gui: GuiClients,
    server: ServerApp,
    pairing: Pairing,
    make_user: Callable[..., str],
    login: Callable[..., SyncClient],
    tmp_path: Path,
) -> None:
    assert server.database is not None
    labelled = embed_folder(kit.faces_dir(), ModelSettings(), kit.models())
    with server.database.sessions() as db, db.begin():
        calibration.store(db, labelled.model, labelled.dim, calibration.calibrate(labelled.labels, labelled.matrix()))
    project = login(Role.ADMIN).call("projects.create", CreateProjectRequest(name="云栖湾", city="杭州"))
    owner = make_user(Role.CONSULTANT, "liqiang", display_name="李强")
    with SyncClient(pairing, timeout_ms=5000) as seller:
        seller.login(owner, PASSWORD)
        customer = seller.call(
            "customers.create", CreateCustomerRequest(project_id=project.id, name="林曼努尔", phone="13812345678")
        )
    cam = door(server, pairing)
    desk_sync = login(Role.FRONT_DESK)
    # His face was taken at his first visit and kept with his consent.
    keep(desk_sync, post(cam, kit.faces_dir() / "_single" / "lin_manuel_miranda.jpg", -timedelta(days=3)), customer.id)
    conn, _ = gui.sign_in(make_user(Role.FRONT_DESK, "qiantai", display_name="周敏"))
    feed = QtArrivalFeed(conn)
    qtbot.addWidget(feed)
    feed.resize(760, 520)
    feed.show()
    qtbot.waitUntil(lambda: len(feed.entries) == 1, timeout=10_000)  # his earlier visit, from faces.events
    with server.database.sessions() as db:
        camera = db.get(Camera, "door-1")
        assert camera is not None
    # Today the real camera process reads the clip at the entrance.
    camera_file = tmp_path / "door-1.json"
    token = register_camera(server, "door-1", CameraLocation.ENTRANCE)  # a fresh secret, as camera-add gives
    camera_file.write_text(
        camera_document(camera, token, pairing.server_public_key.decode(), pairing.command_endpoint, "0")
    )
    env = {**os.environ, "SHOWROOM_MODELS_DIR": str(kit.models_dir())}
    proc = subprocess.Popen(
        [sys.executable, "-m", "showroom", "camera", "--config", str(camera_file), "--source",
         str(kit.faces_dir() / "_video" / "hamilton_clip.mp4"), "--no-realtime", "--data-dir", str(tmp_path / "cam")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        qtbot.waitUntil(lambda: sum("林曼努尔" in t for t in feed.texts()) == 2, timeout=120_000)
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
    finally:
        if proc.poll() is None:
            proc.kill()
    with server.database.sessions() as db:
        stored = db.scalar(sa.select(sa.func.count()).select_from(FaceEventRow))
    qtbot.waitUntil(lambda: len(feed.entries) == stored, timeout=10_000)  # every appearance, once
    newest_him = next(t for t in feed.texts() if "林曼努尔" in t)
    assert "老客户 林曼努尔（置业顾问 李强）到达入口" in newest_him
    others = [t for t in feed.texts() if "林曼努尔" not in t]
    assert others and all("访客" in t for t in others)  # the other people of the clip: new visitors
    save(feed, "faces_arrivals.png", tmp_path)


def test_consent_dialog_keeps_a_new_visitors_face_only_after_the_yes(
    qtbot: QtBot, gui: GuiClients, server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient],
    make_user: Callable[..., str], tmp_path: Path,
) -> None:  # fmt: skip
    login(Role.ADMIN).call("projects.create", CreateProjectRequest(name="云栖湾", city="杭州"))
    cam = door(server, pairing)
    conn, _ = gui.sign_in(make_user(Role.FRONT_DESK, "qiantai", display_name="周敏"))
    feed = QtArrivalFeed(conn)
    qtbot.addWidget(feed)
    feed.show()
    post(cam, kit.faces_dir() / "rose_leslie" / "1.jpg")
    qtbot.waitUntil(lambda: len(feed.entries) == 1, timeout=10_000)
    assert feed.texts()[0].endswith("新访客到达入口：请登记")
    desk = login(Role.FRONT_DESK)
    projects = desk.call("projects.list").projects
    visit = desk.call(
        "visits.register", RegisterVisitRequest(project_id=projects[0].id, name="罗斯", phone="13900002222")
    ).visit
    feed.list.setCurrentRow(0)
    assert feed.link_button.isEnabled()
    dialog = feed.link_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.consent is not None and dialog.projects.project_id is not None, timeout=10_000)
    assert "人脸" in dialog.text.toPlainText() and not dialog.keep_button.isEnabled()
    qtbot.keyClicks(dialog.phone_edit, "13900002222")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.customer_id == visit.customer_id, timeout=10_000)
    assert dialog.customer.text() == "罗斯（139****2222），暂无置业顾问"
    assert not dialog.keep_button.isEnabled()  # no consent ticked yet
    dialog.agreed.setChecked(True)
    assert dialog.keep_button.isEnabled()
    save(dialog, "faces_consent.png", tmp_path)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.result_reply is not None and dialog.result_reply.linked
    qtbot.waitUntil(lambda: "老客户 罗斯" in feed.texts()[0], timeout=10_000)
    assert not feed.link_button.isEnabled()


def test_a_manager_sees_an_alert_with_its_evidence_and_decides_it(
    qtbot: QtBot, gui: GuiClients, server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient],
    make_user: Callable[..., str], tmp_path: Path,
) -> None:  # fmt: skip
    project = login(Role.ADMIN).call("projects.create", CreateProjectRequest(name="云栖湾", city="杭州"))
    cam = door(server, pairing)
    manager_name = make_user(Role.SALES_MANAGER, "chenjing", display_name="陈静")
    conn, _ = gui.sign_in(manager_name)
    page = QtAlertsPage(conn)
    qtbot.addWidget(page)
    page.resize(1000, 560)
    page.show()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0 and page.summary.text() != "", timeout=10_000)
    # 飞单: seen two days before a channel reported him, then brought in and linked at the desk.
    early = post(cam, kit.faces_dir() / "obama" / "1.jpg", -timedelta(days=2))
    with SyncClient(pairing, timeout_ms=5000) as manager:
        manager.login(manager_name, PASSWORD)
        channel = manager.call("channels.create", CreateChannelRequest(name="链家", contact="王经理"))
        broker = manager.call("channels.add_broker", CreateBrokerRequest(channel_id=channel.id, name="刘经纪",
                                                                          phone="13511112222"))  # fmt: skip
        manager.call("channels.set_rule", SetRuleRequest(project_id=project.id, channel_id=channel.id))
        desk = login(Role.FRONT_DESK)
        submitted = SubmitReportRequest(project_id=project.id, broker_id=broker.id, customer_name="欧先生",
                                        phone="13800000002")  # fmt: skip
        report = desk.call("reports.submit", submitted)
        visit = desk.call("visits.register", RegisterVisitRequest(
            project_id=project.id, name="欧先生", phone="13800000002", report_id=report.id)).visit  # fmt: skip
        keep(desk, post(cam, kit.faces_dir() / "obama" / "2.jpg"), visit.customer_id)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)  # live: faces.alert
    page.table.setCurrentCell(0, 0)
    qtbot.waitUntil(lambda: "飞单" in page.summary.text(), timeout=5_000)
    assert page.faces.count() == 1 and "渠道报备时间" in page.facts.text() and "人脸首次出现" in page.facts.text()
    assert page.current() is not None and page.current().faces[0].event_id == early.event_id  # type: ignore[union-attr]
    assert not page.confirm_button.isEnabled()  # a note first
    page.note.insert("已向经纪人核实：客户两天前自行到访")  # Chinese comes through the input method
    assert page.confirm_button.isEnabled()
    labels = [page.summary, page.facts]
    qtbot.waitUntil(lambda: all(w.height() >= w.heightForWidth(w.width()) for w in labels))  # the relayout is queued
    save(page, "faces_alert.png", tmp_path)
    page.confirm_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=10_000)  # no longer open
    page.status.setCurrentIndex(1)  # all alerts
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and page.table.item(0, 3).text() == "已确认", timeout=10_000)


def test_the_compliance_page_sums_up_the_face_data(
    qtbot: QtBot, gui: GuiClients, server: ServerApp, pairing: Pairing, make_user: Callable[..., str],
    tmp_path: Path,
) -> None:  # fmt: skip
    cam = door(server, pairing)
    for name in ("obama/1.jpg", "biden/1.jpg", "deepface_p01/1.jpg"):
        post(cam, kit.faces_dir() / name)
    conn, _ = gui.sign_in(make_user(Role.ADMIN, "it", display_name="赵敏"))
    page = QtCompliancePage(conn, can_purge=True)
    qtbot.addWidget(page)
    page.resize(760, 520)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    assert page.values["stored"].text() == "3" and "陌生访客 3 人" in page.values["kinds"].text()
    assert "100,000" in page.values["capacity"].text() and "正常" in page.values["capacity"].text()
    assert page.values["where"].text() == "仅存于本案场服务器" and CONSENT_VERSION in page.values["consent"].text()
    save(page, "faces_compliance.png", tmp_path)
    page.purge_button.click()
    qtbot.waitUntil(lambda: "已清理人脸 0 个" in page.message.text(), timeout=10_000)  # nothing is past its window
    qtbot.waitUntil(lambda: page.values["purge"].text() != "尚未运行", timeout=10_000)
