"""What the engine keeps in memory: every unit, every open opening and its buyers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from shared.domain import OpeningMode, OpeningStatus, UnitStatus

GENESIS = "0" * 64  # the hash before the first row of a fairness log


@dataclass(slots=True)
class UnitState:
    id: int
    project_id: int
    building_id: int
    floor: int
    number: str
    layout: str
    gross_area: Decimal
    inner_area: Decimal
    orientation: str
    list_price: Decimal
    status: UnitStatus
    version: int
    updated_at: datetime
    note: str = ""
    holder_id: int | None = None
    holder_name: str = ""
    hold_expires_at: datetime | None = None
    customer_name: str = ""
    customer_phone: str = ""
    deposit: Decimal | None = None
    opening_id: int | None = None  # the opening it belongs to while that is not closed
    buyer_id: int | None = None  # the opening buyer who picked it


@dataclass(slots=True)
class Buyer:
    id: int
    opening_id: int
    name: str
    phone: str
    ticket_no: str
    quota: int
    allocated: list[int] = field(default_factory=list)
    missed: bool = False  # lottery: missed a turn once and went to the end of the queue


@dataclass(slots=True)
class Opening:
    id: int
    project_id: int
    name: str
    mode: OpeningMode
    status: OpeningStatus
    starts_at: datetime
    turn_seconds: int
    hold_minutes: int
    seed: int | None
    order_source: str
    unit_ids: set[int]
    buyers: dict[int, Buyer] = field(default_factory=dict)
    by_login: dict[tuple[str, str], int] = field(default_factory=dict)
    # Lottery: the buyers still to pick, in order; the head's turn ends at turn_ends_at.
    queue: list[int] = field(default_factory=list)
    turn_ends_at: datetime | None = None
    log_seq: int = 0
    log_hash: str = GENESIS
    requests: int = 0
    first_choice: Counter[int] = field(default_factory=Counter)
    mentions: Counter[int] = field(default_factory=Counter)
    taken: set[int] = field(default_factory=set)  # allocated units (in a rehearsal: would-be allocations)
    signed_in: set[int] = field(default_factory=set)

    @property
    def active(self) -> bool:
        return self.status is not OpeningStatus.CLOSED


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***: enough for a buyer to recognise themselves on a hall screen."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""
