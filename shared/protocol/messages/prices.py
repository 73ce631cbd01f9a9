"""Price lists 价目表: a building's prices in versions; a sales manager approves one and it prices the units."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from shared.protocol.envelope import AwareDatetime


class PriceItem(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, array_like=True):
    unit_id: int
    price: Decimal  # yuan for the whole unit; the server checks it is positive


class CreatePriceListRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A new draft version: a price for every unit of the building."""

    building_id: int
    note: Annotated[str, msgspec.Meta(max_length=200)] = ""
    items: Annotated[list[PriceItem], msgspec.Meta(min_length=1, max_length=5000)]


class PriceListInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    building_id: int
    version: int
    status: Literal["draft", "active", "superseded"]
    note: str
    created_by: str
    created_at: AwareDatetime
    approved_by: str
    approved_at: AwareDatetime | None
    units: int
    total: Decimal


class BuildingRef(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    building_id: int


class PriceLists(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    lists: list[PriceListInfo]


class PriceListRef(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    price_list_id: int


class PriceListDetail(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    info: PriceListInfo
    items: list[PriceItem]
