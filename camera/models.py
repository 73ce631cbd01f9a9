"""Face detector and recogniser behind two small interfaces, loaded once from explicit files (never downloaded)."""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from camera.config import ConfigError, ModelSettings

log = logging.getLogger(__name__)

Image = NDArray[np.uint8]  # BGR, as OpenCV reads it
# Tried in this order when the settings name no file: the small SCRFD first (fast on one core).
DETECTOR_NAMES = ("det_500m.onnx", "det_2.5g.onnx", "det_10g.onnx", "face_detection_yunet_2026may.onnx")
RECOGNISER_NAMES = ("w600k_mbf.onnx", "w600k_r50.onnx", "mobilefacenet_128d.onnx")
# Files of insightface packs that are neither detector nor recogniser.
_PACK_OTHERS = ("genderage", "2d106det", "1k3d68", "landmark")


@dataclass(frozen=True, slots=True)
class Detection:
    box: NDArray[np.float32]  # x1, y1, x2, y2
    kps: NDArray[np.float32]  # 5 x 2: eyes, nose, mouth corners (image left to right)
    score: float

    @property
    def width(self) -> float:
        return float(self.box[2] - self.box[0])

    @property
    def height(self) -> float:
        return float(self.box[3] - self.box[1])


class Detector(Protocol):
    name: str

    def detect(self, image: Image) -> list[Detection]: ...


class Embedder(Protocol):
    name: str  # `file stem:sha256[:12]`: a gallery only compares embeddings of the same model
    dim: int
    input_size: int  # the aligned face's side (112 for ArcFace-style models)

    def embed(self, aligned: Image) -> NDArray[np.float32]: ...


def session_options(threads: int) -> ort.SessionOptions:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return opts


