"""The reservation engine through the real server: the unit state machine, record-level rules, audit, openings."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from client.net.buyer import BuyerClient
from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from server.app import ServerApp
from server.engine import runner
from shared.domain import OpeningStatus, PickOutcome, Role, UnitStatus
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.catalog import BoardRequest, SetUnitStatusRequest, UnitRef
from shared.protocol.messages.opening import OpeningRef
from shared.protocol.messages.sales import HoldRequest, MyUnitsRequest, SubscribeRequest, UnitActionRequest
from tests.factories import buyer_login, opening, project_with_units


def refused(fn: Callable[[], object]) -> ErrorCode:
    with pytest.raises(RemoteError) as info:
        fn()
    return info.value.body.code


def release(manager: SyncClient, unit_id: int) -> None:
    manager.call("units.set_status", SetUnitStatusRequest(unit_id=unit_id, status=UnitStatus.AVAILABLE))


def wait_status(manager: SyncClient, opening_id: int, status: OpeningStatus, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while manager.call("openings.stats", OpeningRef(opening_id=opening_id)).opening.status is not status:
        assert time.monotonic() < deadline, f"opening never became {status}"
        time.sleep(0.05)


def test_hold_subscribe_sign_cancel(login: Callable[..., SyncClient]) -> None:
    admin, manager, finance = login(Role.ADMIN), login(Role.SALES_MANAGER), login(Role.FINANCE)
    alice, bob = login(Role.CONSULTANT), login(Role.CONSULTANT)
    _, units = project_with_units(admin)
    unit = units[0].id
    assert refused(lambda: alice.call("units.hold", HoldRequest(unit_id=unit))) is ErrorCode.INVALID_TRANSITION
    release(manager, unit)

    held = alice.call("units.hold", HoldRequest(unit_id=unit, customer_name="王先生", minutes=20))
    assert held.status is UnitStatus.HELD and held.holder_id == alice.call("auth.whoami").id
    assert held.hold_expires_at is not None
    assert [u.id for u in alice.call("units.mine", MyUnitsRequest()).units] == [unit]
    # Somebody else's hold: a second consultant can neither hold, release nor subscribe it.
    assert refused(lambda: bob.call("units.hold", HoldRequest(unit_id=unit))) is ErrorCode.INVALID_TRANSITION
    assert refused(lambda: bob.call("units.release", UnitActionRequest(unit_id=unit))) is ErrorCode.FORBIDDEN
    sub = SubscribeRequest(unit_id=unit, customer_name="王先生", deposit=50000)
    assert refused(lambda: bob.call("units.subscribe", sub)) is ErrorCode.FORBIDDEN
    assert refused(lambda: alice.call("units.sign", UnitActionRequest(unit_id=unit))) is ErrorCode.FORBIDDEN

    subscribed = alice.call("units.subscribe", sub)
    assert subscribed.status is UnitStatus.SUBSCRIBED and subscribed.holder_id == held.holder_id
    signed = finance.call("units.sign", UnitActionRequest(unit_id=unit))
    assert signed.status is UnitStatus.SIGNED
    assert refused(lambda: finance.call("units.cancel", UnitActionRequest(unit_id=unit))) is ErrorCode.FORBIDDEN
    cancelled = manager.call("units.cancel", UnitActionRequest(unit_id=unit, reason="客户退房"))
    assert cancelled.status is UnitStatus.AVAILABLE and cancelled.holder_id is None and cancelled.customer_name == ""
    assert cancelled.version == signed.version + 1


def test_a_unit_is_stored_as_the_engine_decided_it(server: ServerApp, login: Callable[..., SyncClient]) -> None:
    """The writer sends changed units as JSON record sets: control characters, NULLs, decimals and times survive."""
    admin, manager, alice = login(Role.ADMIN), login(Role.SALES_MANAGER), login(Role.CONSULTANT)
    _, units = project_with_units(admin)
    unit = units[0].id
    awkward = "tab\there, line\nbreak, back\\slash, \\N, carriage\rreturn, 'quote\""
    manager.call("units.set_status", SetUnitStatusRequest(unit_id=unit, status=UnitStatus.AVAILABLE, reason=awkward))
    held = alice.call("units.hold", HoldRequest(unit_id=unit, customer_name="王\t先生\\", customer_phone="13800138000"))
    sub = SubscribeRequest(
        unit_id=unit, customer_name="王\t先生\\", customer_phone="13800138000", deposit=Decimal("50000.50")
    )
    subscribed = alice.call("units.subscribe", sub)
    assert server.database is not None
    with server.database.engine.connect() as db:
        row = db.execute(
            text(
                "SELECT status, version, note, holder_id, holder_name, hold_expires_at, customer_name, customer_phone,"
                " deposit FROM units WHERE id = :id"
            ),
            {"id": unit},
        ).one()
    assert row.status == UnitStatus.SUBSCRIBED.value and row.version == subscribed.version
    assert row.note == awkward
    assert row.holder_id == held.holder_id and row.holder_name == subscribed.holder_name
    assert row.hold_expires_at is None  # a subscription ends the hold
    assert row.customer_name == "王\t先生\\" and row.customer_phone == "13800138000"
    assert row.deposit == Decimal("50000.50")
    # And a hold's expiry, a time the engine worked out, is stored to the microsecond.
    other = units[1].id
    release(manager, other)
    hold = alice.call("units.hold", HoldRequest(unit_id=other, minutes=20))
    with server.database.engine.connect() as db:
        stored = db.execute(text("SELECT hold_expires_at FROM units WHERE id = :id"), {"id": other}).scalar_one()
    assert stored == hold.hold_expires_at


def test_reserved_is_shown_as_sold_except_to_managers(login: Callable[..., SyncClient]) -> None:
    admin, manager, consultant = login(Role.ADMIN), login(Role.SALES_MANAGER), login(Role.CONSULTANT)
    project_id, units = project_with_units(admin)
    unit = units[1].id
    release(manager, unit)
    reserved = manager.call("units.set_status", SetUnitStatusRequest(unit_id=unit, status=UnitStatus.RESERVED))
    assert reserved.status is UnitStatus.RESERVED
    assert consultant.call("units.get", UnitRef(unit_id=unit)).status is UnitStatus.SOLD
    board = {u.id: u for u in consultant.call("board.snapshot", BoardRequest(project_id=project_id)).units}
    assert board[unit].status is UnitStatus.SOLD
    assert manager.call("units.get", UnitRef(unit_id=unit)).status is UnitStatus.RESERVED
    # And a consultant cannot tell it apart by trying: a hold is refused as on a sold unit.
    error = None
    try:
        consultant.call("units.hold", HoldRequest(unit_id=unit))
    except RemoteError as exc:
        error = exc.body
    assert error is not None and "已售" in error.message and "保留" not in error.message


def test_a_retried_hold_returns_the_first_decision(login: Callable[..., SyncClient]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    alice, bob = login(Role.CONSULTANT), login(Role.CONSULTANT)
    _, units = project_with_units(admin)
    unit = units[2].id
    release(manager, unit)
    key = uuid.uuid4().hex
    first = alice.call("units.hold", HoldRequest(unit_id=unit), idem=key)
    alice.call("units.release", UnitActionRequest(unit_id=unit))
    bob.call("units.hold", HoldRequest(unit_id=unit))
    again = alice.call("units.hold", HoldRequest(unit_id=unit), idem=key)
    assert again == first  # the original decision, not a new (refused) one
    assert (
        refused(lambda: bob.call("units.hold", HoldRequest(unit_id=unit), idem=key)) is ErrorCode.IDEMPOTENCY_KEY_REUSED
    )


def test_holds_expire_on_time(login: Callable[..., SyncClient]) -> None:
    """The shortest hold is a minute: the engine frees the unit on time, not before its expiry, not seconds late."""
    admin, manager, alice = login(Role.ADMIN), login(Role.SALES_MANAGER), login(Role.CONSULTANT)
    _, units = project_with_units(admin)
    unit = units[3].id
    release(manager, unit)
    held = alice.call("units.hold", HoldRequest(unit_id=unit, minutes=1))
    assert held.hold_expires_at is not None
    while alice.call("units.get", UnitRef(unit_id=unit)).status is UnitStatus.HELD:
        assert utcnow() < held.hold_expires_at + timedelta(seconds=2), "the hold outlived its expiry"
        time.sleep(0.2)
    freed_at = utcnow()
    assert freed_at >= held.hold_expires_at, "freed before its time"
    after = alice.call("units.get", UnitRef(unit_id=unit))
    assert after.status is UnitStatus.AVAILABLE and after.holder_id is None
    assert after.updated_at >= held.hold_expires_at


def test_postgresql_checkpoints_while_the_hall_waits_for_t0(
    server: ServerApp, login: Callable[..., SyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ahead of a rush opening's T0 (CHECKPOINT_AHEAD, shortened here) the engine asks PostgreSQL for a checkpoint,
    so that the burst neither runs into one nor waits for new WAL segments; never once the burst is near."""
    monkeypatch.setattr(runner, "CHECKPOINT_AHEAD", runner.BURST_AHEAD + 2.0)
    database = server.database
    assert database is not None

    def requested() -> int:
        with database.engine.connect() as db:
            return int(db.execute(text("SELECT num_requested FROM pg_stat_checkpointer")).scalar_one())

    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project, units = project_with_units(admin, floors=1, per_floor=2)
    before = requested()
    # Too close to T0 already: no checkpoint for this one.
    opening(manager, project, [units[0].id], buyers=2, starts_in=runner.BURST_AHEAD - 1.0)
    time.sleep(1.5)
    assert requested() == before
    info = opening(manager, project, [units[1].id], buyers=2, starts_in=runner.BURST_AHEAD + 4.0)
    t0 = utcnow() + timedelta(seconds=runner.BURST_AHEAD + 4.0)
    deadline = time.monotonic() + 6
    while requested() == before:
        assert time.monotonic() < deadline, "no checkpoint was asked for before T0"
        time.sleep(0.1)
    assert (t0 - utcnow()).total_seconds() > runner.BURST_AHEAD - 0.5, "the checkpoint came too close to T0"
    wait_status(manager, info.id, OpeningStatus.RUNNING)
    assert requested() == before + 1  # once per opening


