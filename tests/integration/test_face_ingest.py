"""`faces.ingest` against a real server: camera tokens, dedupe by event id, anonymous visitors, audited views."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import msgspec
import pytest
import sqlalchemy as sa
import zmq

from camera.link import ServerLink
from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient, secure_socket
from server.app import ServerApp
from server.db.face_models import FaceEventRow, FacePerson
from server.db.models import AuditEntry
from server.faces import cameras
from server.handlers import build_router
from server.permissions import Permission
from shared.domain import Role
from shared.protocol.envelope import ERROR, decode_body, decode_event, make_command
from shared.protocol.errors import ErrorBody, ErrorCode
from shared.protocol.messages.faces import FaceDecision, FaceEvent, FaceSeen, IngestReply, PersonKind
from shared.protocol.registry import COMMANDS
from tests.camera import kit
from tests.camera.servers import register_camera


def link(pairing: Pairing, token: str) -> ServerLink:
    return ServerLink(pairing.command_endpoint, pairing.server_public_key, token, 5.0, zmq.Context.instance())


def ingest(cam: ServerLink, event: FaceEvent, idem: str | None = None) -> IngestReply:
    reply = cam.command("faces.ingest", event, idem=idem or event.event_id)
    assert reply.error is None, reply.error
    result: IngestReply = reply.decode(IngestReply)
    return result


def refused(cam: ServerLink, event: FaceEvent) -> ErrorCode:
    reply = cam.command("faces.ingest", event, idem=event.event_id)
    assert reply.error is not None
    return reply.error.code


def rows(server: ServerApp, model: type) -> list:
    assert server.database is not None
    with server.database.sessions() as db:
        return list(db.scalars(sa.select(model)))


def test_a_camera_token_runs_only_camera_commands(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    token = register_camera(server)
    routes = build_router().routes
    with SyncClient(pairing, timeout_ms=5000) as client:
        for name in sorted(COMMANDS):
            reply = client.send_raw(make_command(name, None, token=token, idem=uuid.uuid4().hex))
            code = decode_body(reply.body, ErrorBody).code if reply.type == ERROR else None
            if routes[name].permission is Permission.CAMERA:
                assert code in (None, ErrorCode.INVALID_PAYLOAD), f"a camera was refused {name}: {code}"
            elif routes[name].permission is not Permission.PUBLIC:
                assert code is ErrorCode.FORBIDDEN, f"a camera ran {name}: {code}"
    # No staff role may post face events.
    manager = login(Role.SALES_MANAGER)
    with pytest.raises(RemoteError) as err:
        manager.call("faces.ingest", kit.event_from_photo(kit.faces_dir() / "obama" / "1.jpg", "entrance-1"))
    assert err.value.code is ErrorCode.FORBIDDEN
    # A wrong secret, an unknown camera, a deactivated camera: nobody.
    event = kit.event_from_photo(kit.faces_dir() / "obama" / "1.jpg", "entrance-1")
    for bad in (token[:-3] + "xyz", token.replace("entrance-1", "entrance-2"), "c1.entrance-1"):
        assert refused(link(pairing, bad), event) is ErrorCode.UNAUTHENTICATED
    assert server.database is not None
    with server.database.sessions() as db, db.begin():
        cameras.deactivate(db, "entrance-1")
    assert refused(link(pairing, token), event) is ErrorCode.UNAUTHENTICATED
    assert rows(server, FaceEventRow) == []


def test_a_camera_cannot_post_for_another(server: ServerApp, pairing: Pairing) -> None:
    token = register_camera(server, "entrance-1")
    register_camera(server, "hall-1")
    event = kit.event_from_photo(kit.faces_dir() / "obama" / "1.jpg", "hall-1")
    assert refused(link(pairing, token), event) is ErrorCode.FORBIDDEN


def test_the_same_event_is_stored_once(server: ServerApp, pairing: Pairing) -> None:
    cam = link(pairing, register_camera(server))
    event = kit.event_from_photo(kit.faces_dir() / "obama" / "1.jpg", "entrance-1")
    first = ingest(cam, event)
    assert first.decision is FaceDecision.NO_MATCH and first.new_visitor and not first.duplicate
    # A resend with the same idempotency key (lost reply): the stored reply.
    assert ingest(cam, event) == first
    # A replay whose stored reply has gone (or a different key): the event table's unique id answers.
    again = ingest(cam, event, idem=uuid.uuid4().hex)
    assert again.duplicate and again.person_id == first.person_id and again.decision is first.decision
    assert [r.event_id for r in rows(server, FaceEventRow)] == [event.event_id]
    assert len(rows(server, FacePerson)) == 1


def test_an_unknown_face_becomes_an_anonymous_visitor_and_comes_back_as_one(
    server: ServerApp, pairing: Pairing
) -> None:
    cam = link(pairing, register_camera(server))
    root = kit.faces_dir()
    first = ingest(cam, kit.event_from_photo(root / "obama" / "1.jpg", "entrance-1"))
    assert first.decision is FaceDecision.NO_MATCH and first.person_kind is PersonKind.ANONYMOUS
    back = ingest(cam, kit.event_from_photo(root / "obama" / "2.jpg", "entrance-1"))
    # Uncalibrated thresholds (match 0.5, review 0.35); obama/1-obama/2 scores 0.77.
    assert back.decision is FaceDecision.MATCH and back.person_id == first.person_id
    assert back.similarity is not None and back.similarity > 0.7 and not back.new_visitor
    other = ingest(cam, kit.event_from_photo(root / "biden" / "1.jpg", "entrance-1"))
    assert other.decision is FaceDecision.NO_MATCH and other.person_id not in (None, first.person_id)
    persons = rows(server, FacePerson)
    assert len(persons) == 2 and {p.kind for p in persons} == {"anonymous"}
    audits = [a for a in rows(server, AuditEntry) if a.command == "faces.ingest"]
    assert len(audits) == 3 and {a.actor_name for a in audits} == {"camera:entrance-1"}
    assert all("embedding" not in (a.after or {}) for a in audits)


def test_bad_events_are_refused_and_nothing_is_stored(server: ServerApp, pairing: Pairing) -> None:
    cam = link(pairing, register_camera(server))
    good = kit.event_from_photo(kit.faces_dir() / "biden" / "1.jpg", "entrance-1")
    bad = [
        msgspec.structs.replace(good, event_id=uuid.uuid4().hex, dim=256),
        msgspec.structs.replace(good, event_id=uuid.uuid4().hex, embedding=b"\x00" * 512),
        msgspec.structs.replace(good, event_id=uuid.uuid4().hex, embedding=b"\xff\xff\xff\x7f" * 128),
        msgspec.structs.replace(good, event_id=uuid.uuid4().hex, thumbnail=b"GIF89a"),
        msgspec.structs.replace(good, event_id=uuid.uuid4().hex, captured_at=good.first_seen.replace(year=2020)),
    ]
    for event in bad:
        assert refused(cam, event) is ErrorCode.VALIDATION_FAILED
    assert rows(server, FaceEventRow) == [] and rows(server, FacePerson) == []
    # A different model with another size is another gallery, not a clash.
    other = msgspec.structs.replace(good, model="other:123", dim=64, embedding=good.embedding[:256])
    assert ingest(cam, other).decision is FaceDecision.NO_MATCH


def test_events_are_announced_without_content_and_viewed_with_an_audit(
    server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]
) -> None:
    sub = secure_socket(zmq.Context.instance(), zmq.SUB, pairing.server_public_key)
    sub.setsockopt(zmq.SUBSCRIBE, b"faces.")
    sub.connect(pairing.event_endpoint)
    desk = login(Role.FRONT_DESK)
    cam = link(pairing, register_camera(server))
    try:
        seen = None
        for _ in range(50):  # until the subscription is live (slow joiner), one event at a time
            event = kit.event_from_photo(kit.faces_dir() / "rose_leslie" / "1.jpg", "entrance-1")
            ingest(cam, event)
            if sub.poll(200):
                topic, data = sub.recv_multipart()
                seen = decode_body(decode_event(data).body, FaceSeen)
                break
        assert seen is not None and topic == b"faces.seen"
        assert set(msgspec.to_builtins(seen)) == {"event_id", "camera_id", "location", "decision", "at"}
        assert len(data) < 400  # a pointer: no thumbnail, no embedding, no name
    finally:
        sub.close()
    got = desk.call("faces.event", msgspec.convert({"event_id": seen.event_id}, COMMANDS["faces.event"].request))
    assert got.thumbnail.startswith(b"\xff\xd8") and got.location == "entrance"
    listed = desk.call("faces.events")
    assert seen.event_id in [e.event_id for e in listed.events]
    views = [a for a in rows(server, AuditEntry) if a.command in ("faces.event", "faces.events")]
    assert len(views) == 2 and all(a.actor_role == "front_desk" for a in views)
    # A consultant sees no faces.
    with pytest.raises(RemoteError) as err:
        login(Role.CONSULTANT).call("faces.events")
    assert err.value.code is ErrorCode.FORBIDDEN
