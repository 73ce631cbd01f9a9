"""The audit trail: every change leaves a row, it can be searched and paged, and nothing can alter it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from client.net.buyer import BuyerClient
from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from server.config import Settings
from shared.domain import OpeningStatus, PickOutcome, Role, UnitStatus
from shared.protocol.errors import ErrorCode
from shared.protocol.messages import crm, faces
from shared.protocol.messages.audit import AuditPage, AuditQuery, AuditRow
from shared.protocol.messages.auth import (
    ChangePasswordRequest,
    CreateUserRequest,
    ResetPasswordRequest,
    SetUserActiveRequest,
    UpdateUserRequest,
)
from shared.protocol.messages.catalog import (
    BoardRequest,
    CreateProjectRequest,
    ImportUnitsRequest,
    SetUnitStatusRequest,
)
from shared.protocol.messages.opening import OpeningRef
from shared.protocol.messages.prices import CreatePriceListRequest, PriceItem, PriceListRef
from shared.protocol.messages.sales import HoldRequest, SubscribeRequest, UnitActionRequest
from shared.protocol.registry import COMMANDS
from tests.conftest import PASSWORD
from tests.factories import buyer_login, opening, project_with_units

LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


@pytest.fixture
def engine(settings: Settings) -> Iterator[sa.Engine]:
    eng = sa.create_engine(settings.database_url or "")
    yield eng
    eng.dispose()


def query(admin: SyncClient, **filters: object) -> list[AuditRow]:
    page: AuditPage = admin.call("audit.query", AuditQuery(**filters))  # type: ignore[arg-type]
    return page.rows


def only(rows: list[AuditRow]) -> AuditRow:
    assert len(rows) == 1, rows
    return rows[0]


def sell_and_open(pairing: Pairing, login: Callable[..., SyncClient], admin: SyncClient, manager: SyncClient) -> None:
    """Every engine command once: the unit state machine, an opening and a buyer's pick."""
    consultant, finance = login(Role.CONSULTANT), login(Role.FINANCE)
    project_id, units = project_with_units(admin, floors=1, per_floor=4)
    a, b, c, d = (u.id for u in units)
    manager.call("units.set_status", SetUnitStatusRequest(unit_id=a, status=UnitStatus.AVAILABLE))
    consultant.call("units.hold", HoldRequest(unit_id=a))
    consultant.call("units.release", UnitActionRequest(unit_id=a))
    consultant.call("units.subscribe", SubscribeRequest(unit_id=a, customer_name="李女士", deposit=Decimal(20000)))
    finance.call("units.sign", UnitActionRequest(unit_id=a))
    manager.call("units.cancel", UnitActionRequest(unit_id=a, reason="退房"))
    info = opening(manager, project_id, [b, c, d], buyers=2, starts_in=0.5)
    deadline = time.monotonic() + 10
    while manager.call("openings.stats", OpeningRef(opening_id=info.id)).opening.status is not OpeningStatus.RUNNING:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    buyer = BuyerClient(pairing, info.id)
    try:
        buyer.login(*buyer_login(0))
        assert buyer.pick([b]).outcome is PickOutcome.ALLOCATED
    finally:
        buyer.close()
    manager.call("openings.pause", OpeningRef(opening_id=info.id))
    manager.call("openings.resume", OpeningRef(opening_id=info.id))
    manager.call("openings.close", OpeningRef(opening_id=info.id))
    items = [PriceItem(unit_id=u.id, price=u.list_price + 1) for u in units]
    draft = finance.call("prices.create", CreatePriceListRequest(building_id=units[0].building_id, items=items))
    manager.call("prices.approve", PriceListRef(price_list_id=draft.id))


