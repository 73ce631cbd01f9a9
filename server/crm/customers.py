"""Customers: who may see and change which (record-level rules), create and update, search with keyset paging."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from server.crm import idnumbers, phones
from server.crm.common import active_consultant, invalid, not_found, user_names
from server.crm.idnumbers import IdVault
from server.crm.names import initials
from server.db.crm_models import Customer
from server.db.models import User
from server.sessions import Actor
from shared.domain import Role
from shared.protocol.errors import ErrorCode, ErrorDetail, ShowroomError
from shared.protocol.messages.crm_customers import (
    CoBuyer,
    CreateCustomerRequest,
    CustomerInfo,
    CustomerPage,
    CustomerRow,
    SearchRequest,
    UpdateCustomerRequest,
)
from shared.protocol.messages.crm_types import CustomerStatus, Gender, Intent, Scope, Source

MANAGERS = (Role.SALES_MANAGER,)
_DIGITS = re.compile(r"^\d+$")


def is_manager(actor: Actor) -> bool:
    return actor.role in MANAGERS


def may_see(actor: Actor, c: Customer) -> bool:
    return is_manager(actor) or (actor.role is Role.CONSULTANT and c.owner_id in (None, actor.user_id))


def may_edit(actor: Actor, c: Customer) -> bool:
    return is_manager(actor) or (actor.role is Role.CONSULTANT and c.owner_id == actor.user_id)


def load(db: Session, actor: Actor, customer_id: int, *, edit: bool = False, lock: bool = False) -> Customer:
    q = select(Customer).where(Customer.id == customer_id)
    c = db.scalars(q.with_for_update() if lock else q).first()
    if c is None:
        raise not_found("客户", "customer", customer_id)
    if not (may_edit(actor, c) if edit else may_see(actor, c)):
        raise ShowroomError(
            ErrorCode.FORBIDDEN, "这位客户不属于您，无权查看或修改", "This customer is not yours to see or change"
        )
    return c


def shown_phone(actor: Actor, c: Customer) -> str:
    """The owner and managers see the number; a pool customer shows masked until claimed."""
    return c.phone if is_manager(actor) or c.owner_id == actor.user_id else phones.mask(c.phone)


def info(db: Session, actor: Actor, c: Customer) -> CustomerInfo:
    owner = user_names(db, [c.owner_id]).get(c.owner_id or 0, "")
    return CustomerInfo(
        id=c.id,
        project_id=c.project_id,
        name=c.name,
        phone=shown_phone(actor, c),
        id_masked=c.id_masked,
        gender=Gender(c.gender),
        source=Source(c.source),
        intent=Intent(c.intent),
        tags=list(c.tags),
        budget_wan=c.budget_wan,
        layout=c.layout,
        area=c.area,
        purpose=c.purpose,
        note=c.note,
        owner_id=c.owner_id,
        owner_name=owner,
        status=CustomerStatus(c.status),
        referrer_id=c.referrer_id,
        co_buyers=[CoBuyer(**b) for b in c.co_buyers],
        last_followup_at=c.last_followup_at,
        next_followup_at=c.next_followup_at,
        created_at=c.created_at,
        version=c.version,
    )


def audit_view(c: Customer) -> dict[str, Any]:
    """What the audit keeps of a customer: never the ID number, not even encrypted."""
    return {
        "id": c.id,
        "name": c.name,
        "phone": c.phone,
        "id_masked": c.id_masked,
        "owner_id": c.owner_id,
        "status": c.status,
        "intent": c.intent,
        "source": c.source,
        "tags": list(c.tags),
        "version": c.version,
    }


def check_phone_free(db: Session, project_id: int, phone: str, except_id: int | None = None) -> None:
    clash = db.execute(
        select(Customer.id, Customer.owner_id).where(Customer.project_id == project_id, Customer.phone == phone)
    ).first()
    if clash is not None and clash[0] != except_id:
        owner = user_names(db, [clash[1]]).get(clash[1] or 0, "公客池")
        zh = f"手机号 {phones.mask(phone)} 已是客户（归属：{owner}）"
        en = f"{phones.mask(phone)} is already a customer (owner: {owner})"
        # The detail names the field, so a form can show the clash (撞单) beside the phone.
        raise ShowroomError(ErrorCode.CONFLICT, zh, en, [ErrorDetail(field="phone", message=zh, message_en=en)])


def _set_id_number(db: Session, vault: IdVault, c: Customer, raw: str) -> None:
    if not raw.strip():
        c.id_cipher, c.id_hmac, c.id_masked = None, None, ""
        return
    try:
        number = idnumbers.normalize(raw)
    except idnumbers.BadIdNumber as exc:
        raise exc.error() from None
    digest = vault.digest(number)
    clash = db.scalar(
        select(Customer.id).where(Customer.project_id == c.project_id, Customer.id_hmac == digest, Customer.id != c.id)
    )
    if clash is not None:
        zh, en = "该身份证号已登记为其他客户", "The ID number belongs to another customer"
        raise ShowroomError(ErrorCode.CONFLICT, zh, en, [ErrorDetail(field="id_number", message=zh, message_en=en)])
    c.id_cipher, c.id_hmac, c.id_masked = vault.encrypt(number), digest, idnumbers.mask(number)


def _phone(raw: str) -> str:
    try:
        return phones.normalize(raw)
    except phones.BadPhone as exc:
        raise exc.error() from None


def check_budget(value: Decimal | None) -> None:
    if value is not None and not (value.is_finite() and 0 <= value <= 1_000_000):
        raise invalid("预算须为 0 到 1000000 万元", "The budget must be 0 to 1,000,000 (10k yuan)")


def create(db: Session, vault: IdVault, actor: Actor, req: CreateCustomerRequest, now: datetime) -> Customer:
    check_budget(req.budget_wan)
    name = req.name.strip()
    if not name:
        raise invalid("姓名不能为空", "The name is empty")
    phone = _phone(req.phone)
    check_phone_free(db, req.project_id, phone)
    owner_id: int | None = actor.user_id if actor.role is Role.CONSULTANT else req.owner_id
    if owner_id is not None and actor.role is not Role.CONSULTANT:
        active_consultant(db, owner_id)
    if req.referrer_id is not None:
        ref = db.get(Customer, req.referrer_id)
        if ref is None or ref.project_id != req.project_id:
            raise not_found("推荐人客户", "referring customer", req.referrer_id)
    c = Customer(
        project_id=req.project_id,
        name=name,
        initials=initials(name),
        phone=phone,
        phone_first3=phone[:3],
        phone_last4=phone[-4:],
        id_masked="",
        gender=req.gender.value,
        source=req.source.value,
        intent=req.intent.value,
        tags=sorted({t.strip() for t in req.tags if t.strip()}),
        budget_wan=req.budget_wan,
        layout=req.layout,
        area=req.area,
        purpose=req.purpose,
        note=req.note,
        owner_id=owner_id,
        owned_since=now if owner_id else None,
        status=CustomerStatus.POTENTIAL.value,
        referrer_id=req.referrer_id,
        co_buyers=[{"name": b.name, "phone": b.phone, "relation": b.relation} for b in req.co_buyers],
        created_at=now,
        updated_at=now,
        version=1,
    )
    db.add(c)
    db.flush()
    _set_id_number(db, vault, c, req.id_number)
    db.flush()
    return c


def update(db: Session, vault: IdVault, actor: Actor, req: UpdateCustomerRequest, now: datetime) -> Customer:
    check_budget(req.budget_wan)
    if req.clear_budget and req.budget_wan is not None:
        raise invalid("不能同时设置和清除预算", "A budget cannot be given and cleared at once")
    c = load(db, actor, req.customer_id, edit=True, lock=True)
    if c.version != req.version:
        raise ShowroomError(
            ErrorCode.CONFLICT, "客户资料已被他人修改，请刷新后重试", "The customer changed meanwhile; reload and retry"
        )
    if req.name is not None:
        if not req.name.strip():
            raise invalid("姓名不能为空", "The name is empty")
        c.name, c.initials = req.name.strip(), initials(req.name.strip())
    if req.phone is not None:
        phone = _phone(req.phone)
        check_phone_free(db, c.project_id, phone, except_id=c.id)
        c.phone, c.phone_first3, c.phone_last4 = phone, phone[:3], phone[-4:]
    if req.id_number is not None:
        _set_id_number(db, vault, c, req.id_number)
    for field in ("layout", "area", "purpose", "note", "budget_wan"):
        value = getattr(req, field)
        if value is not None:
            setattr(c, field, value)
    if req.clear_budget:
        c.budget_wan = None
    for field in ("gender", "source", "intent", "status"):
        value = getattr(req, field)
        if value is not None:
            setattr(c, field, value.value)
    if req.tags is not None:
        c.tags = sorted({t.strip() for t in req.tags if t.strip()})
    if req.co_buyers is not None:
        c.co_buyers = [{"name": b.name, "phone": b.phone, "relation": b.relation} for b in req.co_buyers]
    c.version += 1
    c.updated_at = now
    db.flush()
    return c


def _prefix_range(col: Any, prefix: str) -> ColumnElement[bool]:
    """A btree-friendly prefix match on a digit string."""
    return and_(col >= prefix, col < prefix[:-1] + chr(ord(prefix[-1]) + 1))


def search_filter(query: str) -> list[ColumnElement[bool]]:
    """Phone (full or prefix), last 4 digits (+ name), pinyin initials, or a name prefix."""
    conds: list[ColumnElement[bool]] = []
    for token in query.split():
        if _DIGITS.match(token):
            if len(token) == 11:
                conds.append(Customer.phone == token)
            elif len(token) == 4:
                conds.append(Customer.phone_last4 == token)
            else:
                conds.append(_prefix_range(Customer.phone, token[:11]))
        elif token.isascii() and token.isalnum():
            conds.append(Customer.initials.like(token.lower() + "%"))
        else:
            escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conds.append(Customer.name.like(escaped + "%", escape="\\"))
    return conds


def scope_filter(actor: Actor, scope: Scope) -> list[ColumnElement[bool]]:
    if scope is Scope.MINE:
        return [Customer.owner_id == actor.user_id]
    if scope is Scope.POOL:
        return [Customer.owner_id.is_(None)]
    if is_manager(actor):
        return []
    return [or_(Customer.owner_id == actor.user_id, Customer.owner_id.is_(None))]


def search(db: Session, actor: Actor, req: SearchRequest) -> CustomerPage:
    q = (
        select(Customer, User.display_name)
        .outerjoin(User, User.id == Customer.owner_id)
        .where(Customer.project_id == req.project_id, *scope_filter(actor, req.scope), *search_filter(req.query))
    )
    if req.tags:
        q = q.where(Customer.tags.contains(sorted(set(req.tags))))
    if req.status is not None:
        q = q.where(Customer.status == req.status.value)
    if req.after_id is not None:
        q = q.where(Customer.id < req.after_id)
    found = db.execute(q.order_by(Customer.id.desc()).limit(req.limit + 1)).all()
    rows = [row(actor, c, owner or "") for c, owner in found[: req.limit]]
    return CustomerPage(rows=rows, next_after=rows[-1].id if len(found) > req.limit else None)


def row(actor: Actor, c: Customer, owner_name: str) -> CustomerRow:
    return CustomerRow(
        id=c.id,
        name=c.name,
        phone=shown_phone(actor, c),
        intent=Intent(c.intent),
        status=CustomerStatus(c.status),
        owner_id=c.owner_id,
        owner_name=owner_name,
        tags=list(c.tags),
        last_followup_at=c.last_followup_at,
        next_followup_at=c.next_followup_at,
    )
