"""CRM models: customers, follow-ups, visits, rotation, channels and reports, attribution, imports, notices."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
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
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base
from shared.protocol.messages.crm_types import (
    AppealDecision,
    CommissionKind,
    CustomerStatus,
    FollowUpKind,
    Gender,
    Intent,
    ReportStatus,
    RotationEntry,
    Source,
)


def _values(enum: type[Any]) -> str:
    return ", ".join(f"'{m.value}'" for m in enum)


class CrmSettings(Base):
    """Per project: how long a customer may go without a follow-up before returning to the public pool."""

    __tablename__ = "crm_settings"
    __table_args__ = (CheckConstraint("pool_days BETWEEN 1 AND 365", name="pool_days"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    pool_days: Mapped[int] = mapped_column(Integer, default=30)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("project_id", "phone"),
        CheckConstraint(f"gender IN ({_values(Gender)})", name="gender"),
        CheckConstraint(f"source IN ({_values(Source)})", name="source"),
        CheckConstraint(f"intent IN ({_values(Intent)})", name="intent"),
        CheckConstraint(f"status IN ({_values(CustomerStatus)})", name="status"),
        # Unique ID numbers per project, found by HMAC: the number itself is only stored encrypted.
        Index(
            "uq_customers_id_hmac", "project_id", "id_hmac", unique=True, postgresql_where=text("id_hmac IS NOT NULL")
        ),
        Index("ix_customers_last4", "project_id", "phone_last4", "id"),
        Index("ix_customers_first3_last4", "project_id", "phone_first3", "phone_last4"),
        Index("ix_customers_owner", "project_id", "owner_id", "id"),
        Index("ix_customers_project_id", "project_id", "id"),
        Index("ix_customers_name", "project_id", text("name text_pattern_ops"), "id"),
        Index("ix_customers_initials", "project_id", text("initials text_pattern_ops"), "id"),
        Index("ix_customers_tags", "tags", postgresql_using="gin"),
        Index(
            "ix_customers_followup_due",
            "next_followup_at",
            postgresql_where=text("owner_id IS NOT NULL AND next_followup_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(40))
    # Pinyin initials of the name (张伟 -> zw), written with the name, for search by initials.
    initials: Mapped[str] = mapped_column(String(40), default="")
    # Mainland mobile, 11 digits (13812345678); first 3 and last 4 to match masked reports (138****5678).
    phone: Mapped[str] = mapped_column(String(11))
    phone_first3: Mapped[str] = mapped_column(String(3))
    phone_last4: Mapped[str] = mapped_column(String(4))
    id_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_hmac: Mapped[str | None] = mapped_column(String(64))
    id_masked: Mapped[str] = mapped_column(String(18), default="")
    gender: Mapped[str] = mapped_column(String(10), default=Gender.UNKNOWN.value)
    source: Mapped[str] = mapped_column(String(10), default=Source.NATURAL.value)
    intent: Mapped[str] = mapped_column(String(1), default=Intent.C.value)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(20)), default=list)
    budget_wan: Mapped[Decimal | None] = mapped_column(Numeric(10, 1))
    layout: Mapped[str] = mapped_column(String(40), default="")
    area: Mapped[str] = mapped_column(String(40), default="")
    purpose: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: in the public pool 公客池
    status: Mapped[str] = mapped_column(String(12), default=CustomerStatus.POTENTIAL.value)
    referrer_id: Mapped[int | None] = mapped_column(BigInteger)  # 老带新: the referring customer
    co_buyers: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    last_followup_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_followup_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the owner was last reminded of next_followup_at; a reminder goes out once per due date.
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    owned_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)


class FollowUp(Base):
    __tablename__ = "follow_ups"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_values(FollowUpKind)})", name="kind"),
        Index("ix_follow_ups_customer", "customer_id", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    next_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Visit(Base):
    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("party_size BETWEEN 1 AND 50", name="party_size"),
        Index("ix_visits_project_at", "project_id", "arrived_at"),
        Index("ix_visits_customer", "customer_id", "arrived_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    arrived_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    party_size: Mapped[int] = mapped_column(Integer, default=1)
    companions: Mapped[str] = mapped_column(String(200), default="")
    is_new: Mapped[bool] = mapped_column(Boolean)
    consultant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    report_id: Mapped[int | None] = mapped_column(BigInteger)  # the 报备 whose 带看 this visit confirmed
    note: Mapped[str] = mapped_column(String(200), default="")


class RotationMember(Base):
    """A consultant's place in a project's rotation 轮排: present or not, and when last given a visitor."""

    __tablename__ = "rotation_members"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    checked_in: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RotationLedger(Base):
    """Every check-in, check-out, assignment and skip, in order: the fairness report is computed from it."""

    __tablename__ = "rotation_ledger"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_values(RotationEntry)})", name="kind"),
        Index("ix_rotation_ledger_day", "project_id", "day", "user_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[str] = mapped_column(String(10))  # the office's local date, YYYY-MM-DD
    kind: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    visit_id: Mapped[int | None] = mapped_column(BigInteger)
    customer_id: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class Channel(Base):
    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    contact: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Broker(Base):
    __tablename__ = "brokers"
    __table_args__ = (UniqueConstraint("channel_id", "phone"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(11))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ChannelRule(Base):
    """One version of a project's rules for one channel; a report is judged by the latest version at its time."""

    __tablename__ = "channel_rules"
    __table_args__ = (
        UniqueConstraint("project_id", "channel_id", "version"),
        CheckConstraint("protection_days BETWEEN 1 AND 365", name="protection_days"),
        CheckConstraint("visit_window_hours BETWEEN 1 AND 720", name="visit_window_hours"),
        CheckConstraint("natural_visit_days BETWEEN 0 AND 365", name="natural_visit_days"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    version: Mapped[int] = mapped_column(Integer)
    protection_days: Mapped[int] = mapped_column(Integer)
    visit_window_hours: Mapped[int] = mapped_column(Integer)
    natural_visit_days: Mapped[int] = mapped_column(Integer)
    block_existing_customer: Mapped[bool] = mapped_column(Boolean)
    allow_masked: Mapped[bool] = mapped_column(Boolean)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CommissionRule(Base):
    __tablename__ = "commission_rules"
    __table_args__ = (
        UniqueConstraint("project_id", "channel_id", "version"),
        CheckConstraint(f"kind IN ({_values(CommissionKind)})", name="kind"),
        CheckConstraint("value > 0", name="value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ChannelReport(Base):
    __tablename__ = "channel_reports"
    __table_args__ = (
        CheckConstraint(f"status IN ({_values(ReportStatus)})", name="status"),
        Index("ix_channel_reports_match", "project_id", "phone_first3", "phone_last4"),
        Index("ix_channel_reports_project", "project_id", "id"),
        Index("ix_channel_reports_open", "status", "visit_deadline", "protect_until"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    broker_id: Mapped[int] = mapped_column(ForeignKey("brokers.id"))
    rule_id: Mapped[int] = mapped_column(ForeignKey("channel_rules.id"))
    customer_name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(11))  # None when reported masked (138****5678)
    phone_first3: Mapped[str] = mapped_column(String(3))
    phone_last4: Mapped[str] = mapped_column(String(4))
    phone_match: Mapped[str] = mapped_column(String(10))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(30))
    reason_detail: Mapped[str] = mapped_column(String(200), default="")
    visit_deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    protect_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    visit_id: Mapped[int | None] = mapped_column(BigInteger)
    entered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Appeal(Base):
    __tablename__ = "appeals"
    __table_args__ = (CheckConstraint(f"decision IN ({_values(AppealDecision)})", name="decision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("channel_reports.id"))
    reason: Mapped[str] = mapped_column(String(500))
    filed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decision: Mapped[str] = mapped_column(String(12), default=AppealDecision.PENDING.value)
    decision_note: Mapped[str] = mapped_column(String(500), default="")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AttributionEntry(Base):
    """判客 ledger: per customer, append-only and hash-chained (see server/crm/ledger.py)."""

    __tablename__ = "attribution_ledger"
    __table_args__ = (UniqueConstraint("customer_id", "seq"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(12))
    channel_id: Mapped[int | None] = mapped_column(Integer)
    referrer_id: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(300))
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ImportBatch(Base):
    """A validated customer file waiting for the user's confirmation; its good rows are in import_rows."""

    __tablename__ = "customer_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    filename: Mapped[str] = mapped_column(String(200))
    total_rows: Mapped[int] = mapped_column(Integer)
    valid_rows: Mapped[int] = mapped_column(Integer)
    duplicate_rows: Mapped[int] = mapped_column(Integer)
    error_count: Mapped[int] = mapped_column(Integer)
    error_report: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10), default="staged")  # staged, imported, discarded


class ImportRow(Base):
    __tablename__ = "customer_import_rows"

    batch_id: Mapped[int] = mapped_column(ForeignKey("customer_imports.id", ondelete="CASCADE"), primary_key=True)
    row: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    initials: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(11))
    gender: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(10))
    intent: Mapped[str] = mapped_column(String(1))
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(20)))
    budget_wan: Mapped[Decimal | None] = mapped_column(Numeric(10, 1))
    layout: Mapped[str] = mapped_column(String(40))
    area: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(Integer)
    # The customer already on file with this phone, found at upload; merged or reported at confirm.
    existing_id: Mapped[int | None] = mapped_column(BigInteger)


class Notice(Base):
    """A private message to one user (server/notices.py); the event stream only says one exists."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_user", "user_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
