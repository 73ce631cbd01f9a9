"""The client's network thread: commands with timeout, retry and reconnect; events with gap detection.

No Qt here: the GUI reaches it through `client.ui.qt_connection`, which turns callbacks into signals.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

import msgspec
import zmq

from client import __version__
from client.net.pairing import Pairing
from client.net.sync_client import secure_socket
from shared.protocol.envelope import (
    DECODE_ERRORS,
    ERROR,
    SUPPORTED_VERSIONS,
    Envelope,
    Event,
    decode_body,
    decode_envelope,
    decode_event,
    encode,
    make_command,
)
from shared.protocol.errors import ErrorBody, ErrorCode
from shared.protocol.messages.system import HelloReply, HelloRequest
from shared.protocol.registry import COMMANDS, EVENTS

log = logging.getLogger(__name__)


class LinkState(StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    CLOSED = "closed"


class Listener(Protocol):
    """Called on the network thread; implementations hand over to their own thread."""

    def on_state(self, state: LinkState) -> None: ...

    def on_reply(self, request_id: str, result: msgspec.Struct | ErrorBody) -> None: ...

    def on_event(self, event: Event, payload: msgspec.Struct) -> None: ...

    def on_resync(self) -> None:
        """Events were missed (a gap, or a server restart): re-read snapshots."""


@dataclass
class _Pending:
    envelope: Envelope
    data: bytes
    sent_at: float
    attempts: int
    first_sent: float


def _timeout_error(type_: str) -> ErrorBody:
    return ErrorBody(
        code=ErrorCode.INTERNAL,
        message=f"服务器无响应（{type_}），请检查网络后重试",
        message_en=f"No answer from the server to {type_}; check the network and retry",
    )


class Connection:
    """Owns a DEALER for commands and a SUB for events on one background thread (Lazy Pirate + Clone)."""

    def __init__(
        self,
        pairing: Pairing,
        listener: Listener,
        *,
        attempt_ms: int = 3000,
        give_up_ms: int = 30_000,
        ctx: zmq.Context[Any] | None = None,
        topics: tuple[bytes, ...] | None = None,
    ) -> None:
        """topics: event type prefixes to receive (heartbeats always come), or None for every event. A
        connection on some topics sees only some sequence numbers, so it cannot tell a lost event from one it
        did not ask for: it reports a resync only when the server restarts, and its owner checks its state by
        other means (the kiosk: against each opening.progress). The server sends it nothing else at all, which
        is the point: a hall of kiosks does not cost the server an encryption of every board change each."""
        self.pairing = pairing
        self.topics = topics
        self.listener = listener
        self.attempt_ms = attempt_ms
        self.give_up_ms = give_up_ms
        self.token: str | None = None
        self.heartbeat_ms = 1000
        self._ctx = ctx or zmq.Context.instance()
        self._outgoing: queue.SimpleQueue[Envelope | None] = queue.SimpleQueue()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._pending: dict[str, _Pending] = {}
        self._thread: threading.Thread | None = None
        self._state = LinkState.CONNECTING
        self._epoch: str | None = None
        self._last_seq = 0
        self._last_contact = 0.0
        self._hello_id: str | None = None

    # --- called from any thread ---------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="showroom-net", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._outgoing.put(None)
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._wake_r.close()
        self._wake_w.close()

    def request(self, type_: str, payload: msgspec.Struct | None = None) -> str:
        """Queues a command; the reply arrives through `Listener.on_reply` with the returned id.

        A mutating command's idempotency key is its request id: both already stay the same across
        resends, and the caller can match the command's `job.progress` events (`job` = the key).
        """
        spec = COMMANDS[type_]
        msg_id = uuid.uuid4().hex
        idem = msg_id if spec.mutating else None
        env = make_command(type_, payload or spec.request(), token=self.token, idem=idem, msg_id=msg_id)
        self._outgoing.put(env)
        self._wake()
        return env.id

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # closed during shutdown
            self._wake_w.send(b"\0")

    # --- the network thread -------------------------------------------------------------------

    def _set_state(self, state: LinkState) -> None:
        if state != self._state:
            self._state = state
            self.listener.on_state(state)

    def _run(self) -> None:
        dealer = self._dealer()
        sub = secure_socket(self._ctx, zmq.SUB, self.pairing.server_public_key)
        for topic in (b"",) if self.topics is None else (*self.topics, b"heartbeat"):
            sub.setsockopt(zmq.SUBSCRIBE, topic)
        sub.connect(self.pairing.event_endpoint)
        self._send_hello()
        try:
            while True:
                poller = zmq.Poller()
                poller.register(dealer, zmq.POLLIN)
                poller.register(sub, zmq.POLLIN)
                poller.register(self._wake_r.fileno(), zmq.POLLIN)
                ready = dict(poller.poll(timeout=100))
                if self._wake_r.fileno() in ready and not self._take_outgoing(dealer):
                    break
                if dealer in ready:
                    self._read_replies(dealer)
                if sub in ready:
                    self._read_events(sub)
                dealer = self._check_timeouts(dealer)
        finally:
            dealer.close()
            sub.close()
            self._set_state(LinkState.CLOSED)

    def _dealer(self) -> zmq.Socket[Any]:
        sock = secure_socket(self._ctx, zmq.DEALER, self.pairing.server_public_key)
        sock.connect(self.pairing.command_endpoint)
        return sock

    def _send_hello(self) -> None:
        env = make_command(
            "hello",
            HelloRequest(client_name="showroom-client", client_version=__version__, versions=list(SUPPORTED_VERSIONS)),
        )
        self._hello_id = env.id
        self._outgoing.put(env)
        self._wake()

    def _take_outgoing(self, dealer: zmq.Socket[Any]) -> bool:
        try:
            while self._wake_r.recv(4096):
                pass
        except BlockingIOError:
            pass
        now = time.monotonic()
        while True:
            try:
                env = self._outgoing.get_nowait()
            except queue.Empty:
                return True
            if env is None:
                return False
            data = encode(env)
            self._pending[env.id] = _Pending(env, data, now, 1, now)
            dealer.send(data)

    def _read_replies(self, dealer: zmq.Socket[Any]) -> None:
        while True:
            try:
                data = dealer.recv(zmq.NOBLOCK)
            except zmq.Again:
                return
            try:
                reply = decode_envelope(data)
            except DECODE_ERRORS:
                log.warning("undecodable reply dropped")
                continue
            self._last_contact = time.monotonic()
            self._set_state(LinkState.CONNECTED)
            pending = self._pending.pop(reply.corr or "", None)
            if pending is None:
                continue  # a late duplicate of a reply we already had
            self._deliver(pending.envelope, reply)

    def _deliver(self, request: Envelope, reply: Envelope) -> None:
        try:
            if reply.type == ERROR:
                result: msgspec.Struct | ErrorBody = decode_body(reply.body, ErrorBody)
            else:
                result = decode_body(reply.body, COMMANDS[request.type].reply)
        except DECODE_ERRORS as exc:
            result = ErrorBody(code=ErrorCode.MALFORMED, message="服务器回复无法解析", message_en=str(exc))
        if request.id == self._hello_id and isinstance(result, HelloReply):
            self.heartbeat_ms = result.heartbeat_ms
            self._adopt_epoch(result.epoch, result.last_seq)
        self.listener.on_reply(request.id, result)

    def _adopt_epoch(self, epoch: str, seq: int) -> None:
        resync = self._epoch is not None and epoch != self._epoch
        self._epoch, self._last_seq = epoch, seq
        if resync:
            self.listener.on_resync()

    def _read_events(self, sub: zmq.Socket[Any]) -> None:
        while True:
            try:
                _topic, data = sub.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            except ValueError:
                continue
            try:
                event = decode_event(data)
            except DECODE_ERRORS:
                continue
            self._last_contact = time.monotonic()
            self._set_state(LinkState.CONNECTED)
            if self._epoch != event.epoch:
                # A restarted server (or our first event): snapshots are stale, start counting afresh.
                self._epoch, self._last_seq = event.epoch, event.seq
                self.listener.on_resync()
                if event.type == "heartbeat":
                    continue
            elif self.topics is not None:
                if event.type == "heartbeat":
                    continue  # some topics only: no sequence to check
            elif event.type == "heartbeat":
                if event.seq > self._last_seq:
                    self._last_seq = event.seq
                    self.listener.on_resync()
                continue
            elif event.seq != self._last_seq + 1:
                if event.seq <= self._last_seq:
                    continue  # already counted
                self._last_seq = event.seq
                self.listener.on_resync()
            else:
                self._last_seq = event.seq
            kind = EVENTS.get(event.type)
            if kind is None:
                continue  # an event from a newer server this client does not know
            try:
                payload = decode_body(event.body, kind)
            except DECODE_ERRORS:
                continue
            self.listener.on_event(event, payload)

    def _check_timeouts(self, dealer: zmq.Socket[Any]) -> zmq.Socket[Any]:
        now = time.monotonic()
        silent = self._last_contact and now - self._last_contact > 3 * self.heartbeat_ms / 1000
        if silent and self._state == LinkState.CONNECTED:
            self._set_state(LinkState.RECONNECTING)
        overdue = [p for p in self._pending.values() if now - p.sent_at > self.attempt_ms / 1000]
        if not overdue:
            return dealer
        # Lazy Pirate: a fresh socket, then the very same envelopes (same ids, same idempotency keys).
        self._set_state(LinkState.RECONNECTING)
        dealer.close()
        dealer = self._dealer()
        for p in list(self._pending.values()):
            if now - p.first_sent > self.give_up_ms / 1000:
                del self._pending[p.envelope.id]
                self.listener.on_reply(p.envelope.id, _timeout_error(p.envelope.type))
                continue
            p.sent_at, p.attempts = now, p.attempts + 1
            dealer.send(p.data)
        return dealer
