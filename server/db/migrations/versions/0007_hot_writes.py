"""Cheaper writes in an opening's burst: room for in-place updates of units and buyers; the fairness log's
reference to its opening is no longer checked per row.

Revision ID: 0007
Revises: 0006

* units and opening_buyers get fillfactor 80. An opening's first second changes every one of its units twice
  (released at T0, then held for its buyer) and one buyer row per unit. On full pages (fillfactor 100, how an
  import leaves them) each change writes the row to another page and a new entry into every index of the table;
  with room on the page PostgreSQL updates in place (a HOT update: no index entries, as no indexed column
  changes). Pages written from now on keep the room (`VACUUM FULL units` gives it to older ones).
* opening_log's foreign key to openings: a per-row trigger looked the opening up for every row appended, about
  3 us of PostgreSQL's ~15 us per pick. Only the engine writes the log, always for an opening it created in the
  same or an earlier transaction, and openings are never deleted; the chain and its numbering are checked by
  `showroom admin verify-opening`. On PostgreSQL 18 and later the key stays declared, NOT ENFORCED; on older
  servers it is dropped.
"""

from alembic import op
from sqlalchemy import text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FK = "fk_opening_log_opening_id_openings"
NOT_ENFORCED_FROM = 180000  # server_version_num


def _version() -> int:
    return int(op.get_bind().execute(text("SHOW server_version_num")).scalar_one())


def upgrade() -> None:
    op.execute("ALTER TABLE units SET (fillfactor = 80)")
    op.execute("ALTER TABLE opening_buyers SET (fillfactor = 80)")
    if _version() >= NOT_ENFORCED_FROM:
        op.execute(f"ALTER TABLE opening_log ALTER CONSTRAINT {FK} NOT ENFORCED")
    else:
        op.execute(f"ALTER TABLE opening_log DROP CONSTRAINT {FK}")


def downgrade() -> None:
    if _version() >= NOT_ENFORCED_FROM:
        op.execute(f"ALTER TABLE opening_log ALTER CONSTRAINT {FK} ENFORCED")
    else:
        op.execute(f"ALTER TABLE opening_log ADD CONSTRAINT {FK} FOREIGN KEY (opening_id) REFERENCES openings (id)")
    op.execute("ALTER TABLE opening_buyers RESET (fillfactor)")
    op.execute("ALTER TABLE units RESET (fillfactor)")
