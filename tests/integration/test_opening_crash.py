"""An opening's server is killed with SIGKILL mid-rush: every acknowledged decision survives, nothing is sold twice,
and buyers recover by resending the very same requests (same idempotency keys)."""

from __future__ import annotations

import signal
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
import zmq

from client.net.buyer import login_envelope, pick_envelope
from client.net.pairing import Pairing
from client.net.sync_client import SyncClient, secure_socket
from server.engine import fairness
from shared.domain import OpeningMode, OpeningStatus, PickOutcome
from shared.protocol.envelope import REPLY, decode_body, decode_envelope, encode, utcnow
from shared.protocol.messages.catalog import BoardRequest, CreateProjectRequest, ImportUnitsRequest
from shared.protocol.messages.opening import (
    BuyerSession,
    CreateOpeningRequest,
    ExportLogRequest,
    ImportBuyersRequest,
    OpeningRef,
    PickResult,
)
from tests.factories import buyer_login, buyers_xlsx, units_xlsx
from tests.integration.test_process import PASSWORD, data_dir, free_port, showroom, start_server

__all__ = ["data_dir"]  # the fixture, imported for its side of pytest
pytestmark = pytest.mark.slow
BUYERS = 500
UNITS = 200


class Buyers:
    """BUYERS DEALER sockets, one per buyer, driven from one thread with a poller."""

    def __init__(self, pairing: Pairing) -> None:
        self.ctx: zmq.Context[Any] = zmq.Context()
        self.ctx.set(zmq.MAX_SOCKETS, BUYERS + 100)
        self.socks = []
        for _ in range(BUYERS):
            sock = secure_socket(self.ctx, zmq.DEALER, pairing.server_public_key)
            sock.connect(pairing.command_endpoint)
            self.socks.append(sock)
        self.poller = zmq.Poller()
        for sock in self.socks:
            self.poller.register(sock, zmq.POLLIN)
        self.index = {sock: i for i, sock in enumerate(self.socks)}

    def close(self) -> None:
        for sock in self.socks:
            sock.close()
        self.ctx.term()

    def exchange(self, requests: dict[int, bytes], want: int, timeout: float) -> dict[int, bytes]:
        """Sends each buyer's request, returns reply bodies by buyer as they come (stops at `want` replies)."""
        for i, data in requests.items():
            self.socks[i].send(data)
        replies: dict[int, bytes] = {}
        deadline = time.monotonic() + timeout
        while len(replies) < want and time.monotonic() < deadline:
            for sock, _ in self.poller.poll(100):
                env = decode_envelope(sock.recv())
                assert env.type == REPLY, msgspec.json.encode(env.body)
                replies[self.index[sock]] = bytes(env.body)
        return replies


