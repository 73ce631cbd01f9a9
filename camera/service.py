"""The camera process: source → pipeline → spool → sender, with reconnects and health reports."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

from camera.config import CameraSettings
from camera.link import ServerLink
from camera.models import Models, load_models
from camera.pipeline import FacePipeline
from camera.sender import Sender
from camera.sources import Source, SourceError, describe, open_source
from camera.spool import Spool
from shared.protocol.messages.faces import CameraHealth, CameraStatus, FaceEvent

log = logging.getLogger(__name__)
MIN_RECONNECT_S = 0.5
STABLE_S = 30.0  # a source that gave frames this long was healthy: its next drop starts the backoff afresh
# The spool growing past this while the server is reachable means the camera is behind: degraded.
BACKLOG = 50


class CameraService:
    def __init__(self, settings: CameraSettings, models: Models | None = None) -> None:
        self.settings = settings
        self.models = models or load_models(settings.models)
        self.pipeline = FacePipeline(
            self.models, settings.camera_id, settings.quality, settings.tracker, settings.thumbnail_px
        )
        self.spool = Spool(settings.spool_path, settings.spool_max_events)
        link = ServerLink(
            settings.command_endpoint, settings.server_public_key, settings.token, settings.request_timeout_s
        )
        self.sender = Sender(
            link, self.spool, self.health, heartbeat_s=settings.heartbeat_s, max_backoff_s=settings.max_backoff_s
        )
        self.source: Source | None = None
        self.status = CameraStatus.STARTING
        self.reconnects = 0
        self.last_error = ""
        self.frames_read = 0
        self._started = time.monotonic()
        self._recent: deque[float] = deque(maxlen=50)  # monotonic times of the last frames, for fps
        self._stop = threading.Event()

    # --- health (called on the sender's thread) ------------------------------------------------------

    def health(self) -> CameraHealth:
        now = time.monotonic()
        recent = [t for t in self._recent if now - t <= 5.0]
        fps = (len(recent) - 1) / (recent[-1] - recent[0]) if len(recent) > 1 and recent[-1] > recent[0] else 0.0
        status = self.status
        depth = self.spool.depth()
        if status is CameraStatus.OK and depth > BACKLOG and self.sender.stats.connected:
            status = CameraStatus.DEGRADED
        return CameraHealth(
            camera_id=self.settings.camera_id,
            status=status,
            source_connected=status in (CameraStatus.OK, CameraStatus.DEGRADED),
            fps=round(fps, 2),
            frames_read=self.frames_read,
            frames_skipped=self.source.skipped if self.source is not None else 0,
            events=self.pipeline.stats.events,
            spool_depth=depth,
            reconnects=self.reconnects,
            uptime_s=round(now - self._started, 1),
            interval_s=max(1.0, self.settings.heartbeat_s),
            model=self.models.embedder.name,
            last_error=(self.last_error or self.sender.stats.last_error)[:500],
        )

    # --- the pipeline thread ---------------------------------------------------------------------------

    def stop(self) -> None:
        self._stop.set()

    def run(self, *, exit_at_end: bool = True, drain_timeout_s: float = 30.0) -> int:
        """Until stopped (or, for a file or folder, its end). Returns the process exit code."""
        self.sender.start()
        try:
            self._loop(exit_at_end)
        finally:
            self.status = CameraStatus.STOPPING
            for event in self.pipeline.finish():
                self._emit(event)
            if self.source is not None:
                self.source.close()
            if not self.sender.wait_idle(drain_timeout_s):
                log.warning("%d events still in the spool; they are sent at the next start", self.spool.depth())
            self.sender.stop()
            self.spool.close()
        return 0

    def _emit(self, event: FaceEvent) -> None:
        self.spool.put(event)  # durable before anything else happens to it
        self.sender.wake()

    def _loop(self, exit_at_end: bool) -> None:
        backoff = MIN_RECONNECT_S
        opened_at = 0.0
        spec = self.settings.source
        while not self._stop.is_set():
            if self.source is None:
                try:
                    source = open_source(
                        spec, realtime=self.settings.realtime, folder_interval_s=self.settings.folder_interval_s
                    )
                    source.open()
                except SourceError as exc:
                    if not (spec.isdigit() or "://" in spec):
                        raise  # a missing file or folder does not come back by waiting
                    self._source_down(str(exc))
                    self._stop.wait(backoff)
                    backoff = min(self.settings.max_backoff_s, backoff * 2)
                    continue
                self.source, opened_at = source, time.monotonic()
                self.status, self.last_error = CameraStatus.OK, ""
                log.info("reading %s", describe(spec))
            try:
                frame = self.source.read()
            except SourceError as exc:
                self._source_down(str(exc))
                self.source.close()
                self.source = None
                self.reconnects += 1
                # A stream that keeps dropping soon after it opens is retried ever more slowly.
                backoff = MIN_RECONNECT_S if time.monotonic() - opened_at > STABLE_S else backoff
                self._stop.wait(backoff)
                backoff = min(self.settings.max_backoff_s, backoff * 2)
                continue
            if frame is None:  # the end of a file or folder
                if exit_at_end:
                    return
                self._stop.wait(1.0)
                continue
            self.frames_read += 1
            self._recent.append(time.monotonic())
            for event in self.pipeline.process(frame.image, frame.t, frame.at, cut=frame.cut):
                self._emit(event)

    def _source_down(self, error: str) -> None:
        if self.status is not CameraStatus.SOURCE_DOWN:
            log.warning("video source down: %s; reconnecting with backoff", error)
        self.status, self.last_error = CameraStatus.SOURCE_DOWN, error