def model_id(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"{path.stem}:{digest}"


class ScrfdDetector:
    """insightface SCRFD (det_500m, det_2.5g, det_10g) through its model zoo, CPU only."""

    def __init__(self, path: Path, settings: ModelSettings) -> None:
        from insightface.model_zoo import get_model

        # An explicit file path: insightface never reaches for its model hub (download stays False).
        self._model: Any = get_model(
            str(path), providers=["CPUExecutionProvider"], sess_options=session_options(settings.threads)
        )
        if self._model is None or getattr(self._model, "taskname", "") != "detection":
            raise ConfigError(f"{path} is not an SCRFD face detector")
        self._model.det_thresh = 0.5 if settings.det_thresh is None else settings.det_thresh
        self._long = settings.det_size
        self._sizes: dict[tuple[int, int], tuple[int, int]] = {}
        self.name = path.name

    def _input_size(self, width: int, height: int) -> tuple[int, int]:
        """The frame's own shape scaled to det_size (multiples of 32): a 16:9 frame costs 640x384, not 640x640."""
        key = (width, height)
        if key not in self._sizes:
            scale = self._long / max(width, height)
            self._sizes[key] = (
                max(32, math.ceil(width * scale / 32) * 32),
                max(32, math.ceil(height * scale / 32) * 32),
            )
        return self._sizes[key]

    def detect(self, image: Image) -> list[Detection]:
        height, width = image.shape[:2]
        boxes, kpss = self._model.detect(image, input_size=self._input_size(width, height))
        if kpss is None:
            return []
        return [
            Detection(box=boxes[i, :4].astype(np.float32), kps=kpss[i].astype(np.float32), score=float(boxes[i, 4]))
            for i in range(boxes.shape[0])
        ]


class YuNetDetector:
    """OpenCV's YuNet (`cv2.FaceDetectorYN`, MIT). It finds faces of roughly 10-300 px: big frames are shrunk."""

    def __init__(self, path: Path, settings: ModelSettings) -> None:
        thresh = 0.8 if settings.det_thresh is None else settings.det_thresh
        self._det = cv2.FaceDetectorYN.create(str(path), "", (320, 320), thresh, 0.3, 5000)
        self._long = settings.det_size
        self._size = (0, 0)
        self.name = path.name

    def detect(self, image: Image) -> list[Detection]:
        height, width = image.shape[:2]
        scale = min(1.0, self._long / max(width, height))
        small = image if scale == 1.0 else cv2.resize(image, (round(width * scale), round(height * scale)))
        size = (small.shape[1], small.shape[0])
        if size != self._size:
            self._det.setInputSize(size)
            self._size = size
        _, faces = self._det.detect(small)
        if faces is None:
            return []
        out = []
        for row in faces:
            x, y, w, h = (float(v) / scale for v in row[:4])
            kps = (row[4:14].reshape(5, 2) / scale).astype(np.float32)
            out.append(Detection(box=np.array([x, y, x + w, y + h], np.float32), kps=kps, score=float(row[14])))
        return out


class ArcFaceEmbedder:
    """Any ArcFace-style recogniser insightface routes to ArcFaceONNX; the size comes from the model's output."""

    def __init__(self, path: Path, settings: ModelSettings) -> None:
        from insightface.model_zoo import get_model

        self._model: Any = get_model(
            str(path), providers=["CPUExecutionProvider"], sess_options=session_options(settings.threads)
        )
        if self._model is None or getattr(self._model, "taskname", "") != "recognition":
            raise ConfigError(f"{path} is not a face recogniser (expected an ArcFace-style ONNX model)")
        self.input_size = int(self._model.input_size[0])
        probe = self._model.get_feat(np.zeros((self.input_size, self.input_size, 3), np.uint8))
        self.dim = int(np.asarray(probe).size)
        self.name = model_id(path)

    def embed(self, aligned: Image) -> NDArray[np.float32]:
        feat = np.asarray(self._model.get_feat(aligned), dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(feat))
        if not math.isfinite(norm) or norm == 0.0:
            raise ValueError("the recogniser returned an empty embedding")
        result: NDArray[np.float32] = feat / norm
        return result


@dataclass(frozen=True, slots=True)
class Models:
    detector: Detector
    embedder: Embedder


def _pack_dir(settings: ModelSettings) -> Path | None:
    if settings.pack is None:
        return None
    base = settings.models_dir or Path()
    for candidate in (base / settings.pack, base / "models" / settings.pack, Path(settings.pack)):
        if candidate.is_dir():
            return candidate
    raise ConfigError(f"model pack {settings.pack} not found in {base} (nor in {base / 'models'})")


def _find(explicit: str | None, names: tuple[str, ...], where: list[Path], role: str) -> Path:
    if explicit is not None:
        for path in [Path(explicit), *(d / explicit for d in where)]:
            if path.is_file():
                return path
        raise ConfigError(f"{role} model {explicit} not found (looked in {', '.join(map(str, where)) or '.'})")
    for directory in where:
        for name in names:
            if (directory / name).is_file():
                return directory / name
    raise ConfigError(
        f"no {role} model: set {role} or SHOWROOM_MODELS_DIR (looked for {', '.join(names)} in "
        f"{', '.join(map(str, where)) or 'no directory'})"
    )


def _pack_files(pack: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An insightface pack holds det_* and a recogniser beside attribute/landmark models."""
    files = sorted(p.name for p in pack.glob("*.onnx"))
    detectors = tuple(f for f in files if f.startswith("det_"))
    recognisers = tuple(f for f in files if not f.startswith("det_") and not f.startswith(_PACK_OTHERS))
    return detectors, recognisers


def resolve_paths(settings: ModelSettings) -> tuple[Path, Path]:
    where = [d for d in (_pack_dir(settings), settings.models_dir) if d is not None]
    det_names: tuple[str, ...] = DETECTOR_NAMES
    rec_names: tuple[str, ...] = RECOGNISER_NAMES
    pack = _pack_dir(settings)
    if pack is not None:
        det_names, rec_names = _pack_files(pack)
    return (
        _find(settings.detector, det_names, where, "detector"),
        _find(settings.recogniser, rec_names, where, "recogniser"),
    )


def load_models(settings: ModelSettings) -> Models:
    det_path, rec_path = resolve_paths(settings)
    if settings.threads == 1:
        cv2.setNumThreads(1)  # YuNet, resizing and JPEG encoding: stay on the one core the camera was given
    detector: Detector
    if "yunet" in det_path.name.lower():
        detector = YuNetDetector(det_path, settings)
    else:
        detector = ScrfdDetector(det_path, settings)
    embedder = ArcFaceEmbedder(rec_path, settings)
    log.info("models: detector %s, recogniser %s (%d-d)", det_path, embedder.name, embedder.dim)
    return Models(detector, embedder)
