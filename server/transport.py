"""The ZeroMQ front: a ROUTER for commands, a PUB for events, heartbeats; one I/O thread owns them all."""

from __future__ import annotations

import logging
import threading
import time
from typing import cast

import msgspec
import zmq

from server.dispatcher import Dispatcher, Request, error_reply
from server.engine.runner import Item
from server.keys import ServerKeys
from server.outbox import KIND_BATCH, KIND_EVENT, KIND_REPLY, OUTBOX_ADDR, Events, Replies
from server.runtime import Runtime
from shared.protocol.envelope import (
    DECODE_ERRORS,
    HARD_LIMIT_BYTES,
    MAX_MESSAGE_BYTES,
    PROTOCOL_VERSION,
    Event,
    decode_envelope,
    encode,
    encode_body,
    utcnow,
)
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.system import Heartbeat

log = logging.getLogger(__name__)
# Queues deep enough for an opening's burst: 10,000 buyers each with a command in flight.
HWM = 200_000
# Read at most this many commands before looking at the outbox again, so replies keep flowing.
BATCH = 256
# Plain ints: pyzmq's send_multipart/recv_multipart combine IntFlag enums and ask for RCVMORE in Python for
# every frame, which cost this thread 2-4 us per message (of ~30 us per opening pick).
_NOBLOCK = int(zmq.NOBLOCK)
_SNDMORE = int(zmq.SNDMORE)
# The Cython send under pyzmq's Python one, which only adds options we do not use (draft sockets' groups, a
# zero-copy threshold for large frames): a third of a microsecond less per frame, 4-6 frames per opening pick.
_send = zmq.backend.Socket.send


