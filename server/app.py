"""The server process: database, sockets, dispatcher; started and stopped as one."""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
from datetime import timedelta
from pathlib import Path
from types import FrameType

import zmq
from sqlalchemy import delete

from server.config import Settings
from server.crm.jobs import crm_round
from server.db.engine import Database, open_database
from server.db.models import EngineDecision, IdempotentReply
from server.dispatcher import Dispatcher
from server.engine.runner import Reservations
from server.faces import retention
from server.handlers import build_router
from server.keys import ServerKeys, load_or_create, pairing_document
from server.outbox import Outbox
from server.runtime import Runtime
from server.scheduler import Scheduler
from server.sessions import SessionStore
from server.transport import Transport
from shared.protocol.envelope import utcnow

log = logging.getLogger(__name__)
READY_FILE = "server.ready.json"
PAIRING_FILE = "pairing.json"
REPLY_RETENTION = timedelta(days=7)


class ServerApp:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.keys: ServerKeys | None = None
        self.database: Database | None = None
        self.runtime: Runtime | None = None
        self._zmq: zmq.Context[zmq.Socket[bytes]] | None = None
        self._transport: Transport | None = None
        self._dispatcher: Dispatcher | None = None
        self._reservations: Reservations | None = None
        self._scheduler: Scheduler | None = None
        self._stopped = threading.Event()

    @property
    def command_port(self) -> int:
        assert self._transport is not None
        return self._transport.command_port

    @property
    def event_port(self) -> int:
        assert self._transport is not None
        return self._transport.event_port

    @property
    def scheduler(self) -> Scheduler:
        assert self._scheduler is not None
        return self._scheduler

    @property
    def pairing_path(self) -> Path:
        return self.settings.data_dir / PAIRING_FILE

    def start(self) -> None:
        """Everything or nothing: a failure part-way stops what had started (PostgreSQL included)."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        s = self.settings
        s.data_dir.mkdir(parents=True, exist_ok=True)
        self.keys = load_or_create(s.data_dir)
        self.database = open_database(s)
        self._purge_replies()
        self._zmq = zmq.Context()
        outbox = Outbox(self._zmq)
        sessions = SessionStore(
            self.database.sessions, timedelta(hours=s.session_hours), timedelta(minutes=s.session_idle_minutes)
        )
        self._reservations = Reservations(self.database.engine, outbox, self.keys.secret)
        self._reservations.start()
        self.runtime = Runtime(s, self.database.engine, self.database.sessions, sessions, outbox, self._reservations)
        self._transport = Transport(self.runtime, self._zmq, self.keys)
        self._transport.bind(s.host, s.command_port, s.event_port)
        self._dispatcher = Dispatcher(self.runtime, build_router(), s.workers)
        self._transport.start(self._dispatcher)
        # Timed work: CRM pool returns, reminders, report expiries; face retention and the timed risk rules.
        db, publish = self.database.sessions, self.runtime.outbox.publish
        purge, rules = retention.schedules()
        self._scheduler = Scheduler(
            {
                "crm": lambda: crm_round(db, publish),
                "faces": lambda: retention.face_round(purge, rules, db, publish),
            }
        )
        self._scheduler.start()
        self._write_files()
        log.info("Showroom server ready (data in %s)", s.data_dir)

    def _purge_replies(self) -> None:
        """Stored replies only serve retries (a client gives up after 30 s); a week is ample."""
        assert self.database is not None
        with self.database.sessions() as db, db.begin():
            db.execute(delete(IdempotentReply).where(IdempotentReply.created_at < utcnow() - REPLY_RETENTION))
            db.execute(delete(EngineDecision).where(EngineDecision.at < utcnow() - REPLY_RETENTION))

    def _write_files(self) -> None:
        assert self.keys is not None
        host = self.settings.public_host
        if host is None and self.settings.host not in ("0.0.0.0", "*", "::"):  # noqa: S104
            host = self.settings.host
        self.pairing_path.write_text(
            pairing_document(self.keys, host, self.command_port, self.event_port, self.settings.server_name), "utf-8"
        )
        ready = {
            "pid": os.getpid(),
            "command_port": self.command_port,
            "event_port": self.event_port,
            "pairing": str(self.pairing_path),
        }
        (self.settings.data_dir / READY_FILE).write_text(json.dumps(ready), "utf-8")

    def stop(self) -> None:
        """Stop accepting, finish in-flight commands, flush replies, close sockets, stop PostgreSQL."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        log.info("shutting down")
        (self.settings.data_dir / READY_FILE).unlink(missing_ok=True)
        if self._transport is not None:
            self._transport.stop_accepting()
        if self._scheduler is not None:
            self._scheduler.stop()
        if self._dispatcher is not None:
            self._dispatcher.shutdown()
        if self._reservations is not None:
            self._reservations.stop()
        if self._transport is not None:
            self._transport.close()
        if self.runtime is not None:
            self.runtime.outbox.close()
        if self._zmq is not None:
            self._zmq.term()
        if self.database is not None:
            self.database.close()
        log.info("stopped")

    def serve_forever(self) -> None:
        """Runs until SIGINT or SIGTERM."""
        wake = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            log.info("signal %s received", signal.Signals(signum).name)
            wake.set()

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        try:
            while not wake.wait(0.5):
                pass
        finally:
            self.stop()
