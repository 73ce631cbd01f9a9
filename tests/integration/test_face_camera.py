"""The camera end to end with a real server: `showroom camera` on the clip, an image folder, admin commands."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from camera.service import CameraService
from client.net.pairing import Pairing
from server.app import ServerApp
from server.config import Settings
from server.db.face_models import Camera, FaceEventRow, FaceGallery, FacePerson
from server.db.models import AuditEntry
from server.faces import gallery
from shared.protocol.envelope import utcnow
from shared.protocol.messages.faces import PersonKind
from tests.camera import kit
from tests.camera.servers import camera_settings, register_camera


def showroom(settings: Settings, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SHOWROOM_DATABASE_URL": str(settings.database_url),
        "SHOWROOM_MODELS_DIR": str(kit.models_dir()),
    }
    return subprocess.run(
        [sys.executable, "-m", "showroom", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def spool_depth(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "spool.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM events").fetchone()[0])


def test_camera_process_on_the_clip_with_calibrated_thresholds(
    server: ServerApp, settings: Settings, tmp_path: Path
) -> None:
    data = str(settings.data_dir)
    # IT calibrates on the labelled photos, then registers the camera; both through the real commands.
    calibrated = showroom(settings, "admin", "calibrate-faces", str(kit.faces_dir()), "--data-dir", data)
    assert calibrated.returncode == 0, calibrated.stderr
    assert "FAR 1e-02: TAR 1.0000" in calibrated.stdout and "chosen: match >=" in calibrated.stdout
    camera_file = tmp_path / "hall-1.json"
    added = showroom(
        settings,
        "admin",
        "camera-add",
        "hall-1",
        "--location",
        "hall",
        "--host",
        "127.0.0.1",
        "--out",
        str(camera_file),
        "--data-dir",
        data,
    )
    assert added.returncode == 0, added.stderr
    assert camera_file.stat().st_mode & 0o077 == 0  # it holds the camera's secret
    doc = json.loads(camera_file.read_text())
    assert doc["command_endpoint"] == f"tcp://127.0.0.1:{server.command_port}"
    assert server.database is not None
    with server.database.sessions() as db, db.begin():
        g = db.scalars(sa.select(FaceGallery)).one()
        assert g.calibrated_at is not None and 0.3 < g.review_threshold < g.match_threshold < 0.5
        # Lin-Manuel Miranda is enrolled from one photo (staff, with consent, for this test).
        event = kit.event_from_photo(kit.faces_dir() / "_single" / "lin_manuel_miranda.jpg", "hall-1")
        person = gallery.create_person(db, g, PersonKind.STAFF, utcnow(), label="lin_manuel_miranda")
        gallery.add_template(db, person, gallery.parse_embedding(event.embedding, event.dim), 1.0)
        lmm = person.id
    camera_data = tmp_path / "camera"
    clip = kit.faces_dir() / "_video" / "hamilton_clip.mp4"
    run = showroom(
        settings,
        "camera",
        "--config",
        str(camera_file),
        "--source",
        str(clip),
        "--no-realtime",
        "--data-dir",
        str(camera_data),
    )
    assert run.returncode == 0, run.stderr
    with server.database.sessions() as db:
        events = list(db.scalars(sa.select(FaceEventRow).order_by(FaceEventRow.id)))
        camera = db.get(Camera, "hall-1")
    # 275 frames with 1-6 faces each: a handful of appearances, one event each.
    assert 1 <= len(events) <= 6 and len({e.track_id for e in events}) == len(events)
    matched = [e for e in events if e.person_id == lmm]
    assert len(matched) == 1 and matched[0].decision == "match"
    assert all(e.camera_id == "hall-1" and e.thumbnail and e.embedding is not None for e in events)
    assert spool_depth(camera_data) == 0
    assert camera is not None and camera.health is not None and camera.health["frames_read"] >= 200
    assert (camera_data / "logs" / "camera.log").exists()


def test_image_folder_source_links_later_appearances_to_anonymous_visitors(
    server: ServerApp, pairing: Pairing, tmp_path: Path
) -> None:
    root = kit.faces_dir()
    folder = tmp_path / "snapshots"
    folder.mkdir()
    for name, src in [
        ("01.jpg", "obama/1.jpg"),
        ("02.jpg", "biden/1.jpg"),
        ("03.jpg", "obama/3.jpg"),
        ("04.jpg", "_group/obama_biden_side_by_side.jpg"),
        ("05.jpg", "_noface/home.jpg"),
    ]:
        shutil.copy(root / src, folder / name)
    token = register_camera(server)
    settings = camera_settings(pairing, token, str(folder), tmp_path / "camera")
    service = CameraService(settings, kit.models())
    service.sender.keep_replies = True
    assert service.run(drain_timeout_s=60) == 0
    replies = [r for _, r in service.sender.stats.replies]
    assert len(replies) == 5  # one event per face: 1 + 1 + 1 + 2 + 0
    obama, biden = replies[0].person_id, replies[1].person_id
    assert replies[0].new_visitor and replies[1].new_visitor and obama != biden
    assert replies[2].decision == "match" and replies[2].person_id == obama
    assert {r.person_id for r in replies[3:]} == {obama, biden}
    assert server.database is not None
    with server.database.sessions() as db:
        assert db.scalar(sa.select(sa.func.count()).select_from(FacePerson)) == 2
        assert db.scalar(sa.select(sa.func.count()).select_from(FaceEventRow)) == 5
        health = db.get(Camera, "entrance-1")
        assert health is not None and health.last_seen_at is not None
        assert (
            db.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.command == "faces.ingest"))
            == 5
        )
