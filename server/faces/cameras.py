"""Cameras: registered by IT with a secret (shown once), reporting their health, listed with it for staff."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.face_models import Camera
from server.faces.principal import camera_token, hash_secret, new_secret
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.faces import (
    CameraHealth,
    CameraInfo,
    CameraLocation,
    CameraStatus,
    Direction,
)

CAMERA_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
# A camera that has not reported for this many of its heartbeat intervals is shown offline.
MISSED_BEATS = 3


def register(db: Session, camera_id: str, location: CameraLocation, direction: Direction) -> tuple[Camera, str]:
    """A new camera, or a new secret for an existing one (the old token stops working). Returns the token."""
    if not CAMERA_ID.match(camera_id):
        raise ShowroomError(
            ErrorCode.VALIDATION_FAILED,
            f"摄像头编号 {camera_id!r} 无效：小写字母、数字、- 或 _，最多 32 个字符",
            f"Camera id {camera_id!r} is invalid: lower-case letters, digits, - or _, at most 32 characters",
        )
    secret = new_secret()
    camera = db.get(Camera, camera_id, with_for_update=True)
    if camera is None:
        camera = Camera(id=camera_id, status=CameraStatus.OFFLINE.value)
        db.add(camera)
    camera.location = location.value
    camera.direction = direction.value
    camera.secret_hash = hash_secret(secret)
    camera.active = True
    db.flush()
    return camera, camera_token(camera_id, secret)


def deactivate(db: Session, camera_id: str) -> Camera:
    camera = db.get(Camera, camera_id, with_for_update=True)
    if camera is None:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"摄像头 {camera_id} 不存在", f"No camera {camera_id}")
    camera.active = False
    camera.status = CameraStatus.OFFLINE.value
    return camera


def record_health(db: Session, camera_id: str, health: CameraHealth) -> CameraStatus | None:
    """Stores the report; returns the new status when it changed (for an event), else None."""
    camera = db.get(Camera, camera_id, with_for_update=True)
    if camera is None:
        raise ShowroomError(ErrorCode.NOT_FOUND)
    previous = camera.status
    camera.health = msgspec.to_builtins(health)
    camera.last_seen_at = utcnow()
    camera.status = health.status.value
    return health.status if previous != health.status.value else None


def online(camera: Camera, now: datetime) -> bool:
    if camera.last_seen_at is None or not camera.active:
        return False
    interval = float((camera.health or {}).get("interval_s", 10.0))
    return now - camera.last_seen_at <= timedelta(seconds=MISSED_BEATS * interval)


def info(camera: Camera, now: datetime) -> CameraInfo:
    is_online = online(camera, now)
    health = msgspec.convert(camera.health, CameraHealth) if camera.health else None
    if health is not None and not is_online:
        health = msgspec.structs.replace(health, status=CameraStatus.OFFLINE)
    return CameraInfo(
        id=camera.id,
        location=CameraLocation(camera.location),
        direction=Direction(camera.direction),
        active=camera.active,
        created_at=camera.created_at,
        last_seen_at=camera.last_seen_at,
        online=is_online,
        health=health,
    )


def all_cameras(db: Session) -> list[Camera]:
    return list(db.scalars(select(Camera).order_by(Camera.id)))
