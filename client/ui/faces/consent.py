"""The consent dialog: the visitor's face is kept for a customer only after the desk records their explicit yes.

Find the customer by phone, read out (or show) the consent text, tick that the visitor agreed, then "Keep face".
"Register without face" closes without keeping anything: visits work without a face.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.common import QtProjectChooser, error_label, show_error
from client.ui.faces.labels import thumbnail
from client.ui.qt_connection import QtConnection
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.common import Empty
from shared.protocol.messages.crm_visits import LookupReply, LookupRequest
from shared.protocol.messages.faces import FaceEventInfo
from shared.protocol.messages.faces_alerts import ConsentText, LinkReply, LinkRequest


class QtConsentDialog(QDialog):
    def __init__(
        self,
        conn: QtConnection,
        event: FaceEventInfo,
        parent: QWidget | None = None,
        *,
        customer_id: int | None = None,
        visit_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.conn = conn
        self.face = event
        self.customer_id = customer_id
        self.visit_id = visit_id
        self.consent: ConsentText | None = None
        self.result_reply: LinkReply | None = None
        self.setWindowTitle(self.tr("Keep this visitor's face"))
        self._build()
        conn.request("faces.consent_text", Empty(), self._text_loaded, self._failed)

    def _build(self) -> None:
        face = QLabel(self)
        face.setPixmap(thumbnail(self.face.thumbnail, 112))
        self.projects = QtProjectChooser(self.conn, self)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText(self.tr("Customer's phone"))
        self.phone_edit.returnPressed.connect(self.find_customer)
        self.find_button = QPushButton(self.tr("&Find"), self)
        self.find_button.clicked.connect(self.find_customer)
        self.customer = QLabel(self.tr("No customer chosen yet."), self)
        self.customer.setWordWrap(True)
        self.text = QTextBrowser(self)
        self.text.setMinimumHeight(120)
        self.agreed = QCheckBox(self.tr("The visitor has read this and explicitly agrees"), self)
        self.agreed.toggled.connect(self._update)
        self.message = error_label(self)
        self.buttons = QDialogButtonBox(self)
        self.keep_button = self.buttons.addButton(self.tr("&Keep face"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.decline_button = self.buttons.addButton(
            self.tr("Register &without face"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.keep_button.clicked.connect(self.keep)
        self.decline_button.clicked.connect(self.reject)
        find = QHBoxLayout()
        find.addWidget(self.phone_edit)
        find.addWidget(self.find_button)
        form = QFormLayout()
        form.addRow(self.projects)
        form.addRow(self.tr("Customer:"), find)
        form.addRow(self.customer)
        top = QHBoxLayout()
        top.addWidget(face)
        top.addLayout(form, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(QLabel(self.tr("Consent to keep the face (read it to the visitor):"), self))
        lay.addWidget(self.text)
        lay.addWidget(self.agreed)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(560, 460)
        self._update()

    def _update(self) -> None:
        ready = self.consent is not None and self.customer_id is not None and self.agreed.isChecked()
        self.keep_button.setEnabled(ready)

    def _text_loaded(self, reply: ConsentText) -> None:
        self.consent = reply
        self.text.setPlainText(f"{reply.text}\n\n{reply.text_en}")  # the visitor's words, then IT's
        if self.customer_id is not None:
            self.customer.setText(self.tr("Customer #{id} (from the face match)").format(id=self.customer_id))
        self._update()

    def find_customer(self) -> None:
        project = self.projects.project_id
        if project is None or not self.phone_edit.text().strip():
            return
        self.conn.request(
            "visits.lookup", LookupRequest(project_id=project, phone=self.phone_edit.text()), self._found, self._failed
        )

    def _found(self, reply: LookupReply) -> None:
        if len(reply.matches) != 1:
            self.customer_id = None
            self.customer.setText(self.tr("No single customer with this phone: register the visit first."))
        else:
            match = reply.matches[0]
            self.customer_id = match.customer_id
            text = (
                self.tr("{name} ({phone}), consultant {owner}")
                if match.owner_name
                else self.tr("{name} ({phone}), no consultant yet")
            )
            self.customer.setText(text.format(name=match.name, phone=match.phone_masked, owner=match.owner_name))
        self._update()

    def keep(self) -> None:
        assert self.consent is not None and self.customer_id is not None
        self.keep_button.setEnabled(False)
        self.conn.request(
            "faces.link",
            LinkRequest(
                event_id=self.face.event_id,
                customer_id=self.customer_id,
                consent_version=self.consent.version,
                consent_given=self.agreed.isChecked(),
                visit_id=self.visit_id,
            ),
            self._linked,
            self._failed,
        )

    def _linked(self, reply: LinkReply) -> None:
        self.result_reply = reply
        if reply.linked:
            self.accept()
        else:
            self.message.setText(
                self.tr("This face is already another customer's: the manager has been alerted, nothing was kept.")
            )

    def _failed(self, error: ErrorBody) -> None:
        show_error(self.message, error)
        self._update()
