"""The table of command handlers: each command names its permission once, where its handler is defined."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec

from server.context import Context
from server.engine.runner import Operation
from server.permissions import Permission
from shared.protocol.registry import COMMANDS
from shared.protocol.spec import CommandSpec

Handler = Callable[[Context, Any], msgspec.Struct]
H = TypeVar("H", bound=Handler)
# Runs on a worker thread before an engine command is queued: parsing, validation, reading the database.
Prepare = Callable[[Context, Any], Any]


@dataclass(frozen=True, slots=True)
class Route:
    spec: CommandSpec
    permission: Permission
    handler: Handler
    # Store the reply so a retry with the same idempotency key gets it back. Off only where the reply
    # holds a secret that must not be kept (a session token).
    replay: bool
    # Cheap, database-free handlers run on the I/O thread and skip the worker hand-off.
    inline: bool
    # Commands decided by the reservation engine (server/engine): `handler` is unused, `op` runs on the engine
    # thread after `prepare` (if any) ran on a worker.
    op: Operation | None = None
    prepare: Prepare | None = None


class Router:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}

    def command(
        self, name: str, permission: Permission, *, replay: bool = True, inline: bool = False
    ) -> Callable[[H], H]:
        spec = COMMANDS[name]  # KeyError: a handler for a command the protocol does not define
        if name in self.routes:
            raise ValueError(f"two handlers for {name}")
        if (permission is Permission.PUBLIC) == spec.needs_session:
            raise ValueError(f"{name}: PUBLIC permission if and only if the command needs no session")

        def register(fn: H) -> H:
            self.routes[name] = Route(spec, permission, fn, replay, inline)
            return fn

        return register

    def engine(self, name: str, permission: Permission, op: Operation, *, prepare: Prepare | None = None) -> None:
        """A command the reservation engine decides; it keeps its own idempotency records and audit rows."""
        spec = COMMANDS[name]
        if name in self.routes:
            raise ValueError(f"two handlers for {name}")
        if (permission is Permission.PUBLIC) == spec.needs_session:
            raise ValueError(f"{name}: PUBLIC permission if and only if the command needs no session")

        def unused(ctx: Context, payload: Any) -> msgspec.Struct:
            raise AssertionError(f"{name} is decided by the engine")

        self.routes[name] = Route(spec, permission, unused, True, False, op, prepare)
