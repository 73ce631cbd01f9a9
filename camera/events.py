"""From an appearance to the event sent to the server: id, times, embedding bytes, box and a small JPEG."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

import cv2
import numpy as np
from numpy.typing import NDArray

from camera.models import Detection, Image
from camera.tracker import Appearance
from shared.protocol.messages.faces import FaceBox, FaceEvent

THUMBNAIL_QUALITY = 80  # JPEG quality: a 112 px face is 3-5 KB


def thumbnail(frame: Image, det: Detection, px: int) -> Image:
    """A square crop around the face with some margin, `px` wide: enough for a person to recognise someone."""
    height, width = frame.shape[:2]
    cx, cy = float(det.box[0] + det.box[2]) / 2, float(det.box[1] + det.box[3]) / 2
    half = max(det.width, det.height) * 0.75
    x1, y1 = max(0, int(cx - half)), max(0, int(cy - half))
    x2, y2 = min(width, int(cx + half)), min(height, int(cy + half))
    crop: Image = frame[y1:y2, x1:x2] if x2 > x1 and y2 > y1 else frame
    scale = px / max(crop.shape[0], crop.shape[1])
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    return cast(Image, cv2.resize(crop, size, interpolation=cv2.INTER_AREA))


def encode_jpeg(image: Image, quality: int = THUMBNAIL_QUALITY) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return bytes(data.tobytes())


def embedding_bytes(vector: NDArray[np.float32]) -> bytes:
    return np.ascontiguousarray(vector, dtype="<f4").tobytes()


def new_event_id() -> str:
    """Time-ordered (the first 12 hex digits are milliseconds) so ids sort roughly by creation."""
    millis = int(datetime.now().timestamp() * 1000) & 0xFFFF_FFFF_FFFF
    return f"{millis:012x}{uuid.uuid4().hex[:20]}"


def build_event(
    appearance: Appearance, camera_id: str, model: str, embedding: NDArray[np.float32], emitted_at: datetime
) -> FaceEvent:
    best = appearance.best
    box = best.det.box
    return FaceEvent(
        event_id=new_event_id(),
        camera_id=camera_id,
        track_id=appearance.track_id,
        first_seen=appearance.first_seen,
        captured_at=best.at,
        emitted_at=emitted_at,
        frames=max(1, appearance.frames),
        model=model,
        dim=int(embedding.size),
        embedding=embedding_bytes(embedding),
        quality=best.assessment.quality,
        box=FaceBox(
            x=round(float(box[0])),
            y=round(float(box[1])),
            w=max(1, round(float(box[2] - box[0]))),
            h=max(1, round(float(box[3] - box[1]))),
        ),
        frame_width=best.frame_size[0],
        frame_height=best.frame_size[1],
        thumbnail=encode_jpeg(best.thumbnail),
    )
