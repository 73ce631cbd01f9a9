"""Every mutating command of the faces family leaves an audit row, with its actor, and none runs without a key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import msgspec
import sqlalchemy as sa
import zmq

from camera.link import ServerLink
from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from server.app import ServerApp
from server.db.models import AuditEntry
from shared.protocol.envelope import make_command, utcnow
from shared.protocol.errors import ErrorCode
from shared.protocol.messages import faces
from shared.protocol.messages.crm_visits import RegisterVisitRequest
from shared.protocol.messages.faces import FaceSettings
from shared.protocol.messages.faces_alerts import (
    CONSENT_VERSION,
    DecideAlertRequest,
    ForgetRequest,
    LinkRequest,
    StaffEnrolRequest,
)
from tests.camera import kit
from tests.camera.servers import register_camera
from tests.integration.test_crm_customers import office


def test_every_faces_mutation_is_audited(server: ServerApp, pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    o = office(login)
    cam = ServerLink(
        pairing.command_endpoint, pairing.server_public_key, register_camera(server), 5.0, zmq.Context.instance()
    )
    photo = kit.event_from_photo(kit.faces_dir() / "obama" / "1.jpg", "entrance-1")
    without_key = cam.request(make_command("faces.ingest", photo, token=cam.token))
    assert without_key.error is not None and without_key.error.code is ErrorCode.IDEMPOTENCY_KEY_REQUIRED

    def seen(photo: str, days_ago: float = 0) -> str:
        at = utcnow() - timedelta(days=days_ago)
        event = msgspec.structs.replace(kit.event_from_photo(kit.faces_dir() / photo, "entrance-1"), first_seen=at,
                                        captured_at=at)  # fmt: skip
        assert cam.command("faces.ingest", event, idem=event.event_id).error is None
        return event.event_id

    visit = o.front.call(
        "visits.register", RegisterVisitRequest(project_id=o.project_id, name="审计客", phone="13800000009")
    ).visit
    o.front.call(
        "faces.link",
        LinkRequest(event_id=seen("obama/1.jpg"), customer_id=visit.customer_id, consent_version=CONSENT_VERSION,
                    consent_given=True, visit_id=visit.id),
    )  # fmt: skip
    enrol = StaffEnrolRequest(
        event_id=seen("biden/1.jpg"), user_id=o.cid(0), consent_version=CONSENT_VERSION, consent_given=True
    )
    o.admin.call("faces.enrol_staff", enrol)
    seen("rose_leslie/1.jpg", days_ago=1)
    assert server.database is not None
    with server.database.sessions() as db, db.begin():
        db.execute(sa.text("UPDATE face_events SET received_at = captured_at"))
    (alert,) = o.manager.call("faces.run_rules").alerts  # the stranger at the door yesterday: 藏客
    o.manager.call("faces.decide_alert", DecideAlertRequest(alert_id=alert, confirm=False, note="路过"))
    o.admin.call("faces.update_settings", FaceSettings(anonymous_retention_days=14))
    o.admin.call("faces.purge")
    o.manager.call("faces.forget", ForgetRequest(customer_id=visit.customer_id, reason="本人要求"))

    with server.database.sessions() as db:
        rows = list(db.scalars(sa.select(AuditEntry).where(AuditEntry.command.like("faces.%"))))
    by_command: dict[str, list[AuditEntry]] = {}
    for row in rows:
        by_command.setdefault(row.command, []).append(row)
    mutating = {s.name for s in faces.COMMANDS if s.mutating}
    assert mutating <= set(by_command), f"no audit row for {mutating - set(by_command)}"
    assert {r.actor_name for r in by_command["faces.ingest"]} == {"camera:entrance-1"}
    assert {r.actor_role for r in by_command["faces.link"]} == {"front_desk"}
    assert {r.actor_role for r in by_command["faces.forget"]} == {"sales_manager"}
    assert by_command["faces.update_settings"][0].before["anonymous_retention_days"] == 30  # type: ignore[index]
    for row in rows:
        assert row.target_type and row.target_id
        assert "embedding" not in str(row.after) and "thumbnail" not in str(row.after)
