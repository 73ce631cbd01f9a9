"""User administration over the protocol: admins only, unique names, always one active admin."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from server.config import Settings
from shared.domain import Role
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.audit import AuditQuery
from shared.protocol.messages.auth import (
    ChangePasswordRequest,
    CreateUserRequest,
    ResetPasswordRequest,
    SetUserActiveRequest,
    UpdateUserRequest,
    UserInfo,
)

NEW_PASSWORD = "Welcome-2026"


def code_of(fn: Callable[[], object]) -> ErrorCode:
    with pytest.raises(RemoteError) as err:
        fn()
    return err.value.code


def create(
    admin: SyncClient, role: Role = Role.CONSULTANT, username: str | None = None, password: str = NEW_PASSWORD
) -> UserInfo:
    info: UserInfo = admin.call(
        "users.create",
        CreateUserRequest(
            username=username or f"user_{uuid.uuid4().hex[:6]}", display_name="李四", role=role, password=password
        ),
    )
    return info


def sign_in(pairing: Pairing, username: str, password: str = NEW_PASSWORD) -> SyncClient:
    client = SyncClient(pairing, timeout_ms=5000)
    client.login(username, password)
    return client


def login_code(pairing: Pairing, username: str, password: str) -> ErrorCode:
    with SyncClient(pairing, timeout_ms=5000) as client:
        return code_of(lambda: client.login(username, password))


def test_admin_creates_a_user_who_must_change_the_password(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    info = create(admin, Role.SALES_MANAGER, "wang.wu")
    assert (info.username, info.display_name, info.role) == ("wang.wu", "李四", Role.SALES_MANAGER)
    assert info.active and info.must_change_password and info.locked_until is None
    assert info in admin.call("users.list").users
    with sign_in(pairing, "wang.wu") as client:
        assert client.login_reply is not None
        assert client.login_reply.user.must_change_password
        assert client.call("auth.whoami").role is Role.SALES_MANAGER


def test_create_validates_name_and_password(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    assert code_of(lambda: create(admin, username="bad name!")) is ErrorCode.INVALID_PAYLOAD
    assert code_of(lambda: create(admin, username="x")) is ErrorCode.INVALID_PAYLOAD
    assert code_of(lambda: create(admin, password="short")) is ErrorCode.WEAK_PASSWORD
    assert code_of(lambda: create(admin, username="zhaoliu", password="zhaoliu-2026")) is ErrorCode.WEAK_PASSWORD
    assert len(admin.call("users.list").users) == 1  # only the admin: nothing was created


def test_duplicate_username_is_a_conflict(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    create(admin, username="alice")
    assert code_of(lambda: create(admin, username="alice")) is ErrorCode.CONFLICT
    assert code_of(lambda: create(admin, username="ALICE")) is ErrorCode.CONFLICT
    assert [u.username for u in admin.call("users.list").users].count("alice") == 1


def test_update_name_and_role(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    info = create(admin, Role.CONSULTANT)
    with sign_in(pairing, info.username) as user:
        renamed = admin.call("users.update", UpdateUserRequest(user_id=info.id, display_name="王五"))
        assert renamed.display_name == "王五"
        assert renamed.role is Role.CONSULTANT
        # A rename keeps the user's sessions.
        assert user.call("auth.whoami").display_name == "王五"

        promoted = admin.call("users.update", UpdateUserRequest(user_id=info.id, role=Role.SALES_MANAGER))
        assert promoted.role is Role.SALES_MANAGER
        assert promoted.display_name == "王五"
        # A role change ends the user's sessions: the old permissions must not linger.
        assert code_of(lambda: user.call("auth.whoami")) is ErrorCode.UNAUTHENTICATED
    with sign_in(pairing, info.username) as again:
        assert again.call("auth.whoami").role is Role.SALES_MANAGER
    assert (
        code_of(lambda: admin.call("users.update", UpdateUserRequest(user_id=999_999, display_name="x")))
        is ErrorCode.NOT_FOUND
    )


def test_disable_and_enable(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    info = create(admin, Role.FRONT_DESK)
    with sign_in(pairing, info.username) as user:
        off = admin.call("users.set_active", SetUserActiveRequest(user_id=info.id, active=False))
        assert not off.active
        assert code_of(lambda: user.call("ping")) is ErrorCode.UNAUTHENTICATED
    assert login_code(pairing, info.username, NEW_PASSWORD) is ErrorCode.ACCOUNT_DISABLED
    on = admin.call("users.set_active", SetUserActiveRequest(user_id=info.id, active=True))
    assert on.active
    sign_in(pairing, info.username).close()
    assert (
        code_of(lambda: admin.call("users.set_active", SetUserActiveRequest(user_id=999_999, active=False)))
        is ErrorCode.NOT_FOUND
    )


def test_reset_password(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    info = create(admin)
    with sign_in(pairing, info.username) as user:
        user.call(
            "auth.change_password", ChangePasswordRequest(old_password=NEW_PASSWORD, new_password="Changed-by-me-1")
        )
        assert not user.call("auth.whoami").must_change_password
        assert (
            code_of(
                lambda: admin.call("users.reset_password", ResetPasswordRequest(user_id=info.id, new_password="weak"))
            )
            is ErrorCode.WEAK_PASSWORD
        )
        admin.call("users.reset_password", ResetPasswordRequest(user_id=info.id, new_password="Reset-by-admin-1"))
        assert code_of(lambda: user.call("ping")) is ErrorCode.UNAUTHENTICATED
    assert login_code(pairing, info.username, "Changed-by-me-1") is ErrorCode.INVALID_CREDENTIALS
    with sign_in(pairing, info.username, "Reset-by-admin-1") as user:
        assert user.login_reply is not None
        assert user.login_reply.user.must_change_password
    listed = next(u for u in admin.call("users.list").users if u.id == info.id)
    assert listed.must_change_password
    rows = admin.call("audit.query", AuditQuery(command="users.reset_password", target_id=str(info.id))).rows
    assert len(rows) == 1
    assert rows[0].after == {"password": "reset", "must_change_password": True}
    assert "Reset-by-admin-1" not in str(rows[0].after) + str(rows[0].before)


def test_reset_password_unlocks(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    info = create(admin)
    for _ in range(5):
        login_code(pairing, info.username, "Wrong-pass-1")
    assert login_code(pairing, info.username, NEW_PASSWORD) is ErrorCode.ACCOUNT_LOCKED
    admin.call("users.reset_password", ResetPasswordRequest(user_id=info.id, new_password="Reset-by-admin-2"))
    sign_in(pairing, info.username, "Reset-by-admin-2").close()


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_non_admins_cannot_manage_users(role: Role, login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    target = create(admin)
    client = login(role)
    me = client.call("auth.whoami")
    attempts: list[tuple[str, object]] = [
        ("users.list", None),
        (
            "users.create",
            CreateUserRequest(username="sneaky", display_name="x", role=Role.ADMIN, password=NEW_PASSWORD),
        ),
        ("users.update", UpdateUserRequest(user_id=me.id, role=Role.ADMIN)),
        ("users.set_active", SetUserActiveRequest(user_id=target.id, active=False)),
        ("users.reset_password", ResetPasswordRequest(user_id=target.id, new_password="Taken-over-1")),
    ]
    for name, payload in attempts:
        with pytest.raises(RemoteError) as err:
            client.call(name, payload)
        assert err.value.code is ErrorCode.FORBIDDEN, name
    users = {u.username: u for u in admin.call("users.list").users}
    assert "sneaky" not in users
    assert users[me.username].role is role
    assert users[target.username].active
    sign_in(admin.pairing, target.username).close()  # password unchanged


def test_the_last_active_admin_stays(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    me = admin.call("auth.whoami")
    disable_me = SetUserActiveRequest(user_id=me.id, active=False)
    demote_me = UpdateUserRequest(user_id=me.id, role=Role.CONSULTANT)
    assert code_of(lambda: admin.call("users.set_active", disable_me)) is ErrorCode.CONFLICT
    assert code_of(lambda: admin.call("users.update", demote_me)) is ErrorCode.CONFLICT
    assert admin.call("auth.whoami").role is Role.ADMIN

    # A disabled second admin does not count.
    second = create(admin, Role.ADMIN)
    admin.call("users.set_active", SetUserActiveRequest(user_id=second.id, active=False))
    assert code_of(lambda: admin.call("users.update", demote_me)) is ErrorCode.CONFLICT

    # An active one does: then the first may step down (which ends their session).
    admin.call("users.set_active", SetUserActiveRequest(user_id=second.id, active=True))
    with sign_in(pairing, second.username) as other:
        assert admin.call("users.update", demote_me).role is Role.CONSULTANT
        assert code_of(lambda: admin.call("auth.whoami")) is ErrorCode.UNAUTHENTICATED
        # Now the second is the last one.
        assert (
            code_of(lambda: other.call("users.set_active", SetUserActiveRequest(user_id=second.id, active=False)))
            is ErrorCode.CONFLICT
        )
        assert (
            code_of(lambda: other.call("users.update", UpdateUserRequest(user_id=second.id, role=Role.FINANCE)))
            is ErrorCode.CONFLICT
        )


def _demote(
    barrier: threading.Barrier, results: list[ErrorCode | None], i: int, client: SyncClient, target: int
) -> None:
    barrier.wait()
    try:
        client.call("users.update", UpdateUserRequest(user_id=target, role=Role.CONSULTANT))
    except RemoteError as err:
        results[i] = err.code


def test_two_admins_demoting_each_other_at_once_leave_one(login: Callable[..., SyncClient], settings: Settings) -> None:
    """The last-admin rule holds under concurrency: two admins stepping each other down cannot both win."""
    engine = sa.create_engine(settings.database_url or "")
    try:
        for _ in range(5):
            first, second = login(Role.ADMIN), login(Role.ADMIN)
            ids = [first.call("auth.whoami").id, second.call("auth.whoami").id]
            with engine.begin() as conn:  # earlier rounds' admins step aside: these two are the only ones
                conn.execute(
                    sa.text("UPDATE users SET role = 'consultant' WHERE role = 'admin' AND id <> ALL(:ids)"),
                    {"ids": ids},
                )
            results: list[ErrorCode | None] = [None, None]
            barrier = threading.Barrier(2)
            threads = [
                threading.Thread(target=_demote, args=(barrier, results, 0, first, ids[1])),
                threading.Thread(target=_demote, args=(barrier, results, 1, second, ids[0])),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(20)
            with engine.connect() as conn:
                admins = conn.execute(sa.text("SELECT count(*) FROM users WHERE role = 'admin' AND active")).scalar()
            assert admins == 1, f"{admins} active admins left; replies {results}"
            assert results.count(None) == 1 and ErrorCode.CONFLICT in results, results
    finally:
        engine.dispose()
