"""判客 for one customer (managers): the verdict, the hash-chained ledger with each row's evidence and whether the
chain verifies, the manager's ruling (appended with its reason, nothing overwritten) and the dispute evidence pack
(zip of JSON and PDF) saved to a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.common import fill, section, selected_key, table
from client.ui.crm.labels import attribution_kind, evidence_kind, when, when_long
from client.ui.labels import error_text
from client.ui.qt_admin_common import QtMessageLabel, alive
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.common import Empty, FileContent
from shared.protocol.messages.crm_channels import AttributionInfo, ChannelList, DecideAttributionRequest, LedgerRow
from shared.protocol.messages.crm_customers import CustomerInfo, CustomerPage, CustomerRef, SearchRequest
from shared.protocol.messages.crm_types import AttributionKind, EvidenceKind, Scope

OK_COLOR, BAD_COLOR = "#2E7D32", "#C62828"


class QtAttributionDialog(QDialog):
    saved = Signal(str)  # the evidence pack's path

    def __init__(self, conn: QtConnection, customer: CustomerInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.customer = customer
        self.info: AttributionInfo | None = None
        self.setWindowTitle(self.tr("Attribution of {name}").format(name=customer.name))
        self.resize(980, 640)
        self.verdict = QLabel(self)
        self.verdict.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.chain = QLabel(self)
        head = QHBoxLayout()
        head.addWidget(self.verdict, 1)
        head.addWidget(self.chain)
        self.ledger = table(
            self,
            [self.tr("No."), self.tr("When"), self.tr("Verdict"), self.tr("Reason"), self.tr("Hash")],
            [44, 130, 120, 330],
        )
        self.ledger.itemSelectionChanged.connect(self._show_evidence)
        self.evidence = table(self, [self.tr("Evidence"), self.tr("When"), self.tr("Summary")], [100, 130])
        split = QSplitter(Qt.Orientation.Vertical, self)
        top_w = QWidget(self)
        tl = QVBoxLayout(top_w)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(section(self.tr("Attribution ledger (append-only, hash-chained)"), self))
        tl.addWidget(self.ledger)
        bottom_w = QWidget(self)
        bl = QVBoxLayout(bottom_w)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(section(self.tr("Evidence of the chosen row"), self))
        bl.addWidget(self.evidence)
        split.addWidget(top_w)
        split.addWidget(bottom_w)
        split.setSizes([300, 160])
        self._build_ruling()
        self.message = QtMessageLabel(self)
        self.export_button = QPushButton(self.tr("E&xport evidence pack…"), self)
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(split, 1)
        lay.addWidget(self.ruling)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        conn.request("channels.list", Empty(), alive(self, self._channels))
        self.reload()

    def _build_ruling(self) -> None:
        self.ruling = QGroupBox(self.tr("Manager's ruling"), self)
        self.kind = QComboBox(self)
        for k in (AttributionKind.NATURAL, AttributionKind.CHANNEL, AttributionKind.REFERRAL):
            self.kind.addItem(attribution_kind(k), k.value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.channel = QComboBox(self)
        self.channel.setMinimumContentsLength(10)
        self.report = QComboBox(self)
        self.report.setMinimumContentsLength(10)
        self.referrer_search = QLineEdit(self)
        self.referrer_search.setPlaceholderText(self.tr("Referrer's name or phone, then Enter"))
        self.referrer_search.returnPressed.connect(self.find_referrer)
        self.referrer = QComboBox(self)
        self.referrer.setMinimumContentsLength(14)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("Why: recorded in the ledger with the ruling"))
        self.reason.returnPressed.connect(self.decide)
        self.decide_button = QPushButton(self.tr("&Record ruling"), self)
        self.decide_button.setDefault(True)
        self.decide_button.clicked.connect(self.decide)
        form = QFormLayout(self.ruling)
        row1 = QHBoxLayout()
        row1.addWidget(self.kind)
        channel_label = QLabel(self.tr("C&hannel:"), self)
        channel_label.setBuddy(self.channel)
        row1.addWidget(channel_label)
        row1.addWidget(self.channel)
        report_label = QLabel(self.tr("Re&port:"), self)
        report_label.setBuddy(self.report)
        row1.addWidget(report_label)
        row1.addWidget(self.report)
        row1.addStretch(1)
        form.addRow(self.tr("&Verdict:"), row1)
        self._verdict_label = form.labelForField(row1)
        if isinstance(self._verdict_label, QLabel):
            self._verdict_label.setBuddy(self.kind)
        row2 = QHBoxLayout()
        row2.addWidget(self.referrer_search, 1)
        row2.addWidget(self.referrer, 1)
        form.addRow(self.tr("Re&ferrer:"), row2)
        referrer_label = form.labelForField(row2)
        if isinstance(referrer_label, QLabel):
            referrer_label.setBuddy(self.referrer_search)
        row3 = QHBoxLayout()
        row3.addWidget(self.reason, 1)
        row3.addWidget(self.decide_button)
        form.addRow(self.tr("Rea&son:"), row3)
        reason_label = form.labelForField(row3)
        if isinstance(reason_label, QLabel):
            reason_label.setBuddy(self.reason)
        self._kind_changed()

    def reload(self) -> None:
        self.conn.request(
            "attribution.get",
            CustomerRef(customer_id=self.customer.id),
            alive(self, self._loaded),
            alive(self, self._failed),
        )

    def _loaded(self, info: AttributionInfo) -> None:
        self.info = info
        who = info.channel_name if info.kind is AttributionKind.CHANNEL else ""
        self.verdict.setText(self.tr("Verdict: {kind} {who}").format(kind=attribution_kind(info.kind), who=who).strip())
        if info.chain_ok:
            self.chain.setText(self.tr("✔ Hash chain verified ({n} rows)").format(n=len(info.rows)))
            self.chain.setStyleSheet(f"color: {OK_COLOR}; font-weight: 600;")
        else:
            self.chain.setText(self.tr("✘ Hash chain broken: the ledger was altered"))
            self.chain.setStyleSheet(f"color: {BAD_COLOR}; font-weight: 600;")
        rows = list(reversed(info.rows))  # newest first
        fill(
            self.ledger,
            [[r.seq, when_long(r.at), self._verdict_of(r), r.reason, r.hash[:12] + "…"] for r in rows],
            [r.seq for r in rows],
        )
        reports = sorted({e.ref_id for r in info.rows for e in r.evidence if e.kind is EvidenceKind.REPORT})
        self.report.clear()
        self.report.addItem(self.tr("(none)"), None)
        for report_id in reports:
            self.report.addItem(f"#{report_id}", report_id)
        if rows:
            self.ledger.selectRow(0)

    def _verdict_of(self, r: LedgerRow) -> str:
        if r.kind is AttributionKind.CHANNEL and r.channel_id is not None:
            name = next(
                (
                    self.channel.itemText(i)
                    for i in range(self.channel.count())
                    if self.channel.itemData(i) == r.channel_id
                ),
                "",
            )
            return f"{attribution_kind(r.kind)} {name}".strip()
        return attribution_kind(r.kind)

    def _show_evidence(self) -> None:
        seq = selected_key(self.ledger)
        row = next((r for r in self.info.rows if r.seq == seq), None) if self.info else None
        items = row.evidence if row else []
        fill(self.evidence, [[evidence_kind(e.kind), when(e.at), e.summary] for e in items])

    def _channels(self, reply: ChannelList) -> None:
        for c in reply.channels:
            self.channel.addItem(c.name, c.id)
        if self.info is not None:
            self._loaded(self.info)  # channel names in the ledger's verdicts

    def _kind_changed(self) -> None:
        kind = AttributionKind(self.kind.currentData())
        self.channel.setEnabled(kind is AttributionKind.CHANNEL)
        self.report.setEnabled(kind is AttributionKind.CHANNEL)
        self.referrer_search.setEnabled(kind is AttributionKind.REFERRAL)
        self.referrer.setEnabled(kind is AttributionKind.REFERRAL)

    def find_referrer(self) -> None:
        query = self.referrer_search.text().strip()
        if not query:
            return
        req = SearchRequest(project_id=self.customer.project_id, query=query[:40], scope=Scope.ALL, limit=20)
        self.conn.request("customers.search", req, alive(self, self._referrers), alive(self, self._failed))

    def _referrers(self, page: CustomerPage) -> None:
        self.referrer.clear()
        for r in page.rows:
            if r.id != self.customer.id:
                self.referrer.addItem(f"{r.name} {r.phone}", r.id)
        if self.referrer.count() == 0:
            self.message.show_error(self.tr("No customer matches."))

    def decide(self) -> None:
        reason = self.reason.text().strip()
        kind = AttributionKind(self.kind.currentData())
        if not reason:
            self.message.show_error(self.tr("Give the reason for the ruling."))
            self.reason.setFocus()
            return
        req = DecideAttributionRequest(customer_id=self.customer.id, kind=kind, reason=reason)
        if kind is AttributionKind.CHANNEL:
            if self.channel.currentData() is None:
                self.message.show_error(self.tr("Choose the channel."))
                return
            req.channel_id = int(self.channel.currentData())
            req.report_id = self.report.currentData()
        elif kind is AttributionKind.REFERRAL:
            if self.referrer.currentData() is None:
                self.message.show_error(self.tr("Find and choose the referring customer."))
                return
            req.referrer_id = int(self.referrer.currentData())
        self.decide_button.setEnabled(False)
        self.conn.request("attribution.decide", req, alive(self, self._decided), alive(self, self._decide_failed))

    def _decided(self, info: AttributionInfo) -> None:
        self.decide_button.setEnabled(True)
        self.reason.clear()
        self.message.show_info(self.tr("Ruling recorded in the ledger."))
        self._loaded(info)

    def _decide_failed(self, error: ErrorBody) -> None:
        self.decide_button.setEnabled(True)
        self._failed(error)

    # The evidence pack ---------------------------------------------------------------------------------
    def ask_save_path(self) -> str:
        """Where to save the pack; empty when cancelled. Tests call save_pack_to instead."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the dispute evidence pack"),
            str(Path.home() / f"evidence-{self.customer.id}.zip"),
            self.tr("Zip archive (*.zip)"),
        )
        return path

    def export(self) -> None:
        path = self.ask_save_path()
        if path:
            self.save_pack_to(path)

    def save_pack_to(self, path: str | Path) -> None:
        self.export_button.setEnabled(False)
        self.conn.request(
            "attribution.evidence_pack",
            CustomerRef(customer_id=self.customer.id),
            alive(self, lambda f: self._pack(f, Path(path))),
            self._pack_failed,
        )

    def _pack(self, pack: FileContent, path: Path) -> None:
        self.export_button.setEnabled(True)
        try:
            path.write_bytes(pack.content)
        except OSError as exc:
            self.message.show_error(self.tr("Could not save: {reason}").format(reason=exc.strerror))
            return
        self.message.show_info(self.tr("Evidence pack saved to {path}").format(path=path))
        self.saved.emit(str(path))

    def _pack_failed(self, error: ErrorBody) -> None:
        self.export_button.setEnabled(True)
        self._failed(error)

    def _failed(self, error: ErrorBody) -> None:
        self.message.show_error(error_text(error))
