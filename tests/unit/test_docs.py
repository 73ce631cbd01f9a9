"""docs/protocol.md names every command, event and error code the code defines."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.protocol.errors import ErrorCode
from shared.protocol.registry import COMMANDS, EVENTS

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


@pytest.mark.parametrize("name", sorted(COMMANDS) + sorted(EVENTS) + sorted(c.value for c in ErrorCode))
def test_protocol_doc_mentions(name: str) -> None:
    assert f"`{name}`" in DOC.read_text("utf-8"), f"docs/protocol.md does not document `{name}`"
