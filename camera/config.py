"""The camera's settings: one typed object, read from the camera file `showroom admin camera-add` writes."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

from shared.protocol.messages.faces import CameraLocation, Direction

CAMERA_FORMAT = "showroom-camera/1"  # written by server/faces/admin_cli.py
ENV_MODELS_DIR = "SHOWROOM_MODELS_DIR"


class ConfigError(ValueError):
    """A camera file or flag that cannot work; the message says which and why."""


@dataclass(frozen=True, slots=True)
class ModelSettings:
    """Where the ONNX models are. Nothing is ever downloaded: a missing file is an error."""

    models_dir: Path | None = None
    # A file name (inside models_dir or the pack) or a path; None: the first known name present.
    detector: str | None = None
    recogniser: str | None = None
    # An insightface pack folder (`buffalo_sc`): models_dir/<pack> or models_dir/models/<pack>.
    pack: str | None = None
    det_size: int = 640  # the detector's input, longer side (the shorter follows the frame's shape)
    det_thresh: float | None = None  # None: the detector's own (SCRFD 0.5, YuNet 0.8)
    threads: int = 1  # onnxruntime intra-op threads: the camera box is small and shared

    @classmethod
    def from_env(cls, **overrides: Any) -> ModelSettings:
        env = os.environ.get(ENV_MODELS_DIR)
        base = cls(models_dir=Path(env) if env else None)
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})


@dataclass(frozen=True, slots=True)
class QualitySettings:
    """The gate every face passes before it may represent a track (defaults measured on ../shared/faces)."""

    min_face_px: int = 40  # shorter side of the box; smaller faces are not recognised reliably
    min_blur: float = 15.0  # variance of the Laplacian of the aligned 112x112 face
    max_yaw: float = 0.6  # nose offset in eye distances: about 35 degrees
    min_pitch: float = 0.2
    max_pitch: float = 0.9
    min_det_score: float = 0.6


@dataclass(frozen=True, slots=True)
class TrackerSettings:
    iou_min: float = 0.3
    # A track not seen for this long (in stream time) has ended: the person left or turned away.
    max_gap_s: float = 0.6
    # Send the appearance this long after it began (with the best frame so far), not only when it ends,
    # so that the front desk hears of it while the person is still at the door.
    emit_after_s: float = 0.5
    # Someone who stays in view longer than this gives a new appearance (a hall camera).
    max_track_s: float = 300.0


@dataclass(frozen=True, slots=True)
class CameraSettings:
    camera_id: str
    location: CameraLocation
    direction: Direction
    source: str  # "0" (USB index), rtsp:// or http:// URL, a video file, or a folder of images
    token: str
    server_public_key: bytes
    command_endpoint: str
    data_dir: Path
    models: ModelSettings = field(default_factory=ModelSettings)
    quality: QualitySettings = field(default_factory=QualitySettings)
    tracker: TrackerSettings = field(default_factory=TrackerSettings)
    # None: live sources (USB, URL) are real-time (frames are skipped to keep up), files are read as fast
    # as they are processed, with stream time taken from the file.
    realtime: bool | None = None
    folder_interval_s: float = 1.0  # stream time between two images of a folder source
    heartbeat_s: float = 10.0
    request_timeout_s: float = 3.0
    max_backoff_s: float = 10.0
    thumbnail_px: int = 112
    spool_max_events: int = 200_000

    @property
    def spool_path(self) -> Path:
        return self.data_dir / "spool.sqlite3"


def default_data_dir(camera_id: str) -> Path:
    return Path(platformdirs.user_data_dir("showroom-camera", appauthor=False)) / camera_id


def load_camera_file(path: Path, **overrides: Any) -> CameraSettings:
    """Reads the camera file; `overrides` (from flags) win over it. Unknown keys are refused, not ignored."""
    try:
        raw = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read camera file {path}: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("format") != CAMERA_FORMAT:
        raise ConfigError(f"{path} is not a Showroom camera file ({CAMERA_FORMAT})")
    known = {"format", "camera_id", "location", "direction", "source", "token", "server_public_key"}
    known |= {"command_endpoint", "data_dir", "models", "quality", "tracker", "realtime", "heartbeat_s"}
    known |= {"folder_interval_s", "request_timeout_s", "max_backoff_s"}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{path}: unknown settings {sorted(unknown)}")
    try:
        camera_id = str(raw["camera_id"])
        key = str(raw["server_public_key"]).encode("ascii")
        if len(key) != 40:
            raise ConfigError("server_public_key must be 40 Z85 characters")
        models = ModelSettings.from_env(**_section(raw, "models", ModelSettings))
        data_dir = Path(raw["data_dir"]) if raw.get("data_dir") else default_data_dir(camera_id)
        settings = CameraSettings(
            camera_id=camera_id,
            location=CameraLocation(raw["location"]),
            direction=Direction(raw.get("direction", Direction.IN.value)),
            source=str(raw.get("source", "0")),
            token=str(raw["token"]),
            server_public_key=key,
            command_endpoint=str(raw["command_endpoint"]),
            data_dir=data_dir,
            models=models,
            quality=QualitySettings(**_section(raw, "quality", QualitySettings)),
            tracker=TrackerSettings(**_section(raw, "tracker", TrackerSettings)),
            realtime=raw.get("realtime"),
            heartbeat_s=float(raw.get("heartbeat_s", 10.0)),
            folder_interval_s=float(raw.get("folder_interval_s", 1.0)),
            request_timeout_s=float(raw.get("request_timeout_s", 3.0)),
            max_backoff_s=float(raw.get("max_backoff_s", 10.0)),
        )
    except KeyError as exc:
        raise ConfigError(f"{path} lacks {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    model_overrides = {k: overrides.pop(k) for k in list(overrides) if k in ModelSettings.__slots__}
    models = replace(settings.models, **{k: v for k, v in model_overrides.items() if v is not None})
    return replace(settings, models=models, **{k: v for k, v in overrides.items() if v is not None})


def _section(raw: dict[str, Any], name: str, kind: Any) -> dict[str, Any]:
    section = raw.get(name) or {}
    if not isinstance(section, dict):
        raise ConfigError(f"{name} must be an object")
    unknown = set(section) - set(kind.__slots__)
    if unknown:
        raise ConfigError(f"{name}: unknown settings {sorted(unknown)}")
    if name == "models" and section.get("models_dir"):
        section = {**section, "models_dir": Path(section["models_dir"])}
    return dict(section)
