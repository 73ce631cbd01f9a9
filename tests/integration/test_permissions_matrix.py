"""Every command × every role against the server's own permission table, over the real protocol.

The expectation comes from what the server declares (its routes and ROLE_PERMISSIONS), so a new command
without a route, or a role that gains or loses a permission without the table saying so, fails here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from server.handlers import build_router
from server.permissions import ROLE_PERMISSIONS, Permission, allowed
from shared.domain import Role
from shared.protocol.envelope import ERROR, REPLY, Envelope, decode_body, make_command
from shared.protocol.errors import ErrorBody, ErrorCode
from shared.protocol.messages.opening import BuyerLoginRequest
from shared.protocol.registry import COMMANDS
from tests.factories import buyer_login, opening, project_with_units

ROUTES = build_router().routes
# Ends the session the rest of the walk uses, so each role sends it last.
SESSION_ENDERS = ("auth.logout",)
# Any of these for a command the role may use means the permission check (or the server) is wrong.
NEVER_WHEN_ALLOWED = {ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED, ErrorCode.UNKNOWN_COMMAND, ErrorCode.INTERNAL}


def send_empty(client: SyncClient, name: str, token: str | None) -> Envelope:
    return client.send_raw(make_command(name, None, token=token, idem=uuid.uuid4().hex))


def error_code(reply: Envelope) -> ErrorCode | None:
    return decode_body(reply.body, ErrorBody).code if reply.type == ERROR else None


def walk_order() -> list[str]:
    return sorted(COMMANDS, key=lambda name: (name in SESSION_ENDERS, name))


def test_every_command_has_exactly_one_route() -> None:
    assert set(ROUTES) == set(COMMANDS), "a command without a handler and permission, or the reverse"
    for name, route in ROUTES.items():
        assert route.spec is COMMANDS[name]
        assert (route.permission is Permission.PUBLIC) == (not route.spec.needs_session), name


def test_every_role_has_a_permission_set() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)
    for role in Role:
        assert allowed(role, Permission.PUBLIC)
        assert allowed(role, Permission.SIGNED_IN)
    used = {route.permission for route in ROUTES.values()}
    # BUYER is for opening buyers' kiosk tokens only (test_a_buyer_token_runs_only_buyer_commands), CAMERA for
    # camera tokens only (tests/integration/test_face_ingest.py).
    for permission in used - {Permission.PUBLIC, Permission.BUYER, Permission.CAMERA}:
        assert any(allowed(role, permission) for role in Role), f"no role may use {permission}"


def test_permission_matrix(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    outcomes: dict[tuple[Role, str], ErrorCode | None] = {}
    for role in Role:
        client = login(role)
        assert client.token is not None
        for name in walk_order():
            reply = send_empty(client, name, client.token)
            assert reply.type in (REPLY, ERROR)
            code = error_code(reply)
            outcomes[role, name] = code
            permitted = allowed(role, ROUTES[name].permission)
            if not permitted:
                assert code is ErrorCode.FORBIDDEN, f"{role} ran {name}: {code}"
            else:
                assert code not in NEVER_WHEN_ALLOWED, f"{role} was refused {name}: {code}"
            if code is None:
                # Accepted with an empty body: the reply must be the declared reply type.
                decode_body(reply.body, COMMANDS[name].reply)

    # The table is not trivially all-allowed or all-refused.
    assert any(code is ErrorCode.FORBIDDEN for code in outcomes.values())
    for name, route in ROUTES.items():
        if route.permission in (Permission.PUBLIC, Permission.SIGNED_IN, Permission.BOARD_VIEW):
            assert all(outcomes[role, name] is not ErrorCode.FORBIDDEN for role in Role), name
    # The public commands are reachable by every role (and, below, by nobody at all).
    for name in ("hello", "auth.login"):
        assert all(outcomes[role, name] is not ErrorCode.FORBIDDEN for role in Role)
    # Spot checks that pin the table to the business rules.
    assert outcomes[Role.CONSULTANT, "users.create"] is ErrorCode.FORBIDDEN
    assert outcomes[Role.SALES_MANAGER, "audit.query"] is ErrorCode.FORBIDDEN
    assert outcomes[Role.ADMIN, "units.set_status"] is ErrorCode.FORBIDDEN
    assert outcomes[Role.SALES_MANAGER, "units.set_status"] is ErrorCode.INVALID_PAYLOAD
    assert outcomes[Role.ADMIN, "users.list"] is None
    assert outcomes[Role.CONSULTANT, "units.cancel"] is ErrorCode.FORBIDDEN
    assert outcomes[Role.FRONT_DESK, "units.hold"] is ErrorCode.FORBIDDEN
    assert outcomes[Role.CONSULTANT, "openings.create"] is ErrorCode.FORBIDDEN
    assert all(outcomes[role, "buyer.pick"] is ErrorCode.FORBIDDEN for role in Role)


def test_a_buyer_token_runs_only_buyer_commands(pairing: Pairing, login: Callable[..., SyncClient]) -> None:
    admin, manager = login(Role.ADMIN), login(Role.SALES_MANAGER)
    project_id, units = project_with_units(admin, floors=1, per_floor=2)
    info = opening(manager, project_id, [u.id for u in units], buyers=1, starts_in=3600)
    with SyncClient(pairing, timeout_ms=5000) as client:
        phone, ticket = buyer_login(0)
        session = client.call("buyer.login", BuyerLoginRequest(opening_id=info.id, phone=phone, ticket_no=ticket))
        for name in walk_order():
            code = error_code(send_empty(client, name, session.token))
            if ROUTES[name].permission is Permission.BUYER:
                assert code not in NEVER_WHEN_ALLOWED, f"a buyer was refused {name}: {code}"
            elif ROUTES[name].permission is not Permission.PUBLIC:
                assert code is ErrorCode.FORBIDDEN, f"a buyer ran {name}: {code}"
        # A forged or altered token is nobody's.
        forged = session.token[:-4] + ("0000" if not session.token.endswith("0000") else "1111")
        assert error_code(send_empty(client, "buyer.me", forged)) is ErrorCode.UNAUTHENTICATED
        other = f"b1.{info.id}.{session.buyer.id + 1}.{session.token.rsplit('.', 1)[1]}"
        assert error_code(send_empty(client, "buyer.me", other)) is ErrorCode.UNAUTHENTICATED


def test_without_a_session_only_public_commands_run(pairing: Pairing) -> None:
    with SyncClient(pairing, timeout_ms=5000) as client:
        for name, spec in COMMANDS.items():
            for token in (None, "no-such-token-" + uuid.uuid4().hex):
                code = error_code(send_empty(client, name, token))
                if spec.needs_session:
                    assert code is ErrorCode.UNAUTHENTICATED, f"{name} without a session: {code}"
                else:
                    assert code not in (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN), name
