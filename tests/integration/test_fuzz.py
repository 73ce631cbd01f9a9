"""10,000 random and malformed frames at the ROUTER: each gets exactly one error reply, and the server lives on.

Frames go through a real CURVE DEALER socket, pipelined in batches. Every frame is built to fail, and
the expected error is known in advance: undecodable frames get `malformed` with no corr; frames whose
envelope decodes get the precise code, addressed to their own id.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
import pytest
import zmq

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient, secure_socket
from server.handlers import build_router
from server.permissions import Permission, allowed
from shared.domain import Role
from shared.protocol.envelope import (
    ERROR,
    MAX_MESSAGE_BYTES,
    PROTOCOL_VERSION,
    Envelope,
    decode_body,
    decode_envelope,
    encode,
    make_command,
)
from shared.protocol.errors import ErrorBody, ErrorCode
from shared.protocol.messages.system import PingRequest
from shared.protocol.registry import COMMANDS

SEED = 20261122
FRAMES = 10_000
OVERSIZED = 3
BATCH = 500
ROLE = Role.CONSULTANT
ROUTES = build_router().routes
# Commands that would change something if their body were ever accepted; garbage must never reach them
# with a valid body, and the session-ending one is kept out entirely.
NEVER_SEND = {"auth.logout"}


@dataclass(frozen=True, slots=True)
class Probe:
    kind: str
    frames: list[bytes]
    # None: the envelope does not decode; the reply is `malformed` with corr None.
    corr: str | None
    code: ErrorCode
    # Sent REQ-style ([b"", payload]): the reply comes back behind an empty delimiter frame.
    delimited: bool = False


@pytest.fixture
def zctx() -> Iterator[zmq.Context[Any]]:
    ctx: zmq.Context[Any] = zmq.Context()
    yield ctx
    ctx.destroy(linger=0)


class Fuzzer:
    def __init__(self, rng: random.Random, token: str) -> None:
        self.rng = rng
        self.token = token
        self.names = sorted(set(COMMANDS) - NEVER_SEND)

    # --- building blocks -------------------------------------------------------------------------

    def envelope(self, type_: str = "ping", **fields: Any) -> Envelope:
        env = make_command(type_, None, token=self.token, idem=uuid.uuid4().hex)
        for key, value in fields.items():
            setattr(env, key, value)
        return env

    def wire(self) -> dict[str, Any]:
        raw = msgspec.msgpack.decode(encode(self.envelope(self.rng.choice(self.names))))
        assert isinstance(raw, dict)
        return raw

    def garbage_value(self) -> Any:
        r = self.rng
        return r.choice(
            [
                None,
                True,
                -1,
                2**63 - 1,
                3.14,
                "",
                "文字" * r.randint(1, 5),
                r.randbytes(r.randint(0, 20)),
                [1, "a", None],
                {"k": [1, 2]},
                {1: 2},
                datetime(2026, 1, 1),
            ]
        )

    def garbage_body(self) -> bytes:
        # Never a map of known fields: it must not decode into any request (Empty would accept `{}`).
        r = self.rng
        return msgspec.msgpack.encode(
            r.choice(
                [
                    [r.random() for _ in range(r.randint(0, 5))],
                    r.randint(-(2**31), 2**31),
                    "body",
                    None,
                    False,
                    r.randbytes(r.randint(0, 64)),
                    {"\x00garbage": r.random()},
                    {"data": [1, 2, 3]},
                    {r.randint(0, 9): "int keys"},
                ]
            )
        )

    def expected_for(self, name: str, token: str | None) -> ErrorCode:
        """What the dispatcher must answer to `name` with this token and an undecodable body."""
        route = ROUTES[name]
        if route.permission is not Permission.PUBLIC:
            if token != self.token:
                return ErrorCode.UNAUTHENTICATED
            if not allowed(ROLE, route.permission):
                return ErrorCode.FORBIDDEN
        return ErrorCode.INVALID_PAYLOAD

    # --- the kinds of bad frame ------------------------------------------------------------------

    def random_bytes(self) -> Probe:
        return Probe("random", [self.rng.randbytes(self.rng.randint(1, 400))], None, ErrorCode.MALFORMED)

    def empty(self) -> Probe:
        return Probe("empty", [b""], None, ErrorCode.MALFORMED)

    def truncated(self) -> Probe:
        data = encode(self.envelope(self.rng.choice(self.names)))
        return Probe("truncated", [data[: self.rng.randrange(len(data))]], None, ErrorCode.MALFORMED)

    def wrong_types(self) -> Probe:
        r = self.rng
        choice = r.randrange(4)
        if choice == 0:  # not a map at all
            data = msgspec.msgpack.encode(r.choice([[1, 2, 3], 42, "ping", None, b"\x00", 1.5, True]))
        elif choice == 1:  # a required field missing
            wire = self.wire()
            del wire[r.choice(["id", "type", "v", "ts"])]
            data = msgspec.msgpack.encode(wire)
        elif choice == 2:  # an unknown field
            wire = self.wire()
            wire[r.choice(["extra", "admin", "Token", ""])] = self.garbage_value()
            data = msgspec.msgpack.encode(wire)
        else:  # a field of the wrong type (or a naive datetime)
            wire = self.wire()
            field, bad = r.choice(
                [
                    ("id", 123),
                    ("id", None),
                    ("type", ["ping"]),
                    ("type", 7),
                    ("v", "1"),
                    ("v", 1.0),
                    ("v", None),
                    ("ts", "yesterday"),
                    ("ts", 1700000000),
                    ("ts", datetime(2026, 1, 1)),
                    ("corr", 5),
                    ("token", 5),
                    ("token", b"bytes"),
                    ("idem", 12345678),
                    ("idem", [1]),
                ]
            )
            wire[field] = bad
            data = msgspec.msgpack.encode(wire)
        return Probe("wrong_types", [data], None, ErrorCode.MALFORMED)

    def wrong_version(self) -> Probe:
        v = self.rng.choice([0, 2, 3, 99, -1, 2**40, -(2**40)])
        assert v != PROTOCOL_VERSION
        env = self.envelope(self.rng.choice([*self.names, "no.such"]), v=v)
        return Probe("wrong_version", [encode(env)], env.id, ErrorCode.UNSUPPORTED_VERSION)

    def unknown_command(self) -> Probe:
        r = self.rng
        name = r.choice(
            [
                "units.delete",
                "audit.delete",
                "audit.truncate",
                "users.drop",
                "HELLO",
                "ping ",
                "",
                ".",
                "reply",
                "error",
                "heartbeat",
                "unit.changed",
                "".join(r.choice("abcxyz._-") for _ in range(r.randint(1, 30))),
            ]
        )
        if name in COMMANDS:
            name += "?"
        env = self.envelope(name, token=r.choice([self.token, None, "bogus"]), body=msgspec.Raw(self.garbage_body()))
        return Probe("unknown_command", [encode(env)], env.id, ErrorCode.UNKNOWN_COMMAND)

    def oversized(self) -> Probe:
        # Decodes, and is under the socket's hard limit, but over the protocol's: `too_large`.
        body = msgspec.msgpack.encode({"data": "x" * (MAX_MESSAGE_BYTES + 1024)})
        env = self.envelope("ping", body=msgspec.Raw(body))
        data = encode(env)
        assert len(data) > MAX_MESSAGE_BYTES
        return Probe("oversized", [data], env.id, ErrorCode.TOO_LARGE)

    def multi_frame(self) -> Probe:
        r = self.rng
        if r.random() < 0.25:
            # REQ-style framing is allowed: the envelope inside is judged as usual.
            env = self.envelope(r.choice(self.names), v=2)
            return Probe("multi_frame_req", [b"", encode(env)], env.id, ErrorCode.UNSUPPORTED_VERSION, delimited=True)
        first = r.choice([r.randbytes(r.randint(1, 50)), encode(self.envelope())])
        rest = [r.choice([b"", r.randbytes(r.randint(1, 50)), encode(self.envelope())]) for _ in range(r.randint(1, 4))]
        return Probe("multi_frame", [first, *rest], None, ErrorCode.MALFORMED)

    def bad_body(self) -> Probe:
        name = self.rng.choice(self.names)
        env = self.envelope(name, body=msgspec.Raw(self.garbage_body()))
        return Probe("bad_body", [encode(env)], env.id, self.expected_for(name, self.token))

    def missing_token(self) -> Probe:
        name = self.rng.choice([n for n in self.names if COMMANDS[n].needs_session])
        token = self.rng.choice([None, None, "", "bogus-" + uuid.uuid4().hex])
        env = self.envelope(name, token=token, body=msgspec.Raw(self.garbage_body()))
        return Probe("missing_token", [encode(env)], env.id, ErrorCode.UNAUTHENTICATED)

    def huge_strings(self) -> Probe:
        r = self.rng
        size = r.choice([10_000, 50_000, 200_000]) if r.random() < 0.9 else 1_000_000
        choice = r.randrange(5)
        if choice == 0:
            env = self.envelope("x" * size)
            return Probe("huge_type", [encode(env)], env.id, ErrorCode.UNKNOWN_COMMAND)
        if choice == 1:
            env = self.envelope("ping", token="t" * size)
            return Probe("huge_token", [encode(env)], env.id, ErrorCode.UNAUTHENTICATED)
        if choice == 2:
            env = self.envelope("ping", body=msgspec.Raw(msgspec.msgpack.encode(PingRequest(data="长" * size))))
            return Probe("huge_body_string", [encode(env)], env.id, ErrorCode.INVALID_PAYLOAD)
        if choice == 3:
            env = self.envelope("auth.change_password", idem="k" * size)
            return Probe("huge_idem", [encode(env)], env.id, ErrorCode.INVALID_PAYLOAD)
        env = self.envelope("no.such.command")
        env.id = uuid.uuid4().hex + "i" * size
        return Probe("huge_id", [encode(env)], env.id, ErrorCode.UNKNOWN_COMMAND)

    def bad_utf8(self) -> Probe:
        # msgpack strings must be UTF-8; msgspec reports these as UnicodeDecodeError, not DecodeError.
        bad = self.rng.choice([b"\xff\xfe\xfd\xfc", b"\xc3\x28\xa0\xa1", b"\xed\xa0\x80\x41", b"ab\x80c"])
        if self.rng.random() < 0.5:
            field = self.rng.choice(["type", "id", "token", "idem"])
            env = self.envelope("ping")
            setattr(env, field, "ZQZQ")
            data = encode(env).replace(b"\xa4ZQZQ", b"\xa4" + bad, 1)
            return Probe("bad_utf8_envelope", [data], None, ErrorCode.MALFORMED)
        env = self.envelope("ping", body=msgspec.Raw(b"\x81\xa4data\xa4" + bad))
        return Probe("bad_utf8_body", [encode(env)], env.id, ErrorCode.INVALID_PAYLOAD)

    def probes(self, count: int) -> list[Probe]:
        kinds: list[tuple[Callable[[], Probe], int]] = [
            (self.random_bytes, 20),
            (self.empty, 4),
            (self.truncated, 14),
            (self.wrong_types, 14),
            (self.wrong_version, 8),
            (self.unknown_command, 10),
            (self.multi_frame, 8),
            (self.bad_body, 14),
            (self.missing_token, 6),
            (self.huge_strings, 2),
            (self.bad_utf8, 3),
        ]
        makers = self.rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds], k=count - OVERSIZED)
        probes = [make() for make in makers] + [self.oversized() for _ in range(OVERSIZED)]
        self.rng.shuffle(probes)
        return probes


def test_fuzz_every_bad_frame_gets_one_error_and_the_server_survives(
    pairing: Pairing, login: Callable[..., SyncClient], zctx: zmq.Context[Any]
) -> None:
    client = login(ROLE)
    assert client.token is not None
    probes = Fuzzer(random.Random(SEED), client.token).probes(FRAMES)
    assert len(probes) == FRAMES
    kinds = Counter(p.kind for p in probes)
    assert len(kinds) >= 12, kinds

    sock = secure_socket(zctx, zmq.DEALER, pairing.server_public_key)
    sock.setsockopt(zmq.SNDHWM, 0)
    sock.setsockopt(zmq.RCVHWM, 0)
    sock.connect(pairing.command_endpoint)

    replies: list[list[bytes]] = []

    def drain(timeout_ms: int) -> None:
        while sock.poll(timeout_ms, zmq.POLLIN):
            replies.append(sock.recv_multipart())
            timeout_ms = 0

    deadline = time.monotonic() + 60
    for start in range(0, FRAMES, BATCH):
        for probe in probes[start : start + BATCH]:
            sock.send_multipart(probe.frames)
        # Keep at most about two batches in flight.
        while len(replies) < start and time.monotonic() < deadline:
            drain(200)
    while len(replies) < FRAMES and time.monotonic() < deadline:
        drain(200)
    drain(500)  # anything extra would show up here
    assert len(replies) == FRAMES, f"{len(replies)} replies to {FRAMES} frames"

    by_corr = {p.corr: p for p in probes if p.corr is not None}
    assert len(by_corr) == sum(p.corr is not None for p in probes), "probe ids must be unique"
    undecodable = sum(p.corr is None for p in probes)
    seen: Counter[str] = Counter()
    malformed = 0
    for frames in replies:
        env = decode_envelope(frames[-1])
        assert env.type == ERROR
        body = decode_body(env.body, ErrorBody)
        assert body.message and body.message_en
        if env.corr is None:
            assert body.code is ErrorCode.MALFORMED, body
            assert len(frames) == 1
            malformed += 1
            continue
        probe = by_corr.get(env.corr)
        assert probe is not None, f"reply to an id never sent: {env.corr[:60]}"
        seen[env.corr] += 1
        assert body.code is probe.code, f"{probe.kind}: expected {probe.code}, got {body.code} ({body.message_en})"
        assert frames[:-1] == ([b""] if probe.delimited else [])
    assert malformed == undecodable
    assert set(seen) == set(by_corr)
    assert max(seen.values()) == 1

    # The server still serves: the fuzzed session, and a new client.
    assert client.call("ping", PingRequest(data="still here")).data == "still here"
    with SyncClient(pairing, timeout_ms=5000) as fresh:
        assert fresh.hello().version == PROTOCOL_VERSION
