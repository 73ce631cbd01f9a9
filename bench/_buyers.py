"""The opening benchmark's load generator: one DEALER per buyer against the server, as many against the raw echo.

Runs as a child process (see bench/_common.py for the control pipe and clean-up). Every buyer's socket has
its own CURVE keypair and signs in with its own phone + 认筹号; its pick is built with the kiosks' own
`pick_envelope`, encoded before T0, sent at T0 and resent unchanged (same idempotency key) when unanswered.
The echo sockets send the very same bytes, so both targets see messages of the same sizes.
"""

from __future__ import annotations

import time
import uuid
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import zmq

from bench._common import child_context, detach
from bench._reactor import Burst, Reactor, Socket, burst
from client.net.buyer import login_envelope, pick_envelope
from client.net.pairing import Pairing
from client.net.sync_client import secure_socket
from shared.protocol.envelope import ERROR, decode_body, decode_envelope, encode, make_command
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.opening import BuyerSession, PickResult
from shared.protocol.messages.system import HelloRequest

LOGIN_RETRY_NS = 10_000_000_000
CONNECT_BATCH = 100
CONNECT_RETRY_NS = 5_000_000_000
LOGIN_DEADLINE_NS = 180_000_000_000

# (phone, 认筹号, ranked unit ids), as the parent sends them
BuyerSpec = tuple[str, str, list[int]]


def _sockets(
    ctx: zmq.Context[Any], endpoint: str, server_key: bytes, probes: list[tuple[bytes, bytes]]
) -> list[Socket]:
    """One connected socket per probe (payload, needle), connected CONNECT_BATCH at a time: each batch's probes
    must be answered before the next batch connects. Thousands of simultaneous connects overflow the listen
    backlog (libzmq's default ZMQ_BACKLOG is 100) and some then take many seconds to be accepted."""
    socks: list[Socket] = []
    for first in range(0, len(probes), CONNECT_BATCH):
        batch = probes[first : first + CONNECT_BATCH]
        new = []
        for _ in batch:
            sock = secure_socket(ctx, zmq.DEALER, server_key)
            sock.connect(endpoint)
            new.append(sock)
        reactor = Reactor(new)
        now = time.time_ns()
        answers = burst(reactor, [p for p, _ in batch], [n for _, n in batch], now, CONNECT_RETRY_NS, now + 120 * 10**9)
        reactor.close()
        if answers.answered < len(batch):
            raise RuntimeError(f"{len(batch) - answers.answered} sockets could not reach {endpoint}")
        socks += new
    return socks


def _hello() -> tuple[bytes, bytes]:
    env = make_command("hello", HelloRequest(client_name="bench.opening", client_version="0", versions=[1]))
    return encode(env), env.id.encode()


def _echo_probe(i: int) -> tuple[bytes, bytes]:
    data = f"probe {i} {uuid.uuid4().hex}".encode()
    return data, data


class BuyerSockets:
    """The buyers' sockets against the real server, and each buyer's encoded pick for the current opening."""

    def __init__(self, ctx: zmq.Context[Any], pairing: Pairing, count: int) -> None:
        probes = [_hello() for _ in range(count)]
        self.reactor = Reactor(_sockets(ctx, pairing.command_endpoint, pairing.server_public_key, probes))
        self.picks: list[bytes] = []
        self.pick_ids: list[bytes] = []

    def login(self, opening_id: int, buyers: list[BuyerSpec]) -> dict[str, Any]:
        """Signs every buyer in at once, then encodes each buyer's pick with their token."""
        envelopes = [login_envelope(opening_id, phone, ticket) for phone, ticket, _ in buyers]
        self.reactor.discard_pending()
        t0 = time.time_ns()
        result = burst(
            self.reactor,
            [encode(e) for e in envelopes],
            [e.id.encode() for e in envelopes],
            t0,
            LOGIN_RETRY_NS,
            t0 + LOGIN_DEADLINE_NS,
        )
        seconds = (time.time_ns() - t0) / 1e9
        sessions = [_session(reply) for reply in result.replies]
        picks = [pick_envelope(s.token, choices) for s, (_, _, choices) in zip(sessions, buyers, strict=True)]
        self.picks = [encode(p) for p in picks]
        self.pick_ids = [p.id.encode() for p in picks]
        return {
            "buyer_ids": [s.buyer.id for s in sessions],
            "seconds": seconds,
            "lat": sorted((t - t0) / 1e9 for t in result.at_ns),
            "resent": sum(result.attempts) - len(buyers),
            "sizes": sorted({len(p) for p in self.picks}),
        }

    def pick(self, t0_ns: int, retry_ns: int, deadline_ns: int) -> dict[str, Any]:
        self.reactor.discard_pending()
        result = burst(self.reactor, self.picks, self.pick_ids, t0_ns, retry_ns, deadline_ns)
        decided = [_outcome(reply) for reply in result.replies]
        return {
            "outcomes": [d[0] for d in decided],
            "units": [d[1] for d in decided],
            **_timing(result),
            "reply_sizes": sorted({len(r) for r in result.replies if r is not None}),
        }


class EchoSockets:
    """As many sockets against the raw CURVE echo; they send the buyers' pick envelopes."""

    def __init__(self, ctx: zmq.Context[Any], endpoint: str, server_key: bytes, count: int) -> None:
        self.reactor = Reactor(_sockets(ctx, endpoint, server_key, [_echo_probe(i) for i in range(count)]))

    def exchange(self, payloads: list[bytes], t0_ns: int, retry_ns: int, deadline_ns: int) -> dict[str, Any]:
        self.reactor.discard_pending()
        return _timing(burst(self.reactor, payloads, payloads, t0_ns, retry_ns, deadline_ns))


def _timing(result: Burst) -> dict[str, Any]:
    return {"at_ns": list(result.at_ns), "attempts": list(result.attempts), "answered": result.answered}


def _session(reply: bytes | None) -> BuyerSession:
    if reply is None:
        raise RuntimeError("a buyer got no answer to buyer.login")
    env = decode_envelope(reply)
    if env.type == ERROR:
        raise RuntimeError(f"buyer.login refused: {decode_body(env.body, ErrorBody)}")
    return decode_body(env.body, BuyerSession)


def _outcome(reply: bytes | None) -> tuple[str | None, int | None]:
    """(outcome, unit id); an error reply as ("error:<code>", None); no reply as (None, None)."""
    if reply is None:
        return None, None
    env = decode_envelope(reply)
    if env.type == ERROR:
        return f"error:{decode_body(env.body, ErrorBody).code}", None
    result = decode_body(env.body, PickResult)
    return result.outcome.value, result.unit_id


def buyers_main(conn: Connection, spec: dict[str, Any]) -> None:
    """Connects its sockets, says "ready", then does what the parent asks until "exit" (or the pipe closes).

    spec: pairing (path), count (sockets per target), echo_endpoint, echo_public.
    """
    detach()
    with child_context(conn, 2 * spec["count"] + 64) as ctx:
        pairing = Pairing.load(Path(spec["pairing"]))
        buyers = BuyerSockets(ctx, pairing, spec["count"])
        echo = EchoSockets(ctx, spec["echo_endpoint"], spec["echo_public"], spec["count"])
        conn.send(("ready", None))
        while True:
            try:
                kind, *args = conn.recv()
            except (EOFError, OSError):
                break
            if kind == "login":
                conn.send(("logged_in", buyers.login(*args)))
            elif kind == "pick":
                conn.send(("picked", buyers.pick(*args)))
            elif kind == "echo":
                conn.send(("echoed", echo.exchange(buyers.picks, *args)))
            else:
                break
