"""Payloads used by several families."""

from __future__ import annotations

import msgspec


class Empty(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """No fields: for commands that need none and replies that only say yes."""


class FileContent(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    filename: str
    content: bytes
