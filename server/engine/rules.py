"""The unit state machine: which action moves a unit from which status to which, and who may do it."""

from __future__ import annotations

from enum import StrEnum

from shared.domain import Role, UnitStatus

S = UnitStatus


class Action(StrEnum):
    HOLD = "units.hold"
    RELEASE = "units.release"
    SUBSCRIBE = "units.subscribe"
    SIGN = "units.sign"
    CANCEL = "units.cancel"
    SET_STATUS = "units.set_status"
    EXPIRE = "expire"  # the engine itself, when a hold runs out
    PICK = "buyer.pick"  # a buyer in an opening


# action -> (statuses it starts from, status it leads to). Who may take each action is the command's
# permission (server/permissions.py: hold and release for consultants and managers, subscribe also for
# finance, sign for finance and managers, cancel 退订/退房 and direct changes for managers only); the engine
# adds the record-level rule: only a hold's owner or a manager acts on a hold.
MOVES: dict[Action, tuple[frozenset[UnitStatus], UnitStatus]] = {
    Action.HOLD: (frozenset({S.AVAILABLE}), S.HELD),
    Action.RELEASE: (frozenset({S.HELD}), S.AVAILABLE),
    Action.SUBSCRIBE: (frozenset({S.AVAILABLE, S.HELD}), S.SUBSCRIBED),
    Action.SIGN: (frozenset({S.SUBSCRIBED}), S.SIGNED),
    Action.CANCEL: (frozenset({S.SUBSCRIBED, S.SIGNED}), S.AVAILABLE),
}

# A manager's direct changes (推售, 保留, 不可售, 已售 after 备案). Nothing here takes a unit away from a
# customer: holds, subscriptions and contracts end only through release, expiry and cancel.
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

# Statuses in which a unit belongs to someone: an owner is recorded, and only the rules above end it.
OWNED = frozenset({S.HELD, S.SUBSCRIBED, S.SIGNED, S.SOLD})


def public_status(status: UnitStatus, role: Role | None) -> UnitStatus:
    """保留 is an internal reserve: everyone but managers (and IT) sees it as sold."""
    if status is S.RESERVED and role not in (Role.SALES_MANAGER, Role.ADMIN):
        return S.SOLD
    return status


# Roles that see every unit's customer; others see it only on units they hold themselves.
SEES_ALL_CUSTOMERS = frozenset({Role.SALES_MANAGER, Role.FINANCE})


def sees_customer(role: Role | None, user_id: int | None, holder_id: int | None) -> bool:
    """A unit's customer is personal data: for its own consultant, managers and finance, not the whole office."""
    return role in SEES_ALL_CUSTOMERS or (user_id is not None and user_id == holder_id)
