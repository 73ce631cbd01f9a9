"""Embeddings of a labelled folder (one sub-folder per person) for `showroom admin calibrate-faces`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import cv2
import numpy as np
from numpy.typing import NDArray

from camera.config import ModelSettings, QualitySettings
from camera.models import Image, Models, load_models
from camera.pipeline import FacePipeline
from camera.sources import IMAGE_SUFFIXES

log = logging.getLogger(__name__)


@dataclass(slots=True)
class LabelledSet:
    model: str
    dim: int
    labels: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    vectors: list[NDArray[np.float32]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)

    def matrix(self) -> NDArray[np.float32]:
        return np.stack(self.vectors) if self.vectors else np.zeros((0, self.dim), np.float32)


def embed_folder(root: Path, settings: ModelSettings, models: Models | None = None) -> LabelledSet:
    """The largest face of each photo. Sub-folders starting with `_` (groups, distractors) are not people."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder")
    models = models or load_models(settings)
    # Calibration photos are chosen by a person: measure every face, however it would fare at the camera's gate.
    pipeline = FacePipeline(models, "calibration", QualitySettings(min_face_px=0, min_blur=0.0, min_det_score=0.0))
    result = LabelledSet(models.embedder.name, models.embedder.dim)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    for folder in folders:
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
            image = cv2.imread(str(path))
            if image is None:
                result.skipped.append((path, "not a readable image"))
                continue
            faces = pipeline.faces(cast(Image, image))
            if not faces:
                result.skipped.append((path, "no face found"))
                continue
            _, assessment = max(faces, key=lambda f: f[0].width * f[0].height)
            result.labels.append(folder.name)
            result.files.append(path)
            result.vectors.append(pipeline.embed(assessment))
    log.info(
        "calibration set: %d photos of %d people, %d skipped", len(result.files), len(folders), len(result.skipped)
    )
    return result
