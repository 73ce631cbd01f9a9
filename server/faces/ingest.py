"""`faces.ingest`: one appearance from a camera, deduplicated by its event id, matched, stored, announced."""

from __future__ import annotations

import logging

import msgspec
from sqlalchemy import func, select, update

from server.context import Context
from server.db.face_models import Camera, FaceEventRow, FacePerson
from server.faces import capacity, gallery, risk
from server.faces.matching import decide, worth_keeping
from server.faces.principal import CameraPrincipal
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.faces import (
    CameraLocation,
    FaceDecision,
    FaceEvent,
    FaceSeen,
    IngestReply,
    PersonKind,
)

log = logging.getLogger(__name__)
# Matching and creating anonymous visitors are serialised per gallery (advisory lock key base + gallery id):
# two cameras seeing the same stranger at once must not make two visitors of one.
GALLERY_LOCK = 7_310_500_000


def _reply(row: FaceEventRow, kind: str | None, *, duplicate: bool) -> IngestReply:
    return IngestReply(
        event_id=row.event_id,
        duplicate=duplicate,
        decision=FaceDecision(row.decision),
        similarity=row.similarity,
        person_id=row.person_id,
        person_kind=PersonKind(kind) if kind else None,
        candidate_id=row.candidate_id,
        new_visitor=row.new_visitor,
    )


def _check(camera: CameraPrincipal, event: FaceEvent) -> None:
    if event.camera_id != camera.camera_id:
        raise ShowroomError(
            ErrorCode.FORBIDDEN,
            f"摄像头 {camera.camera_id} 不能代 {event.camera_id} 上报",
            f"Camera {camera.camera_id} cannot post events of {event.camera_id}",
        )
    if not event.first_seen <= event.captured_at:
        raise ShowroomError(ErrorCode.VALIDATION_FAILED, "抓拍时间早于首次出现时间", "captured_at is before first_seen")
    if not event.thumbnail.startswith(b"\xff\xd8"):
        raise ShowroomError(ErrorCode.VALIDATION_FAILED, "缩略图不是 JPEG", "The thumbnail is not a JPEG")


def ingest(ctx: Context, camera: CameraPrincipal, event: FaceEvent) -> IngestReply:
    _check(camera, event)
    vector = gallery.parse_embedding(event.embedding, event.dim)
    db = ctx.db
    g = gallery.gallery_for(db, event.model, event.dim)
    db.execute(select(func.pg_advisory_xact_lock(GALLERY_LOCK + g.id)))
    existing = db.scalars(select(FaceEventRow).where(FaceEventRow.event_id == event.event_id)).first()
    if existing is not None:
        # Delivered before (a spool replay after the stored reply expired): same answer, nothing new.
        kind = db.scalar(select(FacePerson.kind).where(FacePerson.id == existing.person_id))
        ctx.audit(
            "face_event", event.event_id, None, {"duplicate": True}, actor_name=camera.audit_name, actor_role="camera"
        )
        return _reply(existing, kind, duplicate=True)
    verdict = decide(gallery.nearest(db, g, vector), g.match_threshold, g.review_threshold)
    person: FacePerson | None = None
    if verdict.decision is FaceDecision.MATCH:
        assert verdict.person_id is not None
        person = db.get(FacePerson, verdict.person_id, with_for_update=True)
        assert person is not None
        person.last_seen_at = max(person.last_seen_at, event.captured_at)
        assert verdict.similarity is not None
        if worth_keeping(verdict.similarity, event.quality.score, gallery.template_count(db, person.id)):
            gallery.add_template(db, person, vector, event.quality.score, event.event_id)
    elif verdict.decision is FaceDecision.NO_MATCH:
        person = gallery.create_person(db, g, PersonKind.ANONYMOUS, event.captured_at)
        gallery.add_template(db, person, vector, event.quality.score, event.event_id)
    row = FaceEventRow(
        event_id=event.event_id,
        camera_id=camera.camera_id,
        track_id=event.track_id,
        first_seen=event.first_seen,
        captured_at=event.captured_at,
        emitted_at=event.emitted_at,
        received_at=utcnow(),
        frames=event.frames,
        gallery_id=g.id,
        embedding=vector,
        quality=event.quality.score,
        detail={"quality": msgspec.to_builtins(event.quality), "box": msgspec.to_builtins(event.box)},
        thumbnail=event.thumbnail,
        decision=verdict.decision.value,
        similarity=verdict.similarity,
        person_id=person.id if person else None,
        candidate_id=verdict.candidate_id,
        new_visitor=verdict.decision is FaceDecision.NO_MATCH,
    )
    db.add(row)
    db.execute(update(Camera).where(Camera.id == camera.camera_id).values(last_seen_at=row.received_at))
    db.flush()
    reply = _reply(row, person.kind if person else None, duplicate=False)
    ctx.audit(
        "face_event",
        event.event_id,
        None,
        {
            "camera": camera.camera_id,
            "decision": reply.decision,
            "similarity": reply.similarity,
            "person_id": reply.person_id,
            "candidate_id": reply.candidate_id,
            "new_visitor": reply.new_visitor,
        },
        actor_name=camera.audit_name,
        actor_role="camera",
    )
    ctx.publish(
        "faces.seen",
        FaceSeen(
            event_id=event.event_id,
            camera_id=camera.camera_id,
            location=CameraLocation(camera.location),
            decision=verdict.decision,
            at=event.captured_at,
        ),
    )
    # 藏客: a consultant with another consultant's customer in the hall or the signing room.
    for event_type, event_payload in risk.foreign_meeting(db, utcnow(), row, camera.location).events:
        ctx.publish(event_type, event_payload)
    if reply.new_visitor:
        capacity.check(ctx)
    return reply
