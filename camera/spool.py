"""The camera's disk spool: every event is written here before it is sent, and removed only once acknowledged.

SQLite in the camera's data directory, WAL with synchronous=FULL: a `put` that returned survives power loss.
Events leave in the order they were put (the rowid), so a replay after an outage keeps their order.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import msgspec

from shared.protocol.messages.faces import FaceEvent

log = logging.getLogger(__name__)
_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(FaceEvent)


@dataclass(frozen=True, slots=True)
class Spooled:
    seq: int
    event: FaceEvent
    attempts: int


class Spool:
    """Safe to use from the pipeline thread (put) and the sender thread (peek/ack) at once."""

    def __init__(self, path: Path, max_events: int = 200_000) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.max_events = max_events
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT UNIQUE NOT NULL,"
            " body BLOB NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)"
        )
        # Events the server refused for good (a bug or a wrong configuration): kept for IT, never resent.
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS rejected (event_id TEXT PRIMARY KEY, body BLOB NOT NULL, error TEXT NOT NULL,"
            " rejected_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def put(self, event: FaceEvent) -> None:
        with self._lock:
            depth = self._depth()
            if depth >= self.max_events:
                # Weeks without a server: the oldest appearances matter least; say so loudly.
                self._db.execute("DELETE FROM events WHERE seq = (SELECT min(seq) FROM events)")
                log.error("spool full (%d events): dropped the oldest", depth)
            self._db.execute(
                "INSERT OR IGNORE INTO events (event_id, body, created_at) VALUES (?, ?, ?)",
                (event.event_id, _encoder.encode(event), event.emitted_at.isoformat()),
            )

    def peek(self) -> Spooled | None:
        """The oldest event not yet acknowledged."""
        with self._lock:
            row = self._db.execute("SELECT seq, body, attempts FROM events ORDER BY seq LIMIT 1").fetchone()
        if row is None:
            return None
        return Spooled(int(row[0]), _decoder.decode(row[1]), int(row[2]))

    def attempted(self, seq: int) -> None:
        with self._lock:
            self._db.execute("UPDATE events SET attempts = attempts + 1 WHERE seq = ?", (seq,))

    def ack(self, seq: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM events WHERE seq = ?", (seq,))

    def reject(self, seq: int, error: str) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT OR REPLACE INTO rejected (event_id, body, error) SELECT event_id, body, ? FROM events"
                " WHERE seq = ?",
                (error[:500], seq),
            )
            self._db.execute("DELETE FROM events WHERE seq = ?", (seq,))
            self._db.execute("COMMIT")

    def depth(self) -> int:
        with self._lock:
            return self._depth()

    def rejected(self) -> list[tuple[str, str]]:
        with self._lock:
            return [(str(a), str(b)) for a, b in self._db.execute("SELECT event_id, error FROM rejected")]

    def _depth(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM events").fetchone()[0])
