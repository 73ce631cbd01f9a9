"""Sources and the whole camera pipeline on the real clip: one appearance, one event; stream time from the file."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from camera.pipeline import FacePipeline
from camera.sources import FileSource, FolderSource, SourceError, open_source
from shared.protocol.messages.faces import FaceEvent
from tests.camera import kit


def clip() -> Path:
    return kit.faces_dir() / "_video" / "hamilton_clip.mp4"


def reference() -> np.ndarray:
    pipeline = FacePipeline(kit.models(), "ref")
    ((_, a),) = pipeline.faces(cv2.imread(str(kit.faces_dir() / "_single" / "lin_manuel_miranda.jpg")))
    return pipeline.embed(a)


def run_clip(pipeline: FacePipeline) -> tuple[list[FaceEvent], int]:
    source = open_source(str(clip()))
    source.open()
    events: list[FaceEvent] = []
    frames = 0
    try:
        while (frame := source.read()) is not None:
            frames += 1
            events += pipeline.process(frame.image, frame.t, frame.at)
    finally:
        source.close()
    return events + pipeline.finish(), frames


def test_the_clip_gives_one_event_per_appearance_not_per_frame() -> None:
    pipeline = FacePipeline(kit.models(), "hall-1")
    events, frames = run_clip(pipeline)
    assert frames == 275
    assert pipeline.stats.faces > 500  # 1-6 faces in each frame
    assert 1 <= len(events) <= 6
    assert len({e.track_id for e in events}) == len(events)  # never two events for one track
    ref = reference()
    sims = [float(np.frombuffer(e.embedding, "<f4") @ ref) for e in events]
    # Lin-Manuel Miranda faces the camera for ~4 s: one event, and it is him.
    assert sum(s >= 0.45 for s in sims) == 1
    lmm = events[int(np.argmax(sims))]
    assert lmm.frames > 25 and lmm.quality.face_px >= 70
    assert lmm.dim == 128 and len(lmm.embedding) == 512 and 1000 < len(lmm.thumbnail) < 8000
    for event in events:
        assert event.camera_id == "hall-1" and event.emitted_at >= event.captured_at >= event.first_seen


def test_file_stream_time_comes_from_the_file() -> None:
    source = FileSource(clip())
    source.open()
    times = []
    while (frame := source.read()) is not None:
        times.append(frame.t)
    source.close()
    assert len(times) == 275 and abs(times[-1] - 274 / 29.97) < 0.01
    assert source.skipped == 0


def test_a_paced_file_skips_frames_when_processing_is_slow() -> None:
    source = FileSource(clip(), realtime=True)
    source.open()
    got = []
    started = time.monotonic()
    while time.monotonic() - started < 1.0 and (frame := source.read()) is not None:
        got.append(frame.t)
        time.sleep(0.1)  # a pipeline at 10 fps behind a 30 fps file
    source.close()
    assert source.skipped > len(got)  # most frames were skipped, none queued up
    assert got[-1] > 0.7  # and what it reads is what is due now, not the backlog


def test_folder_source_reads_images_in_order_as_snapshots(tmp_path: Path) -> None:
    names = ["a.jpg", "b.png", "c.jpg"]
    for name, src in zip(names, ["obama/1.jpg", "_single/tom_hanks_aligned_112.png", "biden/1.jpg"], strict=True):
        shutil.copy(kit.faces_dir() / src, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "d.jpg").write_bytes(b"broken")
    source = open_source(str(tmp_path), folder_interval_s=2.0)
    assert isinstance(source, FolderSource)
    source.open()
    frames = []
    while (frame := source.read()) is not None:
        frames.append(frame)
    assert [f.t for f in frames] == [0.0, 2.0, 4.0]
    assert source.skipped == 1  # the broken file, logged and skipped
    pipeline = FacePipeline(kit.models(), "desk")
    events = [e for f in frames for e in pipeline.process(f.image, f.t, f.at, cut=f.cut)] + pipeline.finish()
    assert len(events) == 2  # obama, biden; the aligned crop has no detectable face


def test_missing_sources_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such video file"):
        open_source(str(tmp_path / "nope.mp4"))
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(SourceError, match="cannot open"):
        open_source(str(bad)).open()
