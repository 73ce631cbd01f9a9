"""The board push benchmark's subscribers: many CURVE SUB sockets in one process, each timing every unit.changed.

Runs as a child process (see bench/_common.py for the control pipe and clean-up). Every socket has its own
keypair, subscribes to `unit.changed` and `heartbeat`, and counts as ready once a heartbeat has reached it (a
SUB that has not finished connecting and subscribing misses messages silently: ZeroMQ's slow joiner). Each
receipt is stamped with the wall clock as it is read; it is decoded (its unit id and version) after the run.
"""

from __future__ import annotations

import time
from array import array
from collections import Counter
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import msgspec
import zmq

from bench._common import child_context, detach
from bench._reactor import Reactor
from client.net.pairing import Pairing
from client.net.sync_client import secure_socket
from shared.protocol.envelope import decode_event

READY_TIMEOUT_S = 120.0


class _Unit(msgspec.Struct):
    id: int
    version: int


class _Changed(msgspec.Struct):
    """The two fields of UnitChanged the benchmark needs (unknown fields are skipped, not decoded)."""

    unit: _Unit


_changed = msgspec.msgpack.Decoder(_Changed)


class Receipts:
    """Per socket: every unit.changed it received (undecoded) and when. Decoding waits for `latencies`, so that
    the receiving loop does as little as it can: its own work adds to the latency it measures."""

    def __init__(self, count: int) -> None:
        self.data: list[list[bytes]] = [[] for _ in range(count)]
        self.at_ns = [array("q") for _ in range(count)]
        self.heartbeats = [0] * count

    def take(self, i: int, sock: zmq.Socket[Any]) -> None:
        """Reads the socket until zmq.Again (which also re-arms its ZMQ_FD, see bench/_reactor.py)."""
        data, at_ns = self.data[i], self.at_ns[i]
        while True:
            try:
                topic, payload = sock.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            if topic == b"heartbeat":
                self.heartbeats[i] += 1
            else:
                at_ns.append(time.time_ns())
                data.append(payload)

    def clear(self) -> None:
        for i in range(len(self.data)):
            self.data[i] = []
            self.at_ns[i] = array("q")

    def latencies(self, sent: dict[tuple[int, int], int]) -> dict[str, Any]:
        """Receipt minus send for every (decision, socket); per decision the slowest socket; what never came."""
        lat = array("q")
        slowest: dict[tuple[int, int], int] = {}
        missing = 0
        for data, at_ns in zip(self.data, self.at_ns, strict=True):
            got: dict[tuple[int, int], int] = {}
            for payload, at in zip(data, at_ns, strict=True):
                unit = _changed.decode(decode_event(payload).body).unit
                got[unit.id, unit.version] = at
            for key, t_sent in sent.items():
                t_got = got.get(key)
                if t_got is None:
                    missing += 1
                    continue
                lat.append(t_got - t_sent)
                slowest[key] = max(slowest.get(key, 0), t_got - t_sent)
        return {"lat_ns": lat, "slowest_ns": slowest, "missing": missing}


def sub_sockets(ctx: zmq.Context[Any], pairing_file: Path, count: int, topics: tuple[bytes, ...]) -> list[Any]:
    """`count` CURVE SUB sockets on the server's events, each with its own keypair, subscribed to `topics`."""
    pairing = Pairing.load(pairing_file)
    socks = []
    for _ in range(count):
        sock = secure_socket(ctx, zmq.SUB, pairing.server_public_key)
        for topic in topics:
            sock.setsockopt(zmq.SUBSCRIBE, topic)
        sock.connect(pairing.event_endpoint)
        socks.append(sock)
    return socks


def await_heartbeats(reactor: Reactor, take: Callable[[int], None], beats: list[int]) -> None:
    """Reads every socket once (which arms its ZMQ_FD), then until each has had a heartbeat (`take` counts them
    in `beats`): a SUB that has not finished connecting and subscribing misses messages silently."""
    for i in range(len(reactor.socks)):
        take(i)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while min(beats) == 0:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{beats.count(0)} SUB sockets never received a heartbeat")
        for i in reactor.wait(0.1):
            take(i)


def next_message(conn: Connection, reactor: Reactor, take: Callable[[int], None]) -> tuple[Any, ...] | None:
    """Reads the sockets as they become ready until the parent sends something; None when the parent is gone."""
    while True:
        for i in reactor.wait(0.02):
            take(i)
        if conn.poll(0):
            try:
                return tuple(conn.recv())
            except (EOFError, OSError):
                return None


def subscribers_main(conn: Connection, spec: dict[str, Any]) -> None:
    """Connects `count` SUB sockets, says "ready" when each has had a heartbeat, records until "collect".

    spec: pairing (path), count. Messages from the parent: ("collect", sent) -> ("collected", latencies);
    ("clear",) forgets what was received so far; ("exit",) ends.
    """
    detach()
    with child_context(conn, spec["count"] + 64) as ctx:
        socks = sub_sockets(ctx, Path(spec["pairing"]), spec["count"], (b"unit.changed", b"heartbeat"))
        reactor = Reactor(socks)
        receipts = Receipts(len(socks))
        await_heartbeats(reactor, lambda i: receipts.take(i, socks[i]), receipts.heartbeats)
        receipts.clear()
        conn.send(("ready", len(socks)))
        while (message := next_message(conn, reactor, lambda i: receipts.take(i, socks[i]))) is not None:
            kind, *args = message
            if kind == "collect":
                for i, sock in enumerate(socks):  # whatever arrived since the last wake-up
                    receipts.take(i, sock)
                conn.send(("collected", receipts.latencies(args[0])))
            elif kind == "clear":
                receipts.clear()
            else:
                break


def kiosks_main(conn: Connection, spec: dict[str, Any]) -> None:
    """The opening hall's kiosks: `count` SUB sockets subscribed as a kiosk is (client.ui.qt_kiosk.KIOSK_TOPICS
    and heartbeats). Ready when each has had a heartbeat. Per ("count",): events received per socket since the
    last ("clear",), when each socket's last one came, and the first socket's by type.

    spec: pairing (path), count.
    """
    detach()
    from client.ui.qt_kiosk import KIOSK_TOPICS  # the kiosk's own choice, not a copy of it

    with child_context(conn, spec["count"] + 64) as ctx:
        socks = sub_sockets(ctx, Path(spec["pairing"]), spec["count"], (*KIOSK_TOPICS, b"heartbeat"))
        reactor = Reactor(socks)
        n = len(socks)
        events, beats, last_ns = [0] * n, [0] * n, [0] * n
        kinds: Counter[str] = Counter()  # what the first kiosk received, by event type

        def take(i: int) -> None:
            sock = socks[i]
            while True:
                try:
                    topic, _payload = sock.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    return
                if topic == b"heartbeat":
                    beats[i] += 1
                    continue
                events[i] += 1
                last_ns[i] = time.time_ns()
                if i == 0:
                    kinds[topic.decode("ascii", "replace")] += 1

        await_heartbeats(reactor, take, beats)
        conn.send(("ready", n))
        while (message := next_message(conn, reactor, take)) is not None:
            kind = message[0]
            if kind == "count":
                for i in range(n):
                    take(i)
                conn.send(("counted", {"events": list(events), "last_ns": list(last_ns), "kinds": dict(kinds)}))
            elif kind == "clear":
                for i in range(n):  # what is still queued belongs to before
                    take(i)
                events, last_ns = [0] * n, [0] * n
                kinds.clear()
                conn.send(("cleared", None))
            else:
                break
