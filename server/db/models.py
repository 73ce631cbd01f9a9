"""ORM models: users, sessions, audit, idempotency, projects, buildings, units; openings and the engine's log."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db.base import Base
from shared.domain import Role, UnitStatus

ROLE_VALUES = ", ".join(f"'{r.value}'" for r in Role)
STATUS_VALUES = ", ".join(f"'{s.value}'" for s in UnitStatus)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({ROLE_VALUES})", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class UserSession(Base):
    __tablename__ = "sessions"

    # Only a hash of the token is stored: a copy of the database does not let anyone sign in.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    client_addr: Mapped[str] = mapped_column(String(100), default="")


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_target", "target_type", "target_id"),
        Index("ix_audit_log_command", "command"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(40))
    actor_role: Mapped[str] = mapped_column(String(20))
    command: Mapped[str] = mapped_column(String(80))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(80))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    client_addr: Mapped[str] = mapped_column(String(100))
    idem_key: Mapped[str | None] = mapped_column(String(64))


class IdempotentReply(Base):
    __tablename__ = "idempotency"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    command: Mapped[str] = mapped_column(String(80))
    reply: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    city: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    buildings: Mapped[list[Building]] = relationship(back_populates="project", order_by="Building.sort_key")


class Building(Base):
    __tablename__ = "buildings"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(40))
    sort_key: Mapped[str] = mapped_column(String(60), default="")

    project: Mapped[Project] = relationship(back_populates="buildings")


class Unit(Base):
    # The table is stored with fillfactor 80 (migration 0007): room for the engine's updates in place.
    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("building_id", "number"),
        CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"),
        CheckConstraint("gross_area > 0 AND inner_area > 0 AND inner_area <= gross_area", name="areas"),
        CheckConstraint("list_price >= 0", name="price"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"), index=True)
    floor: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    layout: Mapped[str] = mapped_column(String(40))
    gross_area: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    inner_area: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    orientation: Mapped[str] = mapped_column(String(20))
    list_price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(String(20), default=UnitStatus.NOT_RELEASED.value)
    version: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    # Written by the reservation engine only (server/engine): who owns the unit, until when, for whom.
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    holder_name: Mapped[str] = mapped_column(String(60), default="")
    hold_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    customer_name: Mapped[str] = mapped_column(String(60), default="")
    customer_phone: Mapped[str] = mapped_column(String(20), default="")
    deposit: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    opening_id: Mapped[int | None] = mapped_column(Integer)
    buyer_id: Mapped[int | None] = mapped_column(Integer)


class Opening(Base):
    __tablename__ = "openings"
    __table_args__ = (
        CheckConstraint("mode IN ('rush', 'lottery', 'rehearsal')", name="mode"),
        CheckConstraint("status IN ('scheduled', 'running', 'paused', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    turn_seconds: Mapped[int] = mapped_column(Integer)
    hold_minutes: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int | None] = mapped_column(BigInteger)
    order_source: Mapped[str] = mapped_column(String(20), default="none")
    unit_ids: Mapped[list[int]] = mapped_column(JSONB)
    queue: Mapped[list[int]] = mapped_column(JSONB, default=list)
    turn_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OpeningBuyer(Base):
    """认筹客户: may pick units at one opening, signing in with phone + 认筹号. Stored with fillfactor 80 (migration
    0007), as units are: a pick updates its buyer's row in place."""

    __tablename__ = "opening_buyers"
    __table_args__ = (UniqueConstraint("opening_id", "ticket_no"), CheckConstraint("quota >= 1", name="quota"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20))
    ticket_no: Mapped[str] = mapped_column(String(30))
    quota: Mapped[int] = mapped_column(Integer)
    allocated: Mapped[list[int]] = mapped_column(JSONB, default=list)
    missed: Mapped[bool] = mapped_column(Boolean, default=False)


class OpeningLogRow(Base):
    """The fairness log: append-only and hash-chained (server/engine/fairness.py). Its key to openings is declared
    but not checked per row (NOT ENFORCED, migration 0007): only the engine appends, for openings it made."""

    __tablename__ = "opening_log"

    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)  # the text as written: what the hash covers
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class EngineDecision(Base):
    """Every engine decision's reply by idempotency key: a retry gets the same decision back, even after a crash."""

    __tablename__ = "engine_decisions"

    idem_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    actor_key: Mapped[str] = mapped_column(String(40))
    command: Mapped[str] = mapped_column(String(80))
    ok: Mapped[bool] = mapped_column(Boolean)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class PriceList(Base):
    """价目表: one version of a building's prices; a sales manager approves it, and then it prices the units."""

    __tablename__ = "price_lists"
    __table_args__ = (
        UniqueConstraint("building_id", "version"),
        CheckConstraint("status IN ('draft', 'active', 'superseded')", name="status"),
        Index("uq_price_lists_one_active", "building_id", unique=True, postgresql_where="status = 'active'"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PriceListItem(Base):
    __tablename__ = "price_list_items"
    __table_args__ = (CheckConstraint("price > 0", name="price"),)

    price_list_id: Mapped[int] = mapped_column(ForeignKey("price_lists.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
