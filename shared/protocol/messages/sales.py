"""Unit actions on the 销控 board, decided by the server's reservation engine: hold, release, subscribe, sign."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

from shared.protocol.messages.catalog import UnitInfo

Reason = Annotated[str, msgspec.Meta(max_length=200)]
CustomerName = Annotated[str, msgspec.Meta(max_length=60)]
Phone = Annotated[str, msgspec.Meta(max_length=20)]


class HoldRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """锁定: a consultant keeps an available unit for a customer until the hold expires or is released."""

    unit_id: int
    customer_name: CustomerName = ""
    customer_phone: Phone = ""
    # 0 takes the server's default; the server caps it (a hold is not a reservation for days).
    minutes: Annotated[int, msgspec.Meta(ge=0, le=24 * 60)] = 0


class UnitActionRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Release a hold, sign, or cancel a subscription (退订) / a contract."""

    unit_id: int
    reason: Reason = ""


class SubscribeRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """认购: the customer pays a deposit; from a hold (by its owner) or straight from available."""

    unit_id: int
    customer_name: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    customer_phone: Phone = ""
    deposit: Decimal  # yuan; the server checks 0 <= deposit <= the unit's price


class MyUnitsRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int | None = None


class UnitList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    units: list[UnitInfo]
