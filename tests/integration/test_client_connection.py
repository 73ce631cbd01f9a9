"""The client's network thread: resends the same envelope on silence, reconnects, and detects event gaps."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
import zmq

from client.net.connection import Connection, LinkState
from client.net.pairing import Pairing
from server.admin import create_user
from server.app import ServerApp
from server.config import Settings
from shared.domain import Role
from shared.protocol.envelope import Envelope, Event, decode_envelope, encode, make_reply
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.auth import LoginReply, LoginRequest
from shared.protocol.messages.catalog import CreateProjectRequest, ProjectInfo
from tests.conftest import PASSWORD


class Recorder:
    """A Listener that queues everything the network thread reports."""

    def __init__(self) -> None:
        self.states: queue.Queue[LinkState] = queue.Queue()
        self.replies: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.events: queue.Queue[Event] = queue.Queue()
        self.resyncs = 0
        self.resynced = threading.Event()

    def on_state(self, state: LinkState) -> None:
        self.states.put(state)

    def on_reply(self, request_id: str, result: msgspec.Struct | ErrorBody) -> None:
        self.replies.put((request_id, result))

    def on_event(self, event: Event, payload: msgspec.Struct) -> None:
        self.events.put(event)

    def on_resync(self) -> None:
        self.resyncs += 1
        self.resynced.set()

    def reply_to(self, request_id: str, timeout: float = 20) -> Any:
        while True:
            rid, result = self.replies.get(timeout=timeout)
            if rid == request_id:
                return result


class SilentOnce:
    """A CURVE ROUTER that ignores the first copy of each command and answers the second."""

    def __init__(self) -> None:
        self.public, secret = zmq.curve_keypair()
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.ROUTER)
        self.sock.curve_server = True
        self.sock.curve_secretkey = secret
        self.port = self.sock.bind_to_random_port("tcp://127.0.0.1")
        self.seen: list[Envelope] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            if not self.sock.poll(50):
                continue
            identity, data = self.sock.recv_multipart()
            env = decode_envelope(data)
            self.seen.append(env)
            if [e.id for e in self.seen].count(env.id) >= 2:
                body = ProjectInfo(id=7, name="云栖湾", city="", address="")
                self.sock.send_multipart([identity, encode(make_reply(env.id, body))])

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()
        self.ctx.term()


def test_silence_resends_the_same_envelope_with_the_same_idempotency_key() -> None:
    fake = SilentOnce()
    pairing = Pairing("t", fake.public, f"tcp://127.0.0.1:{fake.port}", "tcp://127.0.0.1:1")
    recorder = Recorder()
    conn = Connection(pairing, recorder, attempt_ms=300)
    conn.start()
    try:
        request_id = conn.request("projects.create", CreateProjectRequest(name="云栖湾"))
        assert recorder.reply_to(request_id) == ProjectInfo(id=7, name="云栖湾", city="", address="")
        copies = [e for e in fake.seen if e.id == request_id]
        assert len(copies) == 2
        assert copies[0].idem is not None and copies[0].idem == copies[1].idem
        assert copies[0].body == copies[1].body
    finally:
        conn.stop()
        fake.close()


@pytest.fixture
def fixed_port_settings(settings: Settings) -> Settings:
    """A server that comes back on the same ports after a restart, as a real one does."""
    probe = ServerApp(settings)
    probe.start()
    ports = (probe.command_port, probe.event_port)
    probe.stop()
    return Settings(
        **{**{f: getattr(settings, f) for f in Settings.__slots__}, "command_port": ports[0], "event_port": ports[1]}
    )


@pytest.fixture
def restartable(fixed_port_settings: Settings) -> Iterator[list[ServerApp]]:
    apps = [ServerApp(fixed_port_settings)]
    apps[0].start()
    yield apps
    apps[-1].stop()


def wait_for_state(recorder: Recorder, wanted: LinkState, timeout: float = 20) -> list[LinkState]:
    seen = []
    while wanted not in seen:
        seen.append(recorder.states.get(timeout=timeout))
    return seen


def test_reconnects_after_a_server_restart_and_resyncs(
    restartable: list[ServerApp], fixed_port_settings: Settings
) -> None:
    app = restartable[0]
    assert app.database is not None
    with app.database.sessions() as db, db.begin():
        create_user(db, "wanglei", "王磊", Role.ADMIN, PASSWORD, must_change=False)
    recorder = Recorder()
    conn = Connection(Pairing.load(app.pairing_path), recorder, attempt_ms=500, give_up_ms=30_000)
    conn.start()
    try:
        wait_for_state(recorder, LinkState.CONNECTED)
        login = recorder.reply_to(conn.request("auth.login", LoginRequest(username="wanglei", password=PASSWORD)))
        assert isinstance(login, LoginReply)
        conn.token = login.token
        assert recorder.resyncs == 0, "same server, same epoch: nothing to re-read"

        app.stop()
        request_id = conn.request("projects.create", CreateProjectRequest(name="断线重连"))
        wait_for_state(recorder, LinkState.RECONNECTING)
        restarted = ServerApp(fixed_port_settings)
        restartable.append(restarted)
        restarted.start()
        # The pending command is resent to the new server; the session survived the restart.
        created = recorder.reply_to(request_id, timeout=30)
        assert isinstance(created, ProjectInfo) and created.name == "断线重连"
        wait_for_state(recorder, LinkState.CONNECTED)
        # A restarted server has a new epoch: the client is told to re-read its snapshots.
        assert recorder.resynced.wait(timeout=5)
    finally:
        conn.stop()
