"""The camera service on a live source that drops (a stream that ends): it reconnects with backoff, keeps its
events in the spool while no server answers, and reports all of it in its health."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import zmq

from camera.config import CameraSettings, ModelSettings
from camera.service import CameraService
from camera.sources import LiveSource, open_source
from shared.protocol.messages.faces import CameraLocation, CameraStatus, Direction
from tests.camera import kit


def test_a_dropped_stream_is_reopened_and_events_wait_in_the_spool(tmp_path: Path) -> None:
    clip = kit.faces_dir() / "_video" / "hamilton_clip.mp4"
    # FFmpeg reads it as a stream: a live source that drops when the clip ends (decoded at full speed, so most
    # frames are skipped: the pipeline always takes the newest).
    stream = f"file://{clip}"
    assert isinstance(open_source(stream), LiveSource)
    public, _ = zmq.curve_keypair()
    settings = CameraSettings(
        camera_id="door-1",
        location=CameraLocation.ENTRANCE,
        direction=Direction.IN,
        source=stream,
        token="c1.door-1.nobody",
        server_public_key=public,
        command_endpoint="tcp://127.0.0.1:9",  # nothing listens: the server is down
        data_dir=tmp_path,
        models=ModelSettings(models_dir=kit.models_dir()),
        request_timeout_s=0.5,
        max_backoff_s=0.5,
        heartbeat_s=1.0,
    )
    service = CameraService(settings, kit.models())
    statuses: set[CameraStatus] = set()
    runner = threading.Thread(target=service.run, kwargs={"exit_at_end": False, "drain_timeout_s": 0.5})
    runner.start()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (service.reconnects < 2 or service.spool.depth() < 2):
            statuses.add(service.health().status)
            time.sleep(0.05)
    finally:
        service.stop()
        runner.join(timeout=30)
    assert not runner.is_alive()
    assert service.reconnects >= 2  # the stream ended twice and was opened again each time
    assert CameraStatus.SOURCE_DOWN in statuses and CameraStatus.OK in statuses
    assert service.frames_read > 0 and service.pipeline.stats.events >= 2
    assert service.sender.stats.connected is False and service.sender.stats.failures > 0
    from camera.spool import Spool

    spool = Spool(settings.spool_path)
    try:
        assert spool.depth() >= 2  # appearances of both passes, kept for the server
    finally:
        spool.close()
