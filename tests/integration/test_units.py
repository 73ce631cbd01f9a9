"""Projects, the unit import (all rows or none), the board, and a manager's status change with its event."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import msgspec
import pytest
import sqlalchemy as sa
import zmq
from openpyxl import Workbook

from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient, secure_socket
from server.config import Settings
from server.excel.units import COLUMNS
from server.permissions import Permission, allowed
from shared.domain import Role, UnitStatus
from shared.protocol.envelope import Event, decode_body, decode_event, make_command
from shared.protocol.errors import ErrorBody, ErrorCode
from shared.protocol.messages.audit import AuditQuery
from shared.protocol.messages.catalog import (
    Board,
    BoardRequest,
    CreateProjectRequest,
    ImportUnitsReply,
    ImportUnitsRequest,
    ProjectInfo,
    SetUnitStatusRequest,
    UnitChanged,
    UnitInfo,
    UnitRef,
    UnitsImported,
)
from shared.protocol.messages.system import JobProgress

HEADER = [c[0] for c in COLUMNS]
GOOD = ["1号楼", 18, "1801", "三室两厅两卫", 128.56, 102.30, "南北", 3856800]


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rejected(fn: Callable[[], object]) -> ErrorBody:
    with pytest.raises(RemoteError) as err:
        fn()
    return err.value.body


@pytest.fixture
def zctx() -> Iterator[zmq.Context[Any]]:
    ctx: zmq.Context[Any] = zmq.Context()
    yield ctx
    ctx.destroy(linger=0)


@pytest.fixture
def events(pairing: Pairing, zctx: zmq.Context[Any]) -> zmq.Socket[Any]:
    """A CURVE subscriber to everything, known to be connected (it has heard a heartbeat)."""
    sub = secure_socket(zctx, zmq.SUB, pairing.server_public_key)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(pairing.event_endpoint)
    assert sub.poll(5000, zmq.POLLIN), "no heartbeat"
    sub.recv_multipart()
    return sub


def collect(sub: zmq.Socket[Any], count: int, timeout_ms: int = 5000) -> list[Event]:
    """The next `count` events other than heartbeats."""
    found: list[Event] = []
    while len(found) < count:
        assert sub.poll(timeout_ms, zmq.POLLIN), f"only {len(found)} of {count} events arrived"
        topic, data = sub.recv_multipart()
        event = decode_event(data)
        assert topic == event.type.encode()
        if event.type != "heartbeat":
            found.append(event)
    return found


def new_project(admin: SyncClient, name: str | None = None) -> ProjectInfo:
    info: ProjectInfo = admin.call(
        "projects.create",
        CreateProjectRequest(name=name or f"楼盘{uuid.uuid4().hex[:6]}", city="上海", address="浦东新区"),
    )
    return info


def board(client: SyncClient, project_id: int) -> Board:
    result: Board = client.call("board.snapshot", BoardRequest(project_id=project_id))
    return result


def import_file(admin: SyncClient, project_id: int, content: bytes, filename: str = "units.xlsx") -> ImportUnitsReply:
    reply: ImportUnitsReply = admin.call(
        "units.import", ImportUnitsRequest(project_id=project_id, filename=filename, content=content)
    )
    return reply


def test_template_import_and_board(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    project = new_project(admin, "滨江一号")
    assert project.name == "滨江一号" and project.city == "上海"
    assert admin.call("projects.list").projects == [project]
    empty = board(admin, project.id)
    assert (empty.buildings, empty.units) == ([], [])

    template = admin.call("units.template")
    assert template.filename.endswith(".xlsx")
    assert template.content[:2] == b"PK"
    assert import_file(admin, project.id, template.content) == ImportUnitsReply(buildings_created=1, units_created=1)

    consultant = login(Role.CONSULTANT)
    snap = board(consultant, project.id)
    assert snap.project == project
    assert [b.name for b in snap.buildings] == ["1号楼"]
    [unit] = snap.units
    assert unit.building_id == snap.buildings[0].id
    assert (unit.floor, unit.number, unit.layout, unit.orientation) == (18, "1801", "三室两厅两卫", "南北")
    assert (unit.gross_area, unit.inner_area, unit.list_price) == (
        Decimal("128.56"),
        Decimal("102.30"),
        Decimal("3856800.00"),
    )
    assert (unit.status, unit.version) == (UnitStatus.NOT_RELEASED, 1)
    assert consultant.call("units.get", UnitRef(unit_id=unit.id)) == unit
    with pytest.raises(RemoteError) as err:
        consultant.call("units.get", UnitRef(unit_id=unit.id + 1000))
    assert err.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(RemoteError) as err:
        board(consultant, project.id + 1000)
    assert err.value.code is ErrorCode.NOT_FOUND


def test_a_second_import_adds_to_existing_buildings(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    project = new_project(admin)
    import_file(admin, project.id, xlsx([GOOD]))
    second = xlsx(
        [
            ["1号楼", 19, "1901", "三室", 120, 100, "南", 3000000],
            ["2号楼", 1, "101", "两室", 90, 70, "东", 2000000],
            ["10号楼", 1, "101", "两室", 90, 70, "西", 2000000],
        ]
    )
    assert import_file(admin, project.id, second) == ImportUnitsReply(buildings_created=2, units_created=3)
    snap = board(admin, project.id)
    assert [b.name for b in snap.buildings] == ["1号楼", "2号楼", "10号楼"]  # natural order
    assert len(snap.units) == 4


def test_bad_rows_reject_the_whole_file(login: Callable[..., SyncClient], settings: Settings) -> None:
    admin = login(Role.ADMIN)
    project = new_project(admin)
    import_file(admin, project.id, xlsx([GOOD]))
    before = board(admin, project.id)

    content = xlsx(
        [
            ["9号楼", 3, "301", "两室", 90, 70, "南", 1000000],  # row 2: fine, and a new building
            ["9号楼", "三", "302", "两室", 90, 70, "南", 1000000],  # row 3: bad floor
            ["9号楼", 3, "303", "两室", 90, 95, "南", 1000000],  # row 4: inner > gross
            ["9号楼", 3, "304", "两室", 90, 70, "上", 1000000],  # row 5: bad orientation
            ["9号楼", 3, "301", "两室", 90, 70, "南", 1000000],  # row 6: repeats row 2
            ["9号楼", 3, "306", "", 90, 70, "南", 1000000],  # row 7: empty layout
        ]
    )
    body = rejected(lambda: import_file(admin, project.id, content))
    assert body.code is ErrorCode.IMPORT_REJECTED
    assert [(d.row, d.field) for d in body.details] == [
        (3, "floor"),
        (4, "inner_area"),
        (5, "orientation"),
        (6, "number"),
        (7, "layout"),
    ]
    assert all(d.message and d.message_en for d in body.details)

    after = board(admin, project.id)
    assert after.buildings == before.buildings
    assert after.units == before.units
    engine = sa.create_engine(settings.database_url or "")
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM buildings WHERE name = '9号楼'")).scalar_one() == 0
            assert conn.execute(sa.text("SELECT count(*) FROM units")).scalar_one() == 1
    finally:
        engine.dispose()
    assert admin.call("audit.query", AuditQuery(command="units.import")).rows[0].after["units_created"] == 1


def test_existing_units_and_bad_files_are_rejected(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    project = new_project(admin)
    template = admin.call("units.template").content
    import_file(admin, project.id, template)

    again = rejected(lambda: import_file(admin, project.id, template))
    assert again.code is ErrorCode.IMPORT_REJECTED
    assert [(d.row, d.field) for d in again.details] == [(2, "number")]
    assert "already exists" in again.details[0].message_en

    # A mix of a new unit and an existing one: still nothing.
    mixed = xlsx([["1号楼", 19, "1901", "三室", 120, 100, "南", 3000000], GOOD])
    assert [d.row for d in rejected(lambda: import_file(admin, project.id, mixed)).details] == [3]

    for content in (b"building,floor\n1,2\n", b"", b"PK\x03\x04 not really"):
        with pytest.raises(RemoteError) as err:
            import_file(admin, project.id, content, "units.csv")
        body = err.value.body
        assert body.code is ErrorCode.IMPORT_REJECTED
        assert len(body.details) == 1 and body.details[0].row is None
    assert len(board(admin, project.id).units) == 1

    with pytest.raises(RemoteError) as err:
        import_file(admin, project.id + 1000, template)
    assert err.value.code is ErrorCode.NOT_FOUND


def test_import_publishes_progress_and_a_summary(login: Callable[..., SyncClient], events: zmq.Socket[Any]) -> None:
    admin = login(Role.ADMIN)
    project = new_project(admin)
    key = uuid.uuid4().hex
    rows = [["1号楼", 1 + i // 4, f"{1 + i // 4}0{i % 4 + 1}", "两室", 90, 70, "南", 1000000] for i in range(40)]
    admin.call(
        "units.import", ImportUnitsRequest(project_id=project.id, filename="u.xlsx", content=xlsx(rows)), idem=key
    )
    seen = collect(events, 1)
    while seen[-1].type != "units.imported":
        seen += collect(events, 1)
    progress = [decode_body(e.body, JobProgress) for e in seen if e.type == "job.progress"]
    assert progress and all(p.job == key for p in progress)
    assert progress[-1].stage == "done" and progress[-1].done == progress[-1].total == 40
    summary = decode_body(seen[-1].body, UnitsImported)
    assert summary == UnitsImported(project_id=project.id, units_created=40)


def test_manager_sets_status_with_audit_and_events(login: Callable[..., SyncClient], events: zmq.Socket[Any]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    manager_name = manager.call("auth.whoami").username
    project = new_project(admin)
    import_file(admin, project.id, xlsx([GOOD]))
    [unit] = board(manager, project.id).units

    first: UnitInfo = manager.call(
        "units.set_status",
        SetUnitStatusRequest(
            unit_id=unit.id, status=UnitStatus.AVAILABLE, reason="开盘", expected_version=unit.version
        ),
    )
    assert (first.status, first.version) == (UnitStatus.AVAILABLE, unit.version + 1)
    assert first.updated_at >= unit.updated_at
    second: UnitInfo = manager.call(
        "units.set_status", SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.RESERVED)
    )
    assert second.version == unit.version + 2

    seen: list[Event] = []  # the import's progress and summary, then ours
    while sum(e.type == "unit.changed" for e in seen) < 2:
        seen += collect(events, 1)
    # Every event (heartbeats aside) takes the next seq: a client can tell when it missed one.
    assert [e.seq for e in seen] == list(range(seen[0].seq, seen[0].seq + len(seen)))
    assert [e.type for e in seen][-3:] == ["units.imported", "unit.changed", "unit.changed"]
    changed = seen[-2:]
    assert changed[0].epoch == changed[1].epoch
    bodies = [decode_body(e.body, UnitChanged) for e in changed]
    assert bodies[0] == UnitChanged(project_id=project.id, unit=first, actor=manager_name)
    # Events are what every role may see: a 保留 unit shows as sold, and the manager re-reads it.
    assert bodies[1].unit == msgspec.structs.replace(second, status=UnitStatus.SOLD)
    snap = board(manager, project.id)
    assert snap.units == [second]
    assert snap.seq >= changed[1].seq

    rows = admin.call("audit.query", AuditQuery(command="units.set_status", target_id=str(unit.id))).rows
    assert len(rows) == 2
    oldest = rows[-1]
    assert oldest.actor_name == manager_name
    assert oldest.before is not None and oldest.after is not None
    assert (oldest.before["status"], oldest.after["status"]) == ("not_released", "available")
    assert (oldest.before["version"], oldest.after["version"]) == (1, 2)


def test_stale_version_is_a_conflict(login: Callable[..., SyncClient]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project = new_project(admin)
    import_file(admin, project.id, xlsx([GOOD]))
    [unit] = board(manager, project.id).units
    manager.call("units.set_status", SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.AVAILABLE))
    stale = SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.SOLD, expected_version=unit.version)
    body = rejected(lambda: manager.call("units.set_status", stale))
    assert body.code is ErrorCode.CONFLICT
    now = manager.call("units.get", UnitRef(unit_id=unit.id))
    assert (now.status, now.version) == (UnitStatus.AVAILABLE, unit.version + 1)
    assert (
        rejected(
            lambda: manager.call(
                "units.set_status", SetUnitStatusRequest(unit_id=unit.id + 1000, status=UnitStatus.SOLD)
            )
        ).code
        is ErrorCode.NOT_FOUND
    )
    bad_status = make_command("units.set_status", None, token=manager.token, idem=uuid.uuid4().hex)
    bad_status.body = msgspec.Raw(msgspec.msgpack.encode({"unit_id": unit.id, "status": "demolished"}))
    reply = manager.send_raw(bad_status)
    assert reply.type == "error"
    assert decode_body(reply.body, ErrorBody).code is ErrorCode.INVALID_PAYLOAD


@pytest.mark.parametrize("role", [r for r in Role if not allowed(r, Permission.UNITS_SET_STATUS)])
def test_only_managers_set_status(role: Role, login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    project = new_project(admin)
    import_file(admin, project.id, xlsx([GOOD]))
    client = admin if role is Role.ADMIN else login(role)
    [unit] = board(client, project.id).units  # everyone sees the board
    body = rejected(
        lambda: client.call("units.set_status", SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.SOLD))
    )
    assert body.code is ErrorCode.FORBIDDEN
    assert board(admin, project.id).units == [unit]


def test_only_admins_import_and_create_projects(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    project = new_project(admin)
    for role in (Role.SALES_MANAGER, Role.CONSULTANT, Role.FRONT_DESK, Role.FINANCE):
        client = login(role)
        attempts: list[tuple[str, msgspec.Struct | None]] = [
            ("projects.create", CreateProjectRequest(name="越权楼盘")),
            ("units.import", ImportUnitsRequest(project_id=project.id, filename="u.xlsx", content=xlsx([GOOD]))),
            ("units.template", None),
        ]
        for name, payload in attempts:
            with pytest.raises(RemoteError) as err:
                client.call(name, payload)
            assert err.value.code is ErrorCode.FORBIDDEN, (role, name)
    assert admin.call("projects.list").projects == [project]
    assert board(admin, project.id).units == []


def test_duplicate_project_name_is_a_conflict(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    new_project(admin, "同名楼盘")
    assert rejected(lambda: new_project(admin, "同名楼盘")).code is ErrorCode.CONFLICT
    assert rejected(lambda: new_project(admin, " 同名楼盘 ")).code is ErrorCode.CONFLICT
    assert [p.name for p in admin.call("projects.list").projects] == ["同名楼盘"]
