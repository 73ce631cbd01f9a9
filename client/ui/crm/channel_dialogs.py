"""Dialogs of the channels page: a channel company, a broker, a new version of a channel's report rules
(protection days, visit window, natural-visit days, conflicts) and a new commission rule (percentage or fixed)."""

from __future__ import annotations

from decimal import Decimal

import msgspec
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from client.ui.crm.dialogs import QtCrmDialog
from client.ui.qt_connection import QtConnection
from shared.protocol.messages.crm_channels import (
    CreateBrokerRequest,
    CreateChannelRequest,
    RuleInfo,
    SetCommissionRequest,
    SetRuleRequest,
)
from shared.protocol.messages.crm_types import CommissionKind


class QtChannelDialog(QtCrmDialog):
    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("New channel"), self.tr("&Create"), parent)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(100)
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setMaxLength(40)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setMaxLength(20)
        self.add_field(self.tr("Company &name:"), self.name_edit, "name")
        self.add_field(self.tr("&Contact:"), self.contact_edit)
        self.add_field(self.tr("&Phone:"), self.phone_edit, "phone")
        self.name_edit.setFocus()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        if not self.name_edit.text().strip():
            self.field_error("name", self.tr("Enter the channel company's name."))
            return None
        return "channels.create", CreateChannelRequest(
            name=self.name_edit.text().strip(),
            contact=self.contact_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
        )


class QtBrokerDialog(QtCrmDialog):
    def __init__(self, conn: QtConnection, channel_id: int, channel: str, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("New broker of {channel}").format(channel=channel), self.tr("&Add"), parent)
        self.channel_id = channel_id
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(40)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setMaxLength(20)
        self.add_field(self.tr("&Name:"), self.name_edit, "name")
        self.add_field(self.tr("&Phone:"), self.phone_edit, "phone")
        self.name_edit.setFocus()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        if not self.name_edit.text().strip():
            self.field_error("name", self.tr("Enter the broker's name."))
            return None
        return "channels.add_broker", CreateBrokerRequest(
            channel_id=self.channel_id, name=self.name_edit.text().strip(), phone=self.phone_edit.text().strip()
        )


def _spin(parent: QWidget, low: int, high: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class QtRuleDialog(QtCrmDialog):
    """A new version: reports keep the version in force when they were made, so nothing is rewritten."""

    def __init__(
        self,
        conn: QtConnection,
        project_id: int,
        channel_id: int,
        channel: str,
        parent: QWidget | None = None,
        *,
        latest: RuleInfo | None = None,
    ) -> None:
        version = (latest.version if latest else 0) + 1
        super().__init__(
            conn,
            self.tr("{channel}: report rules v{version}").format(channel=channel, version=version),
            self.tr("&Save new version"),
            parent,
        )
        self.project_id, self.channel_id = project_id, channel_id
        self.protection = _spin(self, 1, 365, latest.protection_days if latest else 30, self.tr(" days"))
        self.visit_window = _spin(self, 1, 720, latest.visit_window_hours if latest else 72, self.tr(" hours"))
        self.natural = _spin(self, 0, 365, latest.natural_visit_days if latest else 30, self.tr(" days"))
        self.natural.setSpecialValueText(self.tr("Never"))
        self.block = QCheckBox(self.tr("A customer already on file with a consultant makes a report invalid"), self)
        self.block.setChecked(latest.block_existing_customer if latest else True)
        self.masked = QCheckBox(self.tr("Accept masked phones (138****5678)"), self)
        self.masked.setChecked(latest.allow_masked if latest else True)
        self.add_field(self.tr("&Protection period:"), self.protection, "protection_days")
        self.add_field(self.tr("&Visit window:"), self.visit_window, "visit_window_hours")
        self.add_field(self.tr("&Natural visit within:"), self.natural, "natural_visit_days")
        self.add_field(self.tr("Conflicts:"), self.block)
        self.add_field("", self.masked)
        self.protection.setFocus()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        return "channels.set_rule", SetRuleRequest(
            project_id=self.project_id,
            channel_id=self.channel_id,
            protection_days=self.protection.value(),
            visit_window_hours=self.visit_window.value(),
            natural_visit_days=self.natural.value(),
            block_existing_customer=self.block.isChecked(),
            allow_masked=self.masked.isChecked(),
        )


class QtCommissionDialog(QtCrmDialog):
    def __init__(
        self, conn: QtConnection, project_id: int, channel_id: int, channel: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(conn, self.tr("{channel}: commission").format(channel=channel), self.tr("&Save"), parent)
        self.project_id, self.channel_id = project_id, channel_id
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Percentage of the price"), CommissionKind.PERCENT.value)
        self.kind.addItem(self.tr("Fixed amount per deal"), CommissionKind.FIXED.value)
        self.value = QDoubleSpinBox(self)
        self.value.setDecimals(2)
        self.kind.currentIndexChanged.connect(self._kind)
        self.add_field(self.tr("&Kind:"), self.kind)
        self.add_field(self.tr("&Amount:"), self.value, "value")
        self._kind()
        self.kind.setFocus()

    def _kind(self) -> None:
        if self.kind.currentData() == CommissionKind.PERCENT.value:
            self.value.setRange(0.01, 100)
            self.value.setSuffix(" %")
            self.value.setValue(1.5)
        else:
            self.value.setRange(1, 100_000_000)
            self.value.setSuffix(self.tr(" yuan"))
            self.value.setValue(10_000)

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        return "channels.set_commission", SetCommissionRequest(
            project_id=self.project_id,
            channel_id=self.channel_id,
            kind=CommissionKind(self.kind.currentData()),
            value=Decimal(f"{self.value.value():.2f}"),
        )
