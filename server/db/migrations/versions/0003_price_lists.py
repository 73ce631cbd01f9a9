"""Price lists 价目表: versions per building, approved by a sales manager; the active one prices the units.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "price_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'active', 'superseded')", name=op.f("ck_price_lists_status")),
        sa.ForeignKeyConstraint(["building_id"], ["buildings.id"], name=op.f("fk_price_lists_building_id_buildings")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_price_lists_created_by_users")),
        sa.ForeignKeyConstraint(["approved_by"], ["users.id"], name=op.f("fk_price_lists_approved_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_lists")),
        sa.UniqueConstraint("building_id", "version", name=op.f("uq_price_lists_building_id_version")),
    )
    # At most one active list per building, whatever happens.
    op.create_index(
        "uq_price_lists_one_active", "price_lists", ["building_id"], unique=True,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_table(
        "price_list_items",
        sa.Column("price_list_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(14, 2), nullable=False),
        sa.CheckConstraint("price > 0", name=op.f("ck_price_list_items_price")),
        sa.ForeignKeyConstraint(["price_list_id"], ["price_lists.id"], name=op.f("fk_price_list_items_price_list_id_price_lists")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_price_list_items_unit_id_units")),
        sa.PrimaryKeyConstraint("price_list_id", "unit_id", name=op.f("pk_price_list_items")),
    )


def downgrade() -> None:
    op.drop_table("price_list_items")
    op.drop_index("uq_price_lists_one_active", table_name="price_lists")
    op.drop_table("price_lists")
