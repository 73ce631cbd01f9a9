"""Opening the database: embedded or external, migrated, with a session factory."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from server.config import Settings
from server.db.embedded import EmbeddedPostgres
from server.db.migrate import upgrade


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    embedded: EmbeddedPostgres | None

    def close(self, *, only_if_started_here: bool = False) -> None:
        self.engine.dispose()
        if self.embedded is not None:
            self.embedded.stop(only_if_started_here=only_if_started_here)


def normalise_url(url: str) -> str:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg2://" + url.split("://", 1)[1]
    return url


def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    embedded = None
    if settings.database_url:
        url = normalise_url(settings.database_url)
    else:
        embedded = EmbeddedPostgres(settings.pgdata)
        url = embedded.start()
    engine = create_engine(url, pool_size=settings.workers + 2, max_overflow=4, pool_pre_ping=True)
    database = Database(engine, sessionmaker(engine, expire_on_commit=False), embedded)
    if migrate:
        try:
            upgrade(engine)
        except BaseException:
            database.close(only_if_started_here=True)
            raise
    return database
