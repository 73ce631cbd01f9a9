"""The one way out of the server: replies and events from any thread reach the I/O thread's sockets."""

from __future__ import annotations

import threading
from typing import Final

import msgspec
import zmq

from shared.protocol.envelope import encode_body

OUTBOX_ADDR: Final = "inproc://showroom-outbox"
KIND_REPLY: Final = b"R"
KIND_EVENT: Final = b"E"


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

    def publish(self, event_type: str, payload: msgspec.Struct) -> None:
        self._socket().send_multipart([KIND_EVENT, event_type.encode("ascii"), encode_body(payload)])

    def close(self) -> None:
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()
