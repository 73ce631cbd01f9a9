"""ORM models of the faces family: cameras, galleries (one per recogniser), persons, templates, events, settings.

Face data stays on this server (PIPL): templates and thumbnails live only in these tables, and the retention
purge (server/faces/retention.py) deletes them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base
from shared.protocol.messages.faces import CameraLocation, Direction, FaceDecision, PersonKind
from shared.protocol.messages.faces_alerts import AlertKind, AlertStatus


def _values(enum: Any) -> str:
    return ", ".join(f"'{e.value}'" for e in enum)


class Camera(Base):
    __tablename__ = "cameras"
    __table_args__ = (
        CheckConstraint(f"location IN ({_values(CameraLocation)})", name="location"),
        CheckConstraint(f"direction IN ({_values(Direction)})", name="direction"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    location: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(10))
    # Only a hash of the camera's secret: a copy of the database does not let anyone post as a camera.
    secret_hash: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    health: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(20), default="offline")


class FaceGallery(Base):
    """Embeddings of one recogniser; its dimension fixes the vector index. A new model means a new gallery."""

    __tablename__ = "face_galleries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model: Mapped[str] = mapped_column(String(80), unique=True)
    dim: Mapped[int] = mapped_column(Integer)
    match_threshold: Mapped[float] = mapped_column(Float)
    review_threshold: Mapped[float] = mapped_column(Float)
    calibrated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    calibration: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FacePerson(Base):
    """Someone whose face is stored: an anonymous visitor 陌生访客, a consented customer, or staff."""

    __tablename__ = "face_persons"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_values(PersonKind)})", name="kind"),
        Index("ix_face_persons_kind_last_seen", "kind", "last_seen_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    gallery_id: Mapped[int] = mapped_column(ForeignKey("face_galleries.id"))
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(60), default="")
    # The CRM customer, once linked with consent; the consultant, for enrolled staff.
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("face_consents.id"))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FaceTemplate(Base):
    __tablename__ = "face_templates"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("face_persons.id", ondelete="CASCADE"), index=True)
    # Repeated from the person so that each gallery's partial vector index can name it.
    gallery_id: Mapped[int] = mapped_column(ForeignKey("face_galleries.id"))
    embedding: Mapped[Any] = mapped_column(Vector())
    quality: Mapped[float] = mapped_column(Float)
    source_event_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FaceEventRow(Base):
    __tablename__ = "face_events"
    __table_args__ = (
        CheckConstraint(f"decision IN ({_values(FaceDecision)})", name="decision"),
        Index("ix_face_events_captured_at", "captured_at"),
        Index("ix_face_events_camera_captured", "camera_id", "captured_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # The camera's id for the event: a resend after a lost reply, or a replay of the spool, is the same row.
    event_id: Mapped[str] = mapped_column(String(32), unique=True)
    camera_id: Mapped[str] = mapped_column(ForeignKey("cameras.id"))
    track_id: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    emitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    frames: Mapped[int] = mapped_column(Integer)
    gallery_id: Mapped[int] = mapped_column(ForeignKey("face_galleries.id"))
    embedding: Mapped[Any | None] = mapped_column(Vector())
    quality: Mapped[float] = mapped_column(Float)
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB)  # the quality measures and the box
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)
    decision: Mapped[str] = mapped_column(String(10))
    similarity: Mapped[float | None] = mapped_column(Float)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("face_persons.id", ondelete="SET NULL"), index=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("face_persons.id", ondelete="SET NULL"))
    new_visitor: Mapped[bool] = mapped_column(Boolean, default=False)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))  # linked at registration


class FaceSettingsRow(Base):
    """One row (id 1): retention and the stored-faces warning levels, and what the last purge did."""

    __tablename__ = "face_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_retention_days: Mapped[int] = mapped_column(Integer, default=180)
    anonymous_retention_days: Mapped[int] = mapped_column(Integer, default=30)
    warn_faces: Mapped[int] = mapped_column(Integer, default=90_000)
    limit_faces: Mapped[int] = mapped_column(Integer, default=100_000)
    capacity_level: Mapped[str] = mapped_column(String(10), default="ok")
    last_purge_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_purge: Mapped[str] = mapped_column(Text, default="")
    # Risk rules: 藏客 when no visit is registered this many minutes after a face at the entrance; a consultant
    # and another's customer at one camera within meeting_window_s is a meeting.
    hidden_visit_minutes: Mapped[int] = mapped_column(Integer, default=30)
    meeting_window_s: Mapped[int] = mapped_column(Integer, default=120)
    # How far the timed rules have read: channel reports and entrance events with ids up to these.
    report_watermark: Mapped[int] = mapped_column(BigInteger, default=0)
    event_watermark: Mapped[int] = mapped_column(BigInteger, default=0)


class FaceConsent(Base):
    """A customer's (or consultant's) explicit consent to keep their face: when, who recorded it, which text."""

    __tablename__ = "face_consents"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # staff enrolment
    text_version: Mapped[str] = mapped_column(String(40))
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    given_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class FaceAlert(Base):
    """A risk rule's finding with its evidence, for a manager to confirm or dismiss."""

    __tablename__ = "face_alerts"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_values(AlertKind)})", name="kind"),
        CheckConstraint(f"status IN ({_values(AlertStatus)})", name="status"),
        Index("ix_face_alerts_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # What the finding is about (fly:<report>, hidden:<person>:<day>, ...): a rule run twice alerts once.
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default=AlertStatus.OPEN.value)
    rule_version: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(300))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    other_customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("channel_reports.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("face_persons.id", ondelete="SET NULL"))
    evidence: Mapped[dict[str, Any]] = mapped_column(JSONB)  # face event ids, times, scores, the rule's inputs
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(String(500), default="")
