"""新建 / 编辑客户: name, phone, gender, source, intent, tags, needs, ID number and co-buyers, with the server's
field errors (a bad phone, a phone already on file — 撞单 —, a bad ID number) shown under their fields."""

from __future__ import annotations

import re
from decimal import Decimal

import msgspec
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.dialogs import QtConsultantCombo, QtCrmDialog
from client.ui.crm.labels import customer_status, gender, intent, source
from client.ui.qt_connection import QtConnection
from shared.protocol.messages.crm_customers import (
    CoBuyer,
    CreateCustomerRequest,
    CustomerInfo,
    UpdateCustomerRequest,
)
from shared.protocol.messages.crm_types import CustomerStatus, Gender, Intent, Source

MAX_CO_BUYERS = 5
_TAG_SPLIT = re.compile(r"[\s,，;；、]+")
LAYOUTS = ("", "两室两厅", "三室两厅", "四室两厅", "复式", "别墅")
PURPOSES = ("", "自住", "改善", "投资", "养老", "学区")


def parse_tags(text: str) -> list[str]:
    """改善 学区 / 改善，学区 / 改善;学区 → ["改善", "学区"] (each at most 20 characters, no repeats)."""
    seen: list[str] = []
    for raw in _TAG_SPLIT.split(text):
        tag = raw.strip()[:20]
        if tag and tag not in seen:
            seen.append(tag)
    return seen[:20]


