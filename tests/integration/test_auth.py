"""Sign-in, lockout, disabled accounts, sign-out, session expiry, password change, and restarts."""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from client.net.pairing import Pairing
from client.net.sync_client import RemoteError, SyncClient
from server.admin import create_user
from server.app import ServerApp
from server.config import Settings
from shared.domain import Role
from shared.protocol.envelope import make_command, utcnow
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.audit import AuditQuery
from shared.protocol.messages.auth import ChangePasswordRequest, LoginRequest, SetUserActiveRequest, UserInfo
from shared.protocol.messages.system import PingRequest
from tests.conftest import PASSWORD


def code_of(fn: Callable[[], object]) -> ErrorCode:
    with pytest.raises(RemoteError) as err:
        fn()
    return err.value.code


def sign_in(pairing: Pairing, username: str, password: str = PASSWORD) -> SyncClient:
    client = SyncClient(pairing, timeout_ms=5000)
    try:
        client.login(username, password)
    except BaseException:
        client.close()
        raise
    return client


def login_code(pairing: Pairing, username: str, password: str) -> ErrorCode:
    with SyncClient(pairing, timeout_ms=5000) as client:
        return code_of(lambda: client.login(username, password))


@contextmanager
def running(settings: Settings) -> Iterator[ServerApp]:
    app = ServerApp(settings)
    app.start()
    try:
        yield app
    finally:
        app.stop()


def add_user(app: ServerApp, role: Role = Role.CONSULTANT) -> str:
    username = f"u_{uuid.uuid4().hex[:8]}"
    assert app.database is not None
    with app.database.sessions() as db, db.begin():
        create_user(db, username, "测试", role, PASSWORD, must_change=False)
    return username


# --- sign-in -------------------------------------------------------------------------------------


def test_login_returns_a_token_and_the_user(pairing: Pairing, make_user: Callable[..., str]) -> None:
    name = make_user(Role.SALES_MANAGER)
    with sign_in(pairing, name) as client:
        reply = client.login_reply
        assert reply is not None
        assert len(reply.token) >= 32
        assert reply.user.username == name
        assert reply.user.role is Role.SALES_MANAGER
        assert reply.user.active and not reply.user.must_change_password
        assert timedelta(hours=11) < reply.expires_at - utcnow() <= timedelta(hours=12)
        who: UserInfo = client.call("auth.whoami")
        assert who.id == reply.user.id
        # Two sign-ins are two sessions with two tokens.
        with sign_in(pairing, name) as other:
            assert other.token != client.token


def test_wrong_password_and_unknown_user_look_the_same(pairing: Pairing, make_user: Callable[..., str]) -> None:
    name = make_user(Role.CONSULTANT)
    assert login_code(pairing, name, PASSWORD + "x") is ErrorCode.INVALID_CREDENTIALS
    assert login_code(pairing, "nobody_" + uuid.uuid4().hex[:6], PASSWORD) is ErrorCode.INVALID_CREDENTIALS
    assert login_code(pairing, name, "") is ErrorCode.INVALID_CREDENTIALS
    # The user name is exact: another case is another (unknown) user.
    assert login_code(pairing, name.upper(), PASSWORD) is ErrorCode.INVALID_CREDENTIALS


