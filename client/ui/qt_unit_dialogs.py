"""The dialogs behind the board's unit actions: 锁定 (hold), 认购 (subscribe), a confirmation with a reason."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from client.ui.labels import format_price
from shared.protocol.messages.catalog import UnitInfo
from shared.protocol.messages.sales import HoldRequest, SubscribeRequest

DEFAULT_HOLD_MINUTES = 30  # the server's default too
MAX_HOLD_MINUTES = 24 * 60
PHONE = QRegularExpression(r"[0-9+\- ]{0,20}")


class QtUnitDialog(QDialog):
    """A form with a heading naming the unit and OK/Cancel; subclasses add fields and build the request."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(380)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def set_texts(self, title: str, heading: str, ok_text: str) -> None:
        self.setWindowTitle(title)
        self.heading.setText(heading)
        self.ok_button.setText(ok_text)

    def _line(self, label: str, max_length: int, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setMaxLength(max_length)
        edit.setPlaceholderText(placeholder)
        self._row(label, edit)
        return edit

    def _phone(self, label: str) -> QLineEdit:
        edit = self._line(label, 20, self.tr("Optional"))
        edit.setValidator(QRegularExpressionValidator(PHONE, edit))
        return edit

    def _row(self, label: str, field: QWidget) -> None:
        buddy = QLabel(label, self)
        buddy.setBuddy(field)
        self.form.addRow(buddy, field)


class QtHoldDialog(QtUnitDialog):
    """锁定: who the unit is kept for, and for how long."""

    def __init__(self, unit: UnitInfo, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_texts(
            self.tr("Hold unit"),
            self.tr("Hold {unit} for a customer. The hold ends by itself when the time is up.").format(unit=name),
            self.tr("&Hold"),
        )
        self.unit = unit
        self.customer_edit = self._line(self.tr("&Customer"), 60, self.tr("Optional"))
        self.phone_edit = self._phone(self.tr("&Phone"))
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(1, MAX_HOLD_MINUTES)
        self.minutes_spin.setValue(DEFAULT_HOLD_MINUTES)
        self.minutes_spin.setSuffix(self.tr(" min"))
        self._row(self.tr("&Duration"), self.minutes_spin)

    def request(self) -> HoldRequest:
        return HoldRequest(
            unit_id=self.unit.id,
            customer_name=self.customer_edit.text().strip(),
            customer_phone=self.phone_edit.text().strip(),
            minutes=self.minutes_spin.value(),
        )


class QtSubscribeDialog(QtUnitDialog):
    """认购: the customer (required) and the deposit, at most the unit's price."""

    def __init__(self, unit: UnitInfo, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_texts(
            self.tr("Subscribe"),
            self.tr("Subscribe {unit} (list price {price}) for a customer who pays a deposit.").format(
                unit=name, price=format_price(unit.list_price)
            ),
            self.tr("&Subscribe"),
        )
        self.unit = unit
        self.customer_edit = self._line(self.tr("&Customer"), 60, self.tr("Required"))
        self.customer_edit.setText(unit.customer_name)  # a hold's customer, when this client knows it
        self.phone_edit = self._phone(self.tr("&Phone"))
        self.deposit_spin = QDoubleSpinBox(self)
        self.deposit_spin.setDecimals(2)
        self.deposit_spin.setRange(0, float(unit.list_price))
        self.deposit_spin.setGroupSeparatorShown(True)
        self.deposit_spin.setPrefix("¥")
        self.deposit_spin.setSingleStep(10_000)
        self._row(self.tr("&Deposit"), self.deposit_spin)
        self.customer_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.customer_edit.text().strip()))

    def request(self) -> SubscribeRequest:
        return SubscribeRequest(
            unit_id=self.unit.id,
            customer_name=self.customer_edit.text().strip(),
            customer_phone=self.phone_edit.text().strip(),
            deposit=Decimal(f"{self.deposit_spin.value():.2f}"),
        )


class QtConfirmDialog(QtUnitDialog):
    """Release, sign, cancel and the manager's direct changes: what will happen, and an optional reason."""

    def __init__(self, title: str, heading: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_texts(title, heading, ok_text)
        self.reason_edit = self._line(self.tr("&Reason"), 200, self.tr("Optional"))

    def reason(self) -> str:
        return self.reason_edit.text().strip()
