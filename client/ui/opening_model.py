"""Openings without Qt: unit grids per building, the console's live counters and the kiosk's ranked choices."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import msgspec

from shared.domain import OpeningStatus
from shared.protocol.messages.opening import (
    MAX_CHOICES,
    KioskUnit,
    OpeningInfo,
    OpeningProgress,
    OpeningStats,
    UnitHeat,
)

# How many ranked choices a kiosk lets a buyer tap by default (the protocol allows up to MAX_CHOICES).
DEFAULT_KIOSK_CHOICES = 3


def natural_key(text: str) -> tuple[str, ...]:
    """Sorts 902 before 1001 and 2号楼 before 10号楼."""
    return tuple(part.zfill(8) if part.isdigit() else part for part in re.split(r"(\d+)", text))


@dataclass(frozen=True, slots=True)
class GridUnit:
    """What a grid needs to place a unit."""

    id: int
    building: str
    floor: int
    number: str


@dataclass(frozen=True)
class GridSection:
    """One building: rows are floors from the top down, columns positions within a floor by unit number."""

    building: str
    floors: list[int]
    columns: int
    cells: dict[tuple[int, int], int]  # (row, column) -> unit id


def grid_sections(units: Iterable[GridUnit]) -> list[GridSection]:
    by_building: dict[str, dict[int, list[GridUnit]]] = {}
    for u in units:
        by_building.setdefault(u.building, {}).setdefault(u.floor, []).append(u)
    sections = []
    for building in sorted(by_building, key=natural_key):
        by_floor = by_building[building]
        floors = sorted(by_floor, reverse=True)
        cells = {
            (row, column): u.id
            for row, floor in enumerate(floors)
            for column, u in enumerate(sorted(by_floor[floor], key=lambda g: natural_key(g.number)))
        }
        columns = max(len(v) for v in by_floor.values())
        sections.append(GridSection(building, floors, columns, cells))
    return sections


def countdown(seconds: float) -> str:
    """00:04:59 (hours may pass 24: an opening days away reads 49:03:12)."""
    whole = max(0, int(seconds + 0.999))  # round up: "00:00:01" until the very last moment
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def heat_level(count: int, highest: int) -> int:
    """0 for no demand, else 1…5 relative to the most wanted unit."""
    if count <= 0 or highest <= 0:
        return 0
    return max(1, min(5, -(-5 * count // highest)))


@dataclass
class OpeningLive:
    """The console's picture of one opening: stats as read, then moved on by progress and unit events."""

    info: OpeningInfo
    sold: int = 0
    total: int = 0
    requests: int = 0
    signed_in: int = 0
    heat: dict[int, UnitHeat] = field(default_factory=dict)
    turn_position: int | None = None
    turn_buyer: str = ""
    turn_ends_at: datetime | None = None

    @classmethod
    def from_stats(cls, stats: OpeningStats) -> OpeningLive:
        live = cls(stats.opening)
        live.apply_stats(stats)
        return live

    @property
    def status(self) -> OpeningStatus:
        return self.info.status

    @property
    def percent(self) -> float:
        return 100.0 * self.sold / self.total if self.total else 0.0

    def apply_stats(self, stats: OpeningStats) -> None:
        self.info = stats.opening
        self.sold, self.total, self.requests = stats.sold, stats.total, stats.requests
        self.signed_in = stats.signed_in
        self.heat = {h.unit_id: h for h in stats.heat}
        self.turn_position, self.turn_buyer, self.turn_ends_at = (
            stats.turn_position,
            stats.turn_buyer,
            stats.turn_ends_at,
        )

    def apply_progress(self, p: OpeningProgress) -> None:
        # Counters only grow while an opening runs: never step back to an older event's numbers.
        self.sold, self.requests = max(self.sold, p.sold), max(self.requests, p.requests)
        self.total = p.total
        if self.info.status is not p.status:
            self.info = msgspec.structs.replace(self.info, status=p.status)
        self.turn_position, self.turn_buyer, self.turn_ends_at = p.turn_position, p.turn_buyer, p.turn_ends_at

    def mark(self, unit_id: int, available: bool) -> bool:
        """A unit became taken (or free again); True when the heat map changed."""
        h = self.heat.get(unit_id)
        if h is None or h.taken == (not available):
            return False
        self.heat[unit_id] = UnitHeat(
            unit_id=unit_id, first_choice=h.first_choice, mentions=h.mentions, taken=not available
        )
        return True

    def highest_first_choice(self) -> int:
        return max((h.first_choice for h in self.heat.values()), default=0)


class KioskChoices:
    """The buyer's ranked choices at a kiosk: tap to add at the end, tap again to remove; ranks close up."""

    def __init__(self, limit: int = DEFAULT_KIOSK_CHOICES) -> None:
        self.limit = max(1, min(limit, MAX_CHOICES))
        self.units: dict[int, KioskUnit] = {}
        self.available: dict[int, bool] = {}
        self.ranked: list[int] = []

    def load(self, units: Iterable[KioskUnit]) -> None:
        self.units = {u.id: u for u in units}
        self.available = {u.id: u.available for u in self.units.values()}
        self.ranked = [uid for uid in self.ranked if uid in self.units]

    def clear(self) -> None:
        self.ranked = []

    def rank(self, unit_id: int) -> int | None:
        """1 for the first choice; None when not chosen."""
        return self.ranked.index(unit_id) + 1 if unit_id in self.ranked else None

    def is_available(self, unit_id: int) -> bool:
        return self.available.get(unit_id, False)

    def toggle(self, unit_id: int) -> bool:
        """True when the tap changed the choices. A taken unit may be removed but not added; the list holds `limit`."""
        if unit_id in self.ranked:
            self.ranked.remove(unit_id)
            return True
        if unit_id not in self.units or not self.is_available(unit_id) or len(self.ranked) >= self.limit:
            return False
        self.ranked.append(unit_id)
        return True

    def set_available(self, unit_id: int, available: bool) -> bool:
        """A unit became taken or free; a chosen unit that was taken stays ranked (the server skips it)."""
        if unit_id not in self.units or self.available.get(unit_id) == available:
            return False
        self.available[unit_id] = available
        return True

    def unavailable(self) -> int:
        """How many units are shown taken (or otherwise not for sale)."""
        return sum(not a for a in self.available.values())

    def taken_choices(self) -> list[int]:
        return [uid for uid in self.ranked if not self.is_available(uid)]

    @property
    def full(self) -> bool:
        return len(self.ranked) >= self.limit

    def grid_units(self) -> list[GridUnit]:
        return [GridUnit(u.id, u.building, u.floor, u.number) for u in self.units.values()]
