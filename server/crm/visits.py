"""Visit registration 来访登记: new or returning in one lookup, the rotation for new visitors, notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from server.crm import ledger, phones, reports, rotation
from server.crm.common import day_bounds, invalid, not_found, office_day, user_names
from server.crm.ledger import EvidenceRef
from server.crm.names import initials
from server.db.crm_models import ChannelReport, Customer, Visit
from server.db.models import User
from shared.protocol.messages.crm_channels import ReportInfo
from shared.protocol.messages.crm_types import (
    AttributionKind,
    CustomerStatus,
    EvidenceKind,
    LookupOutcome,
    ReportStatus,
    Source,
)
from shared.protocol.messages.crm_visits import LookupMatch, LookupReply, LookupRequest, RegisterVisitRequest, VisitInfo

MAX_MATCHES = 10


def lookup(db: Session, req: LookupRequest, now: datetime) -> LookupReply:
    q = select(Customer).where(Customer.project_id == req.project_id)
    phone: str | None = None
    if req.phone.strip():
        try:
            phone = phones.normalize(req.phone)
        except phones.BadPhone as exc:
            raise exc.error() from None
        q = q.where(Customer.phone == phone)
    elif req.last4.isdigit() and len(req.last4) == 4:
        q = q.where(Customer.phone_last4 == req.last4)
        if req.name.strip():
            q = q.where(Customer.name.contains(req.name.strip(), autoescape=True))
    else:
        raise invalid(
            "请输入完整手机号，或手机尾号 4 位加姓名", "Give the full phone, or its last 4 digits and the name"
        )
    found = list(db.scalars(q.order_by(Customer.id).limit(MAX_MATCHES + 1)))
    outcome = (
        LookupOutcome.NEW if not found else LookupOutcome.RETURNING if len(found) == 1 else LookupOutcome.AMBIGUOUS
    )
    if phone is None and len(found) == 1:
        phone = found[0].phone
    waiting = awaiting_visit(db, req.project_id, phone, now) if phone is not None else []
    return LookupReply(outcome=outcome, matches=[match(db, c) for c in found[:MAX_MATCHES]], reports=waiting)


def awaiting_visit(db: Session, project_id: int, phone: str, now: datetime) -> list[ReportInfo]:
    """Accepted reports of this phone whose visit window is still open (masked ones match on 前三后四)."""
    found = db.scalars(
        select(ChannelReport)
        .where(
            ChannelReport.project_id == project_id,
            ChannelReport.phone_first3 == phone[:3],
            ChannelReport.phone_last4 == phone[-4:],
            or_(ChannelReport.phone.is_(None), ChannelReport.phone == phone),
            ChannelReport.status == ReportStatus.ACCEPTED.value,
            ChannelReport.visit_deadline > now,
        )
        .order_by(ChannelReport.reported_at)
        .limit(MAX_MATCHES)
    )
    return [reports.info(db, r) for r in found]


def match(db: Session, c: Customer) -> LookupMatch:
    visits, last = db.execute(select(func.count(), func.max(Visit.arrived_at)).where(Visit.customer_id == c.id)).one()
    return LookupMatch(
        customer_id=c.id,
        name=c.name,
        phone_masked=phones.mask(c.phone),
        owner_id=c.owner_id,
        owner_name=user_names(db, [c.owner_id]).get(c.owner_id or 0, ""),
        status=CustomerStatus(c.status),
        visits=visits,
        last_visit_at=last,
    )


@dataclass
class Registered:
    visit: Visit
    customer: Customer
    outcome: LookupOutcome
    by_rotation: bool
    notices: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)


def _find_or_create(db: Session, req: RegisterVisitRequest, now: datetime) -> tuple[Customer, LookupOutcome]:
    if req.customer_id is not None:
        c = db.get(Customer, req.customer_id, with_for_update=True)
        if c is None or c.project_id != req.project_id:
            raise not_found("客户", "customer", req.customer_id)
        return c, LookupOutcome.RETURNING
    try:
        phone = phones.normalize(req.phone)
    except phones.BadPhone as exc:
        raise exc.error() from None
    existing = db.scalars(
        select(Customer).where(Customer.project_id == req.project_id, Customer.phone == phone).with_for_update()
    ).first()
    if existing is not None:
        return existing, LookupOutcome.RETURNING
    name = req.name.strip()
    if not name:
        raise invalid("新客户需要填写姓名", "A new visitor needs a name")
    c = Customer(
        project_id=req.project_id,
        name=name,
        initials=initials(name),
        phone=phone,
        phone_first3=phone[:3],
        phone_last4=phone[-4:],
        id_masked="",
        gender=req.gender.value,
        source=Source.NATURAL.value,
        intent="C",
        tags=[],
        layout="",
        area="",
        purpose="",
        note="",
        status=CustomerStatus.POTENTIAL.value,
        co_buyers=[],
        created_at=now,
        updated_at=now,
        version=1,
    )
    db.add(c)
    db.flush()
    return c, LookupOutcome.NEW


def register(db: Session, req: RegisterVisitRequest, by: int, now: datetime) -> Registered:
    arrived = req.arrived_at or now
    if arrived > now + timedelta(minutes=5):
        raise invalid("到访时间不能晚于现在", "The arrival time is in the future")
    c, outcome = _find_or_create(db, req, now)
    visit = Visit(
        project_id=req.project_id,
        customer_id=c.id,
        arrived_at=arrived,
        party_size=req.party_size,
        companions=req.companions.strip(),
        is_new=outcome is LookupOutcome.NEW,
        registered_by=by,
        note=req.note.strip(),
    )
    db.add(visit)
    db.flush()
    result = Registered(visit, c, outcome, by_rotation=False)
    about = {"customer_id": c.id, "customer_name": c.name, "visit_id": visit.id, "party_size": req.party_size}
    if c.owner_id is None:
        chosen = rotation.assign_next(
            db, req.project_id, by=by, skips=req.skips, now=now, visit_id=visit.id, customer_id=c.id
        )
        result.by_rotation = True
        if chosen is not None:
            c.owner_id, c.owned_since = chosen, now
            result.notices.append((chosen, "customer.assigned", {**about, "new": outcome is LookupOutcome.NEW}))
    elif req.skips:
        raise invalid("老客户归属原顾问，不经过轮排", "A returning customer goes to their consultant, not the rotation")
    else:
        result.notices.append((c.owner_id, "visit.returning", about))
    visit.consultant_id = c.owner_id
    if c.status == CustomerStatus.POTENTIAL.value:
        c.status = CustomerStatus.VISITED.value
    c.updated_at = now
    c.version += 1
    if req.report_id is not None:
        report = db.get(ChannelReport, req.report_id, with_for_update=True)
        if report is None or report.project_id != req.project_id:
            raise not_found("报备", "report", req.report_id)
        reports.confirm_visit(db, report, visit, by)
    elif outcome is LookupOutcome.NEW:
        ledger.append(
            db,
            c.id,
            arrived,
            AttributionKind.NATURAL,
            "首次到访，无有效报备，判为自然来访",
            evidence=[EvidenceRef(EvidenceKind.VISIT, visit.id, arrived, f"来访 #{visit.id}")],
            actor_id=by,
        )
    db.flush()
    return result


def info(db: Session, v: Visit, c: Customer | None = None) -> VisitInfo:
    c = c or db.get(Customer, v.customer_id)
    assert c is not None
    return VisitInfo(
        id=v.id,
        customer_id=v.customer_id,
        customer_name=c.name,
        phone_masked=phones.mask(c.phone),
        arrived_at=v.arrived_at,
        party_size=v.party_size,
        companions=v.companions,
        is_new=v.is_new,
        consultant_id=v.consultant_id,
        consultant_name=user_names(db, [v.consultant_id]).get(v.consultant_id or 0, ""),
        report_id=v.report_id,
    )


def today(db: Session, project_id: int, now: datetime, limit: int = 500) -> list[VisitInfo]:
    """The newest `limit` arrivals of the office day, in one query (no per-row lookups)."""
    start, end = day_bounds(office_day(now))
    rows = db.execute(
        select(Visit, Customer.name, Customer.phone, User.display_name)
        .join(Customer, Customer.id == Visit.customer_id)
        .outerjoin(User, User.id == Visit.consultant_id)
        .where(Visit.project_id == project_id, Visit.arrived_at >= start, Visit.arrived_at < end)
        .order_by(Visit.arrived_at.desc(), Visit.id.desc())
        .limit(limit)
    ).all()
    return [
        VisitInfo(
            id=v.id,
            customer_id=v.customer_id,
            customer_name=name,
            phone_masked=phones.mask(phone),
            arrived_at=v.arrived_at,
            party_size=v.party_size,
            companions=v.companions,
            is_new=v.is_new,
            consultant_id=v.consultant_id,
            consultant_name=consultant or "",
            report_id=v.report_id,
        )
        for v, name, phone, consultant in rows
    ]