def test_five_failures_lock_the_account(
    pairing: Pairing, make_user: Callable[..., str], login: Callable[..., SyncClient]
) -> None:
    admin = login(Role.ADMIN)
    name = make_user(Role.CONSULTANT)
    for _ in range(4):
        assert login_code(pairing, name, "Wrong-pass-1") is ErrorCode.INVALID_CREDENTIALS
    # Four failures do not lock: the right password still works (and resets the count).
    sign_in(pairing, name).close()
    for _ in range(5):
        assert login_code(pairing, name, "Wrong-pass-1") is ErrorCode.INVALID_CREDENTIALS
    assert login_code(pairing, name, PASSWORD) is ErrorCode.ACCOUNT_LOCKED

    user = next(u for u in admin.call("users.list").users if u.username == name)
    assert user.locked_until is not None
    ahead = user.locked_until - utcnow()
    assert timedelta(minutes=14) < ahead <= timedelta(minutes=15)

    rows = admin.call("audit.query", AuditQuery(actor=name, command="auth.login")).rows
    results = [r.after["result"] for r in reversed(rows) if r.after]
    assert results == ["wrong_password"] * 4 + ["signed_in"] + ["wrong_password"] * 5 + ["locked"]
    failures = [r.after.get("failed_logins") for r in reversed(rows) if r.after and "failed_logins" in r.after]
    assert failures == [1, 2, 3, 4, 1, 2, 3, 4, 5]
    locking = [r for r in rows if r.after and "locked_until" in r.after]
    assert len(locking) == 1
    assert all(r.target_type == "user" and r.target_id == str(user.id) for r in rows)
    # Unknown user names are audited too (no user id to point at).
    login_code(pairing, "ghost_user", "Whatever-1")
    ghost = admin.call("audit.query", AuditQuery(actor="ghost_user")).rows
    assert [r.after["result"] for r in ghost if r.after] == ["unknown_user"]
    assert ghost[0].actor_id is None


def test_an_administrator_unlocks_by_enabling(
    pairing: Pairing, make_user: Callable[..., str], login: Callable[..., SyncClient]
) -> None:
    admin = login(Role.ADMIN)
    name = make_user(Role.FINANCE)
    for _ in range(5):
        login_code(pairing, name, "Wrong-pass-1")
    assert login_code(pairing, name, PASSWORD) is ErrorCode.ACCOUNT_LOCKED
    user = next(u for u in admin.call("users.list").users if u.username == name)
    admin.call("users.set_active", SetUserActiveRequest(user_id=user.id, active=True))
    sign_in(pairing, name).close()


def test_disabled_user_is_refused_at_once(
    pairing: Pairing, make_user: Callable[..., str], login: Callable[..., SyncClient]
) -> None:
    admin = login(Role.ADMIN)
    name = make_user(Role.CONSULTANT)
    with sign_in(pairing, name) as victim:
        assert victim.call("ping", PingRequest(data="a")).data == "a"
        user_id = victim.call("auth.whoami").id
        admin.call("users.set_active", SetUserActiveRequest(user_id=user_id, active=False))
        assert code_of(lambda: victim.call("ping")) is ErrorCode.UNAUTHENTICATED
        assert code_of(lambda: victim.call("auth.whoami")) is ErrorCode.UNAUTHENTICATED
    assert login_code(pairing, name, PASSWORD) is ErrorCode.ACCOUNT_DISABLED
    # A wrong password for a disabled account does not reveal that it exists.
    assert login_code(pairing, name, "Wrong-pass-1") is ErrorCode.INVALID_CREDENTIALS


def test_logout_ends_only_that_session(pairing: Pairing, make_user: Callable[..., str]) -> None:
    name = make_user(Role.FRONT_DESK)
    with sign_in(pairing, name) as first, sign_in(pairing, name) as second:
        first.call("auth.logout")
        assert code_of(lambda: first.call("ping")) is ErrorCode.UNAUTHENTICATED
        assert code_of(lambda: first.call("auth.logout")) is ErrorCode.UNAUTHENTICATED
        assert second.call("ping", PingRequest(data="b")).data == "b"


def test_login_reply_is_not_replayed(pairing: Pairing, make_user: Callable[..., str], settings: Settings) -> None:
    """A retried sign-in must not hand out the stored token: the token is never kept."""
    name = make_user(Role.CONSULTANT)
    with SyncClient(pairing, timeout_ms=5000) as client:
        env = make_command("auth.login", LoginRequest(username=name, password=PASSWORD), idem=uuid.uuid4().hex)
        assert client.send_raw(env).type == "reply"
        again = client.send_raw(env)
        assert again.type == "error"
    engine = sa.create_engine(settings.database_url or "")
    try:
        with engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT reply FROM idempotency WHERE command = 'auth.login'")).scalars()
            assert [bytes(r) for r in stored] == [b""]
    finally:
        engine.dispose()


# --- expiry --------------------------------------------------------------------------------------


