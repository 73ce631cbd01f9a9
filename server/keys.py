"""The server's CURVE keypair and the pairing file that tells a client where and whom to trust."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import zmq

KEY_FILE = "server_curve.json"
PAIRING_FORMAT = "showroom-pairing/1"


@dataclass(frozen=True, slots=True)
class ServerKeys:
    public: bytes
    secret: bytes


def load_or_create(data_dir: Path) -> ServerKeys:
    """The keypair is made once, at first start, and kept private to the server's OS user."""
    path = data_dir / KEY_FILE
    if path.exists():
        raw = json.loads(path.read_text("utf-8"))
        return ServerKeys(raw["public"].encode("ascii"), raw["secret"].encode("ascii"))
    public, secret = zmq.curve_keypair()
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"public": public.decode("ascii"), "secret": secret.decode("ascii")}, f)
    return ServerKeys(public, secret)


def pairing_document(keys: ServerKeys, host: str | None, command_port: int, event_port: int, name: str) -> str:
    host = host or socket.gethostname()
    return json.dumps(
        {
            "format": PAIRING_FORMAT,
            "server_name": name,
            "server_public_key": keys.public.decode("ascii"),
            "command_endpoint": f"tcp://{host}:{command_port}",
            "event_endpoint": f"tcp://{host}:{event_port}",
        },
        ensure_ascii=False,
        indent=2,
    )
