"""The 销控 board's state in plain Python (no Qt): a snapshot plus newer unit versions, and its grid layout."""

from __future__ import annotations

import math
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Generic, ParamSpec

from shared.domain import UnitStatus
from shared.protocol.messages.catalog import Board, BuildingInfo, ProjectInfo, UnitInfo

P = ParamSpec("P")


class Emitter(Generic[P]):
    """A list of callbacks: the model's events, which the Qt widgets subscribe to."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[P, None]] = []

    def connect(self, callback: Callable[P, None]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[P, None]) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for callback in list(self._callbacks):
            callback(*args, **kwargs)


def natural_key(text: str) -> tuple[str, ...]:
    """Sorts 902 before 1001 and 2号楼 before 10号楼."""
    return tuple(part.zfill(8) if part.isdigit() else part for part in re.split(r"(\d+)", text))


class ServerClock:
    """The server's time as this machine can best tell: hold countdowns must not follow a wrong local clock.

    Each sample is (server time) − (local time the answer arrived, less half the round trip); the largest of
    the recent ones is the least delayed, so the best guess of how far the clocks are apart.
    """

    def __init__(self, keep: int = 8) -> None:
        self._samples: deque[timedelta] = deque(maxlen=keep)

    def observe(self, server_time: datetime, sent: datetime, received: datetime) -> None:
        self._samples.append(server_time - (sent + (received - sent) / 2))

    @property
    def offset(self) -> timedelta:
        return max(self._samples, default=timedelta(0))

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def seconds_left(unit: UnitInfo, now: datetime) -> int | None:
    """Whole seconds until a hold ends, rounded up (so 00:00 shows only once it is over); None if not held."""
    if unit.status is not UnitStatus.HELD or unit.hold_expires_at is None:
        return None
    return max(0, math.ceil((unit.hold_expires_at - now).total_seconds()))


def format_countdown(seconds: int) -> str:
    """mm:ss, or h:mm:ss for the rare hold of an hour or more."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True)
class BuildingGrid:
    """Rows are floors from the top down; columns are positions within a floor, by unit number."""

    floors: list[int]
    columns: int
    cells: dict[tuple[int, int], int]  # (row, column) -> unit id
    positions: dict[int, tuple[int, int]]  # unit id -> (row, column)

    @classmethod
    def build(cls, units: Iterable[UnitInfo]) -> BuildingGrid:
        by_floor: dict[int, list[UnitInfo]] = {}
        for unit in units:
            by_floor.setdefault(unit.floor, []).append(unit)
        floors = sorted(by_floor, reverse=True)
        cells: dict[tuple[int, int], int] = {}
        for row, floor in enumerate(floors):
            for column, unit in enumerate(sorted(by_floor[floor], key=lambda u: natural_key(u.number))):
                cells[row, column] = unit.id
        columns = max((len(v) for v in by_floor.values()), default=0)
        return cls(floors, columns, cells, {uid: rc for rc, uid in cells.items()})


@dataclass(frozen=True)
class BoardFilter:
    """Which cells stand out; the others are dimmed, never hidden, so the grid keeps its shape."""

    statuses: frozenset[UnitStatus] = frozenset(UnitStatus)
    layout: str | None = None

    def matches(self, unit: UnitInfo) -> bool:
        return unit.status in self.statuses and (self.layout is None or unit.layout == self.layout)


@dataclass
class BoardEvents:
    reset: Emitter[[]] = field(default_factory=Emitter)
    unit_changed: Emitter[[UnitInfo]] = field(default_factory=Emitter)


class BoardModel:
    """One project's board. Snapshot first; afterwards a unit is replaced only by a higher version.

    While a snapshot is on its way, incoming unit changes are kept and replayed over it, so a change
    that raced the snapshot is never lost and an older snapshot never overwrites a newer event.
    """

    def __init__(self) -> None:
        self.project: ProjectInfo | None = None
        self.buildings: list[BuildingInfo] = []
        self.units: dict[int, UnitInfo] = {}
        self.grids: dict[int, BuildingGrid] = {}
        self.events = BoardEvents()
        self._buffer: list[UnitInfo] | None = None

    @property
    def loading(self) -> bool:
        return self._buffer is not None

    def begin_loading(self) -> None:
        if self._buffer is None:
            self._buffer = []

    def cancel_loading(self) -> None:
        """The snapshot failed: keep what we had and take changes again."""
        buffered, self._buffer = self._buffer or [], None
        for unit in buffered:
            self.apply(unit)

    def load(self, board: Board) -> None:
        buffered, self._buffer = self._buffer or [], None
        self.project = board.project
        self.buildings = list(board.buildings)
        self.units = {u.id: u for u in board.units}
        for unit in buffered:
            current = self.units.get(unit.id)
            if current is not None and unit.version > current.version:
                self.units[unit.id] = unit
        self._rebuild()
        self.events.reset.emit()

    def clear(self) -> None:
        self._buffer = None
        self.project, self.buildings, self.units, self.grids = None, [], {}, {}
        self.events.reset.emit()

    def apply(self, unit: UnitInfo) -> bool:
        """Takes a newer version of a unit; returns whether anything changed."""
        if self._buffer is not None:
            self._buffer.append(unit)
            return False
        current = self.units.get(unit.id)
        if current is None or unit.version <= current.version:
            return False
        self.units[unit.id] = unit
        if (current.floor, current.number, current.building_id) != (unit.floor, unit.number, unit.building_id):
            self._rebuild()
            self.events.reset.emit()
        else:
            self.events.unit_changed.emit(unit)
        return True

    def merge_private(self, unit: UnitInfo) -> bool:
        """Takes a unit from `units.get`: newer as usual, or the same version with the customer the events omit."""
        current = self.units.get(unit.id)
        if self._buffer is not None or current is None or unit.version != current.version:
            return self.apply(unit)
        if unit == current:
            return False
        self.units[unit.id] = unit
        self.events.unit_changed.emit(unit)
        return True

    def held(self) -> list[UnitInfo]:
        """Units whose hold is counting down."""
        return [u for u in self.units.values() if u.status is UnitStatus.HELD and u.hold_expires_at is not None]

    def _rebuild(self) -> None:
        self.grids = {
            b.id: BuildingGrid.build(u for u in self.units.values() if u.building_id == b.id) for b in self.buildings
        }

    def unit_at(self, building_id: int, row: int, column: int) -> UnitInfo | None:
        unit_id = self.grids[building_id].cells.get((row, column))
        return None if unit_id is None else self.units[unit_id]

    def layouts(self) -> list[str]:
        return sorted({u.layout for u in self.units.values()}, key=natural_key)

    def counts(self) -> Counter[UnitStatus]:
        return Counter(u.status for u in self.units.values())
