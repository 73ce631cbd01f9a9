"""CURVE: only a client that knows the server's public key gets answers or events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import zmq

from client.net.pairing import Pairing
from client.net.sync_client import secure_socket
from server.app import ServerApp
from shared.protocol.envelope import REPLY, decode_body, decode_envelope, decode_event, encode, make_command
from shared.protocol.messages.system import Heartbeat, HelloReply, HelloRequest

SILENCE_MS = 1500


@pytest.fixture
def zctx() -> Iterator[zmq.Context[Any]]:
    ctx: zmq.Context[Any] = zmq.Context()
    yield ctx
    ctx.destroy(linger=0)


def hello_bytes() -> tuple[str, bytes]:
    env = make_command("hello", HelloRequest(client_name="curve-test", client_version="0", versions=[1]))
    return env.id, encode(env)


def dealer(ctx: zmq.Context[Any], pairing: Pairing, server_key: bytes | None) -> zmq.Socket[Any]:
    if server_key is None:
        sock = ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
    else:
        sock = secure_socket(ctx, zmq.DEALER, server_key)
    sock.connect(pairing.command_endpoint)
    return sock


def subscriber(ctx: zmq.Context[Any], pairing: Pairing, server_key: bytes) -> zmq.Socket[Any]:
    sock = secure_socket(ctx, zmq.SUB, server_key)
    sock.setsockopt(zmq.SUBSCRIBE, b"")
    sock.connect(pairing.event_endpoint)
    return sock


def test_pairing_key_is_the_servers(server: ServerApp, pairing: Pairing) -> None:
    assert server.keys is not None
    assert pairing.server_public_key == server.keys.public
    assert len(pairing.server_public_key) == 40


def test_right_key_gets_hello_and_wrong_key_gets_silence(pairing: Pairing, zctx: zmq.Context[Any]) -> None:
    wrong_public, _ = zmq.curve_keypair()
    assert wrong_public != pairing.server_public_key
    impostor = dealer(zctx, pairing, wrong_public)
    plain = dealer(zctx, pairing, None)
    good = dealer(zctx, pairing, pairing.server_public_key)
    msg_id, data = hello_bytes()
    for sock in (impostor, plain, good):
        sock.send(data)

    assert good.poll(5000, zmq.POLLIN), "no answer with the right key"
    reply = decode_envelope(good.recv())
    assert reply.corr == msg_id
    assert reply.type == REPLY
    assert decode_body(reply.body, HelloReply).version == 1

    assert impostor.poll(SILENCE_MS, zmq.POLLIN) == 0, "a client with the wrong server key was answered"
    assert plain.poll(100, zmq.POLLIN) == 0, "a client without CURVE was answered"


def test_events_reach_only_subscribers_with_the_right_key(pairing: Pairing, zctx: zmq.Context[Any]) -> None:
    wrong_public, _ = zmq.curve_keypair()
    impostor = subscriber(zctx, pairing, wrong_public)
    good = subscriber(zctx, pairing, pairing.server_public_key)

    assert good.poll(5000, zmq.POLLIN), "no heartbeat with the right key"
    topic, data = good.recv_multipart()
    event = decode_event(data)
    assert topic == b"heartbeat"
    assert event.type == "heartbeat"
    decode_body(event.body, Heartbeat)

    # Heartbeats come every 200 ms in tests: several went out in this window.
    assert impostor.poll(SILENCE_MS, zmq.POLLIN) == 0, "a subscriber with the wrong server key got events"
    assert good.poll(1000, zmq.POLLIN), "heartbeats stopped"
