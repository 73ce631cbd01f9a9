"""The one way out of the server: replies and events from any thread reach the I/O thread's sockets."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from typing import Final

import msgspec
import zmq

from shared.protocol.envelope import encode_body

OUTBOX_ADDR: Final = "inproc://showroom-outbox"
KIND_REPLY: Final = b"R"
KIND_EVENT: Final = b"E"
# Many replies or events at once: the engine answers a whole batch of decisions with one send. Every send releases
# the GIL, and on a busy server the I/O thread then takes it: one send per reply made the engine thread wait for
# the GIL thousands of times per batch. The lists themselves wait in the outbox's queue (in-process: nothing to
# encode, copy and decode again); the frame only wakes the I/O thread to take one of them.
KIND_BATCH: Final = b"B"
Replies = list[tuple[list[bytes], bytes]]  # (routing frames, reply)
Events = list[tuple[str, msgspec.Raw]]  # (event type, encoded payload)
Batch = tuple[bytes, Replies | Events]  # (KIND_REPLY, replies) or (KIND_EVENT, events)


class Outbox:
    """ZeroMQ sockets are not thread-safe, so each worker thread gets its own PUSH into the I/O thread."""

    def __init__(self, ctx: zmq.Context[zmq.Socket[bytes]]) -> None:
        self._ctx = ctx
        self._local = threading.local()
        self._sockets: list[zmq.Socket[bytes]] = []
        self._lock = threading.Lock()
        # Batches in the order they were queued; one KIND_BATCH frame follows each (deque: thread-safe append/pop).
        self._batches: deque[Batch] = deque()

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

    def send_replies(self, replies: Replies) -> None:
        """Several replies, in order, in one go. The list is the outbox's from now on."""
        if replies:
            self._queue((KIND_REPLY, replies))

    def publish(self, event_type: str, payload: msgspec.Struct) -> None:
        self._socket().send_multipart([KIND_EVENT, event_type.encode("ascii"), encode_body(payload)])

    def publish_many(self, events: Sequence[tuple[str, msgspec.Struct]]) -> None:
        """Several events, in order, in one go; each gets its own sequence number when it goes out."""
        if events:
            self._queue((KIND_EVENT, [(event_type, encode_body(payload)) for event_type, payload in events]))

    def _queue(self, batch: Batch) -> None:
        self._batches.append(batch)
        self._socket().send(KIND_BATCH)

    def take_batch(self) -> Batch:
        """I/O thread: the batch that a KIND_BATCH frame announced (the oldest one queued)."""
        return self._batches.popleft()

    def close(self) -> None:
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()
