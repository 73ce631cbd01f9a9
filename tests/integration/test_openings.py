"""Openings beyond the rush: lottery turns, rehearsal heat maps, pause/resume, the 认筹 import, the log exports."""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from client.net.buyer import BuyerClient
from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from server.engine import fairness
from server.excel.buyers import COLUMNS
from shared.domain import OpeningMode, OpeningStatus, PickOutcome, Role, UnitStatus
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.catalog import UnitRef
from shared.protocol.messages.opening import CreateOpeningRequest, ExportLogRequest, ImportBuyersRequest, OpeningRef
from tests.factories import buyer_login, opening, project_with_units, xlsx


def wait_until(check: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def status(manager: SyncClient, opening_id: int) -> OpeningStatus:
    return manager.call("openings.stats", OpeningRef(opening_id=opening_id)).opening.status


def signed_in(pairing: Pairing, opening_id: int, count: int) -> list[BuyerClient]:
    buyers = []
    for i in range(count):
        b = BuyerClient(pairing, opening_id)
        b.login(*buyer_login(i))
        buyers.append(b)
    return buyers


def test_lottery_turns_follow_the_seeded_order(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=1, per_floor=4)
    ids = [u.id for u in units]
    info = opening(manager, project_id, ids, buyers=3, mode=OpeningMode.LOTTERY, starts_in=1.0, turn_seconds=5, seed=42)
    # Anyone can repeat the draw: tickets in order, shuffled with the recorded seed.
    order = sorted(f"T{i:05d}" for i in range(3))
    random.Random(42).shuffle(order)
    buyers = {b.session.buyer.ticket_no: b for b in signed_in(pairing, info.id, 3) if b.session}
    try:
        wait_until(lambda: status(manager, info.id) is OpeningStatus.RUNNING)
        first, second, third = (buyers[t] for t in order)
        assert second.pick([ids[0]]).outcome is PickOutcome.NOT_YOUR_TURN
        assert first.pick([ids[0]]).outcome is PickOutcome.ALLOCATED
        # The quota (1) used, the turn passes at once to the second buyer, who lets it run out.
        assert second.me().turn_position == 0
        stats = manager.call("openings.stats", OpeningRef(opening_id=info.id))
        assert stats.turn_position == 1 and second.session and second.session.buyer.ticket_no in stats.turn_buyer
        wait_until(lambda: third.me().turn_position == 0, timeout=10)
        # Missed once: back of the queue, behind the third buyer.
        assert second.me().turn_position == 1
        assert third.pick([ids[0], ids[1]]).unit_id == ids[1]
        result = second.pick([ids[2]])
        assert result.outcome is PickOutcome.ALLOCATED
        wait_until(lambda: status(manager, info.id) is OpeningStatus.CLOSED)
        log = manager.call("openings.export_log", ExportLogRequest(opening_id=info.id, format="json"))
        rows = fairness.from_json(log.content)
        assert fairness.verify(rows).ok
        kinds = [rec["kind"] for rec, _, _ in rows]
        assert kinds[:3] == ["create", "buyers", "start"] and "miss" in kinds and kinds[-1] == "close"
        assert rows[1][0]["detail"]["order"] == order
    finally:
        for b in buyers.values():
            b.close()


def test_rehearsal_sells_nothing_and_builds_a_heat_map(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=1, per_floor=4)
    ids = [u.id for u in units]
    info = opening(manager, project_id, ids, buyers=4, mode=OpeningMode.REHEARSAL, starts_in=0.5)
    buyers = signed_in(pairing, info.id, 4)
    try:
        wait_until(lambda: status(manager, info.id) is OpeningStatus.RUNNING)
        results = [b.pick([ids[0], ids[1]]) for b in buyers]
        assert [r.outcome for r in results] == [PickOutcome.ALLOCATED] * 2 + [PickOutcome.TAKEN] * 2
        assert all(r.rehearsal for r in results)
        heat = {h.unit_id: h for h in manager.call("openings.stats", OpeningRef(opening_id=info.id)).heat}
        assert (heat[ids[0]].first_choice, heat[ids[0]].mentions) == (4, 4)
        assert (heat[ids[1]].first_choice, heat[ids[1]].mentions) == (0, 4)
        assert heat[ids[2]].mentions == 0
        # Nothing was sold: the units are as they were, and staff may still sell them.
        assert all(manager.call("units.get", UnitRef(unit_id=u)).status is UnitStatus.NOT_RELEASED for u in ids)
    finally:
        for b in buyers:
            b.close()


def test_pause_resume_and_close(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=1, per_floor=4)
    ids = [u.id for u in units]
    info = opening(manager, project_id, ids, buyers=2, starts_in=0.5)
    b0, b1 = signed_in(pairing, info.id, 2)
    try:
        with pytest.raises(RemoteError) as err:
            manager.call("openings.resume", OpeningRef(opening_id=info.id))
        assert err.value.body.code is ErrorCode.INVALID_TRANSITION
        wait_until(lambda: status(manager, info.id) is OpeningStatus.RUNNING)
        manager.call("openings.pause", OpeningRef(opening_id=info.id))
        assert b0.pick([ids[0]]).outcome is PickOutcome.PAUSED
        manager.call("openings.resume", OpeningRef(opening_id=info.id))
        assert b0.pick([ids[0]]).outcome is PickOutcome.ALLOCATED
        assert b1.pick([999_999]).outcome is PickOutcome.NOT_IN_OPENING
        manager.call("openings.close", OpeningRef(opening_id=info.id))
        assert b1.pick([ids[1]]).outcome is PickOutcome.CLOSED
        # Closed: its units are ordinary units again (a consultant may hold the ones left).
        assert manager.call("units.get", UnitRef(unit_id=ids[1])).opening_id is None
        csv_log = manager.call("openings.export_log", ExportLogRequest(opening_id=info.id, format="csv"))
        table = list(csv.reader(io.StringIO(csv_log.content.decode("utf-8-sig"))))
        assert table[0] == list(fairness.CSV_FIELDS)
        assert [r[2] for r in table[1:]].count("pick") == 4
    finally:
        b0.close()
        b1.close()


def test_a_bad_buyer_list_is_refused_whole(login: Callable[..., SyncClient]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=1, per_floor=2)
    info = manager.call(
        "openings.create",
        CreateOpeningRequest(
            project_id=project_id,
            name="首开",
            mode=OpeningMode.RUSH,
            starts_at=utcnow() + timedelta(hours=1),
            unit_ids=[u.id for u in units],
        ),
    )
    header = [c[0] for c in COLUMNS]
    rows: list[list[object]] = [
        ["张三", "13812345678", "A1", 1, None],
        ["李四", "12345", "A2", 1, None],  # not a mobile number
        ["王五", "13912345678", "A1", 1, None],  # ticket repeats row 2
        ["", "13712345678", "A3", 0, None],  # no name, quota 0
    ]
    with pytest.raises(RemoteError) as err:
        manager.call(
            "openings.import_buyers",
            ImportBuyersRequest(opening_id=info.id, filename="b.xlsx", content=xlsx(header, rows)),
        )
    assert err.value.body.code is ErrorCode.IMPORT_REJECTED
    found = {(d.row, d.field) for d in err.value.body.details}
    assert found == {(3, "phone"), (4, "ticket_no"), (5, "name"), (5, "quota")}
    assert manager.call("openings.stats", OpeningRef(opening_id=info.id)).opening.buyers == 0
    with pytest.raises(RemoteError) as err:
        manager.call(
            "openings.import_buyers",
            ImportBuyersRequest(opening_id=info.id, filename="b.xlsx", content=b"not a spreadsheet"),
        )
    assert err.value.body.code is ErrorCode.IMPORT_REJECTED
    good = xlsx(header, [["张三", "+86 138-1234-5678", "A1", 2, None]])
    reply = manager.call(
        "openings.import_buyers", ImportBuyersRequest(opening_id=info.id, filename="b.xlsx", content=good)
    )
    assert reply.buyers == 1