def test_kill_9_in_the_middle_of_an_opening(data_dir: Path) -> None:
    for user, role in (("wanglei", "admin"), ("chenjing", "sales_manager")):
        args = ("admin", "create-user", user, "--role", role, "--name", user, "--password-stdin")
        assert showroom(*args, data_dir=data_dir, stdin=PASSWORD + "\n").returncode == 0
    ports = (free_port(), free_port())
    proc = start_server(data_dir, ports)
    pairing = Pairing.load(data_dir / "pairing.json")
    buyers = Buyers(pairing)
    try:
        with SyncClient(pairing) as admin, SyncClient(pairing, timeout_ms=5000) as manager:
            admin.login("wanglei", PASSWORD)
            manager.login("chenjing", PASSWORD)
            project = admin.call("projects.create", CreateProjectRequest(name="崩溃测试"))
            content = units_xlsx(buildings=2, floors=10, per_floor=UNITS // 20)
            admin.call("units.import", ImportUnitsRequest(project_id=project.id, filename="u.xlsx", content=content))
            unit_ids = [u.id for u in admin.call("board.snapshot", BoardRequest(project_id=project.id)).units]
            assert len(unit_ids) == UNITS
            starts = utcnow() + timedelta(seconds=4)
            info = manager.call(
                "openings.create",
                CreateOpeningRequest(
                    project_id=project.id, name="崩溃", mode=OpeningMode.RUSH, starts_at=starts, unit_ids=unit_ids
                ),
            )
            manager.call(
                "openings.import_buyers",
                ImportBuyersRequest(opening_id=info.id, filename="b.xlsx", content=buyers_xlsx(BUYERS)),
            )
            logins = {i: encode(login_envelope(info.id, *buyer_login(i))) for i in range(BUYERS)}
            sessions = buyers.exchange(logins, BUYERS, timeout=60)
            tokens = {i: decode_body(msgspec.Raw(b), BuyerSession).token for i, b in sessions.items()}
            assert len(tokens) == BUYERS
            # Overlapping wishes: everyone names 3 units from the first 60, so most first choices collide.
            picks = {
                i: encode(
                    pick_envelope(
                        tokens[i], [unit_ids[(i * 7) % 60], unit_ids[(i * 11 + 3) % 60], unit_ids[60 + i % 140]]
                    )
                )
                for i in range(BUYERS)
            }
            while utcnow() < starts + timedelta(milliseconds=200):
                time.sleep(0.02)
            # The first half picks before the kill; the second half only reaches the restarted server.
            first_half = {i: data for i, data in picks.items() if i % 2 == 0}
            acknowledged = buyers.exchange(first_half, want=50, timeout=30)
            proc.kill()  # SIGKILL with decisions acknowledged, in flight and not yet read
            proc.wait(timeout=30)
            killed_at = utcnow()
            assert len(acknowledged) >= 50
            proc = start_server(data_dir, ports)
            # Every buyer resends the very same pick (the acknowledged ones too, as a client that lost the reply
            # would): the answers already given come back unchanged, the others are decided now, once.
            answers = buyers.exchange(picks, want=BUYERS, timeout=60)
            assert len(answers) == BUYERS, f"{BUYERS - len(answers)} buyers never got an answer"
            for i, body in acknowledged.items():
                assert answers[i] == body, f"buyer {i} got a different answer after the crash"
            results = {i: decode_body(msgspec.Raw(b), PickResult) for i, b in answers.items()}
            won = [r.unit_id for r in results.values() if r.outcome is PickOutcome.ALLOCATED]
            assert len(won) == len(set(won)), "a unit was allocated twice"
            assert len(won) == min(BUYERS, UNITS) or all(
                r.outcome in (PickOutcome.ALLOCATED, PickOutcome.TAKEN, PickOutcome.CLOSED) for r in results.values()
            )
            log = manager.call("openings.export_log", ExportLogRequest(opening_id=info.id, format="json"))
            rows = fairness.from_json(log.content)
            verdict = fairness.verify(rows, {b: 1 for b in range(1, BUYERS + 1)})
            picks = [rec for rec, _, _ in rows if rec["kind"] == "pick"]
            after = sum(1 for rec in picks if datetime.fromisoformat(rec["at"]) > killed_at)
            assert after >= BUYERS // 2, f"only {after} picks were decided after the restart"
            assert verdict.ok, verdict.problems[:5]
            assert verdict.allocated == len(won)
            # The database agrees: every allocated unit is held for exactly the buyer the log names.
            stats = manager.call("openings.stats", OpeningRef(opening_id=info.id))
            assert stats.sold == len(won)
            assert stats.opening.status in (OpeningStatus.RUNNING, OpeningStatus.CLOSED)
            exported = data_dir.parent / "fairness.json"
            exported.write_bytes(log.content)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        # IT checks the opening afterwards, from the database and from the exported file.
        checked = showroom("admin", "verify-opening", str(info.id), data_dir=data_dir)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "OK" in checked.stdout and "quotas kept" in checked.stdout
        assert showroom("admin", "verify-opening", "--file", str(exported), data_dir=data_dir).returncode == 0
        # One changed byte of evidence (a buyer swapped in a decision) is found.
        tampered = exported.read_text("utf-8").replace('"buyer_id": 2,', '"buyer_id": 3,', 1)
        assert tampered != exported.read_text("utf-8")
        exported.write_text(tampered, "utf-8")
        bad = showroom("admin", "verify-opening", "--file", str(exported), data_dir=data_dir)
        assert bad.returncode == 1 and "hash does not match" in bad.stdout
    finally:
        buyers.close()
        if proc.poll() is None:
            proc.kill()
