"""The CRM screens' copy of who may do what equals the server's: a button never offers what the server refuses,
nor hides what a role may do."""

from __future__ import annotations

from collections.abc import Callable

from client.net.sync_client import SyncClient
from client.ui.crm import permissions
from server.handlers import build_router
from server.permissions import allowed
from shared.domain import Role
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.catalog import CreateProjectRequest
from shared.protocol.messages.crm_visits import RotationRequest
from tests.integration.test_crm_customers import refused


def test_the_screens_table_is_the_servers() -> None:
    routes = build_router().routes
    for command, roles in permissions.ROLES.items():
        assert roles == {r for r in Role if allowed(r, routes[command].permission)}, command
    # What the brief's screens would like but the server does not allow: consultants do not appeal, the front
    # desk does not check consultants in.
    assert not permissions.may(Role.CONSULTANT, "appeals.file")
    assert not permissions.may(Role.FRONT_DESK, "rotation.check_in")


def test_only_managers_check_others_in(login: Callable[..., SyncClient]) -> None:
    project = login(Role.ADMIN).call("projects.create", CreateProjectRequest(name="权限楼盘"))
    seller = login(Role.CONSULTANT)
    seller_id = seller.call("auth.whoami").id
    other = login(Role.CONSULTANT)
    req = RotationRequest(project_id=project.id, user_id=seller_id)
    for role in Role:
        if role in permissions.CHECKS_OTHERS_IN:
            queue = login(role).call("rotation.check_in", req)
            assert [e.user_id for e in queue.entries if e.checked_in] == [seller_id]
    assert refused(lambda: other.call("rotation.check_in", req)) is ErrorCode.FORBIDDEN
    assert {Role.SALES_MANAGER} == permissions.CHECKS_OTHERS_IN
