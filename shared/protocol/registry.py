"""The registry from message type name to payload struct: every command and event the protocol knows."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from shared.protocol.messages import audit, auth, catalog, system
from shared.protocol.messages.common import Empty, FileContent


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    request: type[msgspec.Struct]
    reply: type[msgspec.Struct]
    # Mutating commands need an idempotency key, are audited and replay their first reply on retry.
    mutating: bool
    # Session-less commands may be sent before login (hello, login).
    needs_session: bool
    summary: str


def _spec(
    name: str,
    request: type[msgspec.Struct],
    reply: type[msgspec.Struct],
    summary: str,
    *,
    mutating: bool = False,
    needs_session: bool = True,
) -> CommandSpec:
    return CommandSpec(name, request, reply, mutating, needs_session, summary)


COMMANDS: dict[str, CommandSpec] = {
    s.name: s
    for s in (
        _spec("hello", system.HelloRequest, system.HelloReply, "Negotiate the protocol version", needs_session=False),
        _spec("ping", system.PingRequest, system.PingReply, "Liveness check within a session"),
        _spec(
            "auth.login",
            auth.LoginRequest,
            auth.LoginReply,
            "Sign in; returns a session token",
            mutating=True,
            needs_session=False,
        ),
        _spec("auth.logout", Empty, Empty, "End this session", mutating=True),
        _spec("auth.whoami", Empty, auth.UserInfo, "The signed-in user"),
        _spec("auth.change_password", auth.ChangePasswordRequest, Empty, "Change one's own password", mutating=True),
        _spec("users.list", Empty, auth.UserList, "All users"),
        _spec("users.create", auth.CreateUserRequest, auth.UserInfo, "Create a user", mutating=True),
        _spec("users.update", auth.UpdateUserRequest, auth.UserInfo, "Change a user's name or role", mutating=True),
        _spec("users.set_active", auth.SetUserActiveRequest, auth.UserInfo, "Enable or disable a user", mutating=True),
        _spec(
            "users.reset_password",
            auth.ResetPasswordRequest,
            Empty,
            "Set a new password that must be changed at next sign-in",
            mutating=True,
        ),
        _spec("audit.query", audit.AuditQuery, audit.AuditPage, "Browse and filter the audit trail"),
        _spec("projects.list", Empty, catalog.ProjectList, "All projects"),
        _spec("projects.create", catalog.CreateProjectRequest, catalog.ProjectInfo, "Create a project", mutating=True),
        _spec("board.snapshot", catalog.BoardRequest, catalog.Board, "A project's buildings and units, with seq"),
        _spec("units.get", catalog.UnitRef, catalog.UnitInfo, "One unit"),
        _spec(
            "units.set_status",
            catalog.SetUnitStatusRequest,
            catalog.UnitInfo,
            "Set a unit's status directly (manager)",
            mutating=True,
        ),
        _spec("units.template", Empty, FileContent, "The Excel template for unit import"),
        _spec(
            "units.import",
            catalog.ImportUnitsRequest,
            catalog.ImportUnitsReply,
            "Import units from Excel: all rows or none",
            mutating=True,
        ),
    )
}

EVENTS: dict[str, type[msgspec.Struct]] = {
    "heartbeat": system.Heartbeat,
    "job.progress": system.JobProgress,
    "unit.changed": catalog.UnitChanged,
    "units.imported": catalog.UnitsImported,
}
