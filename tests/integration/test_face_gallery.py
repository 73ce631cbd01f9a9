"""The gallery on the real photos: calibrated thresholds, one enrolled photo per person, the rest must match it;
other people and the distractors must not. Also retention, the stored-faces counter and camera health."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import cv2
import msgspec
import numpy as np
import pytest
import sqlalchemy as sa
import zmq

from camera.calibrate import embed_folder
from camera.config import ModelSettings
from camera.link import ServerLink
from camera.pipeline import FacePipeline
from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient, secure_socket
from server.app import ServerApp
from server.db.face_models import Camera, FaceEventRow, FaceGallery, FacePerson, FaceTemplate
from server.db.models import AuditEntry
from server.faces import calibration, gallery
from server.faces.matching import decide
from shared.domain import Role
from shared.protocol.envelope import decode_body, decode_event, utcnow
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.catalog import CreateProjectRequest
from shared.protocol.messages.common import Empty
from shared.protocol.messages.crm_visits import RegisterVisitRequest
from shared.protocol.messages.faces import (
    CameraHealth,
    CameraStatus,
    CameraStatusChanged,
    CapacityChanged,
    CapacityLevel,
    FaceDecision,
    FaceSettings,
    IngestReply,
    PersonKind,
)
from tests.camera import kit
from tests.camera.servers import register_camera


def test_enrolled_people_match_and_nobody_else_does(server: ServerApp) -> None:
    labelled = embed_folder(kit.faces_dir(), ModelSettings(), kit.models())
    assert len(labelled.files) == 55 and not labelled.skipped
    result = calibration.calibrate(labelled.labels, labelled.matrix())
    assert server.database is not None
    enrolled: dict[str, int] = {}
    with server.database.sessions() as db, db.begin():
        gallery_id = calibration.store(db, labelled.model, labelled.dim, result)
        g = db.get(FaceGallery, gallery_id)
        assert g is not None and (g.match_threshold, g.review_threshold) == (result.match, result.review)
        for label, vector in zip(labelled.labels, labelled.vectors, strict=True):
            if label not in enrolled:  # the first photo of each person
                person = gallery.create_person(db, g, PersonKind.STAFF, utcnow(), label=label)
                gallery.add_template(db, person, vector, 1.0)
                enrolled[label] = person.id
    assert len(enrolled) == 18
    outcomes: Counter[str] = Counter()
    with server.database.sessions() as db, db.begin():
        g = db.get(FaceGallery, gallery_id)
        assert g is not None
        seen: set[str] = set()
        for label, vector in zip(labelled.labels, labelled.vectors, strict=True):
            if label not in seen:
                seen.add(label)
                continue
            indexed = gallery.nearest(db, g, vector)
            assert indexed[0] == gallery.nearest(db, g, vector, exact=True)[0]  # HNSW finds the exact best
            verdict = decide(indexed, g.match_threshold, g.review_threshold)
            if verdict.decision is FaceDecision.MATCH:
                outcomes["same: match" if verdict.person_id == enrolled[label] else "same: WRONG person"] += 1
            else:
                outcomes[f"same: {verdict.decision}"] += 1
            # The same photo against everyone else: remove its own person from the candidates.
            others = [n for n in gallery.nearest(db, g, vector, k=18) if n.person_id != enrolled[label]]
            outcomes[f"other: {decide(others, g.match_threshold, g.review_threshold).decision}"] += 1
        # Distractors: people not in the gallery at all (tom_hanks is an aligned crop: straight to the recogniser).
        pipeline = FacePipeline(kit.models(), "test")
        for photo in kit.photos("single") + kit.photos("aligned112"):
            image = cv2.imread(str(photo.path))
            if photo.kind == "aligned112":
                vector = kit.models().embedder.embed(image)
            else:
                ((_, a),) = pipeline.faces(image)
                vector = pipeline.embed(a)
            verdict = decide(gallery.nearest(db, g, vector), g.match_threshold, g.review_threshold)
            outcomes[f"distractor: {verdict.decision}"] += 1
    print(f"\nthresholds match {result.match} review {result.review}; outcomes {dict(sorted(outcomes.items()))}")
    assert outcomes["same: match"] == 37  # 55 photos - 18 enrolled: every one matches its own person
    assert outcomes["same: WRONG person"] == 0
    assert outcomes["other: match"] == 0
    assert outcomes["distractor: match"] == 0
    assert sum(v for k, v in outcomes.items() if k.startswith("distractor")) == 6


def test_the_vector_index_serves_the_query(server: ServerApp) -> None:
    assert server.database is not None
    with server.database.sessions() as db, db.begin():
        g = gallery.gallery_for(db, "bench:000000000000", 128)
        rng = np.random.default_rng(3)
        for _ in range(300):
            person = gallery.create_person(db, g, PersonKind.ANONYMOUS, utcnow())
            v = rng.normal(size=128).astype(np.float32)
            gallery.add_template(db, person, v / np.linalg.norm(v), 0.9)
        db.execute(sa.text("ANALYZE face_templates"))
        db.execute(sa.text("SET LOCAL enable_seqscan = off"))
        q = gallery.vector_literal(np.ones(128, np.float32) / np.sqrt(128))
        plan = "\n".join(
            r[0]
            for r in db.execute(
                sa.text(
                    f"EXPLAIN SELECT person_id FROM face_templates WHERE gallery_id = {g.id} "
                    f"ORDER BY (embedding::vector(128)) <=> CAST(:q AS vector(128)) LIMIT 10"
                ),
                {"q": q},
            )
        )
        assert gallery.index_name(g.id) in plan
        # Another model, another size: its own gallery and index; the first is unaffected.
        other = gallery.gallery_for(db, "other:000000000000", 512)
        assert other.id != g.id and other.dim == 512
        with pytest.raises(Exception, match="128"):
            gallery.gallery_for(db, "bench:000000000000", 256)


def test_retention_purge_deletes_what_is_past_its_window(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    register_camera(server)
    admin = login(Role.ADMIN)
    project = admin.call("projects.create", CreateProjectRequest(name="保留期楼盘"))
    customer_id = (
        login(Role.FRONT_DESK)
        .call(
            "visits.register",
            RegisterVisitRequest(
                project_id=project.id, name="常客", phone="13800000008", arrived_at=utcnow() - timedelta(days=7)
            ),
        )
        .visit.customer_id
    )
    now = utcnow()
    assert server.database is not None
    with server.database.sessions() as db, db.begin():
        g = gallery.gallery_for(db, "m:1", 64)
        vector = np.ones(64, np.float32) / 8

        def person(kind: PersonKind, days_ago: int) -> int:
            p = gallery.create_person(db, g, kind, now - timedelta(days=days_ago + 1), label=f"{kind}-{days_ago}")
            p.last_seen_at = now - timedelta(days=days_ago)
            gallery.add_template(db, p, vector, 1.0)
            return p.id

        def event(person_id: int | None, days_ago: int) -> None:
            at = now - timedelta(days=days_ago)
            db.add(
                FaceEventRow(
                    event_id=uuid.uuid4().hex, camera_id="entrance-1", track_id=1, first_seen=at, captured_at=at,
                    emitted_at=at, frames=1, gallery_id=g.id, embedding=vector, quality=0.9, detail={},
                    thumbnail=b"\xff\xd8", decision="match", similarity=0.9, person_id=person_id, new_visitor=False,
                )
            )  # fmt: skip

        old_stranger, recent_stranger = person(PersonKind.ANONYMOUS, 31), person(PersonKind.ANONYMOUS, 10)
        old_staff, staff = person(PersonKind.STAFF, 181), person(PersonKind.STAFF, 100)
        # Not seen by a camera for 200 days, but the CRM registered a visit last week: kept.
        regular = person(PersonKind.CUSTOMER, 200)
        db.get(FacePerson, regular).customer_id = customer_id  # type: ignore[union-attr]
        event(old_stranger, 31)
        event(recent_stranger, 10)
        event(staff, 100)  # a consented person's visit within 180 days: kept
        event(None, 40)  # a review nobody resolved: anonymous window
        event(old_staff, 181)
    report = admin.call("faces.purge")
    assert (report.persons_deleted, report.templates_deleted, report.events_deleted) == (2, 2, 3)
    with server.database.sessions() as db:
        assert set(db.scalars(sa.select(FacePerson.id))) == {recent_stranger, staff, regular}
        assert db.scalar(sa.select(sa.func.count()).select_from(FaceTemplate)) == 3
        assert sorted(db.scalars(sa.select(FaceEventRow.person_id))) == sorted([recent_stranger, staff])
        audits = list(db.scalars(sa.select(AuditEntry).where(AuditEntry.command == "faces.purge")))
        assert {a.actor_name for a in audits} == {"system", admin.login_reply.user.username}  # type: ignore[union-attr]
    stats = admin.call("faces.stats")
    assert stats.stored_faces == 3 and stats.last_purge_at is not None and "2 persons" in stats.last_purge
    # Shorter windows are the admin's to set, audited; a warning above the limit is refused.
    shorter = admin.call("faces.update_settings", FaceSettings(anonymous_retention_days=7))
    assert shorter.anonymous_retention_days == 7
    with pytest.raises(RemoteError) as err:
        admin.call("faces.update_settings", FaceSettings(warn_faces=10, limit_faces=5))
    assert err.value.code is ErrorCode.VALIDATION_FAILED
    assert admin.call("faces.purge").persons_deleted == 1  # the 10-day-old stranger, now past 7 days
    with pytest.raises(RemoteError) as err:
        login(Role.SALES_MANAGER).call("faces.purge")
    assert err.value.code is ErrorCode.FORBIDDEN


def test_stored_faces_counter_warns_and_announces(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    admin = login(Role.ADMIN)
    admin.call("faces.update_settings", FaceSettings(warn_faces=2, limit_faces=3))
    sub = secure_socket(zmq.Context.instance(), zmq.SUB, pairing.server_public_key)
    sub.setsockopt(zmq.SUBSCRIBE, b"faces.capacity")
    sub.connect(pairing.event_endpoint)
    cam = ServerLink(
        pairing.command_endpoint, pairing.server_public_key, register_camera(server), 5.0, zmq.Context.instance()
    )
    levels = []
    try:
        for name in ("obama/1.jpg", "biden/1.jpg", "rose_leslie/1.jpg"):
            reply = cam.command("faces.ingest", e := kit.event_from_photo(kit.faces_dir() / name, "entrance-1"),
                                idem=e.event_id)  # fmt: skip
            assert reply.error is None and reply.decode(IngestReply).new_visitor
            while sub.poll(500):
                levels.append(decode_body(decode_event(sub.recv_multipart()[1]).body, CapacityChanged))
    finally:
        sub.close()
    stats = admin.call("faces.stats")
    assert stats.stored_faces == 3 and stats.capacity is CapacityLevel.LIMIT
    # The slow-joining subscriber may miss the first; the last change it sees is the limit.
    assert levels and levels[-1] == CapacityChanged(stored_faces=3, level=CapacityLevel.LIMIT)


def test_camera_health_is_reported_and_listed(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    cam = ServerLink(
        pairing.command_endpoint, pairing.server_public_key, register_camera(server), 5.0, zmq.Context.instance()
    )
    manager = login(Role.SALES_MANAGER)
    assert manager.call("cameras.list").cameras[0].online is False
    sub = secure_socket(zmq.Context.instance(), zmq.SUB, pairing.server_public_key)
    sub.setsockopt(zmq.SUBSCRIBE, b"cameras.status")
    sub.connect(pairing.event_endpoint)
    health = CameraHealth(
        camera_id="entrance-1", status=CameraStatus.OK, source_connected=True, fps=24.5, frames_read=100,
        frames_skipped=3, events=2, spool_depth=0, reconnects=0, uptime_s=4.0, interval_s=5.0, model="m:1",
    )  # fmt: skip
    changes = []
    try:
        for status in (CameraStatus.OK, CameraStatus.SOURCE_DOWN, CameraStatus.SOURCE_DOWN, CameraStatus.OK) * 5:
            assert cam.command("cameras.heartbeat", msgspec.structs.replace(health, status=status)).error is None
            while sub.poll(100):
                changes.append(decode_body(decode_event(sub.recv_multipart()[1]).body, CameraStatusChanged).status)
    finally:
        sub.close()
    assert changes and set(changes) <= {CameraStatus.OK, CameraStatus.SOURCE_DOWN}
    # 20 reports but 11 changes (offline->ok, then ok->down, down->ok per round): only changes are announced.
    assert len(changes) <= 11
    (info,) = manager.call("cameras.list").cameras
    assert info.online and info.health is not None and info.health.fps == 24.5 and info.location == "entrance"
    assert server.database is not None
    with server.database.sessions() as db:
        camera = db.get(Camera, "entrance-1")
        assert camera is not None and camera.status == "ok"
    # The server's own scheduler purges (cameras or not): its first round runs the retention purge, audited.
    server.scheduler.run_once()
    with server.database.sessions() as db:
        purges = sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.command == "faces.purge")
        assert db.scalar(purges) == 1
        server.scheduler.run_once()  # within the hour: not again
        assert db.scalar(purges) == 1
    with pytest.raises(RemoteError) as err:
        login(Role.FRONT_DESK).call("cameras.list", Empty())
    assert err.value.code is ErrorCode.FORBIDDEN
