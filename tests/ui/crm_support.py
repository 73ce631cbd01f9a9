"""Helpers for the CRM GUI tests: a signed-in workspace page against the real server, an office of users,
channels with rules, and waiting for a dialog a page opened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from client.net.sync_client import SyncClient
from shared.domain import Role
from shared.protocol.messages.catalog import CreateProjectRequest
from shared.protocol.messages.crm_channels import CreateBrokerRequest, CreateChannelRequest, SetRuleRequest
from tests.conftest import PASSWORD
from tests.ui import GuiClients

W = TypeVar("W", bound=QWidget)
WAIT_MS = 10_000


@dataclass
class Office:
    """A project with a manager, a front desk and consultants, each with a SyncClient for arranging data."""

    project_id: int
    users: dict[str, str]  # key → username
    ids: dict[str, int]
    sync: dict[str, SyncClient] = field(default_factory=dict)
    channels: list[tuple[int, int]] = field(default_factory=list)  # (channel id, broker id)


def make_office(
    login: Callable[..., SyncClient],
    make_user: Callable[..., str],
    pairing: Any,
    consultants: tuple[str, ...] = ("李娜", "赵强"),
    *,
    with_channels: bool = False,
) -> Office:
    project = login(Role.ADMIN).call("projects.create", CreateProjectRequest(name="云栖湾", city="杭州"))
    users = {
        "manager": make_user(Role.SALES_MANAGER, display_name="陈静"),
        "front": make_user(Role.FRONT_DESK, display_name="张敏"),
    }
    for i, name in enumerate(consultants):
        users[f"c{i}"] = make_user(Role.CONSULTANT, display_name=name)
    office = Office(project.id, users, {})
    for key, username in users.items():
        client = SyncClient(pairing, timeout_ms=8000)
        client.login(username, PASSWORD)
        office.sync[key] = client
        office.ids[key] = client.call("auth.whoami").id
    if with_channels:
        m = office.sync["manager"]
        for name, broker, phone in (("链家", "周志明", "13511112222"), ("贝壳找房", "吴晓红", "13511113333")):
            ch = m.call("channels.create", CreateChannelRequest(name=name, contact=broker))
            br = m.call("channels.add_broker", CreateBrokerRequest(channel_id=ch.id, name=broker, phone=phone))
            m.call("channels.set_rule", SetRuleRequest(project_id=project.id, channel_id=ch.id))
            office.channels.append((ch.id, br.id))
    return office


def close_office(office: Office) -> None:
    for client in office.sync.values():
        client.close()


def open_page(qtbot: QtBot, gui: GuiClients, username: str, build: Callable[[Any, Any], W]) -> W:
    """Signs `username` in through the login dialog and shows the page `build(conn, login_reply)` makes."""
    conn, reply = gui.sign_in(username)
    page = build(conn, reply)
    qtbot.addWidget(page)
    page.resize(1366, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def wait_dialog(qtbot: QtBot, owner: Any, kind: type[W]) -> W:
    """The dialog `owner` opened (kept in owner.dialog while it is open)."""
    qtbot.waitUntil(lambda: isinstance(owner.dialog, kind) and owner.dialog.isVisible(), timeout=WAIT_MS)
    dialog = owner.dialog
    assert isinstance(dialog, kind)
    return dialog
