"""Idempotency keys: required on every mutation, a replay answers as the original, and effects happen once."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import sqlalchemy as sa

from client.net.buyer import BuyerClient
from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from server.config import Settings
from server.handlers import build_router
from server.permissions import Permission, allowed
from shared.domain import Role, UnitStatus
from shared.protocol.envelope import ERROR, REPLY, Envelope, decode_body, make_command
from shared.protocol.errors import ErrorBody, ErrorCode
from shared.protocol.messages.audit import AuditQuery
from shared.protocol.messages.auth import CreateUserRequest
from shared.protocol.messages.catalog import (
    BoardRequest,
    CreateProjectRequest,
    ImportUnitsRequest,
    ProjectInfo,
    SetUnitStatusRequest,
    UnitInfo,
    UnitRef,
)
from shared.protocol.registry import COMMANDS
from tests.factories import buyer_login, opening, project_with_units

ROUTES = build_router().routes


def error_code(reply: Envelope) -> ErrorCode | None:
    return decode_body(reply.body, ErrorBody).code if reply.type == ERROR else None


def seed_unit(admin: SyncClient) -> UnitInfo:
    """A project with the template's one unit, imported over the protocol."""
    project = admin.call("projects.create", CreateProjectRequest(name=f"楼盘 {uuid.uuid4().hex[:6]}"))
    template = admin.call("units.template")
    admin.call("units.import", ImportUnitsRequest(project_id=project.id, filename="t.xlsx", content=template.content))
    unit: UnitInfo = admin.call("board.snapshot", BoardRequest(project_id=project.id)).units[0]
    return unit


def count(settings: Settings, sql: str) -> int:
    engine = sa.create_engine(settings.database_url or "")
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(sql)).scalar_one())
    finally:
        engine.dispose()


def test_every_mutating_command_needs_a_key(login: Callable[..., SyncClient], pairing: Pairing) -> None:
    clients = {Role.ADMIN: login(Role.ADMIN), Role.SALES_MANAGER: login(Role.SALES_MANAGER)}
    # Buyer commands take a buyer's token (phone + 认筹号 at an opening), which no staff role has.
    project_id, units = project_with_units(clients[Role.ADMIN], floors=1, per_floor=1)
    buyer = BuyerClient(pairing, opening(clients[Role.SALES_MANAGER], project_id, [units[0].id], 1).id)
    try:
        buyer.login(*buyer_login(0))
        mutating = [name for name, spec in COMMANDS.items() if spec.mutating]
        assert {"auth.login", "auth.logout", "projects.create", "units.set_status", "buyer.pick"} <= set(mutating)
        for name in mutating:
            if ROUTES[name].permission is Permission.BUYER:
                client = buyer.client
            elif ROUTES[name].permission is Permission.CAMERA:
                continue  # a camera's token: tests/integration/test_face_audit.py
            else:
                client = clients[next(r for r in clients if allowed(r, ROUTES[name].permission))]
            for idem in (None, ""):
                reply = client.send_raw(make_command(name, None, token=client.token, idem=idem))
                assert error_code(reply) is ErrorCode.IDEMPOTENCY_KEY_REQUIRED, name
        # Nothing happened: both sessions are alive (auth.logout without a key did not log out).
        for c in clients.values():
            c.call("ping")
        assert buyer.me().allocated == []
    finally:
        buyer.close()


def test_key_length_is_checked(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    for idem, ok in (("k" * 7, False), ("k" * 8, True), ("k" * 64, True), ("k" * 65, False)):
        reply = admin.send_raw(
            make_command("projects.create", CreateProjectRequest(name=f"P{len(idem)}"), token=admin.token, idem=idem)
        )
        assert error_code(reply) is (None if ok else ErrorCode.INVALID_PAYLOAD), idem
    assert sorted(p.name for p in admin.call("projects.list").projects) == ["P64", "P8"]


def test_replayed_status_change_answers_as_the_first(login: Callable[..., SyncClient], settings: Settings) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    unit = seed_unit(admin)
    key = uuid.uuid4().hex
    first_env = make_command(
        "units.set_status",
        SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.AVAILABLE),
        token=manager.token,
        idem=key,
    )
    first = manager.send_raw(first_env)
    assert first.type == REPLY
    after = decode_body(first.body, UnitInfo)
    assert (after.status, after.version) == (UnitStatus.AVAILABLE, unit.version + 1)

    # The very same envelope again (a client retry).
    again = manager.send_raw(first_env)
    assert again.type == REPLY
    assert again.corr == first_env.id
    assert decode_body(again.body, UnitInfo) == after
    # A different command body under the same key: still the first reply, and no second change.
    other = manager.send_raw(
        make_command(
            "units.set_status",
            SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.RESERVED),
            token=manager.token,
            idem=key,
        )
    )
    assert other.type == REPLY
    assert decode_body(other.body, UnitInfo) == after

    now = manager.call("units.get", UnitRef(unit_id=unit.id))
    assert (now.status, now.version) == (UnitStatus.AVAILABLE, unit.version + 1)
    rows = admin.call("audit.query", AuditQuery(command="units.set_status")).rows
    assert len(rows) == 1
    assert rows[0].after is not None and rows[0].after["version"] == unit.version + 1
    # The engine keeps its decisions (with their replies) in its own table, written with the decision.
    assert count(settings, f"SELECT count(*) FROM engine_decisions WHERE idem_key = '{key}'") == 1


