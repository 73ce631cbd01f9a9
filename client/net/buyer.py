"""The buyer's side of an opening, without Qt: the kiosk and the opening benchmark both use it."""

from __future__ import annotations

import uuid
from typing import Any

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from shared.protocol.envelope import Envelope, make_command
from shared.protocol.messages.opening import (
    BuyerInfo,
    BuyerLoginRequest,
    BuyerSession,
    KioskBoard,
    PickRequest,
    PickResult,
)


def pick_envelope(token: str, choices: list[int], idem: str | None = None) -> Envelope:
    """One pick; resend this very envelope (same idempotency key) until it is answered."""
    return make_command("buyer.pick", PickRequest(choices=choices), token=token, idem=idem or uuid.uuid4().hex)


def login_envelope(opening_id: int, phone: str, ticket_no: str) -> Envelope:
    return make_command("buyer.login", BuyerLoginRequest(opening_id=opening_id, phone=phone, ticket_no=ticket_no))


class BuyerClient:
    """A buyer signed in with phone + 认筹号; every pick is retried with its own idempotency key."""

    def __init__(self, pairing: Pairing, opening_id: int, **kwargs: Any) -> None:
        self.opening_id = opening_id
        self.client = SyncClient(pairing, **kwargs)
        self.session: BuyerSession | None = None

    def close(self) -> None:
        self.client.close()

    def login(self, phone: str, ticket_no: str) -> BuyerSession:
        session: BuyerSession = self.client.call(
            "buyer.login", BuyerLoginRequest(opening_id=self.opening_id, phone=phone, ticket_no=ticket_no)
        )
        self.client.token = session.token
        self.session = session
        return session

    def board(self) -> KioskBoard:
        board: KioskBoard = self.client.call("buyer.board")
        return board

    def me(self) -> BuyerInfo:
        info: BuyerInfo = self.client.call("buyer.me")
        return info

    def pick(self, choices: list[int], *, idem: str | None = None) -> PickResult:
        result: PickResult = self.client.call("buyer.pick", PickRequest(choices=choices), idem=idem or uuid.uuid4().hex)
        return result
