"""Spreadsheets and projects for tests: valid unit and 认筹 files, a project with units, an opening."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from decimal import Decimal

from openpyxl import Workbook

from client.net.sync_client import SyncClient
from server.excel import buyers as buyer_columns
from server.excel.units import COLUMNS
from shared.domain import OpeningMode, UnitStatus
from shared.protocol.envelope import utcnow
from shared.protocol.messages.catalog import (
    BoardRequest,
    CreateProjectRequest,
    ImportUnitsRequest,
    SetUnitStatusRequest,
    UnitInfo,
    UnitRef,
)
from shared.protocol.messages.opening import CreateOpeningRequest, ImportBuyersRequest, OpeningInfo
from shared.protocol.messages.sales import HoldRequest, SubscribeRequest, UnitActionRequest

# How a manager takes a freshly imported (未推) unit to each status, one allowed transition at a time.
_PATHS: dict[UnitStatus, tuple[UnitStatus, ...]] = {
    UnitStatus.NOT_RELEASED: (),
    UnitStatus.AVAILABLE: (UnitStatus.AVAILABLE,),
    UnitStatus.HELD: (UnitStatus.AVAILABLE, UnitStatus.HELD),
    UnitStatus.SUBSCRIBED: (UnitStatus.AVAILABLE, UnitStatus.SUBSCRIBED),
    UnitStatus.SIGNED: (UnitStatus.AVAILABLE, UnitStatus.SUBSCRIBED, UnitStatus.SIGNED),
    UnitStatus.SOLD: (UnitStatus.AVAILABLE, UnitStatus.SUBSCRIBED, UnitStatus.SIGNED, UnitStatus.SOLD),
    UnitStatus.RESERVED: (UnitStatus.AVAILABLE, UnitStatus.RESERVED),
    UnitStatus.UNAVAILABLE: (UnitStatus.AVAILABLE, UnitStatus.UNAVAILABLE),
}


def xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def units_xlsx(buildings: int, floors: int, per_floor: int) -> bytes:
    rows: list[list[object]] = []
    for b in range(1, buildings + 1):
        for f in range(1, floors + 1):
            for n in range(1, per_floor + 1):
                area = 90 + 10 * n
                rows.append(
                    [f"{b}号楼", f, f"{f}{n:02d}", "三室两厅", area, area * 0.8, "南北", 2_000_000 + f * 10_000 + n]
                )
    return xlsx([c[0] for c in COLUMNS], rows)


def buyers_xlsx(count: int, quota: int = 1, *, ordered: bool = False, start: int = 0) -> bytes:
    """Buyers 13800000000+i with tickets T00001…; `ordered` fills the lottery order column."""
    rows: list[list[object]] = []
    for i in range(start, start + count):
        rows.append([f"买家{i}", f"138{i:08d}", f"T{i:05d}", quota, i + 1 if ordered else None])
    return xlsx([c[0] for c in buyer_columns.COLUMNS], rows)


def buyer_login(i: int) -> tuple[str, str]:
    return f"138{i:08d}", f"T{i:05d}"


def project_with_units(
    admin: SyncClient, buildings: int = 1, floors: int = 5, per_floor: int = 4
) -> tuple[int, list[UnitInfo]]:
    project = admin.call("projects.create", CreateProjectRequest(name=f"楼盘{uuid.uuid4().hex[:6]}"))
    admin.call(
        "units.import",
        ImportUnitsRequest(project_id=project.id, filename="u.xlsx", content=units_xlsx(buildings, floors, per_floor)),
    )
    return project.id, admin.call("board.snapshot", BoardRequest(project_id=project.id)).units


def opening(
    manager: SyncClient,
    project_id: int,
    unit_ids: list[int],
    buyers: int,
    *,
    mode: OpeningMode = OpeningMode.RUSH,
    quota: int = 1,
    starts_in: float = 1.0,
    turn_seconds: int = 60,
    seed: int | None = 7,
) -> OpeningInfo:
    info: OpeningInfo = manager.call(
        "openings.create",
        CreateOpeningRequest(
            project_id=project_id,
            name="首开",
            mode=mode,
            starts_at=utcnow() + timedelta(seconds=starts_in),
            unit_ids=unit_ids,
            turn_seconds=turn_seconds,
            seed=seed,
        ),
    )
    manager.call(
        "openings.import_buyers",
        ImportBuyersRequest(opening_id=info.id, filename="b.xlsx", content=buyers_xlsx(buyers, quota)),
    )
    return info


def bring_to(manager: SyncClient, unit_id: int, status: UnitStatus, customer: str = "王先生") -> UnitInfo:
    """Walks a 未推 unit to `status` through the engine's real transitions, as a sales manager would."""
    unit: UnitInfo = manager.call("units.get", UnitRef(unit_id=unit_id))
    for step in _PATHS[status]:
        if step is UnitStatus.HELD:
            unit = manager.call("units.hold", HoldRequest(unit_id=unit_id, customer_name=customer))
        elif step is UnitStatus.SUBSCRIBED:
            unit = manager.call(
                "units.subscribe", SubscribeRequest(unit_id=unit_id, customer_name=customer, deposit=Decimal(50_000))
            )
        elif step is UnitStatus.SIGNED:
            unit = manager.call("units.sign", UnitActionRequest(unit_id=unit_id))
        else:
            unit = manager.call("units.set_status", SetUnitStatusRequest(unit_id=unit_id, status=step))
    assert unit.status is status, (unit.status, status)
    return unit