def test_rush_opening(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin)
    ids = [u.id for u in units[:3]]
    info = opening(manager, project_id, ids, buyers=5, starts_in=1.0)
    buyers = []
    for i in range(5):
        b = BuyerClient(pairing, info.id)
        b.login(*buyer_login(i))
        buyers.append(b)
    try:
        early = buyers[0].pick([ids[0]])
        assert early.outcome is PickOutcome.NOT_STARTED
        wait_status(manager, info.id, OpeningStatus.RUNNING)
        first = buyers[0].pick([ids[0], ids[1]])
        assert first.outcome is PickOutcome.ALLOCATED and first.unit_id == ids[0]
        second = buyers[1].pick([ids[0], ids[1]])
        assert second.outcome is PickOutcome.ALLOCATED and second.unit_id == ids[1] and second.taken == [ids[0]]
        assert buyers[0].pick([ids[2]]).outcome is PickOutcome.QUOTA_USED
        assert buyers[2].pick([ids[0]]).outcome is PickOutcome.TAKEN
        third = buyers[3].pick([ids[2]])
        assert third.outcome is PickOutcome.ALLOCATED
        # Every unit went: the opening closes by itself.
        wait_status(manager, info.id, OpeningStatus.CLOSED)
        assert buyers[4].pick([ids[2]]).outcome is PickOutcome.CLOSED
        stats = manager.call("openings.stats", OpeningRef(opening_id=info.id))
        assert stats.sold == 3 and stats.total == 3
        heat = {h.unit_id: h for h in stats.heat}
        assert heat[ids[0]].first_choice == 3 and heat[ids[0]].taken
        unit = manager.call("units.get", UnitRef(unit_id=ids[0]))
        assert unit.status is UnitStatus.HELD and unit.customer_name == "买家0"
    finally:
        for b in buyers:
            b.close()


def test_a_units_customer_is_seen_by_its_consultant_managers_and_finance_only(
    login: Callable[..., SyncClient],
) -> None:
    admin, manager, finance = login(Role.ADMIN), login(Role.SALES_MANAGER), login(Role.FINANCE)
    alice, bob, desk = login(Role.CONSULTANT), login(Role.CONSULTANT), login(Role.FRONT_DESK)
    project_id, units = project_with_units(admin)
    release(manager, units[0].id)
    held = alice.call("units.hold", HoldRequest(unit_id=units[0].id, customer_name="王先生"))
    assert held.customer_name == "王先生"
    for client, sees in ((alice, True), (manager, True), (finance, True), (bob, False), (desk, False), (admin, False)):
        one = client.call("units.get", UnitRef(unit_id=units[0].id))
        [row] = [u for u in client.call("board.snapshot", BoardRequest(project_id=project_id)).units if u.id == one.id]
        assert (one.customer_name, row.customer_name) == (("王先生",) * 2 if sees else ("", "")), client
        assert one.holder_name == held.holder_name  # who holds it is no secret on the board
