"""Which faces workspaces a role gets, for the main window's tabs (the server enforces every permission)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.messages.auth import UserInfo

STATUS_MESSAGE_MS = 10_000


def faces_workspaces(conn: QtConnection, user: UserInfo, window: QMainWindow) -> list[tuple[QWidget, str]]:
    translate = QCoreApplication.translate
    pages: list[tuple[QWidget, str]] = []
    if user.role in (Role.FRONT_DESK, Role.SALES_MANAGER):
        from client.ui.faces.arrivals import QtArrivalFeed
        from client.ui.faces.labels import arrival_text

        feed = QtArrivalFeed(conn, window)
        feed.arrived.connect(lambda e: window.statusBar().showMessage(arrival_text(e), STATUS_MESSAGE_MS))
        pages.append((feed, translate("FaceWorkspaces", "Arrivals")))
    if user.role is Role.SALES_MANAGER:
        from client.ui.faces.alerts import QtAlertsPage

        pages.append((QtAlertsPage(conn, window), translate("FaceWorkspaces", "Face alerts")))
    if user.role in (Role.SALES_MANAGER, Role.ADMIN):
        from client.ui.faces.compliance import QtCompliancePage

        page = QtCompliancePage(conn, window, can_purge=user.role is Role.ADMIN)
        pages.append((page, translate("FaceWorkspaces", "Face compliance")))
    return pages
