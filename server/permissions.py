"""What each role may do. Every command declares one permission; the server checks it, never the client."""

from __future__ import annotations

from enum import StrEnum

from shared.domain import Role


class Permission(StrEnum):
    PUBLIC = "public"  # before sign-in: hello, login
    SIGNED_IN = "signed_in"  # any role with a live session
    BOARD_VIEW = "board.view"
    USERS_MANAGE = "users.manage"
    AUDIT_READ = "audit.read"
    PROJECTS_MANAGE = "projects.manage"
    UNITS_IMPORT = "units.import"
    UNITS_SET_STATUS = "units.set_status"


_EVERYONE = frozenset({Permission.PUBLIC, Permission.SIGNED_IN, Permission.BOARD_VIEW})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _EVERYONE
    | {Permission.USERS_MANAGE, Permission.AUDIT_READ, Permission.PROJECTS_MANAGE, Permission.UNITS_IMPORT},
    Role.SALES_MANAGER: _EVERYONE | {Permission.UNITS_SET_STATUS},
    Role.CONSULTANT: _EVERYONE,
    Role.FRONT_DESK: _EVERYONE,
    Role.FINANCE: _EVERYONE,
}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
