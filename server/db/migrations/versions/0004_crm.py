"""CRM: customers, follow-ups, visits and rotation, channels and reports, attribution, imports, notices (issue 4).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("contact", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channels")),
        sa.UniqueConstraint("name", name=op.f("uq_channels_name")),
    )
    op.create_table(
        "brokers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=11), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["channel_id"], ["channels.id"], name=op.f("fk_brokers_channel_id_channels")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brokers")),
        sa.UniqueConstraint("channel_id", "phone", name=op.f("uq_brokers_channel_id_phone")),
    )
    op.create_table(
        "channel_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("protection_days", sa.Integer(), nullable=False),
        sa.Column("visit_window_hours", sa.Integer(), nullable=False),
        sa.Column("natural_visit_days", sa.Integer(), nullable=False),
        sa.Column("block_existing_customer", sa.Boolean(), nullable=False),
        sa.Column("allow_masked", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("natural_visit_days BETWEEN 0 AND 365", name=op.f("ck_channel_rules_natural_visit_days")),
        sa.CheckConstraint("protection_days BETWEEN 1 AND 365", name=op.f("ck_channel_rules_protection_days")),
        sa.CheckConstraint("visit_window_hours BETWEEN 1 AND 720", name=op.f("ck_channel_rules_visit_window_hours")),
        sa.ForeignKeyConstraint(["channel_id"], ["channels.id"], name=op.f("fk_channel_rules_channel_id_channels")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_channel_rules_created_by_users")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_channel_rules_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_rules")),
        sa.UniqueConstraint(
            "project_id", "channel_id", "version", name=op.f("uq_channel_rules_project_id_channel_id_version")
        ),
    )
    op.create_table(
        "commission_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("kind IN ('percent', 'fixed')", name=op.f("ck_commission_rules_kind")),
        sa.CheckConstraint("value > 0", name=op.f("ck_commission_rules_value")),
        sa.ForeignKeyConstraint(["channel_id"], ["channels.id"], name=op.f("fk_commission_rules_channel_id_channels")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_commission_rules_created_by_users")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_commission_rules_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_rules")),
        sa.UniqueConstraint(
            "project_id", "channel_id", "version", name=op.f("uq_commission_rules_project_id_channel_id_version")
        ),
    )
    op.create_table(
        "crm_settings",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("pool_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("pool_days BETWEEN 1 AND 365", name=op.f("ck_crm_settings_pool_days")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_crm_settings_project_id_projects")),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_crm_settings")),
    )
    op.create_table(
        "customer_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("valid_rows", sa.Integer(), nullable=False),
        sa.Column("duplicate_rows", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("error_report", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_customer_imports_created_by_users")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_customer_imports_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_imports")),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("initials", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=11), nullable=False),
        sa.Column("phone_first3", sa.String(length=3), nullable=False),
        sa.Column("phone_last4", sa.String(length=4), nullable=False),
        sa.Column("id_cipher", sa.LargeBinary(), nullable=True),
        sa.Column("id_hmac", sa.String(length=64), nullable=True),
        sa.Column("id_masked", sa.String(length=18), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("intent", sa.String(length=1), nullable=False),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=20)), nullable=False),
        sa.Column("budget_wan", sa.Numeric(precision=10, scale=1), nullable=True),
        sa.Column("layout", sa.String(length=40), nullable=False),
        sa.Column("area", sa.String(length=40), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("referrer_id", sa.BigInteger(), nullable=True),
        sa.Column("co_buyers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("last_followup_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_followup_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("owned_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("gender IN ('unknown', 'male', 'female')", name=op.f("ck_customers_gender")),
        sa.CheckConstraint("intent IN ('A', 'B', 'C', 'D')", name=op.f("ck_customers_intent")),
        sa.CheckConstraint(
            "source IN ('natural', 'channel', 'referral', 'online', 'other')", name=op.f("ck_customers_source")
        ),
        sa.CheckConstraint(
            "status IN ('potential', 'visited', 'subscribed', 'signed', 'lost')", name=op.f("ck_customers_status")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_customers_owner_id_users")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_customers_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("project_id", "phone", name=op.f("uq_customers_project_id_phone")),
    )
    op.create_index(
        "ix_customers_first3_last4", "customers", ["project_id", "phone_first3", "phone_last4"], unique=False
    )
    op.create_index(
        "ix_customers_followup_due",
        "customers",
        ["next_followup_at"],
        unique=False,
        postgresql_where=sa.text("owner_id IS NOT NULL AND next_followup_at IS NOT NULL"),
    )
    op.create_index(
        "ix_customers_initials",
        "customers",
        ["project_id", sa.literal_column("initials text_pattern_ops"), "id"],
        unique=False,
    )
    op.create_index("ix_customers_last4", "customers", ["project_id", "phone_last4", "id"], unique=False)
    op.create_index(
        "ix_customers_name", "customers", ["project_id", sa.literal_column("name text_pattern_ops"), "id"], unique=False
    )
    op.create_index("ix_customers_owner", "customers", ["project_id", "owner_id", "id"], unique=False)
    op.create_index("ix_customers_project_id", "customers", ["project_id", "id"], unique=False)
    op.create_index("ix_customers_tags", "customers", ["tags"], unique=False, postgresql_using="gin")
    op.create_index(
        "uq_customers_id_hmac",
        "customers",
        ["project_id", "id_hmac"],
        unique=True,
        postgresql_where=sa.text("id_hmac IS NOT NULL"),
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notices_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index("ix_notices_user", "notices", ["user_id", "id"], unique=False)
    op.create_table(
        "rotation_ledger",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.BigInteger(), nullable=True),
        sa.Column("customer_id", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.CheckConstraint("kind IN ('check_in', 'check_out', 'assign', 'skip')", name=op.f("ck_rotation_ledger_kind")),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], name=op.f("fk_rotation_ledger_by_user_id_users")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_rotation_ledger_project_id_projects")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_rotation_ledger_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rotation_ledger")),
    )
    op.create_index("ix_rotation_ledger_day", "rotation_ledger", ["project_id", "day", "user_id"], unique=False)
    op.create_table(
        "rotation_members",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("checked_in", sa.Boolean(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_rotation_members_project_id_projects")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_rotation_members_user_id_users")),
        sa.PrimaryKeyConstraint("project_id", "user_id", name=op.f("pk_rotation_members")),
    )
    op.create_table(
        "attribution_ledger",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("referrer_id", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("evidence", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_attribution_ledger_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attribution_ledger")),
        sa.UniqueConstraint("customer_id", "seq", name=op.f("uq_attribution_ledger_customer_id_seq")),
    )
    op.create_table(
        "channel_reports",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("broker_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("customer_name", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=11), nullable=True),
        sa.Column("phone_first3", sa.String(length=3), nullable=False),
        sa.Column("phone_last4", sa.String(length=4), nullable=False),
        sa.Column("phone_match", sa.String(length=10), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=True),
        sa.Column("reason_detail", sa.String(length=200), nullable=False),
        sa.Column("visit_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("protect_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("visit_id", sa.BigInteger(), nullable=True),
        sa.Column("entered_by", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('accepted', 'visited', 'rejected', 'expired')", name=op.f("ck_channel_reports_status")
        ),
        sa.ForeignKeyConstraint(["broker_id"], ["brokers.id"], name=op.f("fk_channel_reports_broker_id_brokers")),
        sa.ForeignKeyConstraint(["channel_id"], ["channels.id"], name=op.f("fk_channel_reports_channel_id_channels")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_channel_reports_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["entered_by"], ["users.id"], name=op.f("fk_channel_reports_entered_by_users")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_channel_reports_project_id_projects")),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["channel_rules.id"], name=op.f("fk_channel_reports_rule_id_channel_rules")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_reports")),
    )
    op.create_index(
        "ix_channel_reports_match", "channel_reports", ["project_id", "phone_first3", "phone_last4"], unique=False
    )
    op.create_index(
        "ix_channel_reports_open", "channel_reports", ["status", "visit_deadline", "protect_until"], unique=False
    )
    op.create_index("ix_channel_reports_project", "channel_reports", ["project_id", "id"], unique=False)
    op.create_table(
        "customer_import_rows",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("initials", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=11), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("intent", sa.String(length=1), nullable=False),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=20)), nullable=False),
        sa.Column("budget_wan", sa.Numeric(precision=10, scale=1), nullable=True),
        sa.Column("layout", sa.String(length=40), nullable=False),
        sa.Column("area", sa.String(length=40), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("existing_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["customer_imports.id"],
            name=op.f("fk_customer_import_rows_batch_id_customer_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", "row", name=op.f("pk_customer_import_rows")),
    )
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('call', 'visit', 'wechat', 'viewing')", name=op.f("ck_follow_ups_kind")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_follow_ups_customer_id_customers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_follow_ups_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    op.create_index("ix_follow_ups_customer", "follow_ups", ["customer_id", "at"], unique=False)
    op.create_table(
        "visits",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("party_size", sa.Integer(), nullable=False),
        sa.Column("companions", sa.String(length=200), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=True),
        sa.Column("registered_by", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.CheckConstraint("party_size BETWEEN 1 AND 50", name=op.f("ck_visits_party_size")),
        sa.ForeignKeyConstraint(["consultant_id"], ["users.id"], name=op.f("fk_visits_consultant_id_users")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_visits_customer_id_customers")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_visits_project_id_projects")),
        sa.ForeignKeyConstraint(["registered_by"], ["users.id"], name=op.f("fk_visits_registered_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    op.create_index("ix_visits_customer", "visits", ["customer_id", "arrived_at"], unique=False)
    op.create_index("ix_visits_project_at", "visits", ["project_id", "arrived_at"], unique=False)
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("filed_by", sa.Integer(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("decision_note", sa.String(length=500), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("decision IN ('pending', 'upheld', 'overturned')", name=op.f("ck_appeals_decision")),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=op.f("fk_appeals_decided_by_users")),
        sa.ForeignKeyConstraint(["filed_by"], ["users.id"], name=op.f("fk_appeals_filed_by_users")),
        sa.ForeignKeyConstraint(
            ["report_id"], ["channel_reports.id"], name=op.f("fk_appeals_report_id_channel_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )

    # The attribution ledger 判客 is append-only, like the audit trail: a dispute must see what was decided then.
    op.execute(
        """
        CREATE FUNCTION attribution_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'attribution_ledger is append-only';
        END $$;
        """
    )
    op.execute(
        "CREATE TRIGGER attribution_ledger_no_change BEFORE UPDATE OR DELETE ON attribution_ledger "
        "FOR EACH ROW EXECUTE FUNCTION attribution_ledger_append_only()"
    )
    op.execute(
        "CREATE TRIGGER attribution_ledger_no_truncate BEFORE TRUNCATE ON attribution_ledger "
        "FOR EACH STATEMENT EXECUTE FUNCTION attribution_ledger_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER attribution_ledger_no_truncate ON attribution_ledger")
    op.execute("DROP TRIGGER attribution_ledger_no_change ON attribution_ledger")
    op.execute("DROP FUNCTION attribution_ledger_append_only()")
    op.drop_table("appeals")
    op.drop_index("ix_visits_project_at", table_name="visits")
    op.drop_index("ix_visits_customer", table_name="visits")
    op.drop_table("visits")
    op.drop_index("ix_follow_ups_customer", table_name="follow_ups")
    op.drop_table("follow_ups")
    op.drop_table("customer_import_rows")
    op.drop_index("ix_channel_reports_project", table_name="channel_reports")
    op.drop_index("ix_channel_reports_open", table_name="channel_reports")
    op.drop_index("ix_channel_reports_match", table_name="channel_reports")
    op.drop_table("channel_reports")
    op.drop_table("attribution_ledger")
    op.drop_table("rotation_members")
    op.drop_index("ix_rotation_ledger_day", table_name="rotation_ledger")
    op.drop_table("rotation_ledger")
    op.drop_index("ix_notices_user", table_name="notices")
    op.drop_table("notices")
    op.drop_index("uq_customers_id_hmac", table_name="customers", postgresql_where=sa.text("id_hmac IS NOT NULL"))
    op.drop_index("ix_customers_tags", table_name="customers", postgresql_using="gin")
    op.drop_index("ix_customers_project_id", table_name="customers")
    op.drop_index("ix_customers_owner", table_name="customers")
    op.drop_index("ix_customers_name", table_name="customers")
    op.drop_index("ix_customers_last4", table_name="customers")
    op.drop_index("ix_customers_initials", table_name="customers")
    op.drop_index(
        "ix_customers_followup_due",
        table_name="customers",
        postgresql_where=sa.text("owner_id IS NOT NULL AND next_followup_at IS NOT NULL"),
    )
    op.drop_index("ix_customers_first3_last4", table_name="customers")
    op.drop_table("customers")
    op.drop_table("customer_imports")
    op.drop_table("crm_settings")
    op.drop_table("commission_rules")
    op.drop_table("channel_rules")
    op.drop_table("brokers")
    op.drop_table("channels")
