"""The server answers hello, refuses commands without a session, and serves a signed-in user."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from shared.domain import Role
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.system import PingRequest


def test_hello_negotiates_version(pairing: Pairing) -> None:
    with SyncClient(pairing) as client:
        reply = client.hello()
    assert reply.version == 1
    assert reply.heartbeat_ms == 200


def test_ping_needs_a_session(pairing: Pairing) -> None:
    with SyncClient(pairing) as client, pytest.raises(RemoteError) as err:
        client.call("ping")
    assert err.value.code is ErrorCode.UNAUTHENTICATED


def test_ping_echoes_for_a_signed_in_user(login: Callable[..., SyncClient]) -> None:
    client = login(Role.FRONT_DESK)
    assert client.call("ping", PingRequest(data="你好")).data == "你好"
