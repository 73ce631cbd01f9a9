"""5-point alignment to the ArcFace template (insightface `face_align`), and head pose read from the same points."""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray

from camera.models import Image


def align(image: Image, kps: NDArray[np.float32], size: int = 112) -> Image:
    """The face warped so its eyes, nose and mouth sit where the recogniser was trained to see them."""
    from insightface.utils import face_align

    with warnings.catch_warnings():
        # scikit-image deprecates the `estimate` call insightface makes; the result is the same.
        warnings.simplefilter("ignore", FutureWarning)
        out: Image = face_align.norm_crop(image, landmark=kps, image_size=size)
    return out


def pose(kps: NDArray[np.float32]) -> tuple[float, float]:
    """(yaw, pitch) from the landmarks, without a 3-D model.

    yaw: how far the nose is from the eyes' midpoint, in eye distances (0 frontal, about ±0.6 at 35°).
    pitch: where the nose falls between the eye line (0) and the mouth line (1); about 0.55 looking ahead.
    """
    left_eye, right_eye, nose, mouth_l, mouth_r = (kps[i].astype(np.float64) for i in range(5))
    eyes = (left_eye + right_eye) / 2
    mouth = (mouth_l + mouth_r) / 2
    eye_dist = max(float(np.linalg.norm(right_eye - left_eye)), 1.0)
    axis = mouth - eyes
    axis_len = max(float(np.linalg.norm(axis)), 1.0)
    yaw = float((nose[0] - eyes[0]) / eye_dist)
    pitch = float(np.dot(nose - eyes, axis / axis_len) / axis_len)
    return yaw, pitch
