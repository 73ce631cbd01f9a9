"""Risk rules 人脸风控 (version faces-risk/1): each finding is an alert with evidence, chained into the 判客 ledger.

- 飞单 fly_order: a channel report (accepted or visited) of a customer whose face had been seen before the
  report was made. Checked when a face is linked to the customer and for every new report.
- 藏客 hidden_visit: a face at an entrance camera and no visit registered within N minutes (the customer's
  own visit for a linked face; any visit at all for an unknown face, so that a registered party's companions
  do not alert). One alert per person per office day.
- 藏客 foreign_meeting: a consultant's enrolled face and another consultant's customer at one hall or
  signing-room camera within `meeting_window_s`. Checked as the events arrive.
- duplicate_identity: one face linked to two customers (different phones). Checked at linking.

An alert is raised once per finding (its `key` is unique): running a rule again changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from server.crm import ledger
from server.crm.common import OFFICE_TZ, office_day
from server.crm.ledger import EvidenceRef
from server.db.crm_models import ChannelReport, Customer, Visit
from server.db.face_models import Camera, FaceAlert, FaceEventRow, FacePerson, FaceSettingsRow
from server.db.models import User
from server.notices import add_notice
from shared.domain import Role
from shared.protocol.messages.crm_types import AttributionKind, EvidenceKind, ReportStatus
from shared.protocol.messages.faces import CameraLocation, PersonKind
from shared.protocol.messages.faces_alerts import RULE_VERSION, AlertKind, AlertRaised

log = logging.getLogger(__name__)
CLAIMING = (ReportStatus.ACCEPTED.value, ReportStatus.VISITED.value)
MEETING_PLACES = (CameraLocation.HALL.value, CameraLocation.SIGNING_ROOM.value)


@dataclass
class Raised:
    """What a rule run produced: alert ids, and the events to publish once the transaction commits."""

    alerts: list[int] = field(default_factory=list)
    events: list[tuple[str, msgspec.Struct]] = field(default_factory=list)

    def extend(self, other: Raised) -> None:
        self.alerts += other.alerts
        self.events += other.events


def _face(e: FaceEventRow) -> dict[str, Any]:
    return {"event_id": e.event_id, "camera": e.camera_id, "at": e.captured_at.isoformat(), "score": e.similarity}


def raise_alert(
    db: Session,
    now: datetime,
    *,
    key: str,
    kind: AlertKind,
    summary: str,
    faces: list[FaceEventRow],
    customer_id: int | None = None,
    other_customer_id: int | None = None,
    user_id: int | None = None,
    report_id: int | None = None,
    person_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> Raised:
    alert_id = db.execute(
        insert(FaceAlert)
        .values(
            key=key[:120],
            kind=kind.value,
            status="open",
            rule_version=RULE_VERSION,
            summary=summary[:300],
            customer_id=customer_id,
            other_customer_id=other_customer_id,
            user_id=user_id,
            report_id=report_id,
            person_id=person_id,
            evidence={"events": [e.event_id for e in faces], "faces": [_face(e) for e in faces], **(detail or {})},
            created_at=now,
            note="",
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(FaceAlert.id)
    ).scalar()
    out = Raised()
    if alert_id is None:
        return out  # found before
    for cid in {c for c in (customer_id, other_customer_id) if c is not None}:
        chain(db, cid, now, f"人脸风控告警 {kind.value}: {summary}", alert_id)
    for (manager,) in db.execute(select(User.id).where(User.role == Role.SALES_MANAGER.value, User.active)):
        notice = add_notice(db, manager, "face.alert", {"alert_id": alert_id, "kind": kind.value, "summary": summary})
        out.events.append(("notice.new", notice))
    out.alerts.append(alert_id)
    out.events.append(("faces.alert", AlertRaised(alert_id=alert_id, kind=kind)))
    log.warning("face alert %d %s: %s", alert_id, kind.value, summary)
    return out


def chain(db: Session, customer_id: int, at: datetime, reason: str, alert_id: int) -> None:
    """Appends the finding to the customer's hash-chained ledger; the attribution itself stays as it was."""
    last = ledger.current(ledger.entries(db, customer_id))
    ledger.append(
        db,
        customer_id,
        at,
        AttributionKind(last.kind) if last else AttributionKind.UNDECIDED,
        reason,
        evidence=[EvidenceRef(EvidenceKind.FACE, alert_id, at, f"face alert #{alert_id} ({RULE_VERSION})")],
        channel_id=last.channel_id if last else None,
        referrer_id=last.referrer_id if last else None,
    )


