"""Consent, linking faces to CRM customers, and each risk rule on constructed timelines, over the real server."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import msgspec
import sqlalchemy as sa
import zmq

from camera.link import ServerLink
from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from server.app import ServerApp
from server.crm import ledger
from server.db.face_models import FaceConsent, FaceEventRow, FacePerson, FaceTemplate
from server.db.models import AuditEntry
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.crm_channels import SubmitReportRequest
from shared.protocol.messages.crm_customers import CreateCustomerRequest
from shared.protocol.messages.crm_visits import RegisterVisitRequest
from shared.protocol.messages.faces import CameraLocation, EventRef, FaceDecision, FaceEvent, IngestReply
from shared.protocol.messages.faces_alerts import (
    CONSENT_VERSION,
    AlertKind,
    AlertsQuery,
    AlertStatus,
    DecideAlertRequest,
    ForgetRequest,
    LinkRequest,
    StaffEnrolRequest,
)
from shared.protocol.messages.notices import NoticeListRequest
from tests.camera import kit
from tests.camera.servers import register_camera
from tests.integration.test_crm_customers import Office, office, refused
from tests.integration.test_crm_reports import channels

FACES = kit.faces_dir


@dataclass
class Site:
    o: Office
    door: ServerLink  # entrance camera
    hall: ServerLink
    server: ServerApp


def site(server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]) -> Site:
    o = office(login)
    door = register_camera(server, "door-1", CameraLocation.ENTRANCE)
    hall = register_camera(server, "hall-1", CameraLocation.HALL)
    links = [
        ServerLink(pairing.command_endpoint, pairing.server_public_key, t, 5.0, zmq.Context.instance())
        for t in (door, hall)
    ]
    return Site(o, links[0], links[1], server)


def seen(cam: ServerLink, photo: Path, camera_id: str, at: datetime) -> tuple[FaceEvent, IngestReply]:
    """The camera saw this face at `at` (a constructed timeline: the camera's own clock)."""
    event = msgspec.structs.replace(
        kit.event_from_photo(photo, camera_id), first_seen=at, captured_at=at, emitted_at=at
    )
    reply = cam.command("faces.ingest", event, idem=event.event_id)
    assert reply.error is None, reply.error
    result: IngestReply = reply.decode(IngestReply)
    return event, result


def link(client: SyncClient, event: FaceEvent, customer_id: int, **kw: object) -> object:
    req = LinkRequest(
        event_id=event.event_id, customer_id=customer_id, consent_version=CONSENT_VERSION, consent_given=True
    )
    return client.call("faces.link", msgspec.structs.replace(req, **kw))


def sql(s: Site, statement: str, **params: object) -> None:
    assert s.server.database is not None
    with s.server.database.sessions() as db, db.begin():
        db.execute(sa.text(statement), params)


def count(s: Site, model: type, *where: object) -> int:
    assert s.server.database is not None
    with s.server.database.sessions() as db:
        return int(db.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


def alerts(s: Site, kind: AlertKind) -> list:  # type: ignore[type-arg]
    return [a for a in s.o.manager.call("faces.alerts", AlertsQuery(status=None)).alerts if a.kind is kind]


def test_consent_is_required_recorded_and_deletion_on_request_removes_everything(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    s = site(server, pairing, login)
    customer = s.o.front.call(
        "visits.register", RegisterVisitRequest(project_id=s.o.project_id, name="王芳", phone="13800000001")
    ).visit.customer_id
    text = s.o.front.call("faces.consent_text")
    assert text.version == CONSENT_VERSION and "同意" in text.text and "180" in text.text
    event, first = seen(s.door, FACES() / "rose_leslie" / "1.jpg", "door-1", utcnow())
    assert first.new_visitor
    # No consent: refused, and the face stays an anonymous visitor (purged with that window).
    assert refused(lambda: link(s.o.front, event, customer, consent_given=False)) is ErrorCode.VALIDATION_FAILED
    assert refused(lambda: link(s.o.front, event, customer, consent_version="old")) is ErrorCode.VALIDATION_FAILED
    assert count(s, FacePerson, FacePerson.customer_id.is_not(None)) == 0 and count(s, FaceConsent) == 0
    linked = link(s.o.front, event, customer)
    assert linked.linked and linked.person_id == first.person_id  # the anonymous visitor became the customer
    assert s.server.database is not None
    with s.server.database.sessions() as db:
        consent = db.get(FaceConsent, linked.consent_id)
        assert consent is not None and consent.text_version == CONSENT_VERSION
        assert consent.operator_id == s.o.ids["front"] and consent.customer_id == customer
    # The next appearance is a returning customer for the front desk, with their name.
    again, reply = seen(s.door, FACES() / "rose_leslie" / "2.jpg", "door-1", utcnow())
    assert reply.decision is FaceDecision.MATCH and reply.person_id == linked.person_id
    shown = s.o.front.call("faces.event", EventRef(event_id=again.event_id))
    assert shown.customer_id == customer and shown.customer_name == "王芳"
    # Deletion on request: templates, thumbnails, events go; the consent is revoked; it is audited.
    assert refused(lambda: s.o.front.call("faces.forget", ForgetRequest(customer_id=customer, reason="x"))) is (
        ErrorCode.FORBIDDEN
    )
    gone = s.o.manager.call("faces.forget", ForgetRequest(customer_id=customer, reason="客户要求删除"))
    assert (gone.persons_deleted, gone.events_deleted, gone.consents_revoked) == (1, 2, 1)
    assert gone.templates_deleted >= 1
    assert count(s, FacePerson) == 0 and count(s, FaceTemplate) == 0 and count(s, FaceEventRow) == 0
    assert count(s, AuditEntry, AuditEntry.command == "faces.forget") == 1
    compliance = s.o.manager.call("faces.compliance")
    assert compliance.consents_revoked == 1 and compliance.deletions_30d == 1 and compliance.stored_faces == 0
    assert compliance.views_30d >= 1 and compliance.on_site_only


def test_fly_order_a_channel_reports_a_customer_seen_before(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    s = site(server, pairing, login)
    _, broker, _, _ = channels(s.o)
    now = utcnow()
    # Day -2: the customer walks in alone; nobody registers the visit (the face is kept as a stranger).
    early, _ = seen(s.door, FACES() / "obama" / "1.jpg", "door-1", now - timedelta(days=2))
    # Today: a channel reports them, brings them in (带看), the desk registers and links the face.
    report = s.o.front.call(
        "reports.submit", SubmitReportRequest(project_id=s.o.project_id, broker_id=broker, customer_name="奥先生",
                                              phone="13800000002")
    )  # fmt: skip
    visit = s.o.front.call(
        "visits.register",
        RegisterVisitRequest(project_id=s.o.project_id, name="奥先生", phone="13800000002", report_id=report.id),
    ).visit
    today, _ = seen(s.door, FACES() / "obama" / "2.jpg", "door-1", utcnow())
    linked = link(s.o.front, today, visit.customer_id, visit_id=visit.id)
    assert linked.linked and len(linked.alerts) == 1
    (alert,) = alerts(s, AlertKind.FLY_ORDER)
    assert alert.id == linked.alerts[0] and alert.report_id == report.id and alert.customer_id == visit.customer_id
    assert alert.first_seen_at is not None and abs((alert.first_seen_at - early.captured_at).total_seconds()) < 1
    assert alert.faces[0].event_id == early.event_id and alert.faces[0].thumbnail.startswith(b"\xff\xd8")
    assert "飞单" in alert.summary and alert.rule_version == "faces-risk/1"
    # Managers are told (a notice; the broadcast carries only ids); the evidence is chained into the ledger.
    notices = s.o.manager.call("notices.list", NoticeListRequest()).notices
    assert any(n.kind == "face.alert" and n.payload["alert_id"] == alert.id for n in notices)
    assert s.server.database is not None
    with s.server.database.sessions() as db:
        rows = ledger.entries(db, visit.customer_id)
        assert any(e.evidence and e.evidence[0]["kind"] == "face" and "fly_order" in e.reason for e in rows)
        assert ledger.verify_entries(rows) == []
    # Linking again, or running the rules, raises nothing new; the manager confirms with a note (audited).
    assert s.o.manager.call("faces.run_rules").alerts == []
    decided = s.o.manager.call("faces.decide_alert", DecideAlertRequest(alert_id=alert.id, confirm=True, note="属实"))
    assert decided.status is AlertStatus.CONFIRMED and decided.note == "属实" and decided.decided_at is not None
    assert refused(lambda: s.o.manager.call("faces.decide_alert", DecideAlertRequest(
        alert_id=alert.id, confirm=False, note="again"))) is ErrorCode.CONFLICT  # fmt: skip
    assert count(s, AuditEntry, AuditEntry.command == "faces.decide_alert") == 1
    with s.server.database.sessions() as db:
        assert ledger.verify_entries(ledger.entries(db, visit.customer_id)) == []
    # The front desk sees no alerts.
    assert refused(lambda: s.o.front.call("faces.alerts", AlertsQuery())) is ErrorCode.FORBIDDEN


def test_no_fly_order_when_the_report_came_first_and_new_reports_are_checked(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    s = site(server, pairing, login)
    _, broker, _, _ = channels(s.o)
    # Reported first, then seen: the channel's claim is sound.
    report = s.o.front.call("reports.submit", SubmitReportRequest(
        project_id=s.o.project_id, broker_id=broker, customer_name="拜先生", phone="13800000003"))  # fmt: skip
    visit = s.o.front.call("visits.register", RegisterVisitRequest(
        project_id=s.o.project_id, name="拜先生", phone="13800000003", report_id=report.id)).visit  # fmt: skip
    event, _ = seen(s.door, FACES() / "biden" / "1.jpg", "door-1", utcnow())
    assert link(s.o.front, event, visit.customer_id, visit_id=visit.id).alerts == []
    # A customer whose face is on file (seen yesterday), reported by a channel afterwards: the timed rule.
    customer = s.o.consultants[0].call(
        "customers.create", CreateCustomerRequest(project_id=s.o.project_id, name="凯先生", phone="13800000004")
    )
    kit_h, _ = seen(s.door, FACES() / "kit_harington" / "1.jpg", "door-1", utcnow() - timedelta(days=1))
    link(s.o.manager, kit_h, customer.id)
    s.o.manager.call("faces.run_rules")  # reads the reports so far
    sql(s, "UPDATE channel_rules SET block_existing_customer = false")
    later = s.o.front.call("reports.submit", SubmitReportRequest(
        project_id=s.o.project_id, broker_id=broker, customer_name="凯先生", phone="13800000004"))  # fmt: skip
    assert later.customer_id == customer.id  # the CRM matched the phone to the customer on file
    raised = s.o.manager.call("faces.run_rules").alerts
    assert len(raised) == 1 and [a.report_id for a in alerts(s, AlertKind.FLY_ORDER)] == [later.id]


def test_hidden_visit_a_face_at_the_door_and_no_registration(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    s = site(server, pairing, login)
    now = utcnow()
    lone, _ = seen(s.door, FACES() / "deepface_p01" / "1.jpg", "door-1", now - timedelta(minutes=45))
    # A registered visitor (linked at the desk) and, 50 minutes earlier than now, nothing else registered.
    guest = s.o.front.call(
        "visits.register", RegisterVisitRequest(project_id=s.o.project_id, name="登记客", phone="13800000005")
    ).visit
    ok, _ = seen(s.door, FACES() / "deepface_p02" / "1.jpg", "door-1", now - timedelta(minutes=40))
    link(s.o.front, ok, guest.customer_id, visit_id=guest.id)
    sql(s, "UPDATE face_events SET received_at = captured_at")  # they reached the server when seen
    sql(s, "UPDATE visits SET arrived_at = now() + interval '1 hour'")  # registered much later: too late
    raised = s.o.manager.call("faces.run_rules").alerts
    (alert,) = alerts(s, AlertKind.HIDDEN_VISIT)
    assert raised == [alert.id] and alert.faces[0].event_id == lone.event_id and "藏客" in alert.summary
    # Read once: a second run finds nothing new; a face seen just now is not due yet.
    seen(s.door, FACES() / "deepface_p03" / "1.jpg", "door-1", utcnow())
    assert s.o.manager.call("faces.run_rules").alerts == []
    # A stranger while some visit was registered around then (a party's companion): no alert.
    companion, _ = seen(s.door, FACES() / "deepface_p04" / "1.jpg", "door-1", now - timedelta(minutes=35))
    sql(s, "UPDATE face_events SET received_at = captured_at WHERE event_id = :e", e=companion.event_id)
    sql(s, "UPDATE visits SET arrived_at = :t", t=now - timedelta(minutes=36))
    assert s.o.manager.call("faces.run_rules").alerts == []


def test_foreign_meeting_a_consultant_with_another_consultants_customer(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    s = site(server, pairing, login)
    owner, other = s.o.cid(0), s.o.cid(1)
    customer = s.o.consultants[0].call(
        "customers.create", CreateCustomerRequest(project_id=s.o.project_id, name="罗女士", phone="13800000006")
    )
    face, _ = seen(s.door, FACES() / "rose_leslie" / "1.jpg", "door-1", utcnow() - timedelta(hours=1))
    link(s.o.front, face, customer.id)
    # Consultant 2 is enrolled (with consent) from a photo the door camera took.
    staff_face, _ = seen(s.door, FACES() / "kit_harington" / "1.jpg", "door-1", utcnow() - timedelta(hours=1))
    s.o.admin.call("faces.enrol_staff", StaffEnrolRequest(
        event_id=staff_face.event_id, user_id=other, consent_version=CONSENT_VERSION, consent_given=True))  # fmt: skip
    at = utcnow()
    seen(s.hall, FACES() / "rose_leslie" / "2.jpg", "hall-1", at)
    assert alerts(s, AlertKind.FOREIGN_MEETING) == []  # alone in the hall
    seen(s.hall, FACES() / "kit_harington" / "2.jpg", "hall-1", at + timedelta(seconds=40))
    (alert,) = alerts(s, AlertKind.FOREIGN_MEETING)
    assert alert.customer_id == customer.id and alert.user_id == other and len(alert.faces) == 2
    assert "藏客" in alert.summary
    # The owner meeting their own customer is no finding; a meeting 10 minutes apart is none either.
    s.o.admin.call("faces.enrol_staff", StaffEnrolRequest(
        event_id=seen(s.door, FACES() / "biden" / "1.jpg", "door-1", at)[0].event_id, user_id=owner,
        consent_version=CONSENT_VERSION, consent_given=True))  # fmt: skip
    seen(s.hall, FACES() / "biden" / "2.jpg", "hall-1", at + timedelta(seconds=60))
    seen(s.hall, FACES() / "kit_harington" / "3.jpg", "hall-1", at + timedelta(minutes=10))
    assert len(alerts(s, AlertKind.FOREIGN_MEETING)) == 1


def test_duplicate_identity_one_face_two_customers(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    s = site(server, pairing, login)
    first = s.o.front.call(
        "visits.register", RegisterVisitRequest(project_id=s.o.project_id, name="周先生", phone="13800000007")
    ).visit
    face, _ = seen(s.door, FACES() / "alex_lacamoire" / "1.jpg", "door-1", utcnow())
    assert link(s.o.front, face, first.customer_id).linked
    # Weeks later the same man registers under another phone.
    second = s.o.front.call(
        "visits.register", RegisterVisitRequest(project_id=s.o.project_id, name="周某", phone="13900000007")
    ).visit
    again, reply = seen(s.door, FACES() / "alex_lacamoire" / "2.jpg", "door-1", utcnow())
    assert reply.decision is FaceDecision.MATCH
    refused_link = link(s.o.front, again, second.customer_id)
    assert not refused_link.linked and len(refused_link.alerts) == 1
    (alert,) = alerts(s, AlertKind.DUPLICATE_IDENTITY)
    assert {alert.customer_id, alert.other_customer_id} == {first.customer_id, second.customer_id}
    assert "一人多号" in alert.summary
    # The face stays the first customer's.
    assert count(s, FacePerson, FacePerson.customer_id == second.customer_id) == 0
    dismissed = s.o.manager.call(
        "faces.decide_alert", DecideAlertRequest(alert_id=alert.id, confirm=False, note="双胞胎兄弟，已核实")
    )
    assert dismissed.status is AlertStatus.DISMISSED


def test_evidence_of_an_open_alert_outlives_the_retention_window_until_decided(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    s = site(server, pairing, login)
    old, _ = seen(s.door, FACES() / "deepface_p05" / "1.jpg", "door-1", utcnow() - timedelta(days=40))
    sql(s, "UPDATE face_events SET received_at = captured_at")
    (alert_id,) = s.o.manager.call("faces.run_rules").alerts
    report = s.o.admin.call("faces.purge")
    assert report.persons_deleted == 1 and report.events_deleted == 0  # the stranger goes, the evidence stays
    (alert,) = alerts(s, AlertKind.HIDDEN_VISIT)
    assert alert.faces[0].event_id == old.event_id and alert.faces[0].thumbnail
    s.o.manager.call("faces.decide_alert", DecideAlertRequest(alert_id=alert_id, confirm=False, note="路人"))
    assert s.o.admin.call("faces.purge").events_deleted == 1
    assert alerts(s, AlertKind.HIDDEN_VISIT)[0].faces == []
