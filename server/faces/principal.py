"""Camera credentials: `c1.<camera id>.<secret>` tokens, checked against the camera's stored hash.

A camera token runs the camera commands (Permission.CAMERA) and nothing else, as a buyer token runs only
buyer commands. The dispatcher binds the verified camera for the duration of one command (`bound`), so
handlers learn which camera is asking without trusting the payload's own `camera_id`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from server.db.face_models import Camera
from shared.protocol.errors import ErrorCode, ShowroomError

CAMERA_TOKEN_PREFIX = "c1."  # noqa: S105 - marks a camera token, not a secret


@dataclass(frozen=True, slots=True)
class CameraPrincipal:
    camera_id: str
    location: str

    @property
    def audit_name(self) -> str:
        return f"camera:{self.camera_id}"


_current: ContextVar[CameraPrincipal | None] = ContextVar("showroom_camera", default=None)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(b"showroom camera v1:" + secret.encode("utf-8")).hexdigest()


def camera_token(camera_id: str, secret: str) -> str:
    return f"{CAMERA_TOKEN_PREFIX}{camera_id}.{secret}"


def verify_camera_token(db: sessionmaker[Session], token: str) -> CameraPrincipal | None:
    """A database lookup (on a worker thread): a deactivated camera is refused at its next command."""
    body = token[len(CAMERA_TOKEN_PREFIX) :]
    camera_id, _, secret = body.partition(".")
    if not token.startswith(CAMERA_TOKEN_PREFIX) or not camera_id or not secret or len(camera_id) > 32:
        return None
    with db() as session:
        camera = session.get(Camera, camera_id)
        if camera is None or not camera.active:
            return None
        if not hmac.compare_digest(camera.secret_hash, hash_secret(secret)):
            return None
        return CameraPrincipal(camera.id, camera.location)


@contextmanager
def bound(principal: object) -> Iterator[None]:
    """Makes `principal` (when it is a camera) the current camera while one command runs on this thread."""
    token = _current.set(principal if isinstance(principal, CameraPrincipal) else None)
    try:
        yield
    finally:
        _current.reset(token)


def current_camera() -> CameraPrincipal:
    camera = _current.get()
    if camera is None:
        raise ShowroomError(ErrorCode.FORBIDDEN)
    return camera
