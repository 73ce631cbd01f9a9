"""Many clients at once on the same few units, through the real server: the audit trail of every unit is one
unbroken chain of allowed transitions (no lost update, never two owners), and replayed keys get the same answer."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import msgspec
import sqlalchemy as sa

from client.net.sync_client import RemoteError, SyncClient
from server.config import Settings
from server.engine.rules import DIRECT, MOVES, OWNED
from shared.domain import Role, UnitStatus
from shared.protocol.messages.catalog import SetUnitStatusRequest
from shared.protocol.messages.sales import HoldRequest, SubscribeRequest, UnitActionRequest
from tests.factories import project_with_units

ROUNDS = 40


def attempt(client: SyncClient, command: str, payload: msgspec.Struct, key: str) -> tuple[str, Any]:
    try:
        return "ok", msgspec.to_builtins(client.call(command, payload, idem=key))
    except RemoteError as err:
        return "error", (err.body.code, err.body.message)


def worker(client: SyncClient, units: list[int], seed: int, failures: list[str]) -> None:
    rng = random.Random(seed)
    sent: list[tuple[str, msgspec.Struct, str, tuple[str, Any]]] = []
    for _ in range(ROUNDS):
        if sent and rng.random() < 0.2:
            command, payload, key, first = rng.choice(sent)
            again = attempt(client, command, payload, key)
            if again != first:
                failures.append(f"replayed {command} {key}: {first} then {again}")
            continue
        unit = rng.choice(units)
        command, payload = rng.choice(
            [
                ("units.hold", HoldRequest(unit_id=unit, minutes=5)),
                ("units.release", UnitActionRequest(unit_id=unit)),
                ("units.subscribe", SubscribeRequest(unit_id=unit, customer_name="客", deposit=Decimal(1000))),
                ("units.cancel", UnitActionRequest(unit_id=unit, reason="并发测试")),
            ]
        )
        key = uuid.uuid4().hex
        sent.append((command, payload, key, attempt(client, command, payload, key)))


def test_concurrent_clients_never_break_a_unit(login: Callable[..., SyncClient], settings: Settings) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    _, infos = project_with_units(admin, floors=1, per_floor=5)
    units = [u.id for u in infos]
    for u in units:
        manager.call("units.set_status", SetUnitStatusRequest(unit_id=u, status=UnitStatus.AVAILABLE))
    clients = [login(Role.CONSULTANT) for _ in range(6)] + [manager]
    failures: list[str] = []
    threads = [
        threading.Thread(target=worker, args=(c, units, seed, failures)) for seed, c in enumerate(clients, start=1)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures, failures[:5]

    engine = sa.create_engine(settings.database_url or "")
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT target_id::int, command, before, after FROM audit_log"
                    " WHERE target_type = 'unit' AND target_id = ANY(:ids) ORDER BY id"
                ),
                {"ids": [str(u) for u in units]},
            ).all()
            final = dict(
                conn.execute(sa.text("SELECT id, version FROM units WHERE id = ANY(:ids)"), {"ids": units}).all()
            )
    finally:
        engine.dispose()
    changes = 0
    last: dict[int, dict[str, Any]] = {}
    for unit, command, before, after in rows:
        if unit in last:
            # Each change starts exactly where the previous one ended: decisions were serial, none lost.
            assert before == last[unit], (unit, command, before, last[unit])
        src, dst = UnitStatus(before["status"]), UnitStatus(after["status"])
        assert after["version"] == before["version"] + 1
        if command == "units.set_status":
            assert (src, dst) in DIRECT
        else:
            sources, target = MOVES[next(a for a in MOVES if a.value == command)]
            assert src in sources and dst is target, (command, src, dst)
        # An owned unit keeps its owner until it is freed: never handed from one consultant to another.
        if src in OWNED and dst in OWNED:
            assert after["holder_id"] == before["holder_id"], (unit, command, before, after)
        last[unit] = after
        changes += 1
    assert changes > len(units) * 3, "the clients hardly changed anything: the test proves little"
    for unit, after in last.items():
        assert final[unit] == after["version"]
