"""The buyer kiosk in the opening hall: sign in with phone + 认筹号, tap ranked choices, see the result at once."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client.ui.board_model import ServerClock
from client.ui.labels import error_text, format_area, format_price
from client.ui.opening_labels import opening_status_label
from client.ui.opening_model import KioskChoices, countdown
from client.ui.qt_connection import QtConnection
from client.ui.qt_unit_grid import GridMetrics, QtUnitGrid
from client.ui.style import ERROR_TEXT, swatch
from shared.domain import OpeningStatus, PickOutcome
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.opening import (
    BuyerLoginRequest,
    BuyerSession,
    KioskBoard,
    OpeningProgress,
    PickRequest,
    PickResult,
    UnitsAvailability,
)
from shared.protocol.messages.system import Heartbeat

FREE_FILL, FREE_EDGE, FREE_TEXT = QColor("#E8F5E9"), QColor("#43A047"), QColor("#1B5E20")
TAKEN_FILL, TAKEN_TEXT = QColor("#CFD8DC"), QColor("#607D8B")
CHOSEN_FILL, CHOSEN_TEXT = QColor("#1565C0"), QColor("#FFFFFF")
OK_TEXT = "#1B5E20"
METRICS = GridMetrics(
    min_cell_width=72, max_cell_width=120, cell_height=58, spacing=6, floor_width=46, title_height=36, gap=36, margin=10
)


class QtKioskGrid(QtUnitGrid):
    """Large cells: free units green, taken ones grey with 已被选, chosen ones blue with their rank."""

    def __init__(self, choices: KioskChoices, parent: QWidget | None = None) -> None:
        super().__init__(METRICS, parent)
        self.choices = choices

    def title_scale(self) -> float:
        return 1.5

    def paint_cell(self, painter: QPainter, rect: QRectF, unit_id: int) -> None:
        unit = self.choices.units[unit_id]
        rank = self.choices.rank(unit_id)
        free = self.choices.is_available(unit_id)
        fill, text = (
            (CHOSEN_FILL, CHOSEN_TEXT) if rank else (FREE_FILL, FREE_TEXT) if free else (TAKEN_FILL, TAKEN_TEXT)
        )
        painter.setPen(QPen(FREE_EDGE if free and not rank else fill.darker(115), 1.5))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        inner = rect.adjusted(8, 4, -6, -4)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(self.font().pointSizeF() * 1.15)
        painter.setFont(font)
        painter.setPen(text)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, unit.number)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.85)
        painter.setFont(small)
        below = self.tr("Taken") if not free else unit.layout
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, below)
        if rank:
            badge = QRectF(rect.right() - 26, rect.top() + 5, 20, 20)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawEllipse(badge)
            painter.setPen(CHOSEN_FILL)
            painter.setFont(font)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(rank))

    def tooltip(self, unit_id: int) -> str:
        u = self.choices.units[unit_id]
        return f"{u.building} {u.number} · {u.layout} · {format_area(u.gross_area)} · {format_price(u.price)}"


# What a kiosk listens to: its opening's events (opening.units, opening.progress), not every board change.
KIOSK_TOPICS = (b"opening.",)


class QtKioskWindow(QWidget):
    """One buyer at a time: sign in, choose up to three units in order, confirm; 下一位 signs them out."""

    def __init__(self, conn: QtConnection, opening_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.opening_id = opening_id
        self.session: BuyerSession | None = None
        self.board: KioskBoard | None = None
        self.choices = KioskChoices()
        self.status: OpeningStatus | None = None
        self.last_result: PickResult | None = None
        self._reloading = False  # a buyer.board request is on its way
        self.clock = ServerClock()  # the countdown to T0 follows the server's clock
        self.setWindowTitle(self.tr("Opening kiosk"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_sign_in())
        self.pages.addWidget(self._build_picking())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        conn.event_received.connect(self._on_event)
        conn.resync_needed.connect(self._load_board)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()

    # --- sign-in -----------------------------------------------------------------------------------

    def _build_sign_in(self) -> QWidget:
        page = QWidget(self)
        title = QLabel(self.tr("Online opening — choose your home"), page)
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 2.2)
        big.setBold(True)
        title.setFont(big)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(self.tr("Sign in with the phone number and the ticket number (认筹号) you registered."), page)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phone_edit = QLineEdit(page)
        self.phone_edit.setMaxLength(20)
        self.phone_edit.setPlaceholderText(self.tr("Mobile phone"))
        self.ticket_edit = QLineEdit(page)
        self.ticket_edit.setMaxLength(30)
        self.ticket_edit.setPlaceholderText(self.tr("Ticket number"))
        for edit in (self.phone_edit, self.ticket_edit):
            edit.setMinimumHeight(44)
            edit.setFont(QFont(self.font().family(), int(self.font().pointSizeF() * 1.5)))
        self.sign_in_button = QPushButton(self.tr("&Sign in"), page)
        self.sign_in_button.setMinimumHeight(48)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.ticket_edit.returnPressed.connect(self.sign_in)
        self.sign_in_message = QLabel("", page)
        self.sign_in_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        form = QFormLayout()
        form.addRow(self.tr("&Phone"), self.phone_edit)
        form.addRow(self.tr("&Ticket no."), self.ticket_edit)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and isinstance(label.widget(), QLabel):
                label_widget = label.widget()
                assert isinstance(label_widget, QLabel)
                label_widget.setBuddy(self.phone_edit if row == 0 else self.ticket_edit)
        box = QWidget(page)
        box.setMaximumWidth(520)
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(self.sign_in_button)
        inner.addWidget(self.sign_in_message)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(24)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def sign_in(self) -> None:
        phone, ticket = self.phone_edit.text().strip(), self.ticket_edit.text().strip()
        if not phone or not ticket:
            self._sign_in_error(self.tr("Enter your phone number and ticket number."))
            return
        self.sign_in_button.setEnabled(False)
        self.sign_in_message.setStyleSheet("")
        self.sign_in_message.setText(self.tr("Signing in…"))
        request = BuyerLoginRequest(opening_id=self.opening_id, phone=phone, ticket_no=ticket)
        self.conn.request("buyer.login", request, self._signed_in, self._sign_in_failed)

    def _sign_in_failed(self, error: ErrorBody) -> None:
        self._sign_in_error(error_text(error))

    def _sign_in_error(self, text: str) -> None:
        self.sign_in_button.setEnabled(True)
        self.sign_in_message.setStyleSheet(f"color: {ERROR_TEXT};")
        self.sign_in_message.setText(text)

    def _signed_in(self, session: BuyerSession) -> None:
        self.session = session
        self.conn.net.token = session.token
        self.status = session.opening.status
        self.sign_in_button.setEnabled(True)
        self.sign_in_message.clear()
        self.phone_edit.clear()
        self.ticket_edit.clear()
        self.choices = KioskChoices()
        self.grid.choices = self.choices
        self.last_result = None
        self.result_label.clear()
        self.pages.setCurrentIndex(1)
        self._show_header()
        self._load_board()

    def sign_out(self) -> None:
        """下一位: forget this buyer on this kiosk (the token is not kept anywhere)."""
        self.session = None
        self.conn.net.token = None
        self.board = None
        self.choices = KioskChoices()
        self.grid.choices = self.choices
        self.grid.set_units([])
        self.pages.setCurrentIndex(0)
        self.phone_edit.setFocus()

    # --- picking -----------------------------------------------------------------------------------

    def _build_picking(self) -> QWidget:
        page = QWidget(self)
        self.header = QLabel(page)
        head_font = QFont(self.font())
        head_font.setPointSizeF(self.font().pointSizeF() * 1.4)
        head_font.setBold(True)
        self.header.setFont(head_font)
        self.buyer_label = QLabel(page)
        self.clock_label = QLabel(page)
        self.clock_label.setFont(head_font)
        self.next_button = QPushButton(self.tr("&Next buyer"), page)
        self.next_button.clicked.connect(self.sign_out)
        top = QHBoxLayout()
        top.addWidget(self.header)
        top.addSpacing(16)
        top.addWidget(self.buyer_label, 1)
        top.addWidget(self.clock_label)
        top.addSpacing(16)
        top.addWidget(self.next_button)
        self.grid = QtKioskGrid(self.choices, page)
        self.grid.unit_clicked.connect(self.toggle)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid)
        legend = QHBoxLayout()
        for color, text in (
            (FREE_FILL, self.tr("Available")),
            (TAKEN_FILL, self.tr("Taken")),
            (CHOSEN_FILL, self.tr("My choices")),
        ):
            icon = QLabel(page)
            icon.setPixmap(swatch(color, 16).pixmap(16, 16))
            legend.addWidget(icon)
            legend.addWidget(QLabel(text, page))
            legend.addSpacing(12)
        legend.addStretch(1)
        self.choices_label = QLabel(page)
        self.choices_label.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("C&lear"), page)
        self.clear_button.clicked.connect(self.clear_choices)
        self.pick_button = QPushButton(self.tr("&Confirm my choice"), page)
        self.pick_button.setMinimumHeight(48)
        self.pick_button.clicked.connect(self.pick)
        bottom = QHBoxLayout()
        bottom.addWidget(self.choices_label, 1)
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.pick_button)
        self.result_label = QLabel(page)
        self.result_label.setWordWrap(True)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_label.setFont(head_font)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addLayout(legend)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.result_label)
        self._show_choices()
        return page

    def _load_board(self) -> None:
        if self.session is None:
            return
        self._reloading = True
        self.conn.request("buyer.board", None, self._board_loaded, self._board_failed)

    def _board_failed(self, error: ErrorBody) -> None:
        self._reloading = False
        self._show_error(error)

    def _board_loaded(self, board: KioskBoard) -> None:
        self._reloading = False
        if self.session is None:
            return
        self.board = board
        self.status = board.opening.status
        self.choices.load(board.units)
        self.grid.set_units(self.choices.grid_units())
        self._show_header()
        self._show_choices()

    def toggle(self, unit_id: int) -> None:
        if self.choices.toggle(unit_id):
            self.grid.update()
            self._show_choices()

    def clear_choices(self) -> None:
        self.choices.clear()
        self.grid.update()
        self._show_choices()

    def pick(self) -> None:
        if not self.choices.ranked or self.session is None:
            return
        self.pick_button.setEnabled(False)
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Sending your choice…"))
        # One request, one idempotency key: the connection resends the same envelope until answered.
        self.conn.request("buyer.pick", PickRequest(choices=list(self.choices.ranked)), self._picked, self._show_error)

    def _picked(self, result: PickResult) -> None:
        self.last_result = result
        self.pick_button.setEnabled(True)
        for unit_id in result.taken:
            self.choices.set_available(unit_id, False)
        if result.unit_id is not None:
            self.choices.set_available(result.unit_id, False)
        if result.outcome is PickOutcome.ALLOCATED and self.session is not None:
            self.session.buyer.allocated.append(result.unit_id or 0)
            self.choices.clear()
        self.grid.update()
        ok = result.outcome is PickOutcome.ALLOCATED
        self.result_label.setStyleSheet(f"color: {OK_TEXT if ok else ERROR_TEXT};")
        self.result_label.setText(self.result_text(result))
        self._show_header()
        self._show_choices()

    def result_text(self, result: PickResult) -> str:
        taken = "、".join(self._name(u) for u in result.taken)
        if result.outcome is PickOutcome.ALLOCATED:
            won = self._name(result.unit_id) if result.unit_id is not None else ""
            text = self.tr("Congratulations: {unit} is yours.").format(unit=won)
            if result.rehearsal:
                text = self.tr("Rehearsal: {unit} would be yours (nothing is sold today).").format(unit=won)
            if taken:
                text = self.tr("{taken} already taken. ").format(taken=taken) + text
            return text
        texts = {
            PickOutcome.TAKEN: self.tr("{taken} already taken: choose again.").format(taken=taken),
            PickOutcome.NOT_STARTED: self.tr("The opening has not started yet."),
            PickOutcome.PAUSED: self.tr("The opening is paused: please wait."),
            PickOutcome.CLOSED: self.tr("The opening has closed."),
            PickOutcome.NOT_YOUR_TURN: self.tr("It is not your turn yet: please wait to be called."),
            PickOutcome.QUOTA_USED: self.tr("You have already chosen as many units as you may."),
            PickOutcome.NOT_IN_OPENING: self.tr("That unit is not part of this opening."),
        }
        return texts[result.outcome]

    def _show_error(self, error: ErrorBody) -> None:
        self.pick_button.setEnabled(True)
        self.result_label.setStyleSheet(f"color: {ERROR_TEXT};")
        self.result_label.setText(error_text(error))

    def _name(self, unit_id: int | None) -> str:
        unit = self.choices.units.get(unit_id) if unit_id is not None else None
        return f"{unit.building} {unit.number}" if unit is not None else str(unit_id)

    def _show_choices(self) -> None:
        ranked = self.choices.ranked
        if not ranked:
            self.choices_label.setText(
                self.tr("Tap up to {n} units in the order you want them.").format(n=self.choices.limit)
            )
        else:
            parts = [
                self.tr("Choice {rank}: {unit} ({price})").format(
                    rank=i, unit=self._name(u), price=format_price(self.choices.units[u].price)
                )
                for i, u in enumerate(ranked, 1)
            ]
            self.choices_label.setText("　".join(parts))
        self.pick_button.setEnabled(bool(ranked))
        self.clear_button.setEnabled(bool(ranked))

    def _show_header(self) -> None:
        if self.session is None:
            return
        opening = self.board.opening if self.board is not None else self.session.opening
        status = self.status or opening.status
        self.header.setText(f"{opening.name} · {opening_status_label(status)}")
        buyer = self.session.buyer
        mine = "、".join(self._name(u) for u in buyer.allocated) or self.tr("none yet")
        self.buyer_label.setText(
            self.tr("{name} · ticket {ticket} · may choose {quota} · chosen: {mine}").format(
                name=buyer.name, ticket=buyer.ticket_no, quota=buyer.quota, mine=mine
            )
        )
        self._tick()

    def _tick(self) -> None:
        if self.session is None:
            return
        opening = self.board.opening if self.board is not None else self.session.opening
        if (self.status or opening.status) is OpeningStatus.SCHEDULED:
            left = (opening.starts_at - self.clock.now()).total_seconds()
            self.clock_label.setText(self.tr("Starts in {time}").format(time=countdown(left)))
        else:
            self.clock_label.setText("")

    # --- live --------------------------------------------------------------------------------------

    def _on_event(self, type_: str, payload: object, _event: object) -> None:
        if type_ == "heartbeat" and isinstance(payload, Heartbeat):
            arrived = datetime.now(UTC)
            self.clock.observe(payload.server_time, arrived, arrived)
        if self.session is None:
            return
        if type_ == "opening.units" and isinstance(payload, UnitsAvailability):
            if payload.opening_id != self.opening_id:
                return
            changed = [self.choices.set_available(u, False) for u in payload.taken]
            changed += [self.choices.set_available(u, True) for u in payload.free]
            if any(changed):
                self.grid.update()
        elif type_ == "opening.progress" and isinstance(payload, OpeningProgress):
            if payload.opening_id != self.opening_id:
                return
            if payload.status is not self.status:
                self.status = payload.status
                self._show_header()
            if self.board is not None and not self._reloading and self.choices.unavailable() < payload.sold:
                # Fewer units shown taken than the opening has sold: opening.units events were lost (a kiosk's
                # connection hears its opening only, so it sees no sequence gaps). Read the board again.
                self._load_board()
