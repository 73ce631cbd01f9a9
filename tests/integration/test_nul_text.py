"""A NUL character in any text field is refused at the door: PostgreSQL cannot store one, and one such field
would fail the whole transaction it lands in (for the engine, a batch of many people's decisions)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

import msgspec

from client.net.sync_client import SyncClient
from server.crm.importing import COLUMNS
from shared.domain import Role, UnitStatus
from shared.protocol.envelope import ERROR, REPLY, _may_hold_text, decode_body, make_command, nul_in_text
from shared.protocol.errors import ErrorBody, ErrorCode
from shared.protocol.messages.catalog import CreateProjectRequest, SetUnitStatusRequest, UnitRef
from shared.protocol.messages.crm_customers import ImportStaged, ImportUploadRequest
from shared.protocol.messages.opening import PickRequest
from shared.protocol.messages.sales import HoldRequest
from tests.factories import project_with_units


def test_nul_in_text_names_the_field() -> None:
    assert nul_in_text(HoldRequest(unit_id=1, customer_name="王\x00先生")) == "customer_name"
    assert nul_in_text(HoldRequest(unit_id=1, customer_name="王先生")) is None
    assert nul_in_text(ImportUploadRequest(project_id=1, filename="a.csv", content=b"\x00\x01")) is None  # bytes
    assert nul_in_text({"k": ["a", "b\x00"]}) == ".k[1]"


class Note(msgspec.Struct):
    text: str | None = None
    replies: list[Note] = msgspec.field(default_factory=list)  # recursive


class Counts(msgspec.Struct):
    ids: list[int]
    by_unit: dict[int, float]
    when: datetime | None = None


class Nested(msgspec.Struct):
    counts: Counts
    notes: tuple[Note, ...] = ()


def test_types_without_text_are_not_walked_and_types_with_text_are() -> None:
    """Struct types that cannot hold text anywhere (a buyer's pick: unit ids) are passed without a look at their
    values; wherever text can hide (optional, nested, in a tuple, recursive), it is found."""
    assert not _may_hold_text(PickRequest) and not _may_hold_text(Counts)
    assert _may_hold_text(Note) and _may_hold_text(Nested) and _may_hold_text(HoldRequest)
    assert nul_in_text(PickRequest(choices=[1, 2])) is None
    deep = Nested(counts=Counts(ids=[1], by_unit={}), notes=(Note(), Note(replies=[Note(text="a\x00")])))
    assert nul_in_text(deep) == "notes[1].replies[0].text"
    assert nul_in_text(Nested(counts=Counts(ids=[], by_unit={}), notes=(Note(text="好"),))) is None


def test_a_nul_in_a_hold_is_refused_and_the_engine_decides_the_others(login: Callable[..., SyncClient]) -> None:
    admin, manager, consultant = login(Role.ADMIN), login(Role.SALES_MANAGER), login(Role.CONSULTANT)
    _, units = project_with_units(admin, floors=1, per_floor=2)
    for u in units:
        manager.call("units.set_status", SetUnitStatusRequest(unit_id=u.id, status=UnitStatus.AVAILABLE))
    bad = make_command(
        "units.hold",
        HoldRequest(unit_id=units[0].id, customer_name="王\x00先生"),
        token=consultant.token,
        idem=uuid.uuid4().hex,
    )
    good = make_command(
        "units.hold",
        HoldRequest(unit_id=units[1].id, customer_name="李女士"),
        token=manager.token,
        idem=uuid.uuid4().hex,
    )
    replies = [consultant.send_raw(bad), manager.send_raw(good)]
    assert replies[0].type == ERROR
    error = decode_body(replies[0].body, ErrorBody)
    assert error.code is ErrorCode.INVALID_PAYLOAD and "customer_name" in error.message_en
    assert replies[1].type == REPLY
    assert manager.call("units.get", UnitRef(unit_id=units[0].id)).status is UnitStatus.AVAILABLE
    assert manager.call("units.get", UnitRef(unit_id=units[1].id)).status is UnitStatus.HELD


def test_a_nul_in_a_project_name_is_refused(login: Callable[..., SyncClient]) -> None:
    admin = login(Role.ADMIN)
    env = make_command("projects.create", None, token=admin.token, idem=uuid.uuid4().hex)
    env.body = msgspec.Raw(msgspec.msgpack.encode({"name": "云栖\x00湾"}))
    reply = admin.send_raw(env)
    assert reply.type == ERROR and decode_body(reply.body, ErrorBody).code is ErrorCode.INVALID_PAYLOAD
    admin.call("projects.create", CreateProjectRequest(name="云栖湾"))  # the server goes on
    assert [p.name for p in admin.call("projects.list").projects] == ["云栖湾"]


def test_a_csv_with_a_nul_in_a_row_reports_that_row(login: Callable[..., SyncClient]) -> None:
    manager = login(Role.SALES_MANAGER)
    project_id, _ = project_with_units(login(Role.ADMIN), floors=1, per_floor=1)
    header = ",".join(c[0] for c in COLUMNS)
    csv = f"{header}\n张\x00三,13812345678,,,,,,,,,,\n李四,13912345678,,,,,,,,,,\n".encode()
    staged: ImportStaged = manager.call(
        "customers.import_upload", ImportUploadRequest(project_id=project_id, filename="客户.csv", content=csv)
    )
    assert (staged.total_rows, staged.valid_rows, staged.error_count) == (2, 1, 1)
    assert staged.errors[0].row == 2
