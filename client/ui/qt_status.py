"""The status-bar indicator of the link to the server: a coloured dot and a word, following QtConnection."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from client.ui.qt_connection import QtConnection
from client.ui.style import CONNECTION_COLORS


class QtConnectionIndicator(QWidget):
    """已连接 green, 正在重连… amber, 连接中… blue, 已断开 grey."""

    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dot = QLabel(self)
        self.text = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.dot)
        layout.addWidget(self.text)
        self.state = ""
        conn.state_changed.connect(self.show_state)
        self.show_state(conn.state)

    def label(self, state: str) -> str:
        labels = {
            "connected": self.tr("Connected"),
            "reconnecting": self.tr("Reconnecting…"),
            "connecting": self.tr("Connecting…"),
            "closed": self.tr("Disconnected"),
        }
        return labels.get(state, state)

    def show_state(self, state: str) -> None:
        self.state = state
        color = CONNECTION_COLORS.get(state, CONNECTION_COLORS["closed"]).name()
        self.dot.setStyleSheet(
            f"background: {color}; border-radius: 5px; min-width: 10px; max-width: 10px;"
            " min-height: 10px; max-height: 10px;"
        )
        self.text.setText(self.label(state))
        self.text.setStyleSheet(f"color: {color};")
        self.setToolTip(self.tr("Connection to the server: {state}").format(state=self.label(state)))
