"""The `showroom admin` sub-commands of the faces family (argument parsing only: nothing heavy is imported)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

FACE_COMMANDS = ("camera-add", "camera-remove", "calibrate-faces", "purge-faces")


def add_face_commands(
    admin_sub: Any, server_options: Callable[[argparse.ArgumentParser], None], run: Callable[..., int]
) -> None:
    add = admin_sub.add_parser("camera-add", help="register a camera (or renew its secret) and write its camera file")
    server_options(add)
    add.add_argument("camera_id", help="e.g. entrance-1 (lower-case letters, digits, - and _)")
    add.add_argument("--location", required=True, choices=["entrance", "hall", "signing_room"])
    add.add_argument("--direction", default="in", choices=["in", "out", "both"])
    add.add_argument("--source", default="0", help="USB index, rtsp:// or http:// URL, video file or image folder")
    add.add_argument("--host", help="host name or IP the camera uses to reach this server")
    add.add_argument("--port", type=int, default=7310, help="the server's command port")
    add.add_argument("--out", type=Path, help="write the camera file here (mode 0600) instead of printing it")
    remove = admin_sub.add_parser("camera-remove", help="deactivate a camera: its token stops working")
    server_options(remove)
    remove.add_argument("camera_id")
    calibrate = admin_sub.add_parser(
        "calibrate-faces", help="measure TAR at FAR 1e-2 / 1e-3 on a labelled folder and store the thresholds"
    )
    server_options(calibrate)
    calibrate.add_argument("folder", type=Path, help="one sub-folder of photos per person")
    calibrate.add_argument("--models-dir", type=Path, help="default: $SHOWROOM_MODELS_DIR")
    calibrate.add_argument("--pack", help="an insightface pack folder inside the models folder")
    calibrate.add_argument("--detector")
    calibrate.add_argument("--recogniser")
    calibrate.add_argument("--dry-run", action="store_true", help="print the report, store nothing")
    purge = admin_sub.add_parser("purge-faces", help="delete face data past its retention window now")
    server_options(purge)
    for parser in (add, remove, calibrate, purge):
        parser.set_defaults(func=run)
