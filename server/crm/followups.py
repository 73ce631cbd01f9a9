"""Follow-ups 跟进: records with the next date; what is due for a consultant, what is overdue for managers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.crm import customers
from server.crm.common import day_bounds, invalid, office_day, user_names
from server.db.crm_models import Customer, FollowUp
from server.db.models import User
from server.sessions import Actor
from shared.protocol.messages.crm_customers import CustomerRow, FollowUpInfo, FollowUpRequest
from shared.protocol.messages.crm_types import FollowUpKind


def add(db: Session, actor: Actor, req: FollowUpRequest, now: datetime) -> tuple[FollowUp, Customer]:
    c = customers.load(db, actor, req.customer_id, edit=True, lock=True)
    at = req.at or now
    if at > now:
        raise invalid("跟进时间不能晚于现在", "A follow-up cannot be in the future")
    if req.next_at is not None and req.next_at <= at:
        raise invalid("下次跟进时间须晚于本次", "The next follow-up must be after this one")
    f = FollowUp(
        customer_id=c.id, user_id=actor.user_id, kind=req.kind.value, note=req.note, at=at, next_at=req.next_at
    )
    db.add(f)
    if c.last_followup_at is None or at > c.last_followup_at:
        c.last_followup_at = at
    c.next_followup_at = req.next_at
    c.reminded_at = None
    c.version += 1
    c.updated_at = now
    db.flush()
    return f, c


def info(db: Session, f: FollowUp) -> FollowUpInfo:
    return FollowUpInfo(
        id=f.id,
        customer_id=f.customer_id,
        user_id=f.user_id,
        user_name=user_names(db, [f.user_id]).get(f.user_id, ""),
        kind=FollowUpKind(f.kind),
        note=f.note,
        at=f.at,
        next_at=f.next_at,
    )


def _rows(db: Session, actor: Actor, q: object, limit: int) -> list[CustomerRow]:
    found = db.execute(q.order_by(Customer.next_followup_at, Customer.id).limit(limit)).all()  # type: ignore[attr-defined]
    return [customers.row(actor, c, owner or "") for c, owner in found]


def due(db: Session, actor: Actor, project_id: int, now: datetime, limit: int) -> list[CustomerRow]:
    """Mine, due before the end of today (overdue ones first)."""
    _, end = day_bounds(office_day(now))
    q = (
        select(Customer, User.display_name)
        .outerjoin(User, User.id == Customer.owner_id)
        .where(Customer.project_id == project_id, Customer.owner_id == actor.user_id, Customer.next_followup_at < end)
    )
    return _rows(db, actor, q, limit)


def overdue(db: Session, actor: Actor, project_id: int, now: datetime, limit: int) -> list[CustomerRow]:
    q = (
        select(Customer, User.display_name)
        .outerjoin(User, User.id == Customer.owner_id)
        .where(Customer.project_id == project_id, Customer.owner_id.is_not(None), Customer.next_followup_at < now)
    )
    return _rows(db, actor, q, limit)
