"""Consent and linking: a face is kept for a customer (or a consultant) only with recorded, explicit consent.

Linking makes the event's face the customer's: an anonymous visitor becomes the customer (their earlier
appearances come along, so 飞单 can be judged from the first one), or joins the customer's existing face.
Deletion on request removes the templates, thumbnails and face events, and revokes the consent.
"""

from __future__ import annotations

from datetime import datetime

import msgspec
import numpy as np
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from server.context import Context
from server.crm import ledger
from server.db.crm_models import Customer, Visit
from server.db.face_models import FaceConsent, FaceEventRow, FaceGallery, FacePerson, FaceTemplate
from server.db.models import User
from server.faces import capacity, gallery, risk
from server.faces.matching import MAX_TEMPLATES
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.faces import PersonKind
from shared.protocol.messages.faces_alerts import (
    CONSENT_VERSION,
    ForgetReply,
    ForgetRequest,
    LinkReply,
    LinkRequest,
    StaffEnrolReply,
    StaffEnrolRequest,
)


def _check_consent(version: str, given: bool) -> None:
    if not given:
        raise ShowroomError(
            ErrorCode.VALIDATION_FAILED,
            "未获得本人明确同意，不保存人脸；可仅用手机号登记",
            "Without the person's explicit consent no face is kept; register by phone instead",
        )
    if version != CONSENT_VERSION:
        raise ShowroomError(
            ErrorCode.VALIDATION_FAILED,
            f"同意书版本已更新为 {CONSENT_VERSION}，请重新向客户出示",
            f"The consent text is now {CONSENT_VERSION}: show the current one",
        )


def _event(db: Session, event_id: str) -> FaceEventRow:
    row = db.scalars(select(FaceEventRow).where(FaceEventRow.event_id == event_id).with_for_update()).first()
    if row is None:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"人脸事件 {event_id} 不存在", f"No face event {event_id}")
    if row.embedding is None:
        raise ShowroomError(ErrorCode.VALIDATION_FAILED, "该人脸已按保存期限删除", "This face was purged")
    return row


def _consent(
    db: Session, now: datetime, operator: int, *, customer_id: int | None = None, user_id: int | None = None
) -> FaceConsent:
    consent = FaceConsent(
        customer_id=customer_id, user_id=user_id, text_version=CONSENT_VERSION, operator_id=operator, given_at=now
    )
    db.add(consent)
    db.flush()
    return consent


def _merge(db: Session, source: FacePerson, into: FacePerson) -> None:
    """Two persons are one: events and templates move, the earlier first sighting stays."""
    db.execute(update(FaceTemplate).where(FaceTemplate.person_id == source.id).values(person_id=into.id))
    db.execute(update(FaceEventRow).where(FaceEventRow.person_id == source.id).values(person_id=into.id))
    db.execute(update(FaceEventRow).where(FaceEventRow.candidate_id == source.id).values(candidate_id=into.id))
    into.first_seen_at = min(into.first_seen_at, source.first_seen_at)
    into.last_seen_at = max(into.last_seen_at, source.last_seen_at)
    db.flush()
    db.delete(source)


def link(ctx: Context, req: LinkRequest) -> LinkReply:
    _check_consent(req.consent_version, req.consent_given)
    db, now = ctx.db, utcnow()
    event = _event(db, req.event_id)
    customer = db.get(Customer, req.customer_id, with_for_update=True)
    if customer is None:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"客户 {req.customer_id} 不存在", f"No customer {req.customer_id}")
    if req.visit_id is not None:
        visit = db.get(Visit, req.visit_id)
        if visit is None or visit.customer_id != customer.id:
            raise ShowroomError(ErrorCode.VALIDATION_FAILED, "来访记录不属于该客户", "The visit is not this customer's")
    consent = _consent(db, now, ctx.user.user_id, customer_id=customer.id)
    person = db.get(FacePerson, event.person_id, with_for_update=True) if event.person_id else None
    raised = risk.Raised()
    if person is not None and person.kind == PersonKind.STAFF.value:
        raise ShowroomError(ErrorCode.VALIDATION_FAILED, "这是已登记的员工人脸", "This face is enrolled staff")
    if person is not None and person.customer_id not in (None, customer.id):
        # One face, two customers: the face stays with the first; the manager decides.
        raised.extend(risk.duplicate_identity(db, now, event, customer.id, person.customer_id))
        ctx.audit("face_person", person.id, None, {"link_refused": customer.id, "alerts": raised.alerts})
        _publish(ctx, raised)
        return LinkReply(
            linked=False, person_id=None, customer_id=customer.id, consent_id=consent.id, alerts=raised.alerts
        )
    g = db.get(FaceGallery, event.gallery_id)
    assert g is not None
    vector = gallery.parse_embedding(_embedding_bytes(event), g.dim)
    existing = db.scalars(
        select(FacePerson).where(FacePerson.customer_id == customer.id, FacePerson.gallery_id == g.id).with_for_update()
    ).first()
    before = {"event_person": person.id if person else None, "customer_person": existing.id if existing else None}
    if existing is None and person is not None:
        person.kind, person.customer_id = PersonKind.CUSTOMER.value, customer.id
        target = person
    elif existing is None:
        target = gallery.create_person(db, g, PersonKind.CUSTOMER, event.captured_at)
        target.customer_id = customer.id
        gallery.add_template(db, target, vector, event.quality, event.event_id)
    else:
        target = existing
        if person is not None and person.id != existing.id:
            _merge(db, person, existing)
        elif person is None and gallery.template_count(db, existing.id) < MAX_TEMPLATES:
            gallery.add_template(db, existing, vector, event.quality, event.event_id)
    target.consent_id = consent.id
    target.last_seen_at = max(target.last_seen_at, event.captured_at)
    event.person_id = target.id
    event.visit_id = req.visit_id
    db.flush()
    # The same face may already be someone else's customer (a second phone): duplicate identity.
    for near in gallery.nearest(db, g, vector):
        other = db.get(FacePerson, near.person_id)
        if near.similarity < g.match_threshold:
            break
        if other is not None and other.customer_id not in (None, customer.id):
            raised.extend(risk.duplicate_identity(db, now, event, customer.id, other.customer_id))
    ledger.append_face_evidence(
        db, customer.id, event.id, event.captured_at, score=event.similarity or 1.0, camera=event.camera_id
    )
    raised.extend(risk.fly_order(db, customer.id, now))
    ctx.audit(
        "face_person",
        target.id,
        before,
        {"customer_id": customer.id, "consent_id": consent.id, "event_id": event.event_id, "alerts": raised.alerts},
    )
    _publish(ctx, raised)
    return LinkReply(
        linked=True, person_id=target.id, customer_id=customer.id, consent_id=consent.id, alerts=raised.alerts
    )


