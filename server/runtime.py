"""Everything a handler may need from the running server, built once at start and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from server.config import Settings
from server.engine.runner import Reservations
from server.outbox import Outbox
from server.sessions import SessionStore
from shared.protocol.envelope import new_id, utcnow


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    db: sessionmaker[Session]
    sessions: SessionStore
    outbox: Outbox
    reservations: Reservations
    epoch: str = field(default_factory=new_id)
    started_at: datetime = field(default_factory=utcnow)
    # Written only by the I/O thread; read elsewhere for snapshots (an int read is atomic).
    last_seq: int = 0
