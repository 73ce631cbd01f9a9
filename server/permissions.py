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
    UNITS_SET_STATUS = "units.set_status"  # direct changes: 推售, 保留, 不可售, 已售
    UNITS_HOLD = "units.hold"  # hold and release
    UNITS_SUBSCRIBE = "units.subscribe"
    UNITS_SIGN = "units.sign"
    UNITS_CANCEL = "units.cancel"  # 退订 / 退房
    PRICES_DRAFT = "prices.draft"  # draft and read price lists
    PRICES_APPROVE = "prices.approve"
    OPENINGS_MANAGE = "openings.manage"
    OPENINGS_VIEW = "openings.view"
    # CRM (issue 4) --------------------------------------------------------------------------------
    CUSTOMERS_VIEW = "customers.view"  # record-level: consultants their own and the pool, managers all
    CUSTOMERS_EDIT = "customers.edit"
    CUSTOMERS_REVEAL_ID = "customers.reveal_id"  # the unmasked ID number, each view audited
    CUSTOMERS_MANAGE = "customers.manage"  # assign, import, export, settings, overdue list, jobs
    VISITS_REGISTER = "visits.register"  # front desk: lookup, register, today's arrivals
    ROTATION_JOIN = "rotation.join"  # check oneself in and out
    ROTATION_VIEW = "rotation.view"
    CHANNELS_MANAGE = "channels.manage"  # channels, brokers, rule and commission versions, appeals' decisions
    REPORTS_ENTER = "reports.enter"  # enter 报备, confirm 带看, file appeals
    REPORTS_VIEW = "reports.view"
    ATTRIBUTION_MANAGE = "attribution.manage"  # read, rule on and export the 判客 ledger
    # A buyer signed in at an opening kiosk with phone + 认筹号: no staff role has it, buyers have nothing else.
    BUYER = "buyer"
    # Faces (issue 5) ------------------------------------------------------------------------------
    # CAMERA, like BUYER, is held by one kind of token only (a registered camera's): no staff role has it.
    CAMERA = "faces.camera"
    CAMERAS_VIEW = "cameras.view"  # the cameras and their health
    FACES_VIEW = "faces.view"  # face events with thumbnails, each view audited
    FACES_COMPLIANCE = "faces.compliance"  # stored-faces count, galleries and thresholds, retention
    FACES_MANAGE = "faces.manage"  # retention settings, the purge, staff enrolment
    FACES_LINK = "faces.link"  # keep a face for a customer, with the consent recorded
    FACES_ALERTS = "faces.alerts"  # risk alerts: read (audited), confirm or dismiss
    FACES_FORGET = "faces.forget"  # delete a customer's face data on request


_EVERYONE = frozenset({Permission.PUBLIC, Permission.SIGNED_IN, Permission.BOARD_VIEW})

# CRM grants: managers see everything; consultants their customers; the front desk registers visits and
# reports but never reads a customer's profile; finance may reveal ID numbers (for contracts).
_CRM: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(),
    Role.SALES_MANAGER: frozenset(
        {
            Permission.CUSTOMERS_VIEW,
            Permission.CUSTOMERS_EDIT,
            Permission.CUSTOMERS_REVEAL_ID,
            Permission.CUSTOMERS_MANAGE,
            Permission.VISITS_REGISTER,
            Permission.ROTATION_JOIN,
            Permission.ROTATION_VIEW,
            Permission.CHANNELS_MANAGE,
            Permission.REPORTS_ENTER,
            Permission.REPORTS_VIEW,
            Permission.ATTRIBUTION_MANAGE,
        }
    ),
    Role.CONSULTANT: frozenset(
        {Permission.CUSTOMERS_VIEW, Permission.CUSTOMERS_EDIT, Permission.ROTATION_JOIN, Permission.ROTATION_VIEW}
    ),
    Role.FRONT_DESK: frozenset(
        {Permission.VISITS_REGISTER, Permission.ROTATION_VIEW, Permission.REPORTS_ENTER, Permission.REPORTS_VIEW}
    ),
    Role.FINANCE: frozenset({Permission.CUSTOMERS_REVEAL_ID}),
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _EVERYONE
    | {
        Permission.USERS_MANAGE,
        Permission.AUDIT_READ,
        Permission.PROJECTS_MANAGE,
        Permission.UNITS_IMPORT,
        Permission.OPENINGS_VIEW,
    },
    Role.SALES_MANAGER: _EVERYONE
    | {
        Permission.UNITS_SET_STATUS,
        Permission.UNITS_HOLD,
        Permission.UNITS_SUBSCRIBE,
        Permission.UNITS_SIGN,
        Permission.UNITS_CANCEL,
        Permission.OPENINGS_MANAGE,
        Permission.OPENINGS_VIEW,
        Permission.PRICES_DRAFT,
        Permission.PRICES_APPROVE,
    },
    Role.CONSULTANT: _EVERYONE | {Permission.UNITS_HOLD, Permission.UNITS_SUBSCRIBE},
    Role.FRONT_DESK: _EVERYONE,
    Role.FINANCE: _EVERYONE | {Permission.UNITS_SUBSCRIBE, Permission.UNITS_SIGN, Permission.PRICES_DRAFT},
}

ROLE_PERMISSIONS = {role: perms | _CRM[role] for role, perms in ROLE_PERMISSIONS.items()}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


# Faces (issue 5): the front desk sees arrivals and links faces with consent; managers also get the risk
# alerts; IT runs cameras, retention, staff enrolment and the counter; deletion on request: managers and IT.
_FACES: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {Permission.CAMERAS_VIEW, Permission.FACES_COMPLIANCE, Permission.FACES_MANAGE, Permission.FACES_FORGET}
    ),
    Role.SALES_MANAGER: frozenset(
        {
            Permission.CAMERAS_VIEW,
            Permission.FACES_VIEW,
            Permission.FACES_COMPLIANCE,
            Permission.FACES_LINK,
            Permission.FACES_ALERTS,
            Permission.FACES_FORGET,
        }
    ),
    Role.CONSULTANT: frozenset(),
    Role.FRONT_DESK: frozenset({Permission.FACES_VIEW, Permission.FACES_LINK}),
    Role.FINANCE: frozenset(),
}
ROLE_PERMISSIONS = {role: perms | _FACES[role] for role, perms in ROLE_PERMISSIONS.items()}
