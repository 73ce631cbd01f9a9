"""Unit actions on the 销控 board; the reservation engine decides them (server/engine)."""

from __future__ import annotations

from typing import Any

from server.engine.core import Engine
from server.engine.rules import Action
from server.engine.runner import Item, Operation, Principal
from server.permissions import Permission
from server.router import Router
from server.sessions import Actor
from shared.protocol.messages.sales import MyUnitsRequest, UnitList


def staff(principal: Principal) -> Actor:
    assert isinstance(principal, Actor), "the dispatcher admits only staff to staff commands"
    return principal


def _unit_action(action: Action) -> Operation:
    def op(engine: Engine, principal: Principal, req: Any, item: Item) -> Any:
        return engine.unit_action(action, staff(principal), req, item.stamp)

    return op


def _mine(engine: Engine, principal: Principal, req: MyUnitsRequest, item: Item) -> UnitList:
    return UnitList(units=engine.my_units(staff(principal), req.project_id))


def register(router: Router) -> None:
    router.engine("units.set_status", Permission.UNITS_SET_STATUS, _unit_action(Action.SET_STATUS))
    router.engine("units.hold", Permission.UNITS_HOLD, _unit_action(Action.HOLD))
    router.engine("units.release", Permission.UNITS_HOLD, _unit_action(Action.RELEASE))
    router.engine("units.subscribe", Permission.UNITS_SUBSCRIBE, _unit_action(Action.SUBSCRIBE))
    router.engine("units.sign", Permission.UNITS_SIGN, _unit_action(Action.SIGN))
    router.engine("units.cancel", Permission.UNITS_CANCEL, _unit_action(Action.CANCEL))
    router.engine("units.mine", Permission.BOARD_VIEW, _mine)
