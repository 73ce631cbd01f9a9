"""The tracker: one appearance gives one event, with its best frame, whatever the frame rate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from camera.config import TrackerSettings
from camera.models import Detection
from camera.quality import Assessment, Rejection
from camera.tracker import Appearance, Tracker, iou
from shared.protocol.messages.faces import FaceQuality

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
THUMB = np.zeros((4, 4, 3), np.uint8)


def face(x: float, y: float, size: float = 80, score: float = 0.5, ok: bool = True) -> tuple[Detection, Assessment]:
    box = np.array([x, y, x + size, y + size], np.float32)
    det = Detection(box=box, kps=np.zeros((5, 2), np.float32), score=0.8)
    quality = FaceQuality(score=score, det_score=0.8, face_px=int(size), blur=100, yaw=0, pitch=0.55)
    return det, Assessment(quality, THUMB, None if ok else Rejection.TURNED)


def run(tracker: Tracker, frames: list[list[tuple[Detection, Assessment]]], fps: float) -> list[Appearance]:
    out: list[Appearance] = []
    for i, faces in enumerate(frames):
        t = i / fps
        out += tracker.update(faces, t, T0 + timedelta(seconds=t), (640, 360), lambda det: THUMB)
    return out + tracker.flush()


def test_a_person_standing_in_view_gives_one_event_with_the_best_frame() -> None:
    tracker = Tracker(TrackerSettings(emit_after_s=0.5))
    # 5 s at 25 fps, moving a little, quality peaking at frame 7.
    frames = [[face(100 + i, 50, score=0.9 if i == 7 else 0.4)] for i in range(125)]
    (appearance,) = run(tracker, frames, 25)
    assert appearance.best.assessment.quality.score == 0.9
    assert appearance.best.at == T0 + timedelta(seconds=7 / 25)
    assert not appearance.ended  # sent while the person was still there, not 5 s later


def test_sent_when_due_not_at_the_end() -> None:
    tracker = Tracker(TrackerSettings(emit_after_s=0.5))
    due_at = []
    for i in range(50):
        t = i / 25
        if tracker.update([face(100, 50)], t, T0, (640, 360), lambda det: THUMB):
            due_at.append(t)
    assert due_at == [0.52]  # the first frame at least 0.5 s after the first usable one


def test_a_short_visit_is_sent_when_the_track_ends() -> None:
    tracker = Tracker(TrackerSettings(emit_after_s=2.0, max_gap_s=0.5))
    frames = [[face(100, 50)] for _ in range(10)] + [[] for _ in range(20)]
    out = []
    for i, faces in enumerate(frames):
        out += tracker.update(faces, i / 25, T0, (640, 360), lambda det: THUMB)
    (appearance,) = out
    assert appearance.ended and appearance.frames == 10


def test_leaving_and_coming_back_is_two_appearances() -> None:
    tracker = Tracker(TrackerSettings(max_gap_s=0.5))
    frames = [[face(100, 50)] for _ in range(25)] + [[] for _ in range(25)] + [[face(100, 50)] for _ in range(25)]
    first, second = run(tracker, frames, 25)
    assert first.track_id != second.track_id


def test_two_people_two_tracks() -> None:
    tracker = Tracker(TrackerSettings())
    frames = [[face(100 + i, 50), face(400 - i, 60)] for i in range(40)]
    out = run(tracker, frames, 25)
    assert len(out) == 2 and len({a.track_id for a in out}) == 2


def test_unusable_faces_never_make_an_event() -> None:
    tracker = Tracker(TrackerSettings())
    assert run(tracker, [[face(100, 50, ok=False)] for _ in range(60)], 25) == []


def test_skipped_frames_keep_the_track() -> None:
    """At 5 fps a walking person moves far between frames: the centroid fallback keeps one track."""
    tracker = Tracker(TrackerSettings(max_gap_s=0.6))
    frames = [[face(100 + 45 * i, 50)] for i in range(10)]
    assert iou(frames[0][0][0].box, frames[1][0][0].box) < 0.3
    assert len(run(tracker, frames, 5)) == 1


def test_a_long_stay_gives_a_new_appearance_after_max_track() -> None:
    tracker = Tracker(TrackerSettings(max_track_s=10.0))
    out = run(tracker, [[face(100, 50)] for _ in range(25 * 25)], 25)  # 25 s
    assert len(out) == 3  # at 0.5 s, after 10 s, after 20 s
    assert len({a.track_id for a in out}) == 1
