"""Alembic environment: the engine comes from the caller (server start or `showroom admin migrate`)."""

from alembic import context

from server.db import models  # noqa: F401 - registers the tables on Base.metadata
from server.db.base import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
