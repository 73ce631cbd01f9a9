"""The board's legend, which doubles as its status filter, and the layout (户型) filter."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from client.ui.board_model import BoardFilter
from client.ui.labels import STATUS_ORDER, status_label
from client.ui.style import status_icon
from shared.domain import UnitStatus


class QtBoardFilters(QWidget):
    """One checkbox per status, with its colour and count; unchecked statuses are dimmed on the board."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.checkboxes: dict[UnitStatus, QCheckBox] = {}
        for status in STATUS_ORDER:
            box = QCheckBox(status_label(status), self)
            box.setIcon(status_icon(status))
            box.setChecked(True)
            box.setToolTip(self.tr("Uncheck to dim units with this status"))
            box.toggled.connect(self.changed)
            layout.addWidget(box)
            self.checkboxes[status] = box
        layout.addStretch(1)
        self.layout_label = QLabel(self.tr("&Layout:"), self)
        self.layout_combo = QComboBox(self)
        self.layout_combo.setMinimumContentsLength(8)
        self.layout_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layout_label.setBuddy(self.layout_combo)
        self.layout_combo.addItem(self.tr("All layouts"), None)
        self.layout_combo.currentIndexChanged.connect(self.changed)
        layout.addWidget(self.layout_label)
        layout.addWidget(self.layout_combo)

    def current(self) -> BoardFilter:
        statuses = frozenset(s for s, box in self.checkboxes.items() if box.isChecked())
        return BoardFilter(statuses=statuses, layout=self.layout_combo.currentData())

    def set_layouts(self, layouts: list[str]) -> None:
        """Offers the project's layouts, keeping the chosen one if it still exists."""
        chosen = self.layout_combo.currentData()
        self.layout_combo.blockSignals(True)
        self.layout_combo.clear()
        self.layout_combo.addItem(self.tr("All layouts"), None)
        for name in layouts:
            self.layout_combo.addItem(name, name)
        index = self.layout_combo.findData(chosen) if chosen is not None else 0
        self.layout_combo.setCurrentIndex(max(index, 0))
        self.layout_combo.blockSignals(False)
        if index < 0:
            self.changed.emit()

    def set_counts(self, counts: Counter[UnitStatus]) -> None:
        for status, box in self.checkboxes.items():
            box.setText(f"{status_label(status)} {counts[status]}")
