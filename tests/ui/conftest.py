"""Fixtures every GUI test file shares: clients signed in through the real login dialog, the app's Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from client.app import build_app_translators, remove_app_translators
from client.ui.style import app_font
from server.app import ServerApp
from tests.ui import GuiClients


@pytest.fixture
def gui(qtbot: QtBot, server: ServerApp) -> Iterator[GuiClients]:
    clients = GuiClients(qtbot, server.pairing_path)
    yield clients
    clients.close_all()


@pytest.fixture
def zh_cn(qapp: QApplication) -> Iterator[None]:
    """The Chinese catalogs, as `client.app.main` installs them; undone afterwards."""
    translators = build_app_translators(qapp, "zh_CN")
    yield
    remove_app_translators(qapp, translators)


@pytest.fixture
def looks_like_the_app(qapp: QApplication) -> Iterator[None]:
    """The translators and the CJK font list `client.app.main` installs (for screenshots), undone afterwards."""
    translators, font = build_app_translators(qapp, "zh_CN"), qapp.font()
    qapp.setFont(app_font())
    yield
    qapp.setFont(font)
    remove_app_translators(qapp, translators)
