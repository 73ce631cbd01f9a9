"""The board's unit actions as QActions: one set shared by the context menu, the detail panel and the shortcuts."""

from __future__ import annotations

from collections.abc import Callable

import msgspec
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from client.ui.labels import STATUS_ORDER, error_text, status_label
from client.ui.qt_connection import QtConnection
from client.ui.qt_unit_dialogs import QtConfirmDialog, QtHoldDialog, QtSubscribeDialog
from client.ui.style import status_icon
from client.ui.unit_actions import UnitAction, actions_for, applies, direct_targets, may_set_status
from shared.domain import Role, UnitStatus
from shared.protocol.errors import ErrorBody, ErrorCode
from shared.protocol.messages.catalog import SetUnitStatusRequest, UnitInfo, UnitRef
from shared.protocol.messages.sales import UnitActionRequest

# Single keys while the board has focus, as on a paper 销控 sheet: H 锁定, R 释放, S 认购, G 签约, X 退订.
SHORTCUTS: dict[UnitAction, str] = {
    UnitAction.HOLD: "H",
    UnitAction.RELEASE: "R",
    UnitAction.SUBSCRIBE: "S",
    UnitAction.SIGN: "G",
    UnitAction.CANCEL: "X",
}


class QtUnitActions(QObject):
    """Enables what may succeed for the current unit, asks what the command needs, sends it, reports back.

    The server decides: a refused action comes back as its error, and the unit is re-read when it was stale.
    """

    unit_updated = Signal(object)  # UnitInfo from a reply
    result = Signal(str, bool)  # message, is_error
    busy_changed = Signal(bool)

    def __init__(self, conn: QtConnection, role: Role, user_id: int | None, host: QWidget) -> None:
        super().__init__(host)
        self.conn = conn
        self.role = role
        self.user_id = user_id
        self.host = host
        self.unit: UnitInfo | None = None
        self.unit_name = ""
        self.busy = False
        self.actions: dict[UnitAction, QAction] = {}
        labels = self._labels()
        for action in actions_for(role):
            qaction = QAction(labels[action], host)
            qaction.setShortcut(QKeySequence(SHORTCUTS[action]))
            qaction.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            qaction.setToolTip(f"{labels[action]} ({SHORTCUTS[action]})")
            qaction.triggered.connect(self._trigger(action))
            host.addAction(qaction)
            self.actions[action] = qaction
        self.direct: dict[UnitStatus, QAction] = {}
        if may_set_status(role):
            for status in STATUS_ORDER:
                qaction = QAction(status_icon(status), status_label(status), host)
                qaction.triggered.connect(self._direct(status))
                self.direct[status] = qaction
        self.set_unit(None)

    def _labels(self) -> dict[UnitAction, str]:
        return {
            UnitAction.HOLD: self.tr("Hold…"),
            UnitAction.RELEASE: self.tr("Release…"),
            UnitAction.SUBSCRIBE: self.tr("Subscribe…"),
            UnitAction.SIGN: self.tr("Sign contract…"),
            UnitAction.CANCEL: self.tr("Cancel subscription…"),
        }

    # --- state -------------------------------------------------------------------------------------

    def set_unit(self, unit: UnitInfo | None, name: str = "") -> None:
        self.unit, self.unit_name = unit, name
        for action, qaction in self.actions.items():
            qaction.setEnabled(self.may(action))
        targets = set(direct_targets(unit.status, STATUS_ORDER)) if unit is not None else set()
        for status, qaction in self.direct.items():
            qaction.setEnabled(not self.busy and status in targets)

    def may(self, action: UnitAction) -> bool:
        """Greys out what the server would refuse: the wrong status, or somebody else's hold."""
        unit = self.unit
        if self.busy or unit is None or not applies(action, unit.status):
            return False
        others_hold = unit.status is UnitStatus.HELD and unit.holder_id not in (None, self.user_id)
        return not (others_hold and action in (UnitAction.RELEASE, UnitAction.SUBSCRIBE) and self._not_manager())

    def _not_manager(self) -> bool:
        return self.role is not Role.SALES_MANAGER

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.set_unit(self.unit, self.unit_name)
        self.busy_changed.emit(busy)

    def menu(self, parent: QWidget) -> QMenu:
        """The context menu for the current unit."""
        menu = QMenu(parent)
        for qaction in self.actions.values():
            menu.addAction(qaction)
        if self.direct:
            if self.actions:
                menu.addSeparator()
            direct = menu.addMenu(self.tr("Set status"))
            for qaction in self.direct.values():
                if qaction.isEnabled():
                    direct.addAction(qaction)
            direct.setEnabled(not direct.isEmpty())
        return menu

    # --- asking and sending ------------------------------------------------------------------------

    def _trigger(self, action: UnitAction) -> Callable[[], None]:
        return lambda: self.run(action)

    def _direct(self, status: UnitStatus) -> Callable[[], None]:
        return lambda: self.set_status(status)

    def run(self, action: UnitAction) -> None:
        unit = self.unit
        if unit is None or not self.may(action):
            return
        request = self._ask(action, unit)
        if request is not None:
            self._send(action.value, request, unit.id)

    def _ask(self, action: UnitAction, unit: UnitInfo) -> msgspec.Struct | None:
        dialog: QtHoldDialog | QtSubscribeDialog | QtConfirmDialog
        if action is UnitAction.HOLD:
            dialog = QtHoldDialog(unit, self.unit_name, self.host)
            return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
        if action is UnitAction.SUBSCRIBE:
            dialog = QtSubscribeDialog(unit, self.unit_name, self.host)
            return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
        texts = {
            UnitAction.RELEASE: (self.tr("Release hold"), self.tr("End the hold on {unit}: it is for sale again.")),
            UnitAction.SIGN: (self.tr("Sign contract"), self.tr("Mark the subscription of {unit} as signed.")),
            UnitAction.CANCEL: (
                self.tr("Cancel subscription"),
                self.tr("Cancel the subscription or contract of {unit}: it is for sale again."),
            ),
        }
        title, heading = texts[action]
        dialog = QtConfirmDialog(title, heading.format(unit=self.unit_name), title, self.host)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return UnitActionRequest(unit_id=unit.id, reason=dialog.reason())

    def set_status(self, status: UnitStatus, reason: str | None = None) -> None:
        """A manager's direct change; `reason` None asks for one in a dialog."""
        unit = self.unit
        if unit is None or status not in direct_targets(unit.status, STATUS_ORDER):
            return
        if reason is None:
            title = self.tr("Set status")
            heading = self.tr("Set {unit} from {old} to {new}.").format(
                unit=self.unit_name, old=status_label(unit.status), new=status_label(status)
            )
            dialog = QtConfirmDialog(title, heading, title, self.host)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            reason = dialog.reason()
        request = SetUnitStatusRequest(unit_id=unit.id, status=status, reason=reason, expected_version=unit.version)
        self._send("units.set_status", request, unit.id)

    def _send(self, command: str, request: msgspec.Struct, unit_id: int) -> None:
        self.set_busy(True)

        def done(unit: UnitInfo) -> None:
            self.set_busy(False)
            self.unit_updated.emit(unit)
            self.result.emit(self._done_text(command, unit), False)

        def failed(error: ErrorBody) -> None:
            self.set_busy(False)
            self.result.emit(error_text(error), True)
            if error.code in (ErrorCode.CONFLICT, ErrorCode.INVALID_TRANSITION, ErrorCode.FORBIDDEN):
                self.conn.request("units.get", UnitRef(unit_id=unit_id), self.unit_updated.emit)

        self.conn.request(command, request, done, failed)

    def _done_text(self, command: str, unit: UnitInfo) -> str:
        if command == "units.set_status":
            return self.tr("Status set to {status}.").format(status=status_label(unit.status))
        texts = {
            UnitAction.HOLD.value: self.tr("{unit} is held."),
            UnitAction.RELEASE.value: self.tr("{unit} is released and for sale again."),
            UnitAction.SUBSCRIBE.value: self.tr("{unit} is subscribed."),
            UnitAction.SIGN.value: self.tr("{unit}: the contract is signed."),
            UnitAction.CANCEL.value: self.tr("{unit}: subscription cancelled, for sale again."),
        }
        return texts[command].format(unit=self.unit_name)
