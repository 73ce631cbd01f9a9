"""Reservation engine: unit ownership columns, openings, 认筹 buyers, the fairness log, engine decisions.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("units", sa.Column("holder_id", sa.Integer(), sa.ForeignKey("users.id", name=op.f("fk_units_holder_id_users")), nullable=True))
    op.add_column("units", sa.Column("holder_name", sa.String(60), nullable=False, server_default=""))
    op.add_column("units", sa.Column("hold_expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("units", sa.Column("customer_name", sa.String(60), nullable=False, server_default=""))
    op.add_column("units", sa.Column("customer_phone", sa.String(20), nullable=False, server_default=""))
    op.add_column("units", sa.Column("deposit", sa.Numeric(14, 2), nullable=True))
    op.add_column("units", sa.Column("opening_id", sa.Integer(), nullable=True))
    op.add_column("units", sa.Column("buyer_id", sa.Integer(), nullable=True))
    op.create_table(
        "openings",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("turn_seconds", sa.Integer(), nullable=False),
        sa.Column("hold_minutes", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=True),
        sa.Column("order_source", sa.String(20), nullable=False),
        sa.Column("unit_ids", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("queue", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("turn_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("mode IN ('rush', 'lottery', 'rehearsal')", name=op.f("ck_openings_mode")),
        sa.CheckConstraint("status IN ('scheduled', 'running', 'paused', 'closed')", name=op.f("ck_openings_status")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_openings_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_openings")),
    )
    op.create_index(op.f("ix_openings_project_id"), "openings", ["project_id"])
    op.create_table(
        "opening_buyers",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("ticket_no", sa.String(30), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column("allocated", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("missed", sa.Boolean(), nullable=False),
        sa.CheckConstraint("quota >= 1", name=op.f("ck_opening_buyers_quota")),
        sa.ForeignKeyConstraint(["opening_id"], ["openings.id"], name=op.f("fk_opening_buyers_opening_id_openings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_buyers")),
        sa.UniqueConstraint("opening_id", "ticket_no", name=op.f("uq_opening_buyers_opening_id_ticket_no")),
    )
    op.create_index(op.f("ix_opening_buyers_opening_id"), "opening_buyers", ["opening_id"])
    op.create_table(
        "opening_log",
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("record", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["opening_id"], ["openings.id"], name=op.f("fk_opening_log_opening_id_openings")),
        sa.PrimaryKeyConstraint("opening_id", "seq", name=op.f("pk_opening_log")),
    )
    op.create_table(
        "engine_decisions",
        sa.Column("idem_key", sa.String(64), nullable=False),
        sa.Column("actor_key", sa.String(40), nullable=False),
        sa.Column("command", sa.String(80), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("idem_key", name=op.f("pk_engine_decisions")),
    )
    op.create_index(op.f("ix_engine_decisions_at"), "engine_decisions", ["at"])
    # The fairness log is evidence: append-only like the audit trail.
    op.execute(
        "CREATE TRIGGER opening_log_no_change BEFORE UPDATE OR DELETE ON opening_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
    )
    op.execute(
        "CREATE TRIGGER opening_log_no_truncate BEFORE TRUNCATE ON opening_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER opening_log_no_truncate ON opening_log")
    op.execute("DROP TRIGGER opening_log_no_change ON opening_log")
    op.drop_table("engine_decisions")
    op.drop_table("opening_log")
    op.drop_table("opening_buyers")
    op.drop_table("openings")
    for col in ("buyer_id", "opening_id", "deposit", "customer_phone", "customer_name", "hold_expires_at", "holder_name", "holder_id"):
        op.drop_column("units", col)
