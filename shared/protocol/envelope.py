"""The envelope every command, reply and event travels in, and its (de)serialisation."""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Final, TypeVar

import msgspec
import msgspec.inspect

PROTOCOL_VERSION: Final = 1
SUPPORTED_VERSIONS: Final = (1,)
# Largest command the server reads; bigger ones get a `too_large` error reply. The ZeroMQ socket
# itself drops peers that send more than HARD_LIMIT so a hostile client cannot exhaust memory.
MAX_MESSAGE_BYTES: Final = 8 * 1024 * 1024
HARD_LIMIT_BYTES: Final = 4 * MAX_MESSAGE_BYTES

REPLY: Final = "reply"
ERROR: Final = "error"

AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
_EMPTY_MAP: Final = msgspec.msgpack.encode({})
T = TypeVar("T")


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class Envelope(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A command from a client, or a reply from the server (type `reply` / `error`, `corr` = command id)."""

    id: str
    type: str
    v: int
    ts: AwareDatetime
    corr: str | None = None
    token: str | None = None
    idem: str | None = None
    body: msgspec.Raw = msgspec.Raw(_EMPTY_MAP)


class Event(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A broadcast on the PUB socket. `seq` grows by one per event within one server `epoch`."""

    seq: int
    epoch: str
    type: str
    v: int
    ts: AwareDatetime
    body: msgspec.Raw = msgspec.Raw(_EMPTY_MAP)


# Everything decoding untrusted bytes can raise: msgspec reports invalid UTF-8 in a string as
# UnicodeDecodeError, not as a DecodeError.
DECODE_ERRORS: Final = (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError)

_encoder = msgspec.msgpack.Encoder()
_envelope_decoder = msgspec.msgpack.Decoder(Envelope)
_event_decoder = msgspec.msgpack.Decoder(Event)


def encode(obj: Any) -> bytes:
    return _encoder.encode(obj)


def encode_body(payload: msgspec.Struct | None) -> msgspec.Raw:
    return msgspec.Raw(_EMPTY_MAP if payload is None else _encoder.encode(payload))


def decode_envelope(data: bytes) -> Envelope:
    """Raises one of DECODE_ERRORS on anything that is not a well-formed envelope."""
    return _envelope_decoder.decode(data)


def decode_event(data: bytes) -> Event:
    return _event_decoder.decode(data)


def decode_body(raw: msgspec.Raw, kind: type[T]) -> T:
    # One decoder per payload type: msgspec.msgpack.decode(type=...) makes one per call, a third of the cost of
    # decoding a small payload. (Any thread: a dict's get and set are atomic, and a decoder made twice is harmless.)
    decoder = _body_decoders.get(kind)
    if decoder is None:
        decoder = _body_decoders[kind] = msgspec.msgpack.Decoder(kind)
    result: T = decoder.decode(raw)
    return result


_body_decoders: dict[Any, msgspec.msgpack.Decoder[Any]] = {}


def nul_in_text(value: object, path: str = "") -> str | None:
    """The path of the first text field holding a NUL character, else None.

    No text may carry one: PostgreSQL cannot store it, and a single such field would fail the whole transaction
    it lands in (for the reservation engine, a batch of many people's decisions). Bytes fields are not text.
    """
    if isinstance(value, str):
        return path or "(text)" if "\x00" in value else None
    if isinstance(value, msgspec.Struct):
        if not _may_hold_text(type(value)):
            return None  # e.g. a buyer's pick: unit ids only
        for name in value.__struct_fields__:
            found = nul_in_text(getattr(value, name), f"{path}.{name}" if path else name)
            if found is not None:
                return found
    elif isinstance(value, list | tuple) and value and not isinstance(value[0], int | float):
        for i, item in enumerate(value):
            found = nul_in_text(item, f"{path}[{i}]")
            if found is not None:
                return found
    elif isinstance(value, dict):
        for key, item in value.items():
            found = nul_in_text(key, path) or nul_in_text(item, f"{path}.{key}")
            if found is not None:
                return found
    return None


@functools.cache
def _may_hold_text(cls: type) -> bool:
    """Whether a struct type has anywhere in it a field that can hold text (unknown kinds count as text)."""
    return _text_in(msgspec.inspect.type_info(cls), set())


_NO_TEXT = (
    msgspec.inspect.IntType,
    msgspec.inspect.FloatType,
    msgspec.inspect.BoolType,
    msgspec.inspect.NoneType,
    msgspec.inspect.DateTimeType,
    msgspec.inspect.DateType,
    msgspec.inspect.TimeType,
    msgspec.inspect.DecimalType,
    msgspec.inspect.BytesType,
    msgspec.inspect.ByteArrayType,
    msgspec.inspect.UUIDType,
    msgspec.inspect.EnumType,  # only its members' values decode
    msgspec.inspect.LiteralType,
)


def _text_in(t: msgspec.inspect.Type, seen: set[type]) -> bool:
    if isinstance(t, _NO_TEXT):
        return False
    if isinstance(t, msgspec.inspect.StructType):
        if t.cls in seen:
            return False  # a recursive struct: its fields are being looked at already
        seen.add(t.cls)
        return any(_text_in(f.type, seen) for f in t.fields)
    if isinstance(t, msgspec.inspect.ListType | msgspec.inspect.SetType | msgspec.inspect.FrozenSetType):
        return _text_in(t.item_type, seen)
    if isinstance(t, msgspec.inspect.VarTupleType):
        return _text_in(t.item_type, seen)
    if isinstance(t, msgspec.inspect.TupleType):
        return any(_text_in(i, seen) for i in t.item_types)
    if isinstance(t, msgspec.inspect.UnionType):
        return any(_text_in(i, seen) for i in t.types)
    if isinstance(t, msgspec.inspect.DictType):
        return _text_in(t.key_type, seen) or _text_in(t.value_type, seen)
    return True  # str, Any, Raw, or a kind this does not know: looked at value by value


def make_command(
    type_: str,
    payload: msgspec.Struct | None,
    *,
    token: str | None = None,
    idem: str | None = None,
    msg_id: str | None = None,
) -> Envelope:
    return Envelope(
        id=msg_id or new_id(),
        type=type_,
        v=PROTOCOL_VERSION,
        ts=utcnow(),
        token=token,
        idem=idem,
        body=encode_body(payload),
    )


def make_reply(corr: str, payload: msgspec.Struct | None) -> Envelope:
    return Envelope(id=new_id(), type=REPLY, v=PROTOCOL_VERSION, ts=utcnow(), corr=corr, body=encode_body(payload))