def test_every_mutation_is_audited(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    manager = login(Role.SALES_MANAGER)
    admin_name = admin.call("auth.whoami").username
    manager_me = manager.call("auth.whoami")

    project = admin.call("projects.create", CreateProjectRequest(name="审计楼盘", city="苏州"))
    template = admin.call("units.template")
    admin.call(
        "units.import", ImportUnitsRequest(project_id=project.id, filename="units.xlsx", content=template.content)
    )
    unit = admin.call("board.snapshot", BoardRequest(project_id=project.id)).units[0]
    changed = manager.call(
        "units.set_status", SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.AVAILABLE, reason="开盘")
    )
    user = admin.call(
        "users.create",
        CreateUserRequest(username="audited", display_name="甲", role=Role.FINANCE, password="Finance-2026"),
    )
    admin.call("users.update", UpdateUserRequest(user_id=user.id, display_name="乙"))
    admin.call("users.set_active", SetUserActiveRequest(user_id=user.id, active=False))
    admin.call("users.set_active", SetUserActiveRequest(user_id=user.id, active=True))
    admin.call("users.reset_password", ResetPasswordRequest(user_id=user.id, new_password="Finance-2027"))
    sell_and_open(pairing, login, admin, manager)
    manager.call("auth.change_password", ChangePasswordRequest(old_password=PASSWORD, new_password="Manager-2026"))
    manager.call("auth.logout")

    rows = query(admin, limit=500)
    by_command: dict[str, list[AuditRow]] = {}
    for row in rows:
        by_command.setdefault(row.command, []).append(row)
    # CRM mutations are walked by test_crm_audit.py, the faces family's by test_face_audit.py.
    mutating = {n for n, s in COMMANDS.items() if s.mutating} - {s.name for s in (*crm.COMMANDS, *faces.COMMANDS)}
    assert mutating <= set(by_command), f"no audit row for {mutating - set(by_command)}"
    for row in rows:
        assert row.client_addr in LOOPBACK or row.client_addr.startswith("local pid"), row
        assert row.actor_name
        assert row.target_type and row.target_id

    created = only([r for r in by_command["projects.create"] if r.target_id == str(project.id)])
    assert (created.actor_name, created.actor_role) == (admin_name, "admin")
    assert (created.target_type, created.target_id) == ("project", str(project.id))
    assert created.before is None
    assert created.after == {"id": project.id, "name": "审计楼盘", "city": "苏州", "address": ""}

    imported = only([r for r in by_command["units.import"] if r.target_id == str(project.id)])
    assert imported.after == {"imported_file": "units.xlsx", "units_created": 1, "buildings_created": 1}

    status = only([r for r in by_command["units.set_status"] if r.target_id == str(unit.id)])
    assert (status.actor_id, status.actor_name, status.actor_role) == (
        manager_me.id,
        manager_me.username,
        "sales_manager",
    )
    assert (status.target_type, status.target_id) == ("unit", str(unit.id))
    assert status.before is not None and status.after is not None
    assert (status.before["status"], status.after["status"]) == ("not_released", "available")
    assert (status.before["version"], status.after["version"]) == (unit.version, changed.version)

    updated = only(by_command["users.update"])
    assert updated.before is not None and updated.after is not None
    assert (updated.before["display_name"], updated.after["display_name"]) == ("甲", "乙")
    toggles = by_command["users.set_active"]
    assert [(r.before or {}).get("active") for r in reversed(toggles)] == [True, False]
    assert [(r.after or {}).get("active") for r in reversed(toggles)] == [False, True]

    for row in by_command["users.reset_password"] + by_command["auth.change_password"]:
        text = repr(row.before) + repr(row.after)
        assert "Finance-2027" not in text and "Manager-2026" not in text and "argon2" not in text

    logins = [r for r in by_command["auth.login"] if r.after == {"result": "signed_in"}]
    assert {r.actor_name for r in logins} >= {admin_name, manager_me.username}
    logout = only(by_command["auth.logout"])
    assert logout.actor_name == manager_me.username


