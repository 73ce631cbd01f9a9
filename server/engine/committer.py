"""The engine's writer thread: commits what the engine decided, in order, and only then answers and publishes.

Group commit across engine cycles: while one transaction waits for PostgreSQL (its WAL flush above all), the
engine thread goes on deciding, and everything that piled up meanwhile goes into the next transaction. A reply
still leaves only after the transaction holding its decision, and every earlier one, has committed; replies and
events leave in the order the engine decided them.

When a transaction fails, none of it was acknowledged: its commands, and every later one decided on top of them
(the same generation), are answered `internal`. The engine thread sees `broken`, waits for this thread to finish
what it holds (`drain`), and rebuilds its state from the database before it decides anything else.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
from sqlalchemy import Engine as SaEngine

from server.engine import journal
from server.outbox import Outbox

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Reply:
    """An answer and where it goes: routing frames (through the outbox) or a callback (an in-process caller)."""

    corr: str  # the command's envelope id, for the refusal should the transaction fail
    data: bytes
    route: list[bytes] | None
    callback: Callable[[bytes], None] | None


@dataclass(slots=True)
class Commit:
    """One engine cycle: its writes, its replies and events; or, with `done`, a barrier for `drain`."""

    generation: int
    writes: journal.Writes = field(default_factory=journal.Writes)
    replies: list[Reply] = field(default_factory=list)
    events: list[tuple[str, msgspec.Struct]] = field(default_factory=list)
    done: threading.Event | None = None


class Committer:
    """`put`, `drain` and `stop` are called by the engine thread; everything else runs on the writer thread."""

    def __init__(self, db: SaEngine, outbox: Outbox, refusal: Callable[[str], bytes]) -> None:
        self._db = db
        self._outbox = outbox
        self._refusal = refusal  # corr -> an `internal` error reply
        self._queue: queue.SimpleQueue[Commit | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._conn: Any = None
        # The latest generation that lost a transaction; written here, read by the engine thread.
        self.broken = -1

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="showroom-engine-writer", daemon=True)
        self._thread.start()

    def put(self, commit: Commit) -> None:
        self._queue.put(commit)

    def drain(self) -> None:
        """Returns once everything put before has been committed (or refused) and answered."""
        done = threading.Event()
        self._queue.put(Commit(generation=-1, done=done))
        done.wait()

    def stop(self) -> None:
        """Commits and answers what is queued, then ends the thread."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=30)

    # --- the writer thread ---------------------------------------------------------------------------

    def _main(self) -> None:
        try:
            stopping = False
            while not stopping:
                group: list[Commit] = []
                item = self._queue.get()
                while True:
                    if item is None:
                        stopping = True
                    else:
                        group.append(item)
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                try:
                    self._handle(group)
                except Exception:
                    # Answering failed (the outbox is closing?): never leave the engine waiting in drain().
                    log.exception("could not answer %d engine cycles", len(group))
                    for c in group:
                        if c.done is not None:
                            c.done.set()
        finally:
            if self._conn is not None:
                self._conn.close()

    def _handle(self, group: list[Commit]) -> None:
        broken_before = self.broken
        live = [c for c in group if c.done is None and c.generation > broken_before]
        failed = False
        if any(c.writes for c in live):
            writes = journal.Writes()
            for c in live:
                writes.extend(c.writes)
            try:
                journal.commit(self._connection(), writes)
            except Exception:
                log.exception("could not commit %d engine cycles; the engine will reload its state", len(live))
                self._reset()
                self.broken = max(c.generation for c in live)
                failed = True
        replies: list[tuple[list[bytes], bytes]] = []
        events: list[tuple[str, msgspec.Struct]] = []
        for c in group:
            refused = c.generation <= broken_before or failed
            for r in c.replies:
                data = self._refusal(r.corr) if refused else r.data
                if r.callback is not None:
                    r.callback(data)
                elif r.route is not None:
                    replies.append((r.route, data))
            if not refused:
                events += c.events
        self._outbox.send_replies(replies)
        self._outbox.publish_many(events)
        for c in group:
            if c.done is not None:
                c.done.set()

    def _connection(self) -> Any:
        if self._conn is None:
            # The writer's own connection for as long as it works, detached from the pool: journal.prepare puts it
            # in autocommit, which must never reach the pool's other users.
            pooled = self._db.raw_connection()
            pooled.detach()
            conn = pooled.dbapi_connection
            journal.prepare(conn)
            self._conn = conn
        return self._conn

    def _reset(self) -> None:
        """After a failure the connection may be dead: the next transaction gets a fresh one."""
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                log.exception("could not close the writer's database connection")
            self._conn = None