def first_face(db: Session, customer_id: int) -> FaceEventRow | None:
    """The earliest stored appearance of the customer's face (anonymous before linking included)."""
    return db.scalars(
        select(FaceEventRow)
        .join(FacePerson, FacePerson.id == FaceEventRow.person_id)
        .where(FacePerson.customer_id == customer_id)
        .order_by(FaceEventRow.captured_at, FaceEventRow.id)
        .limit(1)
    ).first()


def fly_order(db: Session, customer_id: int, now: datetime, reports: list[ChannelReport] | None = None) -> Raised:
    out = Raised()
    first = first_face(db, customer_id)
    if first is None:
        return out
    if reports is None:
        reports = list(db.scalars(select(ChannelReport).where(ChannelReport.customer_id == customer_id)))
    customer = db.get(Customer, customer_id)
    name = customer.name if customer else str(customer_id)
    for report in reports:
        if report.status not in CLAIMING or report.reported_at <= first.captured_at:
            continue
        early = report.reported_at - first.captured_at
        out.extend(
            raise_alert(
                db,
                now,
                key=f"fly:{report.id}",
                kind=AlertKind.FLY_ORDER,
                summary=f"飞单风险：{name} 在渠道报备前 {_span(early)} 已由摄像头 {first.camera_id} 识别到访",
                faces=[first],
                customer_id=customer_id,
                report_id=report.id,
                person_id=first.person_id,
                detail={
                    "first_seen_at": first.captured_at.isoformat(),
                    "reported_at": report.reported_at.isoformat(),
                    "channel_id": report.channel_id,
                },
            )
        )
    return out


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes >= 24 * 60:
        return f"{minutes // (24 * 60)} 天"
    if minutes >= 60:
        return f"{minutes // 60} 小时 {minutes % 60} 分"
    return f"{max(1, minutes)} 分钟"


def duplicate_identity(
    db: Session, now: datetime, event: FaceEventRow, customer_id: int, other_customer_id: int
) -> Raised:
    low, high = sorted((customer_id, other_customer_id))
    names = {
        cid: name for cid, name in db.execute(select(Customer.id, Customer.name).where(Customer.id.in_((low, high))))
    }
    return raise_alert(
        db,
        now,
        key=f"dup:{low}:{high}",
        kind=AlertKind.DUPLICATE_IDENTITY,
        summary=f"一人多号：同一张人脸属于客户 {names.get(low, low)} 与 {names.get(high, high)}（手机号不同）",
        faces=[event],
        customer_id=customer_id,
        other_customer_id=other_customer_id,
        person_id=event.person_id,
    )


def foreign_meeting(db: Session, now: datetime, event: FaceEventRow, location: str) -> Raised:
    """On arrival of an event at a hall or signing-room camera: a consultant with another's customer?"""
    out = Raised()
    if location not in MEETING_PLACES or event.person_id is None:
        return out
    person = db.get(FacePerson, event.person_id)
    if person is None or person.kind not in (PersonKind.CUSTOMER.value, PersonKind.STAFF.value):
        return out
    window = timedelta(seconds=_settings(db).meeting_window_s)
    other_kind = PersonKind.STAFF if person.kind == PersonKind.CUSTOMER.value else PersonKind.CUSTOMER
    nearby = db.execute(
        select(FaceEventRow, FacePerson)
        .join(FacePerson, FacePerson.id == FaceEventRow.person_id)
        .where(
            FaceEventRow.camera_id == event.camera_id,
            FaceEventRow.id != event.id,
            FacePerson.kind == other_kind.value,
            FaceEventRow.captured_at.between(event.captured_at - window, event.captured_at + window),
        )
    ).all()
    for other_event, other in nearby:
        customer_p, staff_p = (person, other) if other_kind is PersonKind.STAFF else (other, person)
        customer_e, staff_e = (event, other_event) if other_kind is PersonKind.STAFF else (other_event, event)
        customer = db.get(Customer, customer_p.customer_id) if customer_p.customer_id else None
        if customer is None or customer.owner_id is None or staff_p.user_id in (None, customer.owner_id):
            continue
        names = _user_names(db, staff_p.user_id, customer.owner_id)
        out.extend(
            raise_alert(
                db,
                now,
                key=f"meet:{customer.id}:{staff_p.user_id}:{office_day(customer_e.captured_at)}",
                kind=AlertKind.FOREIGN_MEETING,
                summary=(
                    f"藏客风险：顾问 {names.get(staff_p.user_id, staff_p.user_id)} 在 {event.camera_id} 接待了 "
                    f"{names.get(customer.owner_id, customer.owner_id)} 的客户 {customer.name}"
                ),
                faces=[customer_e, staff_e],
                customer_id=customer.id,
                user_id=staff_p.user_id,
                person_id=customer_p.id,
            )
        )
    return out


