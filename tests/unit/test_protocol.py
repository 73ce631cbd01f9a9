"""The envelope's wire format, the command registry and the error catalogue, without a server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import msgspec
import pytest

from shared.protocol.envelope import (
    ERROR,
    PROTOCOL_VERSION,
    REPLY,
    Envelope,
    Event,
    decode_body,
    decode_envelope,
    decode_event,
    encode,
    encode_body,
    make_command,
    make_reply,
)
from shared.protocol.errors import MESSAGES, ErrorBody, ErrorCode, ErrorDetail, ShowroomError
from shared.protocol.messages.auth import LoginRequest
from shared.protocol.messages.common import Empty
from shared.protocol.messages.system import Heartbeat, PingReply, PingRequest
from shared.protocol.registry import COMMANDS, EVENTS


def _wire(env: Envelope) -> dict[str, object]:
    """The envelope as a plain msgpack map, to tamper with."""
    raw = msgspec.msgpack.decode(encode(env))
    assert isinstance(raw, dict)
    return raw


# --- envelope ------------------------------------------------------------------------------------


def test_command_round_trip_keeps_every_field_and_the_body() -> None:
    env = make_command("auth.login", LoginRequest(username="张三", password="Secret-123"), token="tok", idem="k" * 16)
    back = decode_envelope(encode(env))
    assert back == env
    assert back.v == PROTOCOL_VERSION
    assert back.ts.tzinfo is not None
    assert decode_body(back.body, LoginRequest) == LoginRequest(username="张三", password="Secret-123")


def test_ids_are_unique_and_msg_id_is_kept() -> None:
    assert make_command("ping", None).id != make_command("ping", None).id
    assert make_command("ping", None, msg_id="fixed-id").id == "fixed-id"


def test_empty_payload_is_an_empty_map() -> None:
    env = decode_envelope(encode(make_command("auth.whoami", None)))
    assert msgspec.msgpack.decode(env.body) == {}
    assert decode_body(env.body, Empty) == Empty()


def test_reply_round_trip_carries_corr() -> None:
    now = datetime.now(UTC)
    reply = decode_envelope(encode(make_reply("cmd-1", PingReply(data="x", server_time=now))))
    assert reply.type == REPLY
    assert reply.corr == "cmd-1"
    assert decode_body(reply.body, PingReply) == PingReply(data="x", server_time=now)


def test_event_round_trip() -> None:
    now = datetime.now(UTC)
    event = Event(
        seq=7, epoch="e1", type="heartbeat", v=PROTOCOL_VERSION, ts=now, body=encode_body(Heartbeat(server_time=now))
    )
    back = decode_event(encode(event))
    assert (back.seq, back.epoch, back.type) == (7, "e1", "heartbeat")
    assert decode_body(back.body, Heartbeat).server_time == now


def test_non_utc_aware_datetime_survives() -> None:
    tz = timezone(timedelta(hours=8))
    env = make_command("ping", None)
    env.ts = datetime(2026, 1, 2, 3, 4, 5, tzinfo=tz)
    back = decode_envelope(encode(env))
    assert back.ts == env.ts


def test_naive_datetime_is_rejected_on_decode() -> None:
    wire = _wire(make_command("ping", None))
    wire["ts"] = datetime(2026, 1, 1, 12, 0)  # no tzinfo
    with pytest.raises(msgspec.ValidationError, match="timezone"):
        decode_envelope(msgspec.msgpack.encode(wire))


def test_naive_datetime_in_a_body_is_rejected() -> None:
    body = msgspec.msgpack.encode({"data": "x", "server_time": datetime(2026, 1, 1)})
    with pytest.raises(msgspec.ValidationError):
        decode_body(msgspec.Raw(body), PingReply)


def test_unknown_envelope_field_is_rejected() -> None:
    wire = _wire(make_command("ping", None))
    wire["extra"] = 1
    with pytest.raises(msgspec.ValidationError, match="extra"):
        decode_envelope(msgspec.msgpack.encode(wire))


def test_unknown_body_field_is_rejected() -> None:
    raw = msgspec.Raw(msgspec.msgpack.encode({"data": "x", "sneaky": True}))
    with pytest.raises(msgspec.ValidationError, match="sneaky"):
        decode_body(raw, PingRequest)


@pytest.mark.parametrize("field", ["id", "type", "v", "ts"])
def test_missing_required_envelope_field_is_rejected(field: str) -> None:
    wire = _wire(make_command("ping", None))
    del wire[field]
    with pytest.raises(msgspec.ValidationError, match=field):
        decode_envelope(msgspec.msgpack.encode(wire))


@pytest.mark.parametrize(
    ("field", "value"), [("id", 5), ("type", ["ping"]), ("v", "1"), ("ts", 12345), ("token", 1), ("idem", b"x")]
)
def test_wrong_envelope_field_type_is_rejected(field: str, value: object) -> None:
    wire = _wire(make_command("ping", None))
    wire[field] = value
    with pytest.raises(msgspec.ValidationError):
        decode_envelope(msgspec.msgpack.encode(wire))


@pytest.mark.parametrize("data", [b"", b"\x00\x01garbage", b"\xc1", msgspec.msgpack.encode([1, 2, 3])])
def test_garbage_is_not_an_envelope(data: bytes) -> None:
    with pytest.raises((msgspec.DecodeError, msgspec.ValidationError)):
        decode_envelope(data)


def test_truncated_envelope_is_rejected() -> None:
    data = encode(make_command("ping", PingRequest(data="hello"), token="t"))
    for cut in range(len(data)):
        with pytest.raises((msgspec.DecodeError, msgspec.ValidationError)):
            decode_envelope(data[:cut])


def test_body_length_limits_are_enforced() -> None:
    raw = msgspec.Raw(msgspec.msgpack.encode({"data": "x" * 1025}))
    with pytest.raises(msgspec.ValidationError):
        decode_body(raw, PingRequest)


# --- registry ------------------------------------------------------------------------------------


def test_registry_keys_match_spec_names() -> None:
    assert COMMANDS
    for name, spec in COMMANDS.items():
        assert spec.name == name
        assert spec.summary.strip()


def test_every_command_request_and_reply_is_a_strict_struct() -> None:
    for name, spec in COMMANDS.items():
        for kind in (spec.request, spec.reply):
            assert isinstance(kind, type) and issubclass(kind, msgspec.Struct), (name, kind)
        assert spec.request.__struct_config__.forbid_unknown_fields, f"{name} request accepts unknown fields"


def test_every_event_payload_is_a_struct() -> None:
    assert {"heartbeat", "unit.changed"} <= EVENTS.keys()
    for name, kind in EVENTS.items():
        assert issubclass(kind, msgspec.Struct), name
        assert name not in COMMANDS


def test_mutating_commands_need_a_session_except_login() -> None:
    for name, spec in COMMANDS.items():
        if spec.mutating and name != "auth.login":
            assert spec.needs_session, f"{name} mutates without a session"
    assert COMMANDS["auth.login"].mutating
    assert not COMMANDS["auth.login"].needs_session


def test_only_hello_and_the_logins_are_session_less() -> None:
    assert {n for n, s in COMMANDS.items() if not s.needs_session} == {"hello", "auth.login", "buyer.login"}


def test_no_command_mutates_the_audit_trail() -> None:
    audit = {n: s for n, s in COMMANDS.items() if n.startswith("audit.")}
    assert audit, "the audit family disappeared"
    assert not [n for n, s in audit.items() if s.mutating]


def test_reply_and_error_are_not_command_names() -> None:
    assert REPLY not in COMMANDS
    assert ERROR not in COMMANDS


# --- errors --------------------------------------------------------------------------------------


def test_every_error_code_has_both_messages() -> None:
    assert set(MESSAGES) == set(ErrorCode)
    for code in ErrorCode:
        zh, en = MESSAGES[code]
        assert zh.strip() and en.strip(), code
        assert zh != en, code


def test_error_codes_are_stable_snake_case() -> None:
    for code in ErrorCode:
        assert code.value == code.name.lower()


def test_showroom_error_defaults_and_overrides() -> None:
    err = ShowroomError(ErrorCode.FORBIDDEN)
    assert (err.message, err.message_en) == MESSAGES[ErrorCode.FORBIDDEN]
    detail = ErrorDetail(message="第 3 行", message_en="row 3", row=3, field="floor")
    err = ShowroomError(ErrorCode.IMPORT_REJECTED, "自定义", "custom", [detail])
    body = decode_body(encode_body(err.body()), ErrorBody)
    assert body.code is ErrorCode.IMPORT_REJECTED
    assert (body.message, body.message_en) == ("自定义", "custom")
    assert body.details == [detail]


def test_unknown_error_code_is_rejected_on_decode() -> None:
    raw = msgspec.Raw(msgspec.msgpack.encode({"code": "nope", "message": "m", "message_en": "m"}))
    with pytest.raises(msgspec.ValidationError):
        decode_body(raw, ErrorBody)
