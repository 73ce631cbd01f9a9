"""`showroom camera`: run one camera (the camera file from `showroom admin camera-add`, flags override it)."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import signal
import sys
from pathlib import Path
from types import FrameType

from camera.config import ConfigError, load_camera_file
from camera.sources import SourceError

log = logging.getLogger(__name__)
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="showroom camera", description="Showroom face camera 人脸摄像头")
    p.add_argument("--config", type=Path, required=True, help="the camera file written by `admin camera-add`")
    p.add_argument("--source", help="USB index (0), rtsp:// or http:// URL, a video file, or a folder of images")
    p.add_argument("--models-dir", type=Path, help="folder of ONNX models (default: $SHOWROOM_MODELS_DIR)")
    p.add_argument("--pack", help="an insightface pack folder inside the models folder (e.g. buffalo_sc)")
    p.add_argument("--detector", help="detector file (det_500m.onnx, det_2.5g.onnx, face_detection_yunet_*.onnx)")
    p.add_argument("--recogniser", help="recogniser file (e.g. mobilefacenet_128d.onnx, w600k_mbf.onnx)")
    p.add_argument("--data-dir", type=Path, help="where the spool and logs go (default: the OS's data folder)")
    pace = p.add_mutually_exclusive_group()
    pace.add_argument("--realtime", dest="realtime", action="store_true", default=None, help="pace a file")
    pace.add_argument("--no-realtime", dest="realtime", action="store_false", help="read a file as fast as possible")
    p.add_argument("--folder-interval", type=float, help="seconds between the images of a folder source (default 1)")
    p.add_argument("--keep-running", action="store_true", help="stay up after a file or folder ends")
    p.add_argument("--drain-timeout", type=float, default=30.0, help="seconds to wait for the spool at exit")
    return p


def setup_logging(log_dir: Path) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    handlers: list[logging.Handler] = [
        logging.StreamHandler(),
        logging.handlers.RotatingFileHandler(
            log_dir / "camera.log", maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8"
        ),
    ]
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from camera.service import CameraService

    try:
        settings = load_camera_file(
            args.config,
            source=args.source,
            data_dir=args.data_dir,
            realtime=args.realtime,
            folder_interval_s=args.folder_interval,
            models_dir=args.models_dir,
            pack=args.pack,
            detector=args.detector,
            recogniser=args.recogniser,
        )
        setup_logging(settings.data_dir / "logs")
        service = CameraService(settings)
    except ConfigError as exc:
        print(f"showroom camera: {exc}", file=sys.stderr)
        return 2

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("signal %s: stopping", signal.Signals(signum).name)
        service.stop()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    log.info("camera %s (%s) starting", settings.camera_id, settings.location)
    try:
        return service.run(exit_at_end=not args.keep_running, drain_timeout_s=args.drain_timeout)
    except SourceError as exc:
        log.error("%s", exc)
        return 2