def _embedding_bytes(event: FaceEventRow) -> bytes:
    return np.asarray(event.embedding, dtype="<f4").tobytes()


def _publish(ctx: Context, raised: risk.Raised) -> None:
    for event_type, event in raised.events:
        ctx.publish(event_type, event)


def enrol_staff(ctx: Context, req: StaffEnrolRequest) -> StaffEnrolReply:
    _check_consent(req.consent_version, req.consent_given)
    db, now = ctx.db, utcnow()
    user = db.get(User, req.user_id)
    if user is None or not user.active:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"用户 {req.user_id} 不存在", f"No user {req.user_id}")
    event = _event(db, req.event_id)
    person = db.get(FacePerson, event.person_id, with_for_update=True) if event.person_id else None
    if person is not None and person.kind == PersonKind.CUSTOMER.value:
        raise ShowroomError(ErrorCode.VALIDATION_FAILED, "该人脸已关联客户", "This face is a customer's")
    consent = _consent(db, now, ctx.user.user_id, user_id=user.id)
    g = db.get(FaceGallery, event.gallery_id)
    assert g is not None
    staff = db.scalars(select(FacePerson).where(FacePerson.user_id == user.id, FacePerson.gallery_id == g.id)).first()
    if staff is None and person is not None:
        person.kind, person.user_id, person.label = PersonKind.STAFF.value, user.id, user.display_name[:60]
        staff = person
    elif staff is None:
        staff = gallery.create_person(db, g, PersonKind.STAFF, event.captured_at, label=user.display_name)
        staff.user_id = user.id
        gallery.add_template(db, staff, gallery.parse_embedding(_embedding_bytes(event), g.dim), event.quality)
    elif person is not None and person.id != staff.id:
        _merge(db, person, staff)
    staff.consent_id = consent.id
    event.person_id = staff.id
    db.flush()
    ctx.audit("face_person", staff.id, None, {"staff_user_id": user.id, "consent_id": consent.id})
    return StaffEnrolReply(person_id=staff.id)


def forget(ctx: Context, req: ForgetRequest) -> ForgetReply:
    db, now = ctx.db, utcnow()
    if db.get(Customer, req.customer_id) is None:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"客户 {req.customer_id} 不存在", f"No customer {req.customer_id}")
    persons = list(db.scalars(select(FacePerson.id).where(FacePerson.customer_id == req.customer_id)))
    templates = int(
        db.scalar(select(func.count()).select_from(FaceTemplate).where(FaceTemplate.person_id.in_(persons))) or 0
    )
    events = db.execute(delete(FaceEventRow).where(FaceEventRow.person_id.in_(persons)))
    db.execute(delete(FacePerson).where(FacePerson.id.in_(persons)))
    revoked = db.execute(
        update(FaceConsent)
        .where(FaceConsent.customer_id == req.customer_id, FaceConsent.revoked_at.is_(None))
        .values(revoked_at=now, revoked_by=ctx.user.user_id)
    )
    reply = ForgetReply(
        persons_deleted=len(persons),
        templates_deleted=templates,
        events_deleted=int(getattr(events, "rowcount", 0)),
        consents_revoked=int(getattr(revoked, "rowcount", 0)),
    )
    ctx.audit(
        "customer_face", req.customer_id, None, {"deleted_on_request": msgspec.to_builtins(reply), "reason": req.reason}
    )
    capacity.check(ctx)
    return reply
