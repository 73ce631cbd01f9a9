"""Video sources: a USB camera, an RTSP/HTTP stream, a video file or a folder of images, behind one `read()`."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, cast

import cv2

from camera.models import Image
from shared.protocol.envelope import utcnow

log = logging.getLogger(__name__)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp")


class SourceError(RuntimeError):
    """The source cannot be opened or stopped giving frames (a live one is reopened with backoff)."""


@dataclass(frozen=True, slots=True)
class Frame:
    image: Image
    t: float  # stream time in seconds: the tracker's clock (a file's own clock, however fast it is read)
    at: datetime  # when it was read: a file read faster than real time still never produces future times
    cut: bool = False  # no continuity with the previous frame (snapshots): open tracks end before it


class Source(Protocol):
    live: bool
    skipped: int  # frames not processed to stay real-time

    def open(self) -> None: ...

    def read(self) -> Frame | None:
        """The next frame to process; None at the end of a file or folder. Raises SourceError."""
        ...

    def close(self) -> None: ...


def describe(spec: str) -> str:
    if spec.isdigit():
        return f"USB camera {spec}"
    if "://" in spec:
        return spec.rsplit("@", maxsplit=1)[-1]  # never log the credentials in rtsp://user:pass@host
    return spec


def open_source(spec: str, *, realtime: bool | None = None, folder_interval_s: float = 1.0) -> Source:
    """`0` a USB index; rtsp://, http(s):// a stream; a directory of images; otherwise a video file."""
    if spec.isdigit() or "://" in spec:
        return LiveSource(int(spec) if spec.isdigit() else spec)
    path = Path(spec)
    if path.is_dir():
        return FolderSource(path, folder_interval_s, realtime=bool(realtime))
    if not path.is_file():
        raise SourceError(f"no such video file or folder: {spec}")
    return FileSource(path, realtime=bool(realtime))


class FileSource:
    """A video file. As fast as processing allows (stream time from the file), or paced like a camera."""

    live = False

    def __init__(self, path: Path, *, realtime: bool = False) -> None:
        self.path = path
        self.realtime = realtime
        self.skipped = 0
        self._cap: cv2.VideoCapture | None = None
        self._fps = 25.0
        self._index = 0
        self._start_mono = 0.0

    def open(self) -> None:
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened():
            raise SourceError(f"cannot open video file {self.path}")
        fps = float(cap.get(cv2.CAP_PROP_FPS))
        self._fps = fps if 1.0 <= fps <= 240.0 else 25.0
        self._cap, self._index = cap, 0
        self._start_mono = time.monotonic()

    def read(self) -> Frame | None:
        if self._cap is None:
            raise SourceError("source not open")
        if self.realtime:
            # Behind the file's clock: skip (grab without decoding) to the frame that is due now.
            due = int((time.monotonic() - self._start_mono) * self._fps)
            while self._index < due:
                if not self._cap.grab():
                    return None
                self._index += 1
                self.skipped += 1
            wait = self._index / self._fps - (time.monotonic() - self._start_mono)
            if wait > 0:
                time.sleep(wait)
        ok, image = self._cap.read()
        if not ok:
            return None
        t = self._index / self._fps
        self._index += 1
        return Frame(cast(Image, image), t, utcnow())

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class FolderSource:
    """Images in name order, `interval` seconds of stream time apart; snapshots, not video: each is a cut.

    Paced (`realtime`), one image is read every interval, like a snapshot camera uploading JPEGs.
    """

    live = False

    def __init__(self, path: Path, interval_s: float, *, realtime: bool = False) -> None:
        self.path = path
        self.interval_s = interval_s
        self.realtime = realtime
        self.skipped = 0
        self._files: list[Path] = []
        self._index = 0
        self._start_mono = 0.0

    def open(self) -> None:
        self._files = sorted(p for p in self.path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        self._index = 0
        self._start_mono = time.monotonic()

    def read(self) -> Frame | None:
        while self._index < len(self._files):
            path = self._files[self._index]
            t = self._index * self.interval_s
            self._index += 1
            if self.realtime and (wait := t - (time.monotonic() - self._start_mono)) > 0:
                time.sleep(wait)
            image = cv2.imread(str(path))
            if image is None:
                log.warning("skipping %s: not a readable image", path)
                self.skipped += 1
                continue
            return Frame(cast(Image, image), t, utcnow(), cut=True)
        return None

    def close(self) -> None:
        self._files = []


class LiveSource:
    """A USB camera or a stream. A reader thread keeps only the newest frame: a slow pipeline skips, never lags."""

    live = True

    def __init__(self, target: int | str, read_timeout_s: float = 5.0) -> None:
        self.target = target
        self.read_timeout_s = read_timeout_s
        self.skipped = 0
        self._cap: cv2.VideoCapture | None = None
        self._latest: Frame | None = None
        self._cond = threading.Condition()
        self._failed: str | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def open(self) -> None:
        cap = cv2.VideoCapture(self.target)
        if not cap.isOpened():
            raise SourceError(f"cannot open {describe(str(self.target))}")
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self._cap, self._failed, self._latest = cap, None, None
        self._stop.clear()
        self._thread = threading.Thread(target=self._grab, name="camera-grab", daemon=True)
        self._thread.start()

    def _grab(self) -> None:
        assert self._cap is not None
        while not self._stop.is_set():
            ok, image = self._cap.read()
            with self._cond:
                if not ok:
                    self._failed = f"{describe(str(self.target))} stopped sending frames"
                    self._cond.notify_all()
                    return
                if self._latest is not None:
                    self.skipped += 1
                # The monotonic clock itself: stream time must keep growing across reconnects.
                self._latest = Frame(cast(Image, image), time.monotonic(), utcnow())
                self._cond.notify_all()

    def read(self) -> Frame | None:
        with self._cond:
            if not self._cond.wait_for(lambda: self._latest is not None or self._failed, self.read_timeout_s):
                raise SourceError(f"no frame from {describe(str(self.target))} for {self.read_timeout_s:.0f} s")
            if self._latest is None:
                raise SourceError(self._failed or "source failed")
            frame, self._latest = self._latest, None
            return frame

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.read_timeout_s)
            if self._thread.is_alive():
                # Stuck inside a read of a dead stream: releasing now would race it; the thread ends with it.
                log.warning("%s did not stop reading; abandoning it", describe(str(self.target)))
                self._thread, self._cap = None, None
                return
            self._thread = None
        if self._cap is not None:
            self._cap.release()
            self._cap = None
