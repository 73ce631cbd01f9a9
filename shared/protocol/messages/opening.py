"""Online openings 开盘: the manager's console and the buyers' kiosk (认筹客户 sign in and pick units)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from shared.domain import OpeningMode, OpeningStatus, PickOutcome
from shared.protocol.envelope import AwareDatetime

MAX_OPENING_UNITS = 20_000
MAX_CHOICES = 10


class CreateOpeningRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    mode: OpeningMode
    starts_at: AwareDatetime
    unit_ids: Annotated[list[int], msgspec.Meta(min_length=1, max_length=MAX_OPENING_UNITS)]
    # Lottery turns: seconds per buyer's turn; the seed of the recorded random order (None: the server draws one).
    turn_seconds: Annotated[int, msgspec.Meta(ge=5, le=3600)] = 60
    seed: Annotated[int, msgspec.Meta(ge=0, le=2**62)] | None = None
    # How long a picked unit stays held for the buyer to pay the deposit (认购).
    hold_minutes: Annotated[int, msgspec.Meta(ge=1, le=7 * 24 * 60)] = 60


class OpeningRef(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    opening_id: int


class OpeningInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    project_id: int
    name: str
    mode: OpeningMode
    status: OpeningStatus
    starts_at: AwareDatetime
    turn_seconds: int
    hold_minutes: int
    seed: int | None
    units: int
    buyers: int


class OpeningList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    openings: list[OpeningInfo]


class ListOpeningsRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int


class ImportBuyersRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The 认筹 list as Excel (姓名, 手机号, 认筹号, 可选套数, optional 顺序 for an imported lottery order)."""

    opening_id: int
    filename: Annotated[str, msgspec.Meta(max_length=255)]
    content: bytes


class ImportBuyersReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    buyers: int
    order: Literal["seeded", "imported", "none"]


class UnitHeat(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, array_like=True):
    unit_id: int
    first_choice: int  # buyers who named it first
    mentions: int  # buyers who named it anywhere in their choices
    taken: bool


class OpeningStats(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    opening: OpeningInfo
    sold: int  # units allocated (in a rehearsal: units that would have been)
    total: int
    requests: int
    signed_in: int
    heat: list[UnitHeat]
    turn_position: int | None  # lottery: index of the buyer whose turn it is
    turn_buyer: str  # masked name and 认筹号 of that buyer
    turn_ends_at: AwareDatetime | None


class ExportLogRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    opening_id: int
    format: Literal["csv", "json"] = "csv"


class OpeningProgress(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Published at most a few times a second while an opening runs."""

    opening_id: int
    status: OpeningStatus
    sold: int
    total: int
    requests: int
    turn_position: int | None
    turn_buyer: str
    turn_ends_at: AwareDatetime | None


# --- the buyer's side -------------------------------------------------------------------------


class BuyerLoginRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    opening_id: int
    phone: Annotated[str, msgspec.Meta(max_length=20)]
    ticket_no: Annotated[str, msgspec.Meta(max_length=30)]  # 认筹号


class BuyerInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    name: str  # masked: 张*
    ticket_no: str
    quota: int
    allocated: list[int]
    turn_position: int | None


class BuyerSession(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    token: str
    buyer: BuyerInfo
    opening: OpeningInfo


class KioskUnit(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, array_like=True):
    id: int
    building: str
    floor: int
    number: str
    layout: str
    gross_area: Decimal
    price: Decimal
    available: bool


class KioskBoard(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    opening: OpeningInfo
    units: list[KioskUnit]


class PickRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Ranked choices: the engine gives the first that is still available."""

    choices: Annotated[list[int], msgspec.Meta(min_length=1, max_length=MAX_CHOICES)]


class PickResult(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    outcome: PickOutcome
    unit_id: int | None
    taken: list[int]  # choices ahead of the allocated one that were already taken (已被选)
    log_seq: int  # this decision's place in the fairness log
    decided_at: AwareDatetime
    rehearsal: bool


class UnitsAvailability(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, array_like=True):
    """For kiosks: the units of an opening that became taken, or free again, in one engine cycle; nothing about
    who. One event per cycle, not per unit: at T0 the whole opening goes on sale and then sells in about a second,
    and every kiosk in the hall gets every event, each encrypted for it."""

    opening_id: int
    taken: list[int]
    free: list[int]