def _user_names(db: Session, *ids: int) -> dict[int, str]:
    return {uid: name for uid, name in db.execute(select(User.id, User.display_name).where(User.id.in_(ids)))}


def _settings(db: Session) -> FaceSettingsRow:
    return db.scalars(select(FaceSettingsRow).where(FaceSettingsRow.id == 1)).one()


def hidden_visits(db: Session, now: datetime) -> Raised:
    """Entrance faces older than N minutes (by arrival at the server), not read before: each needs a visit."""
    settings = db.scalars(select(FaceSettingsRow).where(FaceSettingsRow.id == 1).with_for_update()).one()
    window = timedelta(minutes=settings.hidden_visit_minutes)
    rows = db.execute(
        select(FaceEventRow, FacePerson)
        .join(Camera, Camera.id == FaceEventRow.camera_id)
        .outerjoin(FacePerson, FacePerson.id == FaceEventRow.person_id)
        .where(
            FaceEventRow.id > settings.event_watermark,
            FaceEventRow.received_at < now - window,
            Camera.location == CameraLocation.ENTRANCE.value,
        )
        .order_by(FaceEventRow.id)
        .limit(5000)
    ).all()
    out = Raised()
    for event, person in rows:
        settings.event_watermark = max(settings.event_watermark, event.id)
        if event.visit_id is not None or person is None or person.kind == PersonKind.STAFF.value:
            continue  # registered, a review nobody resolved, or staff
        around = Visit.arrived_at.between(event.captured_at - window, event.captured_at + window)
        if person.customer_id is not None:
            visited = db.scalar(select(func.count()).where(Visit.customer_id == person.customer_id, around))
            who = db.scalar(select(Customer.name).where(Customer.id == person.customer_id)) or "客户"
        else:
            visited = db.scalar(select(func.count()).where(around))
            who = f"陌生访客 #{person.id}"
        if visited:
            continue
        out.extend(
            raise_alert(
                db,
                now,
                key=f"hidden:{person.id}:{office_day(event.captured_at)}",
                kind=AlertKind.HIDDEN_VISIT,
                summary=(
                    f"藏客风险：{who} 于 {event.captured_at.astimezone(OFFICE_TZ).strftime('%H:%M')} 在入口出现，"
                    f"{settings.hidden_visit_minutes} 分钟内无来访登记"
                ),
                faces=[event],
                customer_id=person.customer_id,
                person_id=person.id,
            )
        )
    return out


def new_reports(db: Session, now: datetime) -> Raised:
    """Reports entered since the last run, of customers whose face is on file."""
    settings = db.scalars(select(FaceSettingsRow).where(FaceSettingsRow.id == 1).with_for_update()).one()
    reports = list(
        db.scalars(
            select(ChannelReport)
            .where(ChannelReport.id > settings.report_watermark, ChannelReport.customer_id.is_not(None))
            .order_by(ChannelReport.id)
            .limit(5000)
        )
    )
    out = Raised()
    by_customer: dict[int, list[ChannelReport]] = {}
    for report in reports:
        settings.report_watermark = max(settings.report_watermark, report.id)
        assert report.customer_id is not None
        by_customer.setdefault(report.customer_id, []).append(report)
    for customer_id, theirs in by_customer.items():
        out.extend(fly_order(db, customer_id, now, theirs))
    return out


def scan(db: Session, now: datetime) -> Raised:
    """The timed rules, in the caller's transaction."""
    out = new_reports(db, now)
    out.extend(hidden_visits(db, now))
    return out


def open_alert_events() -> Any:
    """For the purge: events that are evidence of an open alert are kept until it is decided."""
    return select(FaceAlert.id).where(
        FaceAlert.status == "open", FaceAlert.evidence["events"].contains(func.to_jsonb(FaceEventRow.event_id))
    )
