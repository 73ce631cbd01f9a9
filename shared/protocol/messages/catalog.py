"""Projects 楼盘, buildings 楼栋 and units 房源, and the 销控 board built from them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

from shared.domain import UnitStatus
from shared.protocol.envelope import AwareDatetime


class ProjectInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    name: str
    city: str
    address: str


class ProjectList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    projects: list[ProjectInfo]


class CreateProjectRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    city: Annotated[str, msgspec.Meta(max_length=50)] = ""
    address: Annotated[str, msgspec.Meta(max_length=200)] = ""


class BuildingInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    project_id: int
    name: str


class UnitInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    building_id: int
    floor: int
    number: str
    layout: str
    gross_area: Decimal
    inner_area: Decimal
    orientation: str
    list_price: Decimal
    status: UnitStatus
    version: int
    updated_at: AwareDatetime
    # Who holds it (锁定) or sold it: the consultant, and the hold's end. Customer details are never
    # published on the event stream; `units.get` gives them to staff.
    holder_id: int | None = None
    holder_name: str = ""
    hold_expires_at: AwareDatetime | None = None
    customer_name: str = ""
    opening_id: int | None = None


class BoardRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int


class Board(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A snapshot. Events with a higher unit `version` than a unit here supersede it."""

    project: ProjectInfo
    buildings: list[BuildingInfo]
    units: list[UnitInfo]
    seq: int


class UnitRef(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    unit_id: int


class SetUnitStatusRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    unit_id: int
    status: UnitStatus
    reason: Annotated[str, msgspec.Meta(max_length=200)] = ""
    expected_version: int | None = None


class ImportUnitsRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    filename: Annotated[str, msgspec.Meta(max_length=255)]
    content: bytes


class ImportUnitsReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    buildings_created: int
    units_created: int


class UnitChanged(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    unit: UnitInfo
    actor: str


class UnitsImported(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    units_created: int
