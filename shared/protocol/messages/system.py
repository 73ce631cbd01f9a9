"""Session-less housekeeping: version negotiation and liveness."""

from __future__ import annotations

from typing import Annotated

import msgspec

from shared.protocol.envelope import AwareDatetime


class HelloRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    client_name: Annotated[str, msgspec.Meta(max_length=100)]
    client_version: Annotated[str, msgspec.Meta(max_length=50)]
    versions: Annotated[list[int], msgspec.Meta(min_length=1, max_length=20)]


class HelloReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    version: int
    server_name: str
    server_version: str
    epoch: str
    last_seq: int
    heartbeat_ms: int
    server_time: AwareDatetime


class PingRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    data: Annotated[str, msgspec.Meta(max_length=1024)] = ""


class PingReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    data: str
    server_time: AwareDatetime


class Heartbeat(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Published every heartbeat interval; its event seq is the last seq published, so gaps show."""

    server_time: AwareDatetime


class JobProgress(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Progress of a long command; `job` is the command's idempotency key."""

    job: str
    stage: str
    done: int
    total: int
