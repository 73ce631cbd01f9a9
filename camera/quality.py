"""The quality gate: face size, sharpness, pose and detector confidence decide whether a face may be used."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from camera.align import align, pose
from camera.config import QualitySettings
from camera.models import Detection, Image
from shared.protocol.messages.faces import FaceQuality

# A face this large (the recogniser's own input) and this sharp scores fully on those two counts.
FULL_SIZE_PX = 112
FULL_SHARPNESS = 150.0


class Rejection(StrEnum):
    SMALL = "small"
    BLURRY = "blurry"
    TURNED = "turned"  # yaw or pitch out of range
    UNSURE = "unsure"  # low detector score


@dataclass(frozen=True, slots=True)
class Assessment:
    quality: FaceQuality
    aligned: Image  # the aligned face the recogniser will see
    rejection: Rejection | None

    @property
    def ok(self) -> bool:
        return self.rejection is None


class QualityGate:
    def __init__(self, settings: QualitySettings, aligned_size: int = 112) -> None:
        self.settings = settings
        self.aligned_size = aligned_size

    def assess(self, image: Image, det: Detection) -> Assessment:
        s = self.settings
        aligned = align(image, det.kps, self.aligned_size)
        gray = cv2.cvtColor(aligned, cv2.COLOR_BGR2GRAY)
        blur = float(cv2.Laplacian(gray, cv2.CV_64F).var())
        yaw, pitch = pose(det.kps)
        face_px = int(min(det.width, det.height))
        rejection = None
        if face_px < s.min_face_px:
            rejection = Rejection.SMALL
        elif det.score < s.min_det_score:
            rejection = Rejection.UNSURE
        elif abs(yaw) > s.max_yaw or not s.min_pitch <= pitch <= s.max_pitch:
            rejection = Rejection.TURNED
        elif blur < s.min_blur:
            rejection = Rejection.BLURRY
        quality = FaceQuality(
            score=self._score(det.score, face_px, blur, yaw, pitch),
            det_score=min(1.0, max(0.0, det.score)),
            face_px=face_px,
            blur=round(blur, 1),
            yaw=round(yaw, 3),
            pitch=round(pitch, 3),
        )
        return Assessment(quality, aligned, rejection)

    def _score(self, det_score: float, face_px: int, blur: float, yaw: float, pitch: float) -> float:
        """One number in [0, 1] to pick a track's best frame: frontal, large, sharp and confident wins."""
        size = min(1.0, face_px / FULL_SIZE_PX)
        sharp = min(1.0, blur / FULL_SHARPNESS)
        frontal = max(0.0, 1.0 - abs(yaw) / max(self.settings.max_yaw, 1e-3))
        upright = max(0.0, 1.0 - abs(pitch - 0.55) / 0.45)
        score = det_score * (0.25 + 0.75 * size) * (0.4 + 0.6 * sharp) * (0.3 + 0.7 * frontal) * (0.5 + 0.5 * upright)
        return float(np.clip(score, 0.0, 1.0))
