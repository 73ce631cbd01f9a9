"""Price lists: drafts cover every unit, versions count up, approval by another person, the active list prices."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from client.net.sync_client import RemoteError, SyncClient
from shared.domain import Role
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.catalog import BoardRequest, UnitRef
from shared.protocol.messages.prices import BuildingRef, CreatePriceListRequest, PriceItem, PriceListRef
from tests.factories import project_with_units


def test_draft_approve_and_reprice(login: Callable[..., SyncClient]) -> None:
    admin, manager, finance, consultant = (
        login(Role.ADMIN),
        login(Role.SALES_MANAGER),
        login(Role.FINANCE),
        login(Role.CONSULTANT),
    )
    project_id, units = project_with_units(admin, floors=2, per_floor=2)
    building = units[0].building_id
    items = [PriceItem(unit_id=u.id, price=u.list_price * Decimal("1.05")) for u in units]

    with pytest.raises(RemoteError) as err:
        consultant.call("prices.create", CreatePriceListRequest(building_id=building, items=items))
    assert err.value.body.code is ErrorCode.FORBIDDEN
    # Every unit needs a price, each once, and positive.
    bad = [*items[:-1], PriceItem(unit_id=items[0].unit_id, price=Decimal(-1))]
    with pytest.raises(RemoteError) as err:
        finance.call("prices.create", CreatePriceListRequest(building_id=building, items=bad))
    assert err.value.body.code is ErrorCode.VALIDATION_FAILED
    assert {d.field for d in err.value.body.details} == {"unit_id", "price", "items"}

    draft = finance.call("prices.create", CreatePriceListRequest(building_id=building, note="首开上浮5%", items=items))
    assert (draft.version, draft.status, draft.units) == (1, "draft", len(units))
    assert draft.total == sum(i.price for i in items)
    # Nothing is repriced before approval.
    assert manager.call("units.get", UnitRef(unit_id=units[0].id)).list_price == units[0].list_price

    approved = manager.call("prices.approve", PriceListRef(price_list_id=draft.id))
    assert approved.status == "active" and approved.approved_by and approved.approved_at is not None
    board = {u.id: u for u in consultant.call("board.snapshot", BoardRequest(project_id=project_id)).units}
    for item in items:
        assert board[item.unit_id].list_price == item.price.quantize(Decimal("0.01"))
    with pytest.raises(RemoteError) as err:
        manager.call("prices.approve", PriceListRef(price_list_id=draft.id))
    assert err.value.body.code is ErrorCode.CONFLICT

    # Four eyes: a manager's own draft needs someone else; a second version supersedes the first.
    cheaper = [PriceItem(unit_id=i.unit_id, price=i.price - 10000) for i in items]
    second = manager.call("prices.create", CreatePriceListRequest(building_id=building, items=cheaper))
    assert second.version == 2
    with pytest.raises(RemoteError) as err:
        manager.call("prices.approve", PriceListRef(price_list_id=second.id))
    assert err.value.body.code is ErrorCode.FORBIDDEN
    other_manager = login(Role.SALES_MANAGER)
    other_manager.call("prices.approve", PriceListRef(price_list_id=second.id))
    versions = {p.version: p.status for p in finance.call("prices.list", BuildingRef(building_id=building)).lists}
    assert versions == {1: "superseded", 2: "active"}
    detail = finance.call("prices.get", PriceListRef(price_list_id=second.id))
    assert {i.unit_id: i.price for i in detail.items} == {i.unit_id: i.price.quantize(Decimal("0.01")) for i in cheaper}
    assert manager.call("units.get", UnitRef(unit_id=cheaper[0].unit_id)).list_price == cheaper[0].price.quantize(
        Decimal("0.01")
    )
