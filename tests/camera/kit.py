"""The team's test kit beside the repository: ONNX models and labelled face photos (never copied, never fetched)."""

from __future__ import annotations

import csv
import functools
import os
from dataclasses import dataclass
from pathlib import Path

import cv2
import pytest

from camera.config import ModelSettings
from camera.events import build_event, thumbnail
from camera.models import Models, load_models
from camera.pipeline import FacePipeline
from camera.tracker import Appearance, Candidate
from shared.protocol.envelope import utcnow
from shared.protocol.messages.faces import FaceEvent

_KIT = Path(__file__).resolve().parents[3] / "shared"


def models_dir() -> Path:
    path = Path(os.environ.get("SHOWROOM_MODELS_DIR") or _KIT / "models")
    if not (path / "det_500m.onnx").is_file():
        pytest.fail(f"face models not found in {path}: set SHOWROOM_MODELS_DIR (scripts/test.sh does)")
    return path


def faces_dir() -> Path:
    path = Path(os.environ.get("SHOWROOM_FACES_DIR") or _KIT / "faces")
    if not (path / "manifest.csv").is_file():
        pytest.fail(f"face photos not found in {path}: set SHOWROOM_FACES_DIR (scripts/test.sh does)")
    return path


@functools.cache
def models(detector: str = "det_500m.onnx", recogniser: str = "mobilefacenet_128d.onnx", det_size: int = 640) -> Models:
    """Loaded once per test process: loading is the slow part."""
    return load_models(
        ModelSettings(models_dir=models_dir(), detector=detector, recogniser=recogniser, det_size=det_size)
    )


@dataclass(frozen=True, slots=True)
class Photo:
    path: Path
    kind: str  # identity, group, single, aligned112, noface, video
    identity: str
    expected_faces: str


def manifest() -> list[Photo]:
    root = faces_dir()
    with (root / "manifest.csv").open(encoding="utf-8") as f:
        return [Photo(root / r["file"], r["kind"], r["identity"], r["expected_faces"]) for r in csv.DictReader(f)]


def photos(kind: str) -> list[Photo]:
    if kind == "identity":
        return identity_photos()
    return [p for p in manifest() if p.kind == kind]


def identity_photos() -> list[Photo]:
    """One sub-folder per person (the layout calibrate-faces reads); manifest.csv lacks deepface_p10-p13."""
    root = faces_dir()
    return [
        Photo(path, "identity", folder.name, "1")
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))
        for path in sorted(folder.glob("*.jpg"))
    ]


def event_from_photo(path: Path, camera_id: str, largest: bool = True) -> FaceEvent:
    """The event a camera would send for the (largest) face of one photo."""
    image = cv2.imread(str(path))
    assert image is not None, path
    pipeline = FacePipeline(models(), camera_id)
    faces = pipeline.faces(image)
    assert faces, f"no face in {path}"
    det, assessment = max(faces, key=lambda f: f[0].width * f[0].height)
    now = utcnow()
    candidate = Candidate(det, assessment, thumbnail(image, det, 112), now, (image.shape[1], image.shape[0]))
    appearance = Appearance(track_id=1, first_seen=now, best=candidate, frames=1, ended=True)
    return build_event(appearance, camera_id, models().embedder.name, pipeline.embed(assessment), utcnow())
