"""The engine's writer thread: a lost transaction is never acknowledged, and the engine goes on from what is durable."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg2.extensions
import pytest
from psycopg2.errorcodes import DEADLOCK_DETECTED
from sqlalchemy import TextClause, text
from sqlalchemy.exc import OperationalError

from client.net.buyer import BuyerClient
from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from server.app import ServerApp
from server.engine import fairness
from server.engine.journal import log_rows
from shared.domain import OpeningStatus, PickOutcome, Role, UnitStatus
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.catalog import SetUnitStatusRequest, UnitRef
from shared.protocol.messages.opening import OpeningRef
from shared.protocol.messages.sales import HoldRequest
from tests.factories import buyer_login, opening, project_with_units

# In the order the engine's own transactions touch them (its writer and its state loader), so the test's DDL does
# not make a lock cycle with them; a deadlock is retried all the same.
TABLES = ("opening_log", "engine_decisions")
FAIL = "BEGIN RAISE EXCEPTION 'injected write failure'; END"
PASS = "BEGIN RETURN NULL; END"


def _trigger_function(body: str) -> TextClause:
    return text(f"CREATE OR REPLACE FUNCTION test_writes_fail() RETURNS trigger LANGUAGE plpgsql AS $$ {body} $$")


@contextmanager
def writes_fail(server: ServerApp) -> Iterator[None]:
    """Every transaction that records an engine decision fails (as a full disk or a lost connection would): its
    stored reply, or for a pick its fairness-log row, which holds the reply."""
    assert server.database is not None
    with server.database.engine.begin() as db:
        db.execute(_trigger_function(FAIL))
        for table in TABLES:
            db.execute(
                text(
                    f"CREATE TRIGGER test_writes_fail BEFORE INSERT ON {table}"
                    " FOR EACH STATEMENT EXECUTE FUNCTION test_writes_fail()"
                )
            )
    try:
        yield
    finally:
        # Writes succeed again at once: replacing the function takes no lock on the tables the server is busy with.
        with server.database.engine.begin() as db:
            db.execute(_trigger_function(PASS))
        for attempt in range(20):
            try:
                with server.database.engine.begin() as db:
                    for table in TABLES:
                        db.execute(text(f"DROP TRIGGER test_writes_fail ON {table}"))
                    db.execute(text("DROP FUNCTION test_writes_fail()"))
                break
            except OperationalError as err:
                if getattr(err.orig, "pgcode", None) != DEADLOCK_DETECTED or attempt == 19:
                    raise
                time.sleep(0.1)


def durable(server: ServerApp, idem: str) -> bool:
    assert server.database is not None
    with server.database.engine.connect() as db:
        decided = db.execute(text("SELECT count(*) FROM engine_decisions WHERE idem_key = :k"), {"k": idem}).scalar()
        audited = db.execute(text("SELECT count(*) FROM audit_log WHERE idem_key = :k"), {"k": idem}).scalar()
    assert decided == audited, "a decision and its audit row are written together or not at all"
    return bool(decided)


def available(manager: SyncClient, unit_ids: list[int]) -> None:
    for unit_id in unit_ids:
        manager.call("units.set_status", SetUnitStatusRequest(unit_id=unit_id, status=UnitStatus.AVAILABLE))


def test_a_lost_transaction_is_refused_forgotten_and_retried(
    server: ServerApp, login: Callable[..., SyncClient]
) -> None:
    admin, manager, alice = login(Role.ADMIN), login(Role.SALES_MANAGER), login(Role.CONSULTANT)
    _, units = project_with_units(admin, floors=1, per_floor=2)
    unit = units[0].id
    available(manager, [unit])
    key = uuid.uuid4().hex
    with writes_fail(server):
        with pytest.raises(RemoteError) as info:
            alice.call("units.hold", HoldRequest(unit_id=unit, customer_name="王先生"), idem=key)
        assert info.value.code is ErrorCode.INTERNAL
        assert not durable(server, key)
        # The engine rebuilt its state from the database: the refused hold is not in memory either.
        assert manager.call("units.get", UnitRef(unit_id=unit)).status is UnitStatus.AVAILABLE
    # The client's retry with the same key is decided afresh, and its own retry gets that first answer.
    held = alice.call("units.hold", HoldRequest(unit_id=unit, customer_name="王先生"), idem=key)
    assert held.status is UnitStatus.HELD and durable(server, key)
    again = alice.call("units.hold", HoldRequest(unit_id=unit, customer_name="王先生"), idem=key)
    assert again.version == held.version
    assert manager.call("units.get", UnitRef(unit_id=units[1].id)).status is UnitStatus.NOT_RELEASED
    # The writer's connections (the lost one, and the fresh one after it) say BEGIN and COMMIT themselves, in
    # autocommit: that mode never reaches the pool every other part of the server takes its connections from.
    assert server.database is not None
    pool = server.database.engine.pool
    taken = [pool.connect() for _ in range(pool.size())]  # type: ignore[attr-defined]
    try:
        assert not any(c.dbapi_connection.autocommit for c in taken)
    finally:
        for c in taken:
            c.close()
    # And the writer's own connection really is in autocommit: psycopg2 sent no BEGIN before the writer's (PostgreSQL
    # would have warned of a transaction already in progress), and it leaves no transaction open: its backend is
    # idle once the writer has nothing to do (polled: a timed engine task may be committing just then).
    writer = server._reservations._committer._conn
    assert isinstance(writer, psycopg2.extensions.connection) and writer.autocommit
    assert not [n for n in writer.notices if "already a transaction in progress" in n], writer.notices
    deadline = time.monotonic() + 5
    with server.database.engine.connect() as db:
        state = "?"
        while state != "idle":
            assert time.monotonic() < deadline, f"the writer's backend stays {state!r}"
            time.sleep(0.05)
            db.rollback()  # pg_stat_activity is a snapshot per transaction
            pid = {"p": writer.info.backend_pid}
            state = db.execute(text("SELECT state FROM pg_stat_activity WHERE pid = :p"), pid).scalar()


def test_under_concurrent_load_acknowledged_means_durable_and_refused_means_absent(
    server: ServerApp, login: Callable[..., SyncClient]
) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    consultants = [login(Role.CONSULTANT) for _ in range(4)]
    _, units = project_with_units(admin, floors=4, per_floor=10)
    unit_ids = [u.id for u in units]
    available(manager, unit_ids)
    outcomes: dict[str, tuple[int, ErrorCode | None]] = {}
    lock = threading.Lock()
    go = threading.Barrier(len(consultants) + 1)

    def hold_all(client: SyncClient, mine: list[int]) -> None:
        go.wait()
        for unit_id in mine:
            key = uuid.uuid4().hex
            try:
                client.call("units.hold", HoldRequest(unit_id=unit_id), idem=key)
                result = None
            except RemoteError as err:
                result = err.code
            with lock:
                outcomes[key] = (unit_id, result)

    threads = [
        threading.Thread(target=hold_all, args=(c, unit_ids[k :: len(consultants)])) for k, c in enumerate(consultants)
    ]
    with writes_fail(server):
        for t in threads:
            t.start()
        go.wait()
        time.sleep(0.05)  # part of the burst is decided while every transaction fails, part after
    for t in threads:
        t.join()
    assert len(outcomes) == len(unit_ids)
    assert {code for _, code in outcomes.values()} <= {None, ErrorCode.INTERNAL}
    for key, (unit_id, code) in outcomes.items():
        status = manager.call("units.get", UnitRef(unit_id=unit_id)).status
        if code is None:
            assert durable(server, key) and status is UnitStatus.HELD
        else:
            assert not durable(server, key) and status is UnitStatus.AVAILABLE


def wait_running(manager: SyncClient, opening_id: int) -> None:
    deadline = time.monotonic() + 10
    while manager.call("openings.stats", OpeningRef(opening_id=opening_id)).opening.status is not OpeningStatus.RUNNING:
        assert time.monotonic() < deadline, "the opening never started"
        time.sleep(0.05)


def test_a_lost_pick_leaves_no_trace_in_the_fairness_log(
    server: ServerApp, login: Callable[..., SyncClient], pairing: Pairing
) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=1, per_floor=2)
    unit_ids = [u.id for u in units]
    info = opening(manager, project_id, unit_ids, 2, starts_in=0.5)
    wait_running(manager, info.id)
    first, second = BuyerClient(pairing, info.id), BuyerClient(pairing, info.id)
    try:
        first.login(*buyer_login(0))
        second.login(*buyer_login(1))
        key = uuid.uuid4().hex
        with writes_fail(server):
            with pytest.raises(RemoteError) as err:
                first.pick([unit_ids[0]], idem=key)
            assert err.value.code is ErrorCode.INTERNAL
        # The unit the lost pick had taken is free again: the second buyer gets it; the retry gets the next one.
        assert second.pick([unit_ids[0]]).unit_id == unit_ids[0]
        retried = first.pick([unit_ids[0], unit_ids[1]], idem=key)
        assert retried.outcome is PickOutcome.ALLOCATED and retried.unit_id == unit_ids[1]
    finally:
        first.close()
        second.close()
    assert server.database is not None
    raw = server.database.engine.raw_connection()
    try:
        rows = log_rows(raw, info.id)
    finally:
        raw.close()
    picks = [rec for rec, _, _ in rows if rec["kind"] == "pick"]
    assert [p["unit_id"] for p in picks] == [unit_ids[0], unit_ids[1]]
    verdict = fairness.verify(rows, {p["buyer_id"]: 1 for p in picks})
    assert verdict.ok, verdict.problems


def test_an_idempotency_key_postgresql_cannot_store_is_refused_at_the_door(
    server: ServerApp, login: Callable[..., SyncClient], pairing: Pairing
) -> None:
    """A NUL character cannot go into a PostgreSQL text column: a key with one would fail the transaction of the
    whole batch it was decided in, again on every retry, and with it everybody else's commands."""
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=1, per_floor=2)
    info = opening(manager, project_id, [u.id for u in units], 2, starts_in=0.5)
    wait_running(manager, info.id)
    buyer = BuyerClient(pairing, info.id)
    try:
        buyer.login(*buyer_login(0))
        for bad in ("key\x00with-nul", "key\twith-tab", "key\nwith-newline"):
            with pytest.raises(RemoteError) as err:
                buyer.pick([units[0].id], idem=bad)
            assert err.value.code is ErrorCode.INVALID_PAYLOAD
        assert buyer.pick([units[0].id], idem="选房-幂等键-0001").outcome is PickOutcome.ALLOCATED
    finally:
        buyer.close()
