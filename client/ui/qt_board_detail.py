"""The unit detail panel beside the board: the unit, its hold, the unit actions and the manager's direct change."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from client.ui.board_model import format_countdown, seconds_left
from client.ui.labels import STATUS_ORDER, format_area, format_price, status_label
from client.ui.style import ERROR_TEXT, STATUS_COLORS, status_icon
from client.ui.unit_actions import direct_targets
from shared.domain import UnitStatus
from shared.protocol.messages.catalog import UnitInfo


class QtUnitDetail(QFrame):
    """Shows one unit; emits `set_status_requested` and lets the page report the outcome."""

    set_status_requested = Signal(int, str, int, str)  # unit id, UnitStatus value, expected version, reason

    def __init__(
        self, can_set_status: bool, parent: QWidget | None = None, *, actions: list[QAction] | None = None
    ) -> None:
        super().__init__(parent)
        self.unit: UnitInfo | None = None
        self._busy = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(280)
        outer = QVBoxLayout(self)
        self.title = QLabel(self.tr("Select a unit"), self)
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() + 4)
        title_font.setBold(True)
        self.title.setFont(title_font)
        outer.addWidget(self.title)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("floor", self.tr("Floor")),
            ("layout", self.tr("Layout")),
            ("gross_area", self.tr("Gross area")),
            ("inner_area", self.tr("Inner area")),
            ("orientation", self.tr("Orientation")),
            ("list_price", self.tr("List price")),
            ("status", self.tr("Status")),
            ("holder", self.tr("Consultant")),
            ("customer", self.tr("Customer")),
            ("hold_left", self.tr("Hold ends in")),
            ("version", self.tr("Version")),
        ):
            value = QLabel("—", self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[key] = value
        self.fields["status"].setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)  # a pill
        outer.addLayout(form)
        self.action_buttons: list[QToolButton] = []
        if actions:
            outer.addWidget(self._build_actions_box(actions))
        self.status_combo: QComboBox | None = None
        self.reason_edit: QLineEdit | None = None
        self.set_button: QPushButton | None = None
        if can_set_status:
            outer.addWidget(self._build_change_box())
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        outer.addStretch(1)
        self.show_unit(None)

    def _build_actions_box(self, actions: list[QAction]) -> QGroupBox:
        box = QGroupBox(self.tr("Actions"), self)
        grid = QGridLayout(box)
        for i, action in enumerate(actions):
            button = QToolButton(box)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            grid.addWidget(button, i // 2, i % 2)
            self.action_buttons.append(button)
        return box

    def _build_change_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Change status"), self)
        form = QFormLayout(box)
        self.status_combo = QComboBox(box)
        self.reason_edit = QLineEdit(box)
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("Optional"))
        self.set_button = QPushButton(self.tr("&Set status"), box)
        self.set_button.clicked.connect(self._request)
        self.reason_edit.returnPressed.connect(self._request)
        self.status_combo.currentIndexChanged.connect(self._update_button)
        new_status = QLabel(self.tr("&New status"), box)
        new_status.setBuddy(self.status_combo)
        reason = QLabel(self.tr("R&eason"), box)
        reason.setBuddy(self.reason_edit)
        form.addRow(new_status, self.status_combo)
        form.addRow(reason, self.reason_edit)
        form.addRow(self.set_button)
        return box

    def show_unit(self, unit: UnitInfo | None, building: str = "", now: datetime | None = None) -> None:
        """Shows `unit` (or nothing); a newer version of the same unit keeps the manager's choices."""
        previous = self.unit
        same_unit = unit is not None and previous is not None and unit.id == previous.id
        # An untouched status choice follows the unit; one the manager picked is kept.
        untouched = (
            self.status_combo is None or previous is None or (self.status_combo.currentData() == previous.status.value)
        )
        self.unit = unit
        if not same_unit:
            self.message.clear()
        if unit is None:
            self.title.setText(self.tr("Select a unit"))
            for value in self.fields.values():
                value.setText("—")
                value.setStyleSheet("")
        else:
            self.title.setText(f"{building} {unit.number}".strip())
            texts = {
                "floor": str(unit.floor),
                "layout": unit.layout,
                "gross_area": format_area(unit.gross_area),
                "inner_area": format_area(unit.inner_area),
                "orientation": unit.orientation,
                "list_price": format_price(unit.list_price),
                "status": status_label(unit.status),
                "holder": unit.holder_name or "—",
                "customer": unit.customer_name or "—",
                "hold_left": "—",
                "version": str(unit.version),
            }
            for key, text in texts.items():
                self.fields[key].setText(text)
            colors = STATUS_COLORS[unit.status]
            self.fields["status"].setStyleSheet(
                f"background: {colors.fill.name()}; color: {colors.text.name()}; padding: 2px 8px; border-radius: 3px;"
            )
        self.tick(now)
        if self.status_combo is not None and (not same_unit or untouched or unit is None):
            self._fill_targets(unit)
        self._update_button()

    def tick(self, now: datetime | None) -> None:
        """A second passed: the hold's countdown (by the server's clock)."""
        if self.unit is None or now is None:
            return
        left = seconds_left(self.unit, now)
        self.fields["hold_left"].setText("—" if left is None else format_countdown(left))

    def _fill_targets(self, unit: UnitInfo | None) -> None:
        """The current status, then only the statuses a manager may set it to from there."""
        combo = self.status_combo
        assert combo is not None
        combo.blockSignals(True)
        combo.clear()
        if unit is not None:
            for status in [unit.status, *direct_targets(unit.status, STATUS_ORDER)]:
                combo.addItem(status_icon(status), status_label(status), status.value)
        combo.setEnabled(combo.count() > 1)
        combo.blockSignals(False)

    def _update_button(self) -> None:
        if self.set_button is None or self.status_combo is None:
            return
        self.set_button.setEnabled(
            not self._busy and self.unit is not None and self.status_combo.currentData() != self.unit.status
        )

    def _request(self) -> None:
        if self.unit is None or self.status_combo is None or self.reason_edit is None:
            return
        status = UnitStatus(self.status_combo.currentData())
        if status == self.unit.status:
            return
        self.set_busy(True)
        self.set_status_requested.emit(self.unit.id, status.value, self.unit.version, self.reason_edit.text())

    def set_busy(self, busy: bool) -> None:
        """While a change is on its way, a live update of the same unit must not re-enable the button."""
        self._busy = busy
        self._update_button()
        if busy:
            self.message.setStyleSheet("")
            self.message.setText(self.tr("Saving…"))

    def show_result(self, text: str, *, error: bool) -> None:
        self.set_busy(False)
        self.message.setStyleSheet(f"color: {ERROR_TEXT};" if error else "")
        self.message.setText(text)
        if not error and self.reason_edit is not None:
            self.reason_edit.clear()
