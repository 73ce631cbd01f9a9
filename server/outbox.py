"""The one way out of the server: replies and events from any thread reach the I/O thread's sockets."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Final

import msgspec
import zmq

from shared.protocol.envelope import encode_body

OUTBOX_ADDR: Final = "inproc://showroom-outbox"
KIND_REPLY: Final = b"R"
KIND_EVENT: Final = b"E"
# Many replies or events packed (msgpack) into one frame: the engine answers a whole batch of decisions with one
# send. Every send releases the GIL, and on a busy server the I/O thread then takes it: one send per reply made
# the engine thread wait for the GIL thousands of times per batch.
KIND_REPLIES: Final = b"RS"
KIND_EVENTS: Final = b"ES"
Replies = list[tuple[list[bytes], bytes]]  # (routing frames, reply)
Events = list[tuple[str, msgspec.Raw]]  # (event type, encoded payload)
_pack = msgspec.msgpack.Encoder()
replies_decoder: Final = msgspec.msgpack.Decoder(Replies)
events_decoder: Final = msgspec.msgpack.Decoder(Events)


class Outbox:
    """ZeroMQ sockets are not thread-safe, so each worker thread gets its own PUSH into the I/O thread."""

    def __init__(self, ctx: zmq.Context[zmq.Socket[bytes]]) -> None:
        self._ctx = ctx
        self._local = threading.local()
        self._sockets: list[zmq.Socket[bytes]] = []
        self._lock = threading.Lock()

    def _socket(self) -> zmq.Socket[bytes]:
        sock: zmq.Socket[bytes] | None = getattr(self._local, "sock", None)
        if sock is None:
            sock = self._ctx.socket(zmq.PUSH)
            sock.setsockopt(zmq.LINGER, 2000)
            sock.connect(OUTBOX_ADDR)
            self._local.sock = sock
            with self._lock:
                self._sockets.append(sock)
        return sock

    def send_reply(self, route: list[bytes], data: bytes) -> None:
        self._socket().send_multipart([KIND_REPLY, *route, data])

    def send_replies(self, replies: Sequence[tuple[list[bytes], bytes]]) -> None:
        """Several replies, in order, as one message."""
        if replies:
            self._socket().send_multipart([KIND_REPLIES, _pack.encode(replies)])

    def publish(self, event_type: str, payload: msgspec.Struct) -> None:
        self._socket().send_multipart([KIND_EVENT, event_type.encode("ascii"), encode_body(payload)])

    def publish_many(self, events: Sequence[tuple[str, msgspec.Struct]]) -> None:
        """Several events, in order, as one message; each gets its own sequence number when it goes out."""
        if events:
            packed = [(event_type, encode_body(payload)) for event_type, payload in events]
            self._socket().send_multipart([KIND_EVENTS, _pack.encode(packed)])

    def close(self) -> None:
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()