class Transport:
    def __init__(self, runtime: Runtime, ctx: zmq.Context[zmq.Socket[bytes]], keys: ServerKeys) -> None:
        self.runtime = runtime
        self.ctx = ctx
        self.keys = keys
        self.dispatcher: Dispatcher | None = None
        self._accepting = True
        self._closing = False
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self.command_port = 0
        self.event_port = 0
        self._pull = ctx.socket(zmq.PULL)
        self._pull.bind(OUTBOX_ADDR)
        self._router = self._secure(zmq.ROUTER)
        self._router.setsockopt(zmq.MAXMSGSIZE, HARD_LIMIT_BYTES)
        self._pub = self._secure(zmq.PUB)

    def _secure(self, kind: int) -> zmq.Socket[bytes]:
        sock = self.ctx.socket(kind)
        sock.curve_server = True
        sock.curve_secretkey = self.keys.secret
        sock.curve_publickey = self.keys.public
        sock.setsockopt(zmq.SNDHWM, HWM)
        sock.setsockopt(zmq.RCVHWM, HWM)
        sock.setsockopt(zmq.LINGER, 1000)
        return sock

    def bind(self, host: str, command_port: int, event_port: int) -> None:
        self.command_port = self._bind(self._router, host, command_port)
        self.event_port = self._bind(self._pub, host, event_port)
        log.info("commands on port %d, events on port %d", self.command_port, self.event_port)

    @staticmethod
    def _bind(sock: zmq.Socket[bytes], host: str, port: int) -> int:
        if port == 0:
            return sock.bind_to_random_port(f"tcp://{host}")
        sock.bind(f"tcp://{host}:{port}")
        return port

    def start(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self._thread = threading.Thread(target=self._loop, name="showroom-io", daemon=True)
        self._thread.start()
        self._ready.wait()

    def stop_accepting(self) -> None:
        self._accepting = False

    def close(self) -> None:
        """After the dispatcher has drained: flush what the workers left in the outbox, then close."""
        self._closing = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        else:  # never started (a failed start): the sockets are still ours to close
            for sock in (self._router, self._pub, self._pull):
                sock.close()

    # --- the I/O thread -------------------------------------------------------------------------

    def _loop(self) -> None:
        poller = zmq.Poller()
        poller.register(self._router, zmq.POLLIN)
        poller.register(self._pull, zmq.POLLIN)
        interval = self.runtime.settings.heartbeat_ms / 1000
        next_beat = time.monotonic()
        self._ready.set()
        try:
            while True:
                now = time.monotonic()
                if now >= next_beat:
                    self._heartbeat()
                    next_beat = now + interval
                if self._closing:
                    self._drain_outbox()
                    break
                if not self._accepting and self._router in dict(poller.sockets):
                    poller.unregister(self._router)
                events = dict(poller.poll(timeout=min(100, max(1, int((next_beat - now) * 1000)))))
                if self._pull in events:
                    self._drain_outbox()
                if self._router in events and self._accepting:
                    self._read_commands()
        except Exception:
            log.exception("I/O thread failed")
            raise
        finally:
            for sock in (self._router, self._pub, self._pull):
                sock.close()

    def _drain_outbox(self) -> None:
        while True:
            try:
                frames = self._pull.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            kind = frames[0]
            if kind == KIND_BATCH:
                batch_kind, batch = self.runtime.outbox.take_batch()
                if batch_kind == KIND_REPLY:
                    for route, data in cast("Replies", batch):
                        self._reply(route, data)
                else:
                    for event_type, body in cast("Events", batch):
                        self._emit(event_type, body)
            elif kind == KIND_REPLY:
                self._reply(frames[1:-1], frames[-1])
            elif kind == KIND_EVENT:
                self._emit(frames[1].decode("ascii"), msgspec.Raw(frames[2]))

    def _emit(self, event_type: str, body: msgspec.Raw) -> None:
        self.runtime.last_seq += 1
        self._send_event(event_type, self.runtime.last_seq, body)

    def _send_event(self, event_type: str, seq: int, body: msgspec.Raw) -> None:
        event = Event(seq=seq, epoch=self.runtime.epoch, type=event_type, v=PROTOCOL_VERSION, ts=utcnow(), body=body)
        _send(self._pub, event_type.encode("ascii"), _SNDMORE)
        _send(self._pub, encode(event))

    def _reply(self, route: list[bytes], data: bytes) -> None:
        router = self._router
        for frame in route:
            _send(router, frame, _SNDMORE)
        _send(router, data)

    def _heartbeat(self) -> None:
        self._send_event("heartbeat", self.runtime.last_seq, encode_body(Heartbeat(server_time=utcnow())))

    def _read_commands(self) -> None:
        assert self.dispatcher is not None
        engine_items: list[Item] = []
        try:
            self._read_batch(self.dispatcher, engine_items)
        finally:
            # Whatever was read for the engine goes over in one hand-over (see Reservations.submit_many).
            self.runtime.reservations.submit_many(engine_items)

    def _read_batch(self, dispatcher: Dispatcher, engine_items: list[Item]) -> None:
        recv = self._router.recv
        for _ in range(BATCH):
            try:
                frame = recv(_NOBLOCK, copy=False)
            except zmq.Again:
                return
            frames = [frame]
            while frame.more:  # the parts of a multipart message arrive together
                frame = recv(_NOBLOCK, copy=False)
                frames.append(frame)
            try:
                self._accept(frames, dispatcher, engine_items)
            except zmq.ZMQError:
                raise
            except Exception:
                # One frame must never stop the I/O thread, and with it the whole server.
                log.exception("could not handle a frame")
                err = ShowroomError(ErrorCode.INTERNAL)
                self._reply([frames[0].bytes], error_reply(None, err))

    def _accept(self, frames: list[zmq.Frame], dispatcher: Dispatcher, engine_items: list[Item]) -> None:
        # A DEALER sends [payload]; a REQ sends ["", payload]. The ROUTER prefixes the peer identity.
        if len(frames) == 3 and not frames[1].bytes:
            route, payload = [frames[0].bytes, b""], frames[2]
        elif len(frames) == 2:
            route, payload = [frames[0].bytes], frames[1]
        else:
            self._reply([frames[0].bytes], self._malformed("expected one payload frame"))
            return
        try:
            addr = payload.get("Peer-Address")
        except zmq.ZMQError:
            addr = ""
        data = payload.bytes
        try:
            env = decode_envelope(data)
        except DECODE_ERRORS as exc:
            self._reply(route, self._malformed(str(exc)))
            return
        if len(data) > MAX_MESSAGE_BYTES:
            err = ShowroomError(
                ErrorCode.TOO_LARGE,
                f"消息过大（{len(data)} 字节，上限 {MAX_MESSAGE_BYTES}）",
                f"Message too large ({len(data)} bytes, limit {MAX_MESSAGE_BYTES})",
            )
            self._reply(route, error_reply(env.id, err))
            return
        reply = dispatcher.accept(Request(env, route, str(addr)), engine_items)
        if reply is not None:
            self._reply(route, reply)

    @staticmethod
    def _malformed(reason: str) -> bytes:
        return error_reply(
            None,
            ShowroomError(ErrorCode.MALFORMED, f"消息格式错误：{reason[:200]}", f"Malformed message: {reason[:200]}"),
        )
