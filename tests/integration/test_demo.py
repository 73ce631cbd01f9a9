"""README's first command, headless: the demo office is seeded, printed, and usable at once (the engine knows it)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from shared.domain import UnitStatus
from shared.protocol.messages.catalog import BoardRequest
from shared.protocol.messages.sales import HoldRequest, MyUnitsRequest
from tests.integration.test_process import free_port

pytestmark = pytest.mark.slow


def pair_of_ports() -> int:
    """The demo takes --port for commands and the next one for events: both must be free."""
    for _ in range(50):
        port = free_port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise AssertionError("no two free ports in a row")


def server_log(data_dir: Path) -> str:
    log = data_dir / "logs" / "server.log"
    return log.read_text("utf-8")[-3000:] if log.exists() else "(no server log)"


def test_headless_demo_is_ready_to_sell(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    port = pair_of_ports()
    env = {k: v for k, v in os.environ.items() if k != "SHOWROOM_DATABASE_URL"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "showroom", "demo", "--headless", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        credentials = data_dir / "demo-credentials.json"
        deadline = time.monotonic() + 120
        while not credentials.exists():
            assert proc.poll() is None, f"the demo exited:\n{server_log(data_dir)}"
            assert time.monotonic() < deadline, "the demo never became ready"
            time.sleep(0.2)
        passwords = json.loads(credentials.read_text("utf-8"))
        with SyncClient(Pairing.load(data_dir / "pairing.json")) as consultant:
            consultant.login("consultant", passwords["consultant"])
            project = consultant.call("projects.list").projects[0]
            assert project.name == "云栖湾"
            units = consultant.call("board.snapshot", BoardRequest(project_id=project.id)).units
            assert len(units) == 144
            statuses = {u.status for u in units}
            assert {UnitStatus.AVAILABLE, UnitStatus.HELD, UnitStatus.SOLD} <= statuses
            assert all(u.holder_name for u in units if u.status is UnitStatus.HELD)
            free = next(u for u in units if u.status is UnitStatus.AVAILABLE)
            held = consultant.call("units.hold", HoldRequest(unit_id=free.id, customer_name="演示客户"))
            assert held.status is UnitStatus.HELD
            assert free.id in {u.id for u in consultant.call("units.mine", MyUnitsRequest()).units}
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        assert "manager" in out and passwords["manager"] in out and "pairing" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
