"""Which CRM workspaces a role gets, for the main window's tabs (the server enforces every permission)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from client.ui.qt_connection import QtConnection
from shared.domain import Role
from shared.protocol.messages.auth import UserInfo

STATUS_MESSAGE_MS = 10_000


def crm_workspaces(conn: QtConnection, user: UserInfo, window: QMainWindow) -> list[tuple[QWidget, str]]:
    pages: list[tuple[QWidget, str]] = []
    if user.role in (Role.FRONT_DESK, Role.SALES_MANAGER):
        from client.ui.crm.front_desk import QtFrontDeskPage

        desk = QtFrontDeskPage(conn, window, role=user.role, user_id=user.id)
        pages.append((desk, QCoreApplication.translate("CrmWorkspaces", "Front desk")))
    if user.role is Role.CONSULTANT:
        from client.ui.crm.consultant import QtConsultantPage

        page = QtConsultantPage(conn, user.id, window)
        page.notices.arrived.connect(lambda text: window.statusBar().showMessage(text, STATUS_MESSAGE_MS))
        pages.append((page, QCoreApplication.translate("CrmWorkspaces", "My customers")))
    if user.role is Role.SALES_MANAGER:
        from client.ui.crm.manager import QtManagerCrmPage

        pages.append(
            (
                QtManagerCrmPage(conn, window, user_id=user.id),
                QCoreApplication.translate("CrmWorkspaces", "Channels & customers"),
            )
        )
    return pages
