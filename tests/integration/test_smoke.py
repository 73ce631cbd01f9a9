"""The server answers hello, refuses commands without a session, and serves a signed-in user."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import zmq

from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from server.app import ServerApp
from server.config import Settings
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


def test_failed_start_cleans_up(settings: Settings, server: ServerApp) -> None:
    """A port already in use: start fails with the OS error, stop() does not hang, nothing is left open."""
    taken = Settings(
        **{
            **{f: getattr(settings, f) for f in Settings.__slots__},
            "command_port": server.command_port,
            "data_dir": settings.data_dir.parent / "second",
        }
    )
    second = ServerApp(taken)
    with pytest.raises(zmq.ZMQError):
        second.start()
    second.stop()  # idempotent, returns at once
    with SyncClient(Pairing.load(server.pairing_path)) as client:
        assert client.hello().version == 1
