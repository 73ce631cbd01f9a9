"""IoU tracking: the detections of one person across frames form a track, and a track gives one appearance.

Times are stream times in seconds (the file's clock for a video file, the monotonic clock for a live camera),
so skipped frames and a file read faster than real time keep the same meaning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from camera.config import TrackerSettings
from camera.models import Detection, Image
from camera.quality import Assessment


@dataclass(frozen=True, slots=True)
class Candidate:
    """A usable face of a track: what would be sent if it stays the best."""

    det: Detection
    assessment: Assessment
    thumbnail: Image
    at: datetime
    frame_size: tuple[int, int]  # width, height


@dataclass(frozen=True, slots=True)
class Appearance:
    track_id: int
    first_seen: datetime
    best: Candidate
    frames: int
    ended: bool  # the track had ended (True) or was sent while the person was still in view


@dataclass(slots=True)
class _Track:
    id: int
    box: NDArray[np.float32]
    last_t: float
    first_seen: datetime
    start_t: float  # start of the current appearance (a long stay starts new ones)
    frames: int = 0
    best: Candidate | None = None
    first_ok_t: float | None = None
    emitted: bool = False


def iou(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[2], b[2]), min(a[3], b[3])
    inter = max(0.0, float(x2 - x1)) * max(0.0, float(y2 - y1))
    union = float((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1])) - inter
    return inter / union if union > 0 else 0.0


def _near(a: NDArray[np.float32], b: NDArray[np.float32]) -> bool:
    """Centroid fallback for fast movement between sampled frames: close centres, similar size."""
    size_a, size_b = float(a[2] - a[0]), float(b[2] - b[0])
    if size_a <= 0 or not 0.67 <= size_b / size_a <= 1.5:
        return False
    ca, cb = (a[:2] + a[2:]) / 2, (b[:2] + b[2:]) / 2
    return float(np.linalg.norm(ca - cb)) < 0.8 * size_a


Snapshot = Callable[[Detection], Image]


class Tracker:
    def __init__(self, settings: TrackerSettings) -> None:
        self.settings = settings
        self._tracks: list[_Track] = []
        self._next_id = 1

    @property
    def active(self) -> int:
        return len(self._tracks)

    def update(
        self,
        faces: list[tuple[Detection, Assessment]],
        t: float,
        at: datetime,
        frame_size: tuple[int, int],
        snapshot: Snapshot,
    ) -> list[Appearance]:
        """One frame's faces; returns the appearances that are due now (at most one per track)."""
        out: list[Appearance] = []
        # Tracks unseen for too long have ended: send what they hold, if not sent yet.
        alive = []
        for old in self._tracks:
            if t - old.last_t > self.settings.max_gap_s:
                out.extend(self._finish(old))
            else:
                alive.append(old)
        self._tracks = alive
        for matched, (det, assessment) in self._associate(faces):
            if matched is None:
                track = _Track(self._next_id, det.box, t, at, t)
                self._next_id += 1
                self._tracks.append(track)
            else:
                track = matched
            self._observe(track, det, assessment, t=t, at=at, frame_size=frame_size, snapshot=snapshot)
            due = self._due(track, t)
            if due is not None:
                out.append(due)
        return out

    def flush(self) -> list[Appearance]:
        """The stream ended (or the camera stops): every open track ends now."""
        out = [a for track in self._tracks for a in self._finish(track)]
        self._tracks = []
        return out

    def _associate(
        self, faces: list[tuple[Detection, Assessment]]
    ) -> list[tuple[_Track | None, tuple[Detection, Assessment]]]:
        pairs = sorted(
            ((iou(tr.box, f[0].box), ti, fi) for ti, tr in enumerate(self._tracks) for fi, f in enumerate(faces)),
            reverse=True,
        )
        track_of: dict[int, _Track] = {}
        used: set[int] = set()
        for overlap, ti, fi in pairs:
            if overlap < self.settings.iou_min:
                break
            if ti not in used and fi not in track_of:
                track_of[fi] = self._tracks[ti]
                used.add(ti)
        for fi, (det, _) in enumerate(faces):
            if fi in track_of:
                continue
            for ti, tr in enumerate(self._tracks):
                if ti not in used and _near(tr.box, det.box):
                    track_of[fi] = tr
                    used.add(ti)
                    break
        return [(track_of.get(fi), face) for fi, face in enumerate(faces)]

    def _observe(
        self,
        track: _Track,
        det: Detection,
        assessment: Assessment,
        *,
        t: float,
        at: datetime,
        frame_size: tuple[int, int],
        snapshot: Snapshot,
    ) -> None:
        if track.emitted and t - track.start_t >= self.settings.max_track_s:
            # Still here after a long stay: from now on it is a new appearance.
            track.start_t, track.first_seen, track.frames = t, at, 0
            track.best, track.first_ok_t, track.emitted = None, None, False
        track.box = det.box
        track.last_t = t
        track.frames += 1
        if track.emitted or not assessment.ok:
            return
        if track.first_ok_t is None:
            track.first_ok_t = t
        if track.best is None or assessment.quality.score > track.best.assessment.quality.score:
            track.best = Candidate(det, assessment, snapshot(det), at, frame_size)

    def _due(self, track: _Track, t: float) -> Appearance | None:
        if track.emitted or track.best is None or track.first_ok_t is None:
            return None
        if t - track.first_ok_t < self.settings.emit_after_s:
            return None
        track.emitted = True
        return Appearance(track.id, track.first_seen, track.best, track.frames, ended=False)

    @staticmethod
    def _finish(track: _Track) -> list[Appearance]:
        if track.emitted or track.best is None:
            return []
        track.emitted = True
        return [Appearance(track.id, track.first_seen, track.best, track.frames, ended=True)]