def _combo(parent: QWidget, items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox(parent)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _editable(parent: QWidget, choices: tuple[str, ...]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.addItems(list(choices))
    edit = combo.lineEdit()
    if edit is not None:
        edit.setMaxLength(40)
    return combo


class QtCoBuyers(QWidget):
    """共同购房人: up to five rows of name, phone and relation, edited in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Phone"), self.tr("Relation")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 110)
        self.table.setColumnWidth(1, 130)
        self.table.setTabKeyNavigation(False)
        self.table.setMaximumHeight(110)
        self.add_button = QPushButton(self.tr("Add co-&buyer"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.add_button.setAutoDefault(False)
        self.remove_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add(None))
        self.remove_button.clicked.connect(self._remove)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)

    def add(self, buyer: CoBuyer | None = None) -> None:
        if self.table.rowCount() >= MAX_CO_BUYERS:
            return
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate((buyer.name, buyer.phone, buyer.relation) if buyer else ("", "", "")):
            self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setCurrentCell(row, 0)
        first = self.table.item(row, 0)
        if buyer is None and first is not None:
            self.table.editItem(first)
        self.add_button.setEnabled(self.table.rowCount() < MAX_CO_BUYERS)

    def _remove(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
        self.add_button.setEnabled(True)

    def buyers(self) -> list[CoBuyer]:
        out = []
        for row in range(self.table.rowCount()):
            name, phone, relation = (_text(self.table.item(row, c)) for c in range(3))
            if name:
                out.append(CoBuyer(name=name[:40], phone=phone[:20], relation=relation[:40]))
        return out


def _text(item: QTableWidgetItem | None) -> str:
    return item.text().strip() if item is not None else ""


class QtCustomerDialog(QtCrmDialog):
    """Creates a customer (`customer` None) or changes one (sends its `version`: a concurrent change is refused)."""

    def __init__(
        self,
        conn: QtConnection,
        project_id: int,
        customer: CustomerInfo | None = None,
        parent: QWidget | None = None,
        *,
        choose_owner: bool = False,
    ) -> None:
        title = self.tr("New customer") if customer is None else self.tr("Edit {name}").format(name=customer.name)
        super().__init__(conn, title, self.tr("&Save"), parent)
        self.setMinimumWidth(560)
        self.project_id = project_id
        self.customer = customer
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(40)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setMaxLength(20)
        self.phone_edit.setPlaceholderText(self.tr("11-digit mobile number"))
        self.gender = _combo(self, [(gender(g), g.value) for g in Gender])
        self.source = _combo(self, [(source(s), s.value) for s in Source])
        self.intent = _combo(self, [(intent(i), i.value) for i in Intent])
        self.intent.setCurrentIndex(2)
        self.status = _combo(self, [(customer_status(s), s.value) for s in CustomerStatus])
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setPlaceholderText(self.tr("e.g. 改善 学区 (separate with spaces)"))
        self.budget = QDoubleSpinBox(self)
        self.budget.setRange(0, 1_000_000)
        self.budget.setDecimals(0)
        self.budget.setSuffix(self.tr(" ×10k yuan"))
        self.budget.setSpecialValueText(self.tr("Not given"))
        self.layout_edit = _editable(self, LAYOUTS)
        self.area_edit = QLineEdit(self)
        self.area_edit.setMaxLength(40)
        self.area_edit.setPlaceholderText(self.tr("e.g. 120㎡"))
        self.purpose_edit = _editable(self, PURPOSES)
        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(500)
        self.id_edit = QLineEdit(self)
        self.id_edit.setMaxLength(20)
        self.co_buyers = QtCoBuyers(self)
        self.owner: QtConsultantCombo | None = None
        self.add_field(self.tr("&Name:"), self.name_edit, "name")
        self.add_field(self.tr("&Phone:"), self.phone_edit, "phone")
        self.add_field(self.tr("&Gender:"), self.gender)
        self.add_field(self.tr("&Source:"), self.source)
        self.add_field(self.tr("&Intent:"), self.intent)
        if customer is not None:
            self.add_field(self.tr("S&tatus:"), self.status)
        self.add_field(self.tr("T&ags:"), self.tags_edit, "tags")
        self.add_field(self.tr("&Budget:"), self.budget, "budget_wan")
        self.add_field(self.tr("&Layout:"), self.layout_edit)
        self.add_field(self.tr("A&rea:"), self.area_edit)
        self.add_field(self.tr("P&urpose:"), self.purpose_edit)
        self.add_field(self.tr("N&eeds / note:"), self.note_edit)
        self.add_field(self.tr("&ID number:"), self.id_edit, "id_number")
        self.add_field(self.tr("Co-buyers:"), self.co_buyers, "co_buyers")
        if customer is None and choose_owner:
            self.owner = QtConsultantCombo(conn, self, pool=True)
            self.add_field(self.tr("&Consultant:"), self.owner, "owner_id")
        if customer is not None:
            self._load(customer)
        self.name_edit.setFocus()

    def _load(self, c: CustomerInfo) -> None:
        self.name_edit.setText(c.name)
        self.phone_edit.setText(c.phone)
        for combo, value in (
            (self.gender, c.gender.value),
            (self.source, c.source.value),
            (self.intent, c.intent.value),
            (self.status, c.status.value),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.tags_edit.setText(" ".join(c.tags))
        self.budget.setValue(float(c.budget_wan or 0))
        self.layout_edit.setCurrentText(c.layout)
        self.area_edit.setText(c.area)
        self.purpose_edit.setCurrentText(c.purpose)
        self.note_edit.setText(c.note)
        # The number itself never comes to an edit form: blank keeps it, typing replaces it.
        self.id_edit.setPlaceholderText(
            self.tr("{masked} on file: leave blank to keep").format(masked=c.id_masked)
            if c.id_masked
            else self.tr("18 characters, optional")
        )
        for b in c.co_buyers:
            self.co_buyers.add(b)

    def _budget(self) -> Decimal | None:
        value = self.budget.value()
        return Decimal(str(int(value))) if value > 0 else None

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        name, phone = self.name_edit.text().strip(), self.phone_edit.text().strip()
        if not name:
            self.field_error("name", self.tr("Enter the customer's name."))
            self.name_edit.setFocus()
            return None
        if not phone:
            self.field_error("phone", self.tr("Enter the customer's mobile number."))
            self.phone_edit.setFocus()
            return None
        c = self.customer
        owner = self.owner.user_id() if self.owner is not None else None
        form = CreateCustomerRequest(
            project_id=self.project_id,
            name=name,
            phone=phone,
            id_number=self.id_edit.text().strip(),
            gender=Gender(self.gender.currentData()),
            source=Source(self.source.currentData()),
            intent=Intent(self.intent.currentData()),
            tags=parse_tags(self.tags_edit.text()),
            budget_wan=self._budget(),
            layout=self.layout_edit.currentText().strip(),
            area=self.area_edit.text().strip(),
            purpose=self.purpose_edit.currentText().strip(),
            note=self.note_edit.text().strip(),
            co_buyers=self.co_buyers.buyers(),
            owner_id=owner,
        )
        if c is None:
            return "customers.create", form
        # A pool customer's phone comes masked: sending it back would be refused, and it did not change.
        return "customers.update", UpdateCustomerRequest(
            customer_id=c.id,
            version=c.version,
            name=form.name,
            phone=phone if phone != c.phone else None,
            id_number=form.id_number or None,
            gender=form.gender,
            source=form.source,
            intent=form.intent,
            status=CustomerStatus(self.status.currentData()),
            tags=form.tags,
            budget_wan=form.budget_wan,
            clear_budget=form.budget_wan is None and c.budget_wan is not None,
            layout=form.layout,
            area=form.area,
            purpose=form.purpose,
            note=form.note,
            co_buyers=form.co_buyers,
        )
