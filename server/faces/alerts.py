"""Alerts as managers see them (with their evidence), their decision, and the compliance summary."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.crm.common import user_names
from server.db.crm_models import ChannelReport, Customer
from server.db.face_models import Camera, FaceAlert, FaceConsent, FaceEventRow, FacePerson, FaceSettingsRow
from server.db.models import AuditEntry
from server.faces import capacity, risk
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.faces import PersonKind
from shared.protocol.messages.faces_alerts import (
    CONSENT_VERSION,
    AlertInfo,
    AlertKind,
    AlertsQuery,
    AlertStatus,
    Compliance,
    EvidenceFace,
)

# Commands whose audit rows are views or exports of face data (the compliance page counts them).
VIEW_COMMANDS = ("faces.event", "faces.events", "faces.alerts")


def _faces(db: Session, event_ids: list[str]) -> list[EvidenceFace]:
    rows = {
        e.event_id: (e, location)
        for e, location in db.execute(
            select(FaceEventRow, Camera.location)
            .join(Camera, Camera.id == FaceEventRow.camera_id)
            .where(FaceEventRow.event_id.in_(event_ids))
        )
    }
    out = []
    for event_id in event_ids:
        if event_id in rows:
            e, location = rows[event_id]
            out.append(
                EvidenceFace(
                    event_id=e.event_id,
                    camera_id=e.camera_id,
                    location=location,
                    at=e.captured_at,
                    similarity=e.similarity,
                    thumbnail=e.thumbnail or b"",
                )
            )
    return out


def info(db: Session, alert: FaceAlert) -> AlertInfo:
    customers = {
        cid: name
        for cid, name in db.execute(
            select(Customer.id, Customer.name).where(Customer.id.in_([alert.customer_id, alert.other_customer_id]))
        )
    }
    users = user_names(db, [alert.user_id, alert.decided_by])
    report = db.get(ChannelReport, alert.report_id) if alert.report_id else None
    first = alert.evidence.get("first_seen_at")
    return AlertInfo(
        id=alert.id,
        kind=AlertKind(alert.kind),
        status=AlertStatus(alert.status),
        rule_version=alert.rule_version,
        created_at=alert.created_at,
        summary=alert.summary,
        customer_id=alert.customer_id,
        customer_name=customers.get(alert.customer_id or 0, ""),
        other_customer_id=alert.other_customer_id,
        other_customer_name=customers.get(alert.other_customer_id or 0, ""),
        user_id=alert.user_id,
        user_name=users.get(alert.user_id or 0, ""),
        report_id=alert.report_id,
        reported_at=report.reported_at if report else None,
        first_seen_at=datetime.fromisoformat(first) if first else None,
        faces=_faces(db, list(alert.evidence.get("events", []))),
        decided_by=users.get(alert.decided_by or 0, ""),
        decided_at=alert.decided_at,
        note=alert.note,
    )


def listing(db: Session, req: AlertsQuery) -> list[AlertInfo]:
    query = select(FaceAlert).order_by(FaceAlert.id.desc()).limit(req.limit)
    if req.status is not None:
        query = query.where(FaceAlert.status == req.status.value)
    if req.kind is not None:
        query = query.where(FaceAlert.kind == req.kind.value)
    return [info(db, a) for a in db.scalars(query)]


def decide(db: Session, alert_id: int, confirm: bool, note: str, user_id: int) -> tuple[AlertInfo, AlertInfo]:
    """(before, after); the decision joins the customers' ledgers like the alert did."""
    alert = db.get(FaceAlert, alert_id, with_for_update=True)
    if alert is None:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"告警 {alert_id} 不存在", f"No alert {alert_id}")
    if alert.status != AlertStatus.OPEN.value:
        raise ShowroomError(ErrorCode.CONFLICT, "该告警已处理", "This alert has been decided already")
    before = info(db, alert)
    now = utcnow()
    alert.status = (AlertStatus.CONFIRMED if confirm else AlertStatus.DISMISSED).value
    alert.decided_by, alert.decided_at, alert.note = user_id, now, note.strip()
    verdict = "确认" if confirm else "驳回"
    for cid in {c for c in (alert.customer_id, alert.other_customer_id) if c is not None}:
        risk.chain(db, cid, now, f"人脸风控告警 #{alert.id} 经理{verdict}：{note.strip()}", alert.id)
    db.flush()
    return before, info(db, alert)


def _count(db: Session, *where: object) -> int:
    return int(db.scalar(select(func.count()).select_from(FacePerson).where(*where)) or 0)  # type: ignore[arg-type]


def compliance(db: Session) -> Compliance:
    row: FaceSettingsRow = capacity.settings_row(db)
    stored = _count(db)
    since = utcnow() - timedelta(days=30)
    audits = select(func.count()).select_from(AuditEntry).where(AuditEntry.at >= since)
    return Compliance(
        stored_faces=stored,
        anonymous=_count(db, FacePerson.kind == PersonKind.ANONYMOUS.value),
        customers=_count(db, FacePerson.kind == PersonKind.CUSTOMER.value),
        staff=_count(db, FacePerson.kind == PersonKind.STAFF.value),
        warn_faces=row.warn_faces,
        limit_faces=row.limit_faces,
        capacity=capacity.level(stored, row).value,
        consents_active=int(
            db.scalar(select(func.count()).select_from(FaceConsent).where(FaceConsent.revoked_at.is_(None))) or 0
        ),
        consents_revoked=int(
            db.scalar(select(func.count()).select_from(FaceConsent).where(FaceConsent.revoked_at.is_not(None))) or 0
        ),
        consent_version=CONSENT_VERSION,
        customer_retention_days=row.customer_retention_days,
        anonymous_retention_days=row.anonymous_retention_days,
        oldest_face_seen_at=db.scalar(select(func.min(FacePerson.first_seen_at))),
        last_purge_at=row.last_purge_at,
        last_purge=row.last_purge,
        views_30d=int(db.scalar(audits.where(AuditEntry.command.in_(VIEW_COMMANDS))) or 0),
        deletions_30d=int(db.scalar(audits.where(AuditEntry.command == "faces.forget")) or 0),
        alerts_open=int(
            db.scalar(select(func.count()).select_from(FaceAlert).where(FaceAlert.status == AlertStatus.OPEN.value))
            or 0
        ),
        on_site_only=True,
    )
