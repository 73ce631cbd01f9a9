"""我的房源: the units the signed-in consultant holds, has subscribed or signed, with each hold's countdown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from client.ui.board_model import format_countdown, seconds_left
from client.ui.labels import status_label
from client.ui.style import status_icon
from shared.domain import UnitStatus
from shared.protocol.messages.catalog import UnitInfo

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Holds first (they run out), then subscriptions, then contracts.
_ORDER = {UnitStatus.HELD: 0, UnitStatus.SUBSCRIBED: 1, UnitStatus.SIGNED: 2, UnitStatus.SOLD: 3}


class QtMyUnits(QGroupBox):
    """Fed by the page (`set_units`, `update_unit`); Enter or a double-click asks the board to show the unit."""

    unit_chosen = Signal(int)

    def __init__(self, user_id: int, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("My units"))
        self.user_id = user_id
        self.units: dict[int, UnitInfo] = {}
        self.names: dict[int, str] = {}  # building id -> name
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("My units"))
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.list)
        self.now = now  # the server's time, for countdowns
        self._render()

    def set_units(self, units: list[UnitInfo], names: dict[int, str]) -> None:
        self.names = names
        self.units = {u.id: u for u in units if self._mine(u)}
        self._render()

    def update_unit(self, unit: UnitInfo) -> None:
        """A newer version of any unit: it joins, stays or leaves the list."""
        current = self.units.get(unit.id)
        if current is not None and unit.version < current.version:
            return
        if self._mine(unit):
            self.units[unit.id] = unit
        elif unit.id in self.units:
            del self.units[unit.id]
        else:
            return
        self._render()

    def _mine(self, unit: UnitInfo) -> bool:
        return unit.holder_id == self.user_id and unit.status in _ORDER

    def tick(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            unit = self.units.get(item.data(UNIT_ID_ROLE)) if item is not None else None
            if item is not None and unit is not None and unit.status is UnitStatus.HELD:
                item.setText(self._text(unit))

    def _render(self) -> None:
        self.list.clear()
        ordered = sorted(self.units.values(), key=lambda u: (_ORDER[u.status], u.hold_expires_at or u.updated_at))
        for unit in ordered:
            item = QListWidgetItem(status_icon(unit.status), self._text(unit), self.list)
            item.setData(UNIT_ID_ROLE, unit.id)
        if not ordered:
            placeholder = QListWidgetItem(self.tr("Nothing held or subscribed yet."), self.list)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
        self.setTitle(self.tr("My units ({count})").format(count=len(ordered)))

    def _text(self, unit: UnitInfo) -> str:
        parts = [f"{self.names.get(unit.building_id, '')} {unit.number}".strip(), status_label(unit.status)]
        if unit.customer_name:
            parts.append(unit.customer_name)
        left = seconds_left(unit, self.now())
        if left is not None:
            parts.append(self.tr("{time} left").format(time=format_countdown(left)))
        return " · ".join(parts)

    def _activated(self, item: QListWidgetItem) -> None:
        unit_id = item.data(UNIT_ID_ROLE)
        if unit_id is not None:
            self.unit_chosen.emit(int(unit_id))
