"""Which unit actions the board offers to a role for a status: a convenience copy of the server's rules.

The server decides (server/engine/rules.py, server/permissions.py) and the client always sends the command and
shows the answer; these tables only grey out what could not succeed. tests/ui/test_board_actions.py keeps them
equal to the server's.
"""

from __future__ import annotations

from enum import StrEnum

from shared.domain import Role, UnitStatus

S = UnitStatus


class UnitAction(StrEnum):
    """The staff actions on one unit; the value is the command that performs it."""

    HOLD = "units.hold"
    RELEASE = "units.release"
    SUBSCRIBE = "units.subscribe"
    SIGN = "units.sign"
    CANCEL = "units.cancel"


# The order of the panel's buttons and the context menu: the sales funnel, then its undoing.
ACTION_ORDER: tuple[UnitAction, ...] = (
    UnitAction.HOLD,
    UnitAction.RELEASE,
    UnitAction.SUBSCRIBE,
    UnitAction.SIGN,
    UnitAction.CANCEL,
)

SOURCES: dict[UnitAction, frozenset[UnitStatus]] = {
    UnitAction.HOLD: frozenset({S.AVAILABLE}),
    UnitAction.RELEASE: frozenset({S.HELD}),
    UnitAction.SUBSCRIBE: frozenset({S.AVAILABLE, S.HELD}),
    UnitAction.SIGN: frozenset({S.SUBSCRIBED}),
    UnitAction.CANCEL: frozenset({S.SUBSCRIBED, S.SIGNED}),
}

ROLES: dict[UnitAction, frozenset[Role]] = {
    UnitAction.HOLD: frozenset({Role.CONSULTANT, Role.SALES_MANAGER}),
    UnitAction.RELEASE: frozenset({Role.CONSULTANT, Role.SALES_MANAGER}),
    UnitAction.SUBSCRIBE: frozenset({Role.CONSULTANT, Role.SALES_MANAGER, Role.FINANCE}),
    UnitAction.SIGN: frozenset({Role.FINANCE, Role.SALES_MANAGER}),
    UnitAction.CANCEL: frozenset({Role.SALES_MANAGER}),
}

# The manager's direct changes (units.set_status): 推售, 撤回, 保留, 不可售, and 已售 once the contract is filed.
DIRECT: frozenset[tuple[UnitStatus, UnitStatus]] = frozenset(
    {
        (S.NOT_RELEASED, S.AVAILABLE),
        (S.AVAILABLE, S.NOT_RELEASED),
        (S.AVAILABLE, S.RESERVED),
        (S.RESERVED, S.AVAILABLE),
        (S.RESERVED, S.NOT_RELEASED),
        (S.AVAILABLE, S.UNAVAILABLE),
        (S.NOT_RELEASED, S.UNAVAILABLE),
        (S.UNAVAILABLE, S.AVAILABLE),
        (S.UNAVAILABLE, S.NOT_RELEASED),
        (S.SIGNED, S.SOLD),
    }
)
DIRECT_ROLES: frozenset[Role] = frozenset({Role.SALES_MANAGER})


def actions_for(role: Role) -> list[UnitAction]:
    """The actions a role's menu and panel show at all."""
    return [action for action in ACTION_ORDER if role in ROLES[action]]


def applies(action: UnitAction, status: UnitStatus) -> bool:
    return status in SOURCES[action]


def may_set_status(role: Role) -> bool:
    return role in DIRECT_ROLES


def direct_targets(status: UnitStatus, order: tuple[UnitStatus, ...]) -> list[UnitStatus]:
    """The statuses a manager may set a unit in `status` to, in the board's status order."""
    return [target for target in order if (status, target) in DIRECT]
