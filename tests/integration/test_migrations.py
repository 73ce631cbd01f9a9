"""Migrations on the real PostgreSQL: the schema the engine's burst relies on, and a way back."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from server.db.migrate import alembic_config, upgrade


def _hot_schema(db: sa.Engine) -> tuple[list[str], list[str], bool | None]:
    """(units' reloptions, opening_buyers' reloptions, whether opening_log's key to openings is enforced)."""
    with db.connect() as conn:
        options = {
            name: list(opts or [])
            for name, opts in conn.execute(
                sa.text("SELECT relname, reloptions FROM pg_class WHERE relname IN ('units', 'opening_buyers')")
            )
        }
        enforced = conn.execute(
            sa.text("SELECT conenforced FROM pg_constraint WHERE conname = 'fk_opening_log_opening_id_openings'")
        ).scalar()
    return options["units"], options["opening_buyers"], enforced


def test_units_leave_room_for_updates_in_place_and_the_log_key_is_declared_not_checked(database_url: str) -> None:
    db = sa.create_engine(database_url)
    try:
        units, buyers, enforced = _hot_schema(db)
        assert "fillfactor=80" in units and "fillfactor=80" in buyers
        assert enforced is False  # PostgreSQL 18: still declared, not checked per row
        command.downgrade(alembic_config(db), "0006")
        units, buyers, enforced = _hot_schema(db)
        assert units == [] and buyers == [] and enforced is True
        upgrade(db)
        assert _hot_schema(db) == (["fillfactor=80"], ["fillfactor=80"], False)
    finally:
        db.dispose()
