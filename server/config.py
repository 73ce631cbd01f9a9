"""The server's settings: one typed object, built once from flags and environment, passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "SHOWROOM_DATA_DIR"
ENV_DATABASE_URL = "SHOWROOM_DATABASE_URL"


def default_data_dir() -> Path:
    return Path(os.environ.get(ENV_DATA_DIR) or platformdirs.user_data_dir("showroom", appauthor=False))


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    # None: run the embedded PostgreSQL in `data_dir/pg`. A URL: use that server (production).
    database_url: str | None = None
    host: str = "0.0.0.0"  # noqa: S104 - sales-office PCs connect over the LAN; CURVE protects the sockets
    command_port: int = 7310
    event_port: int = 7311
    # Address clients should use, written into the pairing file; defaults to this machine's name.
    public_host: str | None = None
    workers: int = 4
    heartbeat_ms: int = 1000
    session_hours: float = 12.0
    session_idle_minutes: float = 120.0
    lockout_failures: int = 5
    lockout_minutes: float = 15.0
    server_name: str = "Showroom"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pg"

    @classmethod
    def from_env(cls, data_dir: Path | None = None, **overrides: object) -> Settings:
        url = os.environ.get(ENV_DATABASE_URL) or None
        base = cls(data_dir=(data_dir or default_data_dir()).resolve(), database_url=url)
        return cls(**{**{f: getattr(base, f) for f in cls.__slots__}, **overrides})
