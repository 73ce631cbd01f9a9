"""The fairness log keeps each record's text as written (json, not jsonb).

Revision ID: 0006
Revises: 0005

The engine writes each record's canonical JSON, the very bytes its hash covers. jsonb parsed and re-encoded
them (spaces, its own key order) at twice json's cost: an opening's burst writes a row per pick, and
PostgreSQL spent ~6 us on each. json only checks the text and keeps it. Rows already stored keep their content
(re-encoded by jsonb); the chain is checked on the parsed record, so they verify as before.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE opening_log ALTER COLUMN record TYPE json USING record::json")


def downgrade() -> None:
    op.execute("ALTER TABLE opening_log ALTER COLUMN record TYPE jsonb USING record::jsonb")
