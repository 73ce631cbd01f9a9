"""`showroom admin camera-add | camera-remove | calibrate-faces | purge-faces`: on the server machine."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from server.app import READY_FILE
from server.config import Settings
from server.db.face_models import Camera
from server.db.models import AuditEntry
from server.faces import calibration, cameras, retention
from server.keys import load_or_create
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ShowroomError
from shared.protocol.messages.faces import CameraLocation, Direction

CAMERA_FORMAT = "showroom-camera/1"  # read by camera/config.py
CLI_ACTOR = f"cli:{getpass.getuser()}"[:40]


def _audit(db: Session, command: str, target_type: str, target_id: str, after: dict[str, Any]) -> None:
    db.add(
        AuditEntry(
            actor_id=None,
            actor_name=CLI_ACTOR,
            actor_role="cli",
            command=command,
            target_type=target_type,
            target_id=target_id,
            before=None,
            after=after,
            client_addr=f"local pid {os.getpid()}",
        )
    )


def camera_document(camera: Camera, token: str, public_key: str, endpoint: str, source: str) -> str:
    """Everything a camera box needs: where the server is, whom to trust, and its own secret (keep it private)."""
    return json.dumps(
        {
            "format": CAMERA_FORMAT,
            "camera_id": camera.id,
            "location": camera.location,
            "direction": camera.direction,
            "source": source,
            "token": token,
            "server_public_key": public_key,
            "command_endpoint": endpoint,
        },
        ensure_ascii=False,
        indent=2,
    )


def _endpoint(settings: Settings, host: str | None, port: int) -> str:
    ready = settings.data_dir / READY_FILE
    if ready.exists():
        port = int(json.loads(ready.read_text("utf-8")).get("command_port", port))
    return f"tcp://{host or socket.gethostname()}:{port}"


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def camera_add(args: argparse.Namespace, db: Session, settings: Settings) -> int:
    camera, token = cameras.register(db, args.camera_id, CameraLocation(args.location), Direction(args.direction))
    _audit(db, "admin.camera_add", "camera", camera.id, {"location": camera.location, "direction": camera.direction})
    keys = load_or_create(settings.data_dir)
    doc = camera_document(
        camera, token, keys.public.decode("ascii"), _endpoint(settings, args.host, args.port), args.source
    )
    if args.out is not None:
        _write_private(args.out, doc)
        print(f"camera {camera.id} ({camera.location}) registered; its camera file is {args.out} (keep it private)")
    else:
        print(doc)
    return 0


def camera_remove(args: argparse.Namespace, db: Session) -> int:
    camera = cameras.deactivate(db, args.camera_id)
    _audit(db, "admin.camera_remove", "camera", camera.id, {"active": False})
    print(f"camera {camera.id} deactivated: its token no longer works")
    return 0


def purge(db: Session) -> int:
    report = retention.purge(db, utcnow(), lambda event_type, event: None)
    print(
        f"purged {report.persons_deleted} persons, {report.templates_deleted} templates, {report.events_deleted} events"
    )
    return 0


def store_calibration(args: argparse.Namespace, db: Session, labelled: Any) -> int:
    """`labelled`: camera.calibrate.LabelledSet (model, dim, labels, matrix()), embedded with the camera's models."""
    model, dim = labelled.model, labelled.dim
    try:
        result = calibration.calibrate(labelled.labels, labelled.matrix())
    except calibration.CalibrationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(result.report(model))
    if args.dry_run:
        print("dry run: thresholds not stored")
        return 0
    gallery_id = calibration.store(db, model, dim, result)
    _audit(
        db,
        "admin.calibrate_faces",
        "face_gallery",
        str(gallery_id),
        {"model": model, "match": result.match, "review": result.review, "photos": result.photos},
    )
    print(f"stored in gallery {gallery_id}: match >= {result.match}, review >= {result.review}")
    return 0


def run(args: argparse.Namespace, settings: Settings, labelled: Any = None) -> int:
    """One database transaction per command; `labelled` is the embedded folder for calibrate-faces."""
    from server.db.engine import open_database

    database = open_database(settings)
    try:
        with database.sessions() as db, db.begin():
            if args.admin_command == "camera-add":
                return camera_add(args, db, settings)
            if args.admin_command == "camera-remove":
                return camera_remove(args, db)
            if args.admin_command == "purge-faces":
                return purge(db)
            if args.admin_command == "calibrate-faces":
                return store_calibration(args, db, labelled)
            raise AssertionError(args.admin_command)
    except ShowroomError as err:
        print(f"error: {err.message} ({err.message_en})", file=sys.stderr)
        return 1
    finally:
        database.close(only_if_started_here=True)
