"""Thousands of ZeroMQ sockets in one process: readiness through epoll, and a burst of one request per socket.

zmq_poll is O(sockets) per call (1.8 ms for 2,500 sockets here), which would make the load generators eat
the cores the server needs. Instead each socket's ZMQ_FD sits in one epoll set, so a wait costs O(ready).
The ZMQ_FD is an edge, not a level: libzmq signals it only when a socket that had found its pipe empty
gets a message (or a command). A socket that has not looked since its last send (a fresh socket, or one
whose send processed the command that announced a reply) is never signalled again. So, as zmq_getsockopt(3)
requires, every send is followed by a look at ZMQ_EVENTS (which also re-arms the signal), and every wake-up
reads the socket until `zmq.Again`. Without that, a fresh socket's first reply sits unnoticed until a resend.
"""

from __future__ import annotations

import select
import time
from array import array
from dataclasses import dataclass
from typing import Any

import zmq

Socket = zmq.Socket[Any]
SWEEP_NS = 100_000_000  # how often overdue requests are looked for


class Reactor:
    """One epoll set over the ZMQ_FDs of a fixed list of sockets; `wait` returns socket indexes."""

    def __init__(self, socks: list[Socket]) -> None:
        self.socks = socks
        self._epoll = select.epoll()
        self._index: dict[int, int] = {}
        for i, sock in enumerate(socks):
            fd = int(sock.getsockopt(zmq.FD))
            self._epoll.register(fd, select.EPOLLIN)
            self._index[fd] = i

    def wait(self, timeout: float) -> list[int]:
        return [self._index[fd] for fd, _ in self._epoll.poll(timeout, len(self.socks))]

    def close(self) -> None:
        self._epoll.close()

    def discard_pending(self) -> int:
        """Reads and drops whatever is queued on every socket (late duplicates of an earlier burst)."""
        dropped = 0
        for sock in self.socks:
            dropped += len(recv_all(sock))
        return dropped


def recv_all(sock: Socket) -> list[bytes]:
    out: list[bytes] = []
    while True:
        try:
            out.append(sock.recv(zmq.NOBLOCK))
        except zmq.Again:
            return out


def sleep_until(t_ns: int) -> None:
    """Sleeps to within ~1 ms of a wall-clock instant, then spins to it."""
    while True:
        left = t_ns - time.time_ns()
        if left <= 0:
            return
        if left > 2_000_000:
            time.sleep((left - 1_500_000) / 1e9)


@dataclass(slots=True)
class Burst:
    """Per socket: its accepted reply (None: none came), when it came (wall-clock ns) and how often it was sent."""

    replies: list[bytes | None]
    at_ns: array[int]
    attempts: array[int]

    @property
    def answered(self) -> int:
        return sum(r is not None for r in self.replies)


class _Answers:
    """The first reply to each socket that contains the socket's needle, and when it came."""

    def __init__(self, needles: list[bytes]) -> None:
        n = len(needles)
        self.needles = needles
        self.replies: list[bytes | None] = [None] * n
        self.at_ns = array("q", bytes(8 * n))
        self.pending = n

    def take(self, i: int, sock: Socket) -> None:
        for data in recv_all(sock):
            if self.replies[i] is None and self.needles[i] in data:
                self.at_ns[i] = time.time_ns()
                self.replies[i] = data
                self.pending -= 1


def burst(
    reactor: Reactor,
    payloads: list[bytes],
    needles: list[bytes],
    t0_ns: int,
    retry_ns: int,
    deadline_ns: int,
) -> Burst:
    """At wall-clock `t0_ns` every socket sends its payload once; a reply containing the socket's needle is its
    answer (others, such as duplicates answering a resend, are dropped). A socket with no answer after
    `retry_ns` resends the very same bytes (so the same idempotency key); gives up at `deadline_ns`."""
    socks = reactor.socks
    n = len(socks)
    answers = _Answers(needles)
    attempts = array("i", [1] * n)
    sent_ns = array("q", bytes(8 * n))
    clock = time.time_ns
    sleep_until(t0_ns)
    for i in range(n):
        _send(socks[i], payloads[i], i, answers)
        sent_ns[i] = clock()
    next_sweep = clock() + SWEEP_NS
    while answers.pending:
        for i in reactor.wait(0.05):
            answers.take(i, socks[i])
        now = clock()
        if now >= deadline_ns:
            break
        if now >= next_sweep:
            next_sweep = now + SWEEP_NS
            for i in range(n):
                if answers.replies[i] is None and now - sent_ns[i] >= retry_ns:
                    answers.take(i, socks[i])
                    if answers.replies[i] is None:
                        _send(socks[i], payloads[i], i, answers)
                        sent_ns[i] = now
                        attempts[i] += 1
    return Burst(answers.replies, answers.at_ns, attempts)


def _send(sock: Socket, payload: bytes, i: int, answers: _Answers) -> None:
    """Sends, then looks at ZMQ_EVENTS: that re-arms the socket's ZMQ_FD, and catches a reply that the send's
    own command processing took in (its signal is gone then)."""
    sock.send(payload)
    if int(sock.getsockopt(zmq.EVENTS)) & zmq.POLLIN:
        answers.take(i, sock)
