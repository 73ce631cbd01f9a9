"""docs/protocol.md (and the family pages beside it, docs/protocol-*.md) name every command, event and error code."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.protocol.errors import ErrorCode
from shared.protocol.registry import COMMANDS, EVENTS

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", sorted(COMMANDS) + sorted(EVENTS) + sorted(c.value for c in ErrorCode))
def test_protocol_doc_mentions(name: str) -> None:
    text = "\n".join(p.read_text("utf-8") for p in sorted(DOCS.glob("protocol*.md")))
    assert f"`{name}`" in text, f"docs/protocol*.md does not document `{name}`"
