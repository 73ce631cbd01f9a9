"""Faces: cameras, face events, the gallery (pgvector), consent, risk alerts (issue 5).

Revision ID: 0005
Revises: 0004

The vector columns have no fixed dimension: each gallery (one per recogniser) gets its own partial HNSW
index on `embedding::vector(<dim>)` when it is created (server/faces/gallery.py).
"""

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.create_table(
        "cameras",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("location", sa.String(20), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("health", postgresql.JSONB(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.CheckConstraint("location IN ('entrance', 'hall', 'signing_room')", name=op.f("ck_cameras_location")),
        sa.CheckConstraint("direction IN ('in', 'out', 'both')", name=op.f("ck_cameras_direction")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cameras")),
    )
    op.create_table(
        "face_galleries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(80), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("match_threshold", sa.Float(), nullable=False),
        sa.Column("review_threshold", sa.Float(), nullable=False),
        sa.Column("calibrated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("calibration", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("dim BETWEEN 32 AND 2048", name=op.f("ck_face_galleries_dim")),
        sa.CheckConstraint("review_threshold <= match_threshold", name=op.f("ck_face_galleries_thresholds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_galleries")),
        sa.UniqueConstraint("model", name=op.f("uq_face_galleries_model")),
    )
    op.create_table(
        "face_consents",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("text_version", sa.String(40), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_face_consents_customer_id_customers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_face_consents_user_id_users")),
        sa.ForeignKeyConstraint(["operator_id"], ["users.id"], name=op.f("fk_face_consents_operator_id_users")),
        sa.ForeignKeyConstraint(["revoked_by"], ["users.id"], name=op.f("fk_face_consents_revoked_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_consents")),
    )
    op.create_index("ix_face_consents_customer_id", "face_consents", ["customer_id"])
    op.create_table(
        "face_persons",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("gallery_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("label", sa.String(60), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("consent_id", sa.BigInteger(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("kind IN ('anonymous', 'customer', 'staff')", name=op.f("ck_face_persons_kind")),
        sa.ForeignKeyConstraint(
            ["gallery_id"], ["face_galleries.id"], name=op.f("fk_face_persons_gallery_id_face_galleries")
        ),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_face_persons_customer_id_customers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_face_persons_user_id_users")),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["face_consents.id"], name=op.f("fk_face_persons_consent_id_face_consents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_persons")),
    )
    op.create_index("ix_face_persons_kind_last_seen", "face_persons", ["kind", "last_seen_at"])
    op.create_index("ix_face_persons_customer_id", "face_persons", ["customer_id"])
    op.create_table(
        "face_templates",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("gallery_id", sa.Integer(), nullable=False),
        sa.Column("embedding", Vector(), nullable=False),
        sa.Column("quality", sa.Float(), nullable=False),
        sa.Column("source_event_id", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["face_persons.id"], name=op.f("fk_face_templates_person_id_face_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gallery_id"], ["face_galleries.id"], name=op.f("fk_face_templates_gallery_id_face_galleries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_templates")),
    )
    op.create_index("ix_face_templates_person_id", "face_templates", ["person_id"])
    op.create_table(
        "face_events",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("camera_id", sa.String(32), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("emitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("frames", sa.Integer(), nullable=False),
        sa.Column("gallery_id", sa.Integer(), nullable=False),
        sa.Column("embedding", Vector(), nullable=True),
        sa.Column("quality", sa.Float(), nullable=False),
        sa.Column("detail", postgresql.JSONB(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=True),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column("candidate_id", sa.BigInteger(), nullable=True),
        sa.Column("new_visitor", sa.Boolean(), nullable=False),
        sa.Column("visit_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("decision IN ('match', 'review', 'no_match')", name=op.f("ck_face_events_decision")),
        sa.ForeignKeyConstraint(["camera_id"], ["cameras.id"], name=op.f("fk_face_events_camera_id_cameras")),
        sa.ForeignKeyConstraint(
            ["gallery_id"], ["face_galleries.id"], name=op.f("fk_face_events_gallery_id_face_galleries")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["face_persons.id"], name=op.f("fk_face_events_person_id_face_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["face_persons.id"], name=op.f("fk_face_events_candidate_id_face_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_face_events_visit_id_visits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_face_events_event_id")),
    )
    op.create_index("ix_face_events_captured_at", "face_events", ["captured_at"])
    op.create_index("ix_face_events_camera_captured", "face_events", ["camera_id", "captured_at"])
    op.create_index("ix_face_events_person_id", "face_events", ["person_id"])
    op.create_table(
        "face_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_retention_days", sa.Integer(), nullable=False),
        sa.Column("anonymous_retention_days", sa.Integer(), nullable=False),
        sa.Column("warn_faces", sa.Integer(), nullable=False),
        sa.Column("limit_faces", sa.Integer(), nullable=False),
        sa.Column("capacity_level", sa.String(10), nullable=False),
        sa.Column("last_purge_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_purge", sa.Text(), nullable=False),
        sa.Column("hidden_visit_minutes", sa.Integer(), nullable=False),
        sa.Column("meeting_window_s", sa.Integer(), nullable=False),
        sa.Column("report_watermark", sa.BigInteger(), nullable=False),
        sa.Column("event_watermark", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_face_settings_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_settings")),
    )
    op.execute(
        "INSERT INTO face_settings (id, customer_retention_days, anonymous_retention_days, warn_faces, limit_faces,"
        " capacity_level, last_purge, hidden_visit_minutes, meeting_window_s, report_watermark, event_watermark)"
        " VALUES (1, 180, 30, 90000, 100000, 'ok', '', 30, 120, 0, 0)"
    )
    op.create_table(
        "face_alerts",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("rule_version", sa.String(20), nullable=False),
        sa.Column("summary", sa.String(300), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=True),
        sa.Column("other_customer_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.BigInteger(), nullable=True),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column("evidence", postgresql.JSONB(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(500), nullable=False),
        sa.CheckConstraint(
            "kind IN ('fly_order', 'hidden_visit', 'foreign_meeting', 'duplicate_identity')",
            name=op.f("ck_face_alerts_kind"),
        ),
        sa.CheckConstraint("status IN ('open', 'confirmed', 'dismissed')", name=op.f("ck_face_alerts_status")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_face_alerts_customer_id_customers")),
        sa.ForeignKeyConstraint(
            ["other_customer_id"], ["customers.id"], name=op.f("fk_face_alerts_other_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_face_alerts_user_id_users")),
        sa.ForeignKeyConstraint(
            ["report_id"], ["channel_reports.id"], name=op.f("fk_face_alerts_report_id_channel_reports")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["face_persons.id"], name=op.f("fk_face_alerts_person_id_face_persons"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=op.f("fk_face_alerts_decided_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_alerts")),
        sa.UniqueConstraint("key", name=op.f("uq_face_alerts_key")),
    )
    op.create_index("ix_face_alerts_status", "face_alerts", ["status", "id"])


def downgrade() -> None:
    op.drop_table("face_alerts")
    op.drop_table("face_settings")
    op.drop_table("face_events")
    op.drop_table("face_templates")
    op.drop_table("face_persons")
    op.drop_table("face_galleries")
    op.drop_table("face_consents")
    op.drop_table("cameras")
