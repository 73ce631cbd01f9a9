"""The camera's connection to the server: a CURVE DEALER, one request at a time, Lazy Pirate on silence."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import msgspec
import zmq

from shared.protocol.envelope import DECODE_ERRORS, ERROR, Envelope, decode_body, decode_envelope, encode, make_command
from shared.protocol.errors import ErrorBody

log = logging.getLogger(__name__)


class LinkDown(Exception):
    """No reply within the timeout: the server is down, restarting or unreachable."""


@dataclass(frozen=True, slots=True)
class Reply:
    body: msgspec.Raw | None  # the reply's payload, or None for an error
    error: ErrorBody | None

    def decode(self, kind: type[Any]) -> Any:
        assert self.body is not None
        return decode_body(self.body, kind)


class ServerLink:
    """Owned by one thread (ZeroMQ sockets are not thread-safe)."""

    def __init__(
        self,
        endpoint: str,
        server_key: bytes,
        token: str,
        timeout_s: float,
        ctx: zmq.Context[zmq.Socket[bytes]] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.server_key = server_key
        self.token = token
        self.timeout_ms = int(timeout_s * 1000)
        self._own_ctx = ctx is None  # a context of its own is terminated with the link
        self._ctx: zmq.Context[zmq.Socket[bytes]] = ctx or zmq.Context()
        self._sock: zmq.Socket[bytes] | None = None

    def _socket(self) -> zmq.Socket[bytes]:
        if self._sock is None:
            sock = self._ctx.socket(zmq.DEALER)
            public, secret = zmq.curve_keypair()
            sock.curve_serverkey = self.server_key
            sock.curve_publickey = public
            sock.curve_secretkey = secret
            # A request that timed out is dropped with its socket (LINGER 0): the retry sends it again.
            sock.setsockopt(zmq.LINGER, 0)
            sock.connect(self.endpoint)
            self._sock = sock
        return self._sock

    def reset(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def close(self) -> None:
        self.reset()
        if self._own_ctx:
            self._ctx.term()

    def request(self, envelope: Envelope) -> Reply:
        """Sends one command and waits for its reply; on silence drops the socket and raises LinkDown."""
        sock = self._socket()
        sock.send(encode(envelope))
        while sock.poll(self.timeout_ms, zmq.POLLIN):
            try:
                reply = decode_envelope(sock.recv())
            except DECODE_ERRORS:
                log.warning("undecodable reply from the server; ignored")
                continue
            if reply.corr != envelope.id:
                continue  # a late answer to an earlier attempt
            if reply.type == ERROR:
                return Reply(None, decode_body(reply.body, ErrorBody))
            return Reply(reply.body, None)
        self.reset()
        raise LinkDown(f"no reply from {self.endpoint} within {self.timeout_ms} ms")

    def command(self, type_: str, payload: msgspec.Struct, *, idem: str | None = None) -> Reply:
        return self.request(make_command(type_, payload, token=self.token, idem=idem))
