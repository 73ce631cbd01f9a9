"""`showroom demo`: the server with demo data in one process, the client window in this one."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from server.app import READY_FILE
from server.demo import CREDENTIALS_FILE, default_demo_dir, run_headless


def run_demo(args: argparse.Namespace) -> int:
    data_dir: Path = (args.data_dir or default_demo_dir()).resolve()
    if args.headless:
        return run_headless(data_dir, args.port)
    return _demo_with_client(data_dir, args.port)


def _demo_with_client(data_dir: Path, port: int) -> int:
    """The server runs in its own process, so the window never competes with it for the GIL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / READY_FILE).unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "showroom", "demo", "--headless", "--data-dir", str(data_dir), "--port", str(port)]
    server = subprocess.Popen(cmd)
    try:
        ready = _wait_ready(data_dir, server)
        passwords = json.loads((data_dir / CREDENTIALS_FILE).read_text("utf-8"))
        from client.app import main as client_main  # Qt is loaded only when a window is wanted

        env_password = os.environ.get("SHOWROOM_PASSWORD")
        os.environ["SHOWROOM_PASSWORD"] = passwords["manager"]
        try:
            return int(client_main(["--pairing", ready["pairing"], "--user", "manager"]))
        finally:
            if env_password is None:
                os.environ.pop("SHOWROOM_PASSWORD", None)
            else:
                os.environ["SHOWROOM_PASSWORD"] = env_password
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_ready(data_dir: Path, server: subprocess.Popen[bytes]) -> dict[str, str]:
    deadline = time.monotonic() + 180
    ready_file = data_dir / READY_FILE
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the demo server exited with code {server.returncode}; see {data_dir / 'logs'}")
        if ready_file.exists() and (data_dir / CREDENTIALS_FILE).exists():
            ready: dict[str, str] = json.loads(ready_file.read_text("utf-8"))
            if int(ready["pid"]) == server.pid:
                return ready
        time.sleep(0.2)
    raise SystemExit("the demo server did not start within 180 s")
