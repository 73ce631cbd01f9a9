"""Turns the network thread's callbacks into Qt signals, and replies into callbacks on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from PySide6.QtCore import QObject, Signal, Slot

from client.net.connection import Connection, LinkState
from client.net.pairing import Pairing
from shared.protocol.envelope import Event
from shared.protocol.errors import ErrorBody
from shared.protocol.messages.auth import LoginReply

OnOk = Callable[[Any], None]
OnError = Callable[[ErrorBody], None]


class QtConnection(QObject):
    """The GUI's handle on the server. Every method returns at once; answers come as signals/callbacks."""

    state_changed = Signal(str)  # a LinkState value
    event_received = Signal(str, object, object)  # event type, payload struct, Event envelope
    resync_needed = Signal()
    error_reply = Signal(object)  # ErrorBody of any failed request, for a status-bar message
    _reply = Signal(str, object)
    _state = Signal(str)
    _event = Signal(object, object)
    _resync = Signal()

    def __init__(
        self,
        pairing: Pairing,
        parent: QObject | None = None,
        *,
        attempt_ms: int = 3000,
        give_up_ms: int = 30_000,
        topics: tuple[bytes, ...] | None = None,
    ) -> None:
        """topics: see Connection (None: every event)."""
        super().__init__(parent)
        self._callbacks: dict[str, tuple[OnOk | None, OnError | None]] = {}
        self.state = LinkState.CONNECTING.value
        self.login_reply: LoginReply | None = None
        # Cross-thread emits are queued: the slots below run on this object's (the GUI) thread.
        self._reply.connect(self._on_reply)
        self._state.connect(self._on_state)
        self._event.connect(self._on_event)
        self._resync.connect(self.resync_needed)
        self.net = Connection(pairing, self, attempt_ms=attempt_ms, give_up_ms=give_up_ms, topics=topics)
        self.net.start()

    # Listener (network thread) -------------------------------------------------------------------
    def on_state(self, state: LinkState) -> None:
        self._state.emit(state.value)

    def on_reply(self, request_id: str, result: msgspec.Struct | ErrorBody) -> None:
        self._reply.emit(request_id, result)

    def on_event(self, event: Event, payload: msgspec.Struct) -> None:
        self._event.emit(event, payload)

    def on_resync(self) -> None:
        self._resync.emit()

    # GUI thread ----------------------------------------------------------------------------------
    def request(
        self,
        type_: str,
        payload: msgspec.Struct | None = None,
        on_ok: OnOk | None = None,
        on_error: OnError | None = None,
    ) -> str:
        request_id = self.net.request(type_, payload)
        self._callbacks[request_id] = (on_ok, on_error)
        return request_id

    def set_session(self, reply: LoginReply | None) -> None:
        self.login_reply = reply
        self.net.token = reply.token if reply else None

    def close(self) -> None:
        self.net.stop()

    @Slot(str, object)
    def _on_reply(self, request_id: str, result: object) -> None:
        on_ok, on_error = self._callbacks.pop(request_id, (None, None))
        if isinstance(result, ErrorBody):
            if on_error is not None:
                on_error(result)
            else:
                self.error_reply.emit(result)
        elif on_ok is not None:
            on_ok(result)

    @Slot(str)
    def _on_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    @Slot(object, object)
    def _on_event(self, event: Event, payload: object) -> None:
        self.event_received.emit(event.type, payload, event)
