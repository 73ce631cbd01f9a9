"""Faces 人脸风控: camera ingestion and health, face events for staff (audited views), stats, settings, purge."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from server.context import Context
from server.crm.common import user_names
from server.db.crm_models import Customer
from server.db.face_models import Camera, FaceEventRow, FaceGallery, FacePerson, FaceTemplate
from server.faces import cameras, capacity, retention
from server.faces.ingest import ingest
from server.faces.principal import current_camera
from server.handlers import faces_alerts
from server.permissions import Permission
from server.router import Router
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.common import Empty
from shared.protocol.messages.faces import (
    CameraHealth,
    CameraList,
    CameraLocation,
    CameraStatusChanged,
    EventRef,
    EventsQuery,
    FaceDecision,
    FaceEvent,
    FaceEventInfo,
    FaceEventList,
    FaceSettings,
    FaceStats,
    GalleryInfo,
    HeartbeatReply,
    IngestReply,
    PersonKind,
    PurgeReport,
    Thresholds,
)


def audit_view(ctx: Context, target_type: str, target_id: object, what: dict[str, Any]) -> None:
    """Every view of face data leaves an audit row (PIPL), committed even though the command changes nothing."""
    ctx.audit(target_type, target_id, None, {"viewed": what})
    ctx.db.commit()


def _event_info(ctx: Context, row: FaceEventRow, location: str, person: FacePerson | None) -> FaceEventInfo:
    """With the CRM's view of the face when it is a customer's: who, and whose customer."""
    customer = ctx.db.get(Customer, person.customer_id) if person and person.customer_id else None
    candidate = ctx.db.get(FacePerson, row.candidate_id) if row.candidate_id else None
    candidate_customer = ctx.db.get(Customer, candidate.customer_id) if candidate and candidate.customer_id else None
    owner = user_names(ctx.db, [customer.owner_id]).get(customer.owner_id or 0, "") if customer else ""
    return FaceEventInfo(
        event_id=row.event_id,
        camera_id=row.camera_id,
        location=CameraLocation(location),
        captured_at=row.captured_at,
        received_at=row.received_at,
        decision=FaceDecision(row.decision),
        similarity=row.similarity,
        person_id=row.person_id,
        person_kind=PersonKind(person.kind) if person else None,
        person_label=person.label if person else "",
        candidate_id=row.candidate_id,
        quality=row.quality,
        thumbnail=row.thumbnail or b"",
        customer_id=customer.id if customer else None,
        customer_name=customer.name if customer else "",
        owner_id=customer.owner_id if customer else None,
        owner_name=owner,
        candidate_customer_id=candidate_customer.id if candidate_customer else None,
        candidate_name=candidate_customer.name if candidate_customer else (candidate.label if candidate else ""),
        visit_id=row.visit_id,
    )


def _gallery_info(ctx: Context, g: FaceGallery) -> GalleryInfo:
    persons = ctx.db.scalar(select(func.count()).select_from(FacePerson).where(FacePerson.gallery_id == g.id))
    templates = ctx.db.scalar(select(func.count()).select_from(FaceTemplate).where(FaceTemplate.gallery_id == g.id))
    return GalleryInfo(
        id=g.id,
        model=g.model,
        dim=g.dim,
        thresholds=Thresholds(match=g.match_threshold, review=g.review_threshold),
        calibrated_at=g.calibrated_at,
        calibration=g.calibration,
        persons=int(persons or 0),
        templates=int(templates or 0),
    )


def register(router: Router) -> None:
    faces_alerts.register(router)

    @router.command("faces.ingest", Permission.CAMERA)
    def ingest_event(ctx: Context, req: FaceEvent) -> IngestReply:
        return ingest(ctx, current_camera(), req)

    @router.command("cameras.heartbeat", Permission.CAMERA)
    def heartbeat(ctx: Context, req: CameraHealth) -> HeartbeatReply:
        # Telemetry, not a business change: stored (the last report only) without an audit row.
        camera = current_camera()
        if req.camera_id != camera.camera_id:
            raise ShowroomError(ErrorCode.FORBIDDEN)
        changed = cameras.record_health(ctx.db, camera.camera_id, req)
        ctx.db.commit()
        publish = ctx.runtime.outbox.publish
        if changed is not None:
            publish("cameras.status", CameraStatusChanged(camera_id=camera.camera_id, status=changed, at=utcnow()))
        return HeartbeatReply(server_time=utcnow())

    @router.command("cameras.list", Permission.CAMERAS_VIEW)
    def list_cameras(ctx: Context, req: Empty) -> CameraList:
        now = utcnow()
        return CameraList(cameras=[cameras.info(c, now) for c in cameras.all_cameras(ctx.db)])

    @router.command("faces.events", Permission.FACES_VIEW)
    def list_events(ctx: Context, req: EventsQuery) -> FaceEventList:
        query = (
            select(FaceEventRow, Camera.location, FacePerson)
            .join(Camera, Camera.id == FaceEventRow.camera_id)
            .outerjoin(FacePerson, FacePerson.id == FaceEventRow.person_id)
            .order_by(FaceEventRow.captured_at.desc(), FaceEventRow.id.desc())
            .limit(req.limit)
        )
        if req.camera_id is not None:
            query = query.where(FaceEventRow.camera_id == req.camera_id)
        if req.since is not None:
            query = query.where(FaceEventRow.captured_at >= req.since)
        if req.decision is not None:
            query = query.where(FaceEventRow.decision == req.decision.value)
        events = [_event_info(ctx, row, location, person) for row, location, person in ctx.db.execute(query)]
        audit_view(ctx, "face_events", req.camera_id or "*", {"events": [e.event_id for e in events]})
        return FaceEventList(events=events)

    @router.command("faces.event", Permission.FACES_VIEW)
    def get_event(ctx: Context, req: EventRef) -> FaceEventInfo:
        found = ctx.db.execute(
            select(FaceEventRow, Camera.location, FacePerson)
            .join(Camera, Camera.id == FaceEventRow.camera_id)
            .outerjoin(FacePerson, FacePerson.id == FaceEventRow.person_id)
            .where(FaceEventRow.event_id == req.event_id)
        ).first()
        if found is None:
            raise ShowroomError(ErrorCode.NOT_FOUND, f"人脸事件 {req.event_id} 不存在", f"No face event {req.event_id}")
        info = _event_info(ctx, *found)
        audit_view(ctx, "face_event", req.event_id, {"thumbnail": True})
        return info

    @router.command("faces.stats", Permission.FACES_COMPLIANCE)
    def stats(ctx: Context, req: Empty) -> FaceStats:
        row = capacity.settings_row(ctx.db)
        count = int(ctx.db.scalar(select(func.count()).select_from(FacePerson)) or 0)
        galleries = [_gallery_info(ctx, g) for g in ctx.db.scalars(select(FaceGallery).order_by(FaceGallery.id))]
        return FaceStats(
            stored_faces=count,
            capacity=capacity.level(count, row),
            settings=capacity.settings_of(row),
            galleries=galleries,
            events_stored=int(ctx.db.scalar(select(func.count()).select_from(FaceEventRow)) or 0),
            last_purge_at=row.last_purge_at,
            last_purge=row.last_purge,
        )

    @router.command("faces.update_settings", Permission.FACES_MANAGE)
    def update_settings(ctx: Context, req: FaceSettings) -> FaceSettings:
        if req.warn_faces > req.limit_faces:
            raise ShowroomError(
                ErrorCode.VALIDATION_FAILED,
                "预警人数不能高于上限",
                "The warning level cannot be above the limit",
            )
        row = capacity.settings_row(ctx.db, lock=True)
        before = capacity.settings_of(row)
        row.customer_retention_days = req.customer_retention_days
        row.anonymous_retention_days = req.anonymous_retention_days
        row.warn_faces, row.limit_faces = req.warn_faces, req.limit_faces
        after = capacity.settings_of(row)
        ctx.audit("face_settings", 1, before, after)
        capacity.check(ctx)
        return after

    @router.command("faces.purge", Permission.FACES_MANAGE)
    def purge_now(ctx: Context, req: Empty) -> PurgeReport:
        report = retention.purge(ctx.db, utcnow(), ctx.publish)
        ctx.audit("face_gallery", "retention", None, report)
        return report
