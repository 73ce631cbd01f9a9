"""A blocking protocol client: tests, benchmarks, kiosks and command-line tools share it."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

import msgspec
import zmq

from client import __version__
from client.net.pairing import Pairing
from shared.protocol.envelope import (
    ERROR,
    SUPPORTED_VERSIONS,
    Envelope,
    decode_body,
    decode_envelope,
    encode,
    make_command,
)
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.auth import LoginReply, LoginRequest
from shared.protocol.messages.system import HelloReply, HelloRequest
from shared.protocol.registry import COMMANDS

T = TypeVar("T")


class RemoteError(Exception):
    """The server answered with an error reply."""

    def __init__(self, body: ErrorBody) -> None:
        self.body = body
        self.code = body.code
        super().__init__(f"{body.code}: {body.message_en}")


class RequestTimeout(Exception):
    pass


def secure_socket(ctx: zmq.Context[Any], kind: int, server_key: bytes) -> zmq.Socket[Any]:
    """A socket that only talks to the server holding `server_key`'s secret half."""
    sock: zmq.Socket[Any] = ctx.socket(kind)
    public, secret = zmq.curve_keypair()
    sock.curve_serverkey = server_key
    sock.curve_publickey = public
    sock.curve_secretkey = secret
    sock.setsockopt(zmq.LINGER, 0)
    return sock


class SyncClient:
    """One DEALER socket; requests are retried with the same envelope (so the same idempotency key)."""

    def __init__(
        self, pairing: Pairing, *, ctx: zmq.Context[Any] | None = None, timeout_ms: int = 10_000, retries: int = 2
    ) -> None:
        self.pairing = pairing
        self.ctx = ctx or zmq.Context.instance()
        self.timeout_ms = timeout_ms
        self.retries = retries
        self.token: str | None = None
        self.login_reply: LoginReply | None = None
        self._sock = self._connect()

    def _connect(self) -> zmq.Socket[Any]:
        sock = secure_socket(self.ctx, zmq.DEALER, self.pairing.server_public_key)
        sock.connect(self.pairing.command_endpoint)
        return sock

    def close(self) -> None:
        self._sock.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send_raw(self, envelope: Envelope) -> Envelope:
        """Lazy Pirate: wait, and on silence reconnect and resend the very same envelope."""
        data = encode(envelope)
        for attempt in range(self.retries + 1):
            self._sock.send(data)
            while self._sock.poll(self.timeout_ms, zmq.POLLIN):
                reply = decode_envelope(self._sock.recv())
                if reply.corr == envelope.id:
                    return reply
            if attempt < self.retries:
                self._sock.close()
                self._sock = self._connect()
        raise RequestTimeout(f"no reply to {envelope.type} after {self.retries + 1} attempts")

    def call(self, type_: str, payload: msgspec.Struct | None = None, *, idem: str | None = None) -> Any:
        spec = COMMANDS[type_]
        if spec.mutating and idem is None:
            idem = uuid.uuid4().hex
        reply = self.send_raw(make_command(type_, payload or spec.request(), token=self.token, idem=idem))
        if reply.type == ERROR:
            raise RemoteError(decode_body(reply.body, ErrorBody))
        return decode_body(reply.body, spec.reply)

    def hello(self) -> HelloReply:
        reply: HelloReply = self.call(
            "hello",
            HelloRequest(client_name="showroom-py", client_version=__version__, versions=list(SUPPORTED_VERSIONS)),
        )
        return reply

    def login(self, username: str, password: str) -> LoginReply:
        reply: LoginReply = self.call("auth.login", LoginRequest(username=username, password=password))
        self.token = reply.token
        self.login_reply = reply
        return reply
