"""kill -9 of the server while the camera runs: the camera spools, replays in order, nothing lost, nothing twice."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, RequestTimeout, SyncClient
from shared.protocol.messages.faces import EventsQuery
from tests.camera import kit
from tests.integration.test_process import free_port, postgres_running, showroom, start_server

pytestmark = pytest.mark.slow
PASSWORD = "Durable-2026"
IMAGES = 40


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "office"
    path.mkdir()
    yield path
    if postgres_running(path):  # never leave a database server behind
        from server.db.embedded import EmbeddedPostgres

        pg = EmbeddedPostgres(path / "pg")
        pg.start()
        pg.stop()


def stored(pairing: Pairing) -> int:
    try:
        with SyncClient(pairing, timeout_ms=1000, retries=0) as admin:
            admin.login("wanglei", PASSWORD)
            return int(admin.call("faces.stats").events_stored)
    except (RequestTimeout, RemoteError):
        return -1


def wait_for(predicate, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_server_killed_while_the_camera_runs(office: Path, tmp_path: Path) -> None:
    for user, role in (("wanglei", "admin"), ("chenjing", "sales_manager")):
        made = showroom(
            "admin",
            "create-user",
            user,
            "--role",
            role,
            "--name",
            "测试",
            "--password-stdin",
            data_dir=office,
            stdin=PASSWORD + "\n",
        )
        assert made.returncode == 0, made.stderr
    ports = (free_port(), free_port())
    camera_file = tmp_path / "entrance-1.json"
    added = showroom(
        "admin",
        "camera-add",
        "entrance-1",
        "--location",
        "entrance",
        "--host",
        "127.0.0.1",
        "--port",
        str(ports[0]),
        "--out",
        str(camera_file),
        data_dir=office,
    )
    assert added.returncode == 0, added.stderr
    # Quick retries so that the test does not wait out a long backoff after the restart.
    doc = json.loads(camera_file.read_text())
    camera_file.write_text(json.dumps({**doc, "request_timeout_s": 1.0, "max_backoff_s": 1.0, "heartbeat_s": 1.0}))
    folder = tmp_path / "snapshots"
    folder.mkdir()
    for i, photo in enumerate(kit.identity_photos()[:IMAGES]):
        shutil.copy(photo.path, folder / f"{i:03d}.jpg")

    server = start_server(office, ports)
    camera_data = tmp_path / "camera"
    env = {**os.environ, "SHOWROOM_MODELS_DIR": str(kit.models_dir())}
    camera = subprocess.Popen(
        [sys.executable, "-m", "showroom", "camera", "--config", str(camera_file), "--source", str(folder),
         "--realtime", "--folder-interval", "0.25", "--data-dir", str(camera_data), "--drain-timeout", "120"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    pairing = Pairing.load(office / "pairing.json")
    try:
        wait_for(lambda: stored(pairing) >= 5, 90)
        server.kill()  # kill -9: no shutdown, no flush
        server.wait(timeout=30)
        time.sleep(3)  # the camera keeps seeing faces; they wait in its spool
        server = start_server(office, ports)
        _, stderr = camera.communicate(timeout=180)
        assert camera.returncode == 0, stderr
    finally:
        if camera.poll() is None:
            camera.kill()
    try:
        with SyncClient(pairing) as manager:
            manager.login("chenjing", PASSWORD)
            events = manager.call("faces.events", EventsQuery(limit=200)).events
        assert len(events) == IMAGES  # none lost, none twice
        assert len({e.event_id for e in events}) == IMAGES
        by_arrival = sorted(events, key=lambda e: e.received_at)
        assert [e.captured_at for e in by_arrival] == sorted(e.captured_at for e in events)  # replayed in order
        waited = [(e.received_at - e.captured_at).total_seconds() for e in events]
        assert max(waited) > 2.5  # some were spooled through the outage
        assert "server unreachable" in stderr and "events are kept in the spool" in stderr
        with sqlite3.connect(camera_data / "spool.sqlite3") as spool:
            assert spool.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    finally:
        server.kill()
        server.wait(timeout=30)
