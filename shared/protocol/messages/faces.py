"""Face events from cameras, the face gallery, consent, risk alerts and compliance (人脸风控)."""

from __future__ import annotations

import msgspec

from shared.protocol.spec import CommandSpec

COMMANDS: list[CommandSpec] = []
EVENTS: dict[str, type[msgspec.Struct]] = {}