def test_idle_session_expires_and_stays_expired(settings: Settings) -> None:
    idle = 0.02  # minutes: 1.2 s
    with running(dataclasses.replace(settings, session_idle_minutes=idle)) as app:
        pairing = Pairing.load(app.pairing_path)
        name = add_user(app)
        with sign_in(pairing, name) as client:
            # Activity keeps it alive past the idle limit.
            for _ in range(6):
                client.call("ping")
                time.sleep(0.25)
            time.sleep(idle * 60 + 0.3)
            assert code_of(lambda: client.call("ping")) is ErrorCode.UNAUTHENTICATED
            # Expired is final: the next command must not revive the session.
            assert code_of(lambda: client.call("ping")) is ErrorCode.UNAUTHENTICATED
            assert code_of(lambda: client.call("auth.whoami")) is ErrorCode.UNAUTHENTICATED
        # Signing in again works.
        sign_in(pairing, name).close()


def test_session_lifetime_is_absolute(settings: Settings) -> None:
    hours = 1.5 / 3600  # one and a half seconds
    with running(dataclasses.replace(settings, session_hours=hours)) as app:
        pairing = Pairing.load(app.pairing_path)
        with sign_in(pairing, add_user(app)) as client:
            assert client.login_reply is not None
            expires_at = client.login_reply.expires_at
            assert expires_at - utcnow() <= timedelta(seconds=1.5)
            client.call("ping")
            time.sleep(max(0.0, (expires_at - utcnow()).total_seconds()) + 0.2)
            assert code_of(lambda: client.call("ping")) is ErrorCode.UNAUTHENTICATED
            assert code_of(lambda: client.call("ping")) is ErrorCode.UNAUTHENTICATED


# --- passwords -----------------------------------------------------------------------------------


def test_change_password(pairing: Pairing, make_user: Callable[..., str]) -> None:
    name = make_user(Role.CONSULTANT)
    new = "Brand-new-2026"
    with sign_in(pairing, name) as client, sign_in(pairing, name) as elsewhere:

        def change(old: str, new_password: str) -> ErrorCode:
            return code_of(
                lambda: client.call(
                    "auth.change_password", ChangePasswordRequest(old_password=old, new_password=new_password)
                )
            )

        assert change("Not-the-old-1", new) is ErrorCode.INVALID_CREDENTIALS
        assert change(PASSWORD, "short1") is ErrorCode.WEAK_PASSWORD
        assert change(PASSWORD, "onlyletters") is ErrorCode.WEAK_PASSWORD
        assert change(PASSWORD, f"{name}-99") is ErrorCode.WEAK_PASSWORD
        assert change(PASSWORD, PASSWORD) is ErrorCode.WEAK_PASSWORD
        # None of the refusals changed anything.
        assert login_code(pairing, name, new) is ErrorCode.INVALID_CREDENTIALS

        assert elsewhere.call("ping", PingRequest(data="d")).data == "d"

        client.call("auth.change_password", ChangePasswordRequest(old_password=PASSWORD, new_password=new))
        # This session goes on; every other session of the user ends.
        assert client.call("ping", PingRequest(data="c")).data == "c"
        assert code_of(lambda: elsewhere.call("ping")) is ErrorCode.UNAUTHENTICATED
    assert login_code(pairing, name, PASSWORD) is ErrorCode.INVALID_CREDENTIALS
    with sign_in(pairing, name, new) as again:
        assert again.login_reply is not None
        assert not again.login_reply.user.must_change_password


# --- restarts ------------------------------------------------------------------------------------


def test_session_survives_a_server_restart(
    server: ServerApp, settings: Settings, login: Callable[..., SyncClient]
) -> None:
    client = login(Role.SALES_MANAGER)
    token = client.token
    me = client.call("auth.whoami")
    old_key = Pairing.load(server.pairing_path).server_public_key
    server.stop()
    with running(settings) as again:
        pairing = Pairing.load(again.pairing_path)
        assert pairing.server_public_key == old_key
        with SyncClient(pairing, timeout_ms=5000) as reconnected:
            reconnected.token = token
            assert reconnected.call("auth.whoami") == me
            reconnected.token = "forged-" + uuid.uuid4().hex
            assert code_of(lambda: reconnected.call("auth.whoami")) is ErrorCode.UNAUTHENTICATED
