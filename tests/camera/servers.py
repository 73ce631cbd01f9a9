"""Cameras against real servers in tests: register one in the server's database, build its settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from camera.config import CameraSettings, ModelSettings, TrackerSettings
from client.net.pairing import Pairing
from server.app import ServerApp
from server.faces import cameras
from shared.protocol.messages.faces import CameraLocation, Direction
from tests.camera import kit


def register_camera(
    server: ServerApp, camera_id: str = "entrance-1", location: CameraLocation = CameraLocation.ENTRANCE
) -> str:
    """The camera's token, as `showroom admin camera-add` would print it."""
    assert server.database is not None
    with server.database.sessions() as db, db.begin():
        _, token = cameras.register(db, camera_id, location, Direction.IN)
    return token


def camera_settings(
    pairing: Pairing, token: str, source: str, data_dir: Path, camera_id: str = "entrance-1", **overrides: Any
) -> CameraSettings:
    settings = CameraSettings(
        camera_id=camera_id,
        location=CameraLocation.ENTRANCE,
        direction=Direction.IN,
        source=source,
        token=token,
        server_public_key=pairing.server_public_key,
        command_endpoint=pairing.command_endpoint,
        data_dir=data_dir,
        models=ModelSettings(
            models_dir=kit.models_dir(), detector="det_500m.onnx", recogniser="mobilefacenet_128d.onnx"
        ),
        tracker=TrackerSettings(),
        heartbeat_s=1.0,
        request_timeout_s=2.0,
        max_backoff_s=1.0,
    )
    return replace(settings, **overrides)
