"""What the registry knows of a command: its payloads, whether it mutates, whether it needs a session."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    request: type[msgspec.Struct]
    reply: type[msgspec.Struct]
    # Mutating commands need an idempotency key, are audited and replay their first reply on retry.
    mutating: bool
    # Session-less commands may be sent before login (hello, login).
    needs_session: bool
    summary: str


def spec(
    name: str,
    request: type[msgspec.Struct],
    reply: type[msgspec.Struct],
    summary: str,
    *,
    mutating: bool = False,
    needs_session: bool = True,
) -> CommandSpec:
    return CommandSpec(name, request, reply, mutating, needs_session, summary)
