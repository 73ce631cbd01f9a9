"""The camera's disk spool: in order, durable across a restart, each event once, refusals set aside."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from camera.config import ConfigError, load_camera_file
from camera.spool import Spool
from shared.protocol.messages.faces import FaceEvent
from tests.camera import kit


@pytest.fixture(scope="module")
def event() -> FaceEvent:
    return kit.event_from_photo(kit.faces_dir() / "obama" / "1.jpg", "entrance-1")


def copies(event: FaceEvent, n: int) -> list[FaceEvent]:
    return [msgspec.structs.replace(event, event_id=f"{i:032x}", track_id=i) for i in range(n)]


def test_events_leave_in_order_and_survive_a_restart(tmp_path: Path, event: FaceEvent) -> None:
    spool = Spool(tmp_path / "spool.sqlite3")
    for e in copies(event, 5):
        spool.put(e)
    first = spool.peek()
    assert first is not None and first.event.track_id == 0
    spool.ack(first.seq)
    spool.close()
    reopened = Spool(tmp_path / "spool.sqlite3")  # the camera restarted (or the power went)
    order = []
    while (item := reopened.peek()) is not None:
        order.append(item.event.track_id)
        reopened.ack(item.seq)
    assert order == [1, 2, 3, 4]
    assert reopened.depth() == 0


def test_an_event_is_spooled_once_and_refusals_are_set_aside(tmp_path: Path, event: FaceEvent) -> None:
    spool = Spool(tmp_path / "spool.sqlite3")
    spool.put(event)
    spool.put(event)
    assert spool.depth() == 1
    item = spool.peek()
    assert item is not None and item.event == event
    spool.attempted(item.seq)
    assert (again := spool.peek()) is not None and again.attempts == 1
    spool.reject(item.seq, "validation_failed: bad")
    assert spool.depth() == 0 and spool.rejected() == [(event.event_id, "validation_failed: bad")]


def test_a_full_spool_drops_the_oldest(tmp_path: Path, event: FaceEvent) -> None:
    spool = Spool(tmp_path / "spool.sqlite3", max_events=3)
    for e in copies(event, 5):
        spool.put(e)
    assert spool.depth() == 3
    item = spool.peek()
    assert item is not None and item.event.track_id == 2


def test_camera_file_is_checked(tmp_path: Path) -> None:
    good = {
        "format": "showroom-camera/1",
        "camera_id": "entrance-1",
        "location": "entrance",
        "direction": "in",
        "source": "0",
        "token": "c1.entrance-1.secret",
        "server_public_key": "x" * 40,
        "command_endpoint": "tcp://127.0.0.1:7310",
    }
    path = tmp_path / "camera.json"
    path.write_text(json.dumps({**good, "models": {"detector": "det_500m.onnx"}}))
    settings = load_camera_file(path, source="/videos/door.mp4", models_dir=tmp_path)
    assert settings.source == "/videos/door.mp4" and settings.models.detector == "det_500m.onnx"
    assert settings.models.models_dir == tmp_path and settings.spool_path.name == "spool.sqlite3"
    for broken, message in [
        ({**good, "format": "x"}, "not a Showroom camera file"),
        ({**good, "colour": "red"}, "unknown settings"),
        ({**good, "location": "roof"}, "roof"),
        ({**good, "server_public_key": "short"}, "40 Z85"),
        ({**good, "quality": {"min_face": 3}}, "quality: unknown settings"),
        ({k: v for k, v in good.items() if k != "token"}, "lacks"),
    ]:
        path.write_text(json.dumps(broken))
        with pytest.raises(ConfigError, match=message):
            load_camera_file(path)
