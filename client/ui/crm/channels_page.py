"""渠道与规则 (managers): channel companies and their brokers, and per channel in this project the versioned report
rules and commission rules; each change is a new version, the earlier ones stay listed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from client.ui.crm.channel_dialogs import QtBrokerDialog, QtChannelDialog, QtCommissionDialog, QtRuleDialog
from client.ui.crm.common import error_label, fill, section, select_key, selected_key, show_error, table
from client.ui.crm.labels import commission, when
from client.ui.qt_admin_common import alive
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.common import Empty
from shared.protocol.messages.crm_channels import (
    ChannelInfo,
    ChannelList,
    CommissionList,
    RuleInfo,
    RuleList,
    RuleListRequest,
)


class QtChannelsPage(QWidget):
    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.project_id: int | None = None
        self.channels: list[ChannelInfo] = []
        self.rules: list[RuleInfo] = []
        self.dialog: QDialog | None = None
        self.channel_table = table(
            self, [self.tr("Channel"), self.tr("Contact"), self.tr("Phone"), self.tr("Brokers")], [110, 80, 110]
        )
        self.channel_table.itemSelectionChanged.connect(self._channel_selected)
        self.broker_table = table(self, [self.tr("Broker"), self.tr("Phone"), self.tr("Active")], [90, 110])
        self.rule_table = table(
            self,
            [
                self.tr("Version"),
                self.tr("Protection"),
                self.tr("Visit window"),
                self.tr("Natural visit"),
                self.tr("Blocks existing"),
                self.tr("Masked phones"),
                self.tr("Since"),
            ],
        )
        self.commission_table = table(self, [self.tr("Version"), self.tr("Commission"), self.tr("Since")])
        self.new_channel = QPushButton(self.tr("New &channel…"), self)
        self.new_channel.clicked.connect(lambda: self._open(QtChannelDialog(self.conn, self)))
        self.new_broker = QPushButton(self.tr("Add &broker…"), self)
        self.new_broker.clicked.connect(self.add_broker)
        self.new_rule = QPushButton(self.tr("New rule &version…"), self)
        self.new_rule.clicked.connect(self.add_rule)
        self.new_commission = QPushButton(self.tr("New co&mmission…"), self)
        self.new_commission.clicked.connect(self.add_commission)
        self.message = error_label(self)
        grid = QGridLayout()
        grid.addWidget(section(self.tr("Channel companies"), self), 0, 0)
        grid.addWidget(self.channel_table, 1, 0)
        grid.addLayout(_buttons(self.new_channel), 2, 0)
        grid.addWidget(section(self.tr("Brokers of the chosen channel"), self), 0, 1)
        grid.addWidget(self.broker_table, 1, 1)
        grid.addLayout(_buttons(self.new_broker), 2, 1)
        grid.addWidget(section(self.tr("Report rules in this project (versions)"), self), 3, 0)
        grid.addWidget(self.rule_table, 4, 0)
        grid.addLayout(_buttons(self.new_rule), 5, 0)
        grid.addWidget(section(self.tr("Commission rules (versions)"), self), 3, 1)
        grid.addWidget(self.commission_table, 4, 1)
        grid.addLayout(_buttons(self.new_commission), 5, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(grid, 1)
        lay.addWidget(self.message)
        self._channel_selected()

    def set_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.reload()

    def reload(self) -> None:
        self.conn.request("channels.list", Empty(), alive(self, self._channels), alive(self, self._failed))

    def channel(self) -> ChannelInfo | None:
        key = selected_key(self.channel_table)
        return next((c for c in self.channels if c.id == key), None)

    def _channels(self, reply: ChannelList) -> None:
        keep = selected_key(self.channel_table)
        self.channels = list(reply.channels)
        fill(
            self.channel_table,
            [[c.name, c.contact, c.phone, len(c.brokers)] for c in reply.channels],
            [c.id for c in reply.channels],
        )
        if not (keep is not None and select_key(self.channel_table, keep)) and self.channels:
            self.channel_table.selectRow(0)
        self._channel_selected()

    def _channel_selected(self) -> None:
        c = self.channel()
        for b in (self.new_broker, self.new_rule, self.new_commission):
            b.setEnabled(c is not None)
        yes = self.tr("Yes")
        fill(self.broker_table, [[b.name, b.phone, yes if b.active else ""] for b in (c.brokers if c else [])])
        if c is None or self.project_id is None:
            self.rule_table.setRowCount(0)
            self.commission_table.setRowCount(0)
            return
        req = RuleListRequest(project_id=self.project_id, channel_id=c.id)
        self.conn.request("channels.rules", req, alive(self, lambda r: self._rules(r, c.id)), alive(self, self._failed))
        self.conn.request(
            "channels.commissions", req, alive(self, lambda r: self._commissions(r, c.id)), alive(self, self._failed)
        )

    def _current(self, channel_id: int) -> bool:
        """Whether a reply is still about the chosen channel (answers may come out of order)."""
        c = self.channel()
        return c is not None and c.id == channel_id

    def _rules(self, reply: RuleList, channel_id: int) -> None:
        if not self._current(channel_id):
            return
        self.rules = list(reply.rules)
        yes, no = self.tr("Yes"), self.tr("No")
        days, hours = self.tr("{n} days"), self.tr("{n} h")
        fill(
            self.rule_table,
            [
                [
                    f"v{r.version}",
                    days.format(n=r.protection_days),
                    hours.format(n=r.visit_window_hours),
                    days.format(n=r.natural_visit_days) if r.natural_visit_days else self.tr("Never"),
                    yes if r.block_existing_customer else no,
                    yes if r.allow_masked else no,
                    when(r.created_at),
                ]
                for r in reversed(reply.rules)
            ],
        )

    def _commissions(self, reply: CommissionList, channel_id: int) -> None:
        if not self._current(channel_id):
            return
        fill(
            self.commission_table,
            [[f"v{r.version}", commission(r.kind, r.value), when(r.created_at)] for r in reversed(reply.rules)],
        )

    def add_broker(self) -> None:
        c = self.channel()
        if c is not None:
            self._open(QtBrokerDialog(self.conn, c.id, c.name, self))

    def add_rule(self) -> None:
        c = self.channel()
        if c is not None and self.project_id is not None:
            latest = self.rules[-1] if self.rules else None
            self._open(QtRuleDialog(self.conn, self.project_id, c.id, c.name, self, latest=latest))

    def add_commission(self) -> None:
        c = self.channel()
        if c is not None and self.project_id is not None:
            self._open(QtCommissionDialog(self.conn, self.project_id, c.id, c.name, self))

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.reload)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def _failed(self, error: ErrorBody) -> None:
        show_error(self.message, error)


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row