def test_refused_commands_leave_no_row(login: Callable[..., SyncClient]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    before = query(admin, limit=500)
    for name, payload in (
        ("projects.create", CreateProjectRequest(name="")),  # invalid payload
        ("users.create", CreateUserRequest(username="weak", display_name="x", role=Role.FINANCE, password="x")),
        ("units.set_status", SetUnitStatusRequest(unit_id=123456, status=UnitStatus.HELD)),  # forbidden (admin)
        ("users.set_active", SetUserActiveRequest(user_id=admin.call("auth.whoami").id, active=False)),  # last admin
    ):
        with pytest.raises(RemoteError):
            admin.call(name, payload)
    with pytest.raises(RemoteError) as err:
        manager.call("units.set_status", SetUnitStatusRequest(unit_id=123456, status=UnitStatus.HELD))
    assert err.value.code is ErrorCode.NOT_FOUND
    assert query(admin, limit=500) == before


def test_query_filters_and_pages(login: Callable[..., SyncClient], engine: sa.Engine) -> None:
    admin = login(Role.ADMIN)
    other = login(Role.ADMIN)
    other_name = other.call("auth.whoami").username
    ids = []
    for i in range(7):
        ids.append(admin.call("projects.create", CreateProjectRequest(name=f"项目{i}")).id)
    time.sleep(0.05)
    with engine.connect() as conn:
        middle = conn.execute(
            sa.text("SELECT at FROM audit_log WHERE command = 'projects.create' AND target_id = :t"), {"t": str(ids[3])}
        ).scalar_one()
    user = other.call(
        "users.create",
        CreateUserRequest(username="filtered", display_name="丙", role=Role.CONSULTANT, password="Consult-2026"),
    )
    other.call("users.update", UpdateUserRequest(user_id=user.id, display_name="丁"))

    everything = query(admin, limit=500)
    assert [r.id for r in everything] == sorted((r.id for r in everything), reverse=True)

    by_actor = query(admin, actor=other_name)
    assert by_actor and all(r.actor_name == other_name for r in by_actor)
    assert {r.command for r in by_actor} >= {"users.create", "users.update", "auth.login"}

    users_family = query(admin, command="users.")
    assert sorted(r.command for r in users_family) == ["users.create", "users.update"]
    assert query(admin, command="users_") == []  # LIKE wildcards are literal
    assert query(admin, command="users%") == []
    assert [r.command for r in query(admin, command="users.create")] == ["users.create"]

    target = query(admin, target_type="project", target_id=str(ids[2]))
    assert [(r.command, r.target_id) for r in target] == [("projects.create", str(ids[2]))]
    assert {r.target_id for r in query(admin, target_type="user", target_id=str(user.id))} == {str(user.id)}

    since = query(admin, command="projects.create", since=middle)
    assert sorted(int(r.target_id) for r in since) == ids[3:]
    until = query(admin, command="projects.create", until=middle)
    assert sorted(int(r.target_id) for r in until) == ids[:3]
    window = query(admin, command="projects.create", since=middle, until=middle + timedelta(microseconds=1))
    assert [int(r.target_id) for r in window] == [ids[3]]

    # Paging: three at a time, newest first, every row exactly once.
    seen: list[int] = []
    before_id = None
    pages = 0
    while True:
        page: AuditPage = admin.call("audit.query", AuditQuery(limit=3, before_id=before_id))
        assert len(page.rows) <= 3
        seen.extend(r.id for r in page.rows)
        pages += 1
        if page.next_before_id is None:
            break
        assert page.next_before_id == page.rows[-1].id
        before_id = page.next_before_id
    # Reading the trail is not audited, so nothing was added meanwhile.
    assert seen == [r.id for r in everything]
    assert pages == -(-len(seen) // 3) and pages >= 4
    # Filters and paging combine.
    first = admin.call("audit.query", AuditQuery(command="projects.create", limit=4))
    assert len(first.rows) == 4 and first.next_before_id is not None
    rest = admin.call("audit.query", AuditQuery(command="projects.create", limit=4, before_id=first.next_before_id))
    assert len(rest.rows) == 3 and rest.next_before_id is None
    assert sorted(int(r.target_id) for r in first.rows + rest.rows) == ids


def test_audit_is_for_admins_only(login: Callable[..., SyncClient]) -> None:
    for role in Role:
        if role is Role.ADMIN:
            continue
        client = login(role)
        with pytest.raises(RemoteError) as err:
            client.call("audit.query", AuditQuery())
        assert err.value.code is ErrorCode.FORBIDDEN


def test_the_database_refuses_to_change_the_trail(login: Callable[..., SyncClient], engine: sa.Engine) -> None:
    admin = login(Role.ADMIN)
    admin.call("projects.create", CreateProjectRequest(name="不可篡改"))
    with engine.connect() as conn:
        count_before = conn.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one()
    assert count_before >= 2
    for statement in (
        "UPDATE audit_log SET actor_name = 'nobody'",
        "UPDATE audit_log SET after = NULL WHERE command = 'projects.create'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
        "TRUNCATE audit_log",
    ):
        with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(sa.text(statement))
            conn.commit()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one() == count_before
        assert conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE actor_name = 'nobody'")).scalar_one() == 0
    # Appending is still allowed (that is how the server writes it).
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO audit_log (actor_name, actor_role, command, target_type, target_id, "
                "client_addr) VALUES ('test', 'cli', 'test.append', 'x', '1', 'local')"
            )
        )
    assert only(query(admin, command="test.append")).actor_name == "test"


def test_no_command_can_change_the_trail() -> None:
    audit_commands = [n for n in COMMANDS if n.startswith("audit.")]
    assert audit_commands == ["audit.query"]
    assert not any(COMMANDS[n].mutating for n in audit_commands)
    for name in COMMANDS:
        assert "audit" not in name or not COMMANDS[name].mutating, name


def test_client_address_is_the_peer(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    admin.call("projects.create", CreateProjectRequest(name=uuid.uuid4().hex[:10]))
    row = only(query(admin, command="projects.create"))
    assert row.client_addr == "127.0.0.1"
