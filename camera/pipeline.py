"""Per frame: detect, gate, track; per appearance: embed its best face once and build the event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from camera.config import QualitySettings, TrackerSettings
from camera.events import build_event, thumbnail
from camera.models import Detection, Image, Models
from camera.quality import Assessment, QualityGate
from camera.tracker import Appearance, Tracker
from shared.protocol.envelope import utcnow
from shared.protocol.messages.faces import FaceEvent


@dataclass(slots=True)
class PipelineStats:
    frames: int = 0
    faces: int = 0  # detections
    usable: int = 0  # detections that passed the quality gate
    events: int = 0


class FacePipeline:
    def __init__(
        self,
        models: Models,
        camera_id: str,
        quality: QualitySettings | None = None,
        tracking: TrackerSettings | None = None,
        thumbnail_px: int = 112,
    ) -> None:
        self.models = models
        self.camera_id = camera_id
        self.gate = QualityGate(quality or QualitySettings(), models.embedder.input_size)
        self.tracker = Tracker(tracking or TrackerSettings())
        self.thumbnail_px = thumbnail_px
        self.stats = PipelineStats()

    def faces(self, image: Image) -> list[tuple[Detection, Assessment]]:
        """Every face of one image with its quality (stills: calibration, enrolment, tests)."""
        return [(det, self.gate.assess(image, det)) for det in self.models.detector.detect(image)]

    def embed(self, assessment: Assessment) -> NDArray[np.float32]:
        return self.models.embedder.embed(assessment.aligned)

    def process(self, image: Image, t: float, at: datetime, *, cut: bool = False) -> list[FaceEvent]:
        """One frame at stream time `t` (seconds) captured at `at`; returns the events due now.

        `cut`: the frame does not continue the previous one (a snapshot): tracks so far end first.
        """
        ended = self.finish() if cut else []
        faces = self.faces(image)
        self.stats.frames += 1
        self.stats.faces += len(faces)
        self.stats.usable += sum(1 for _, a in faces if a.ok)
        height, width = image.shape[:2]
        due = self.tracker.update(faces, t, at, (width, height), lambda det: thumbnail(image, det, self.thumbnail_px))
        return ended + [self._event(a) for a in due]

    def finish(self) -> list[FaceEvent]:
        """The stream ended: open tracks end now and give their appearances."""
        return [self._event(a) for a in self.tracker.flush()]

    def _event(self, appearance: Appearance) -> FaceEvent:
        vector = self.embed(appearance.best.assessment)
        self.stats.events += 1
        return build_event(appearance, self.camera_id, self.models.embedder.name, vector, utcnow())
