"""The stored-faces counter: a warning at 90,000 and at 100,000 (the CAC/MPS filing threshold), and the settings."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.context import Context
from server.db.face_models import FaceSettingsRow
from server.faces.gallery import stored_faces
from shared.protocol.messages.faces import CapacityChanged, CapacityLevel, FaceSettings

log = logging.getLogger(__name__)


def settings_row(db: Session, *, lock: bool = False) -> FaceSettingsRow:
    query = select(FaceSettingsRow).where(FaceSettingsRow.id == 1)
    row = db.scalars(query.with_for_update() if lock else query).one()
    return row


def settings_of(row: FaceSettingsRow) -> FaceSettings:
    return FaceSettings(
        customer_retention_days=row.customer_retention_days,
        anonymous_retention_days=row.anonymous_retention_days,
        warn_faces=row.warn_faces,
        limit_faces=row.limit_faces,
    )


def level(count: int, row: FaceSettingsRow) -> CapacityLevel:
    if count >= row.limit_faces:
        return CapacityLevel.LIMIT
    if count >= row.warn_faces:
        return CapacityLevel.WARNING
    return CapacityLevel.OK


def check(ctx: Context) -> CapacityLevel:
    """After faces were added or removed: a change of level is logged, stored and announced."""
    row = settings_row(ctx.db, lock=True)
    count = stored_faces(ctx.db)
    now = level(count, row)
    if now.value != row.capacity_level:
        row.capacity_level = now.value
        if now is CapacityLevel.OK:
            log.info("stored faces back under the warning level: %d", count)
        else:
            log.warning(
                "stored faces: %d (%s; warning at %d, filing threshold %d)", count, now, row.warn_faces, row.limit_faces
            )
        ctx.publish("faces.capacity", CapacityChanged(stored_faces=count, level=now))
    return now