def test_replayed_project_create_makes_one_project(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    env = make_command(
        "projects.create", CreateProjectRequest(name="锦绣花园", city="杭州"), token=admin.token, idem=uuid.uuid4().hex
    )
    replies = [admin.send_raw(env) for _ in range(3)]
    infos = [decode_body(r.body, ProjectInfo) for r in replies]
    assert all(r.type == REPLY for r in replies)
    assert infos[0] == infos[1] == infos[2]
    assert admin.call("projects.list").projects == [infos[0]]
    # A new key is a new request: the same name is now a conflict, not a replay.
    reply = admin.send_raw(
        make_command("projects.create", CreateProjectRequest(name="锦绣花园"), token=admin.token, idem=uuid.uuid4().hex)
    )
    assert error_code(reply) is ErrorCode.CONFLICT


def test_key_reused_for_another_command_or_user(login: Callable[..., SyncClient]) -> None:
    admin, other_admin = login(Role.ADMIN), login(Role.ADMIN)
    key = uuid.uuid4().hex
    first = admin.send_raw(
        make_command("projects.create", CreateProjectRequest(name="一期"), token=admin.token, idem=key)
    )
    assert first.type == REPLY
    reused = admin.send_raw(
        make_command(
            "users.create",
            CreateUserRequest(username="reuser", display_name="x", role=Role.FINANCE, password="Finance-2026"),
            token=admin.token,
            idem=key,
        )
    )
    assert error_code(reused) is ErrorCode.IDEMPOTENCY_KEY_REUSED
    # Another user cannot get (or replay) someone else's reply with their key.
    stolen = other_admin.send_raw(
        make_command("projects.create", CreateProjectRequest(name="一期"), token=other_admin.token, idem=key)
    )
    assert error_code(stolen) is ErrorCode.IDEMPOTENCY_KEY_REUSED
    assert "reuser" not in [u.username for u in admin.call("users.list").users]
    assert len(admin.call("projects.list").projects) == 1


def test_failed_command_does_not_burn_its_key(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    key = uuid.uuid4().hex
    blank = make_command("projects.create", CreateProjectRequest(name="  "), token=admin.token, idem=key)
    assert error_code(admin.send_raw(blank)) is ErrorCode.VALIDATION_FAILED
    fixed = make_command("projects.create", CreateProjectRequest(name="二期"), token=admin.token, idem=key)
    reply = admin.send_raw(fixed)
    assert reply.type == REPLY
    assert decode_body(reply.body, ProjectInfo).name == "二期"


def test_an_engine_refusal_is_a_decision_and_replays(login: Callable[..., SyncClient]) -> None:
    """The engine decides in order: a refusal is as final as a yes, so a retry never turns it into a second answer."""
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    unit = seed_unit(admin)
    key = uuid.uuid4().hex
    stale = SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.AVAILABLE, expected_version=unit.version + 5)
    env = make_command("units.set_status", stale, token=manager.token, idem=key)
    first = manager.send_raw(env)
    assert error_code(first) is ErrorCode.CONFLICT
    fixed = SetUnitStatusRequest(unit_id=unit.id, status=UnitStatus.AVAILABLE, expected_version=unit.version)
    again = manager.send_raw(make_command("units.set_status", fixed, token=manager.token, idem=key))
    assert error_code(again) is ErrorCode.CONFLICT and bytes(again.body) == bytes(first.body)
    assert manager.call("units.get", UnitRef(unit_id=unit.id)).version == unit.version
    # A new key is a new request.
    done = manager.send_raw(make_command("units.set_status", fixed, token=manager.token, idem=uuid.uuid4().hex))
    assert done.type == REPLY and decode_body(done.body, UnitInfo).version == unit.version + 1


def test_concurrent_duplicates_have_one_effect(
    pairing: Pairing, login: Callable[..., SyncClient], settings: Settings
) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    unit = seed_unit(admin)
    version = unit.version
    for round_ in range(4):
        status = UnitStatus.AVAILABLE if round_ % 2 == 0 else UnitStatus.NOT_RELEASED
        project_env = make_command(
            "projects.create", CreateProjectRequest(name=f"并发 {round_}"), token=admin.token, idem=uuid.uuid4().hex
        )
        # With expected_version the duplicate that loses the race fails on the original's version bump;
        # without, it redoes the change and fails on the key: either way it must answer as the original.
        expected = version if round_ >= 2 else None
        status_env = make_command(
            "units.set_status",
            SetUnitStatusRequest(unit_id=unit.id, status=status, expected_version=expected),
            token=manager.token,
            idem=uuid.uuid4().hex,
        )
        for env in (project_env, status_env):
            replies: list[Envelope | None] = [None, None]
            barrier = threading.Barrier(2)
            sockets = [SyncClient(pairing, timeout_ms=10_000), SyncClient(pairing, timeout_ms=10_000)]
            threads = [threading.Thread(target=_send, args=(barrier, sockets[i], env, replies, i)) for i in (0, 1)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            for s in sockets:
                s.close()
            assert all(r is not None for r in replies)
            assert [error_code(r) for r in replies if r is not None] == [None, None], env.type
            assert replies[0] is not None and replies[1] is not None
            assert bytes(replies[0].body) == bytes(replies[1].body)
        version += 1
        now = manager.call("units.get", UnitRef(unit_id=unit.id))
        assert (now.status, now.version) == (status, version)
    names = [p.name for p in admin.call("projects.list").projects]
    assert sorted(n for n in names if n.startswith("并发")) == [f"并发 {i}" for i in range(4)]
    assert count(settings, "SELECT count(*) FROM audit_log WHERE command = 'units.set_status'") == 4
    assert count(settings, "SELECT count(*) FROM audit_log WHERE command = 'projects.create'") == 5


def _send(
    barrier: threading.Barrier, client: SyncClient, env: Envelope, replies: list[Envelope | None], i: int
) -> None:
    barrier.wait()
    replies[i] = client.send_raw(env)
