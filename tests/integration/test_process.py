"""The real `showroom` command as IT runs it: embedded PostgreSQL, admin commands, SIGTERM, kill -9."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from shared.domain import UnitStatus
from shared.protocol.errors import ErrorCode
from shared.protocol.messages import catalog

PASSWORD = "Durable-2026"
pytestmark = pytest.mark.slow


def showroom(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SHOWROOM_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "showroom", *args, "--data-dir", str(data_dir)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path, ports: tuple[int, int] = (0, 0)) -> subprocess.Popen[str]:
    (data_dir / "server.ready.json").unlink(missing_ok=True)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "showroom",
            "server",
            "--data-dir",
            str(data_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(ports[0]),
            "--event-port",
            str(ports[1]),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "SHOWROOM_DATABASE_URL"},
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        ready = data_dir / "server.ready.json"
        if ready.exists() and json.loads(ready.read_text())["pid"] == proc.pid:
            return proc
        assert proc.poll() is None, "server exited during start"
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not become ready")


def postgres_running(data_dir: Path) -> bool:
    for p in psutil.process_iter(["name", "cmdline"]):
        if p.info["name"] == "postgres" and str(data_dir / "pg") in " ".join(p.info["cmdline"] or []):
            return True
    return False


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "office"
    path.mkdir()
    yield path
    if postgres_running(path):  # never leave a database server behind, even when a test fails
        subprocess.run(
            [sys.executable, "-m", "showroom", "admin", "migrate", "--data-dir", str(path)],
            capture_output=True,
            timeout=60,
            check=False,
        )
        from server.db.embedded import EmbeddedPostgres

        pg = EmbeddedPostgres(path / "pg")
        pg.start()
        pg.stop()


def test_admin_create_user_then_serve_then_sigterm(data_dir: Path) -> None:
    created = showroom(
        "admin",
        "create-user",
        "wanglei",
        "--role",
        "admin",
        "--name",
        "王磊",
        "--password-stdin",
        data_dir=data_dir,
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    assert not postgres_running(data_dir), "an admin command must stop the PostgreSQL it started"
    weak = showroom(
        "admin",
        "create-user",
        "weak",
        "--role",
        "admin",
        "--name",
        "弱",
        "--password-stdin",
        data_dir=data_dir,
        stdin="short\n",
    )
    assert weak.returncode == 1 and "Password policy" in weak.stderr

    proc = start_server(data_dir)
    try:
        with SyncClient(Pairing.load(data_dir / "pairing.json")) as client:
            reply = client.login("wanglei", PASSWORD)
            assert reply.user.must_change_password is True
            assert client.call("auth.whoami").username == "wanglei"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not postgres_running(data_dir), "SIGTERM must stop the embedded PostgreSQL"
    assert not (data_dir / "server.ready.json").exists()
    assert "stopped" in (data_dir / "logs" / "server.log").read_text("utf-8")

    pairing = showroom("admin", "pairing", "--host", "sales-office-pc", data_dir=data_dir)
    doc = json.loads(pairing.stdout)
    assert doc["command_endpoint"] == "tcp://sales-office-pc:7310"
    assert doc["server_public_key"] == Pairing.load(data_dir / "pairing.json").server_public_key.decode()


def test_acknowledged_change_survives_kill_9(data_dir: Path) -> None:
    assert (
        showroom(
            "admin",
            "create-user",
            "chenjing",
            "--role",
            "sales_manager",
            "--name",
            "陈静",
            "--password-stdin",
            data_dir=data_dir,
            stdin=PASSWORD + "\n",
        ).returncode
        == 0
    )
    assert (
        showroom(
            "admin",
            "create-user",
            "wanglei",
            "--role",
            "admin",
            "--name",
            "王磊",
            "--password-stdin",
            data_dir=data_dir,
            stdin=PASSWORD + "\n",
        ).returncode
        == 0
    )
    from server.excel.units import build_template

    ports = (free_port(), free_port())  # the restarted server must be where the client expects it
    proc = start_server(data_dir, ports)
    try:
        with SyncClient(Pairing.load(data_dir / "pairing.json")) as admin:
            admin.login("wanglei", PASSWORD)
            project = admin.call("projects.create", catalog.CreateProjectRequest(name="云栖湾"))
            admin.call(
                "units.import",
                catalog.ImportUnitsRequest(project_id=project.id, filename="t.xlsx", content=build_template()),
            )
        with SyncClient(Pairing.load(data_dir / "pairing.json"), timeout_ms=3000) as manager:
            manager.login("chenjing", PASSWORD)
            unit = manager.call("board.snapshot", catalog.BoardRequest(project_id=project.id)).units[0]
            idem = "kill-9-test-key-0001"
            make_available = catalog.SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.AVAILABLE)
            changed = manager.call("units.set_status", make_available, idem=idem)
            proc.kill()  # SIGKILL right after the acknowledgement
            proc.wait(timeout=30)
            proc = start_server(data_dir, ports)
            # The session and the change are both there; a retry with the same key gets the same answer.
            again = manager.call("units.set_status", make_available, idem=idem)
            assert again == changed
            after = manager.call("units.get", catalog.UnitRef(unit_id=unit.id))
            assert after.status is UnitStatus.AVAILABLE and after.version == unit.version + 1
            with pytest.raises(RemoteError) as err:
                manager.call(
                    "units.set_status",
                    catalog.SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.SOLD, expected_version=1),
                )
            assert err.value.code is ErrorCode.CONFLICT
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
