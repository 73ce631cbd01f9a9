"""Projects, the 销控 board snapshot, a manager's direct status change, and the Excel unit import."""

from __future__ import annotations

import re

from sqlalchemy import select

from server.context import Context
from server.db.models import Building, Project, Unit
from server.engine.rules import public_status, sees_customer
from server.excel.units import UnitRow, build_template, parse_units
from server.permissions import Permission
from server.router import Router
from shared.domain import Role, UnitStatus
from shared.protocol.errors import ErrorCode, ErrorDetail, ShowroomError
from shared.protocol.messages.catalog import (
    Board,
    BoardRequest,
    BuildingInfo,
    CreateProjectRequest,
    ImportUnitsReply,
    ImportUnitsRequest,
    ProjectInfo,
    ProjectList,
    UnitInfo,
    UnitRef,
    UnitsImported,
)
from shared.protocol.messages.common import Empty, FileContent

PROGRESS_STEPS = 20


def project_info(p: Project) -> ProjectInfo:
    return ProjectInfo(id=p.id, name=p.name, city=p.city, address=p.address)


def unit_info(u: Unit, role: Role | None, user_id: int | None = None) -> UnitInfo:
    return UnitInfo(
        id=u.id,
        building_id=u.building_id,
        floor=u.floor,
        number=u.number,
        layout=u.layout,
        gross_area=u.gross_area,
        inner_area=u.inner_area,
        orientation=u.orientation,
        list_price=u.list_price,
        status=public_status(UnitStatus(u.status), role),
        version=u.version,
        updated_at=u.updated_at,
        holder_id=u.holder_id,
        holder_name=u.holder_name,
        hold_expires_at=u.hold_expires_at,
        customer_name=u.customer_name if sees_customer(role, user_id, u.holder_id) else "",
        opening_id=u.opening_id,
    )


def natural_key(name: str) -> str:
    """Sorts 2号楼 before 10号楼."""
    return re.sub(r"\d+", lambda m: m.group(0).zfill(6), name)


def _project(ctx: Context, project_id: int) -> Project:
    project = ctx.db.get(Project, project_id)
    if project is None:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"楼盘 {project_id} 不存在", f"No project {project_id}")
    return project


def _insert_units(ctx: Context, project: Project, rows: list[UnitRow]) -> tuple[int, int]:
    buildings = {b.name: b for b in project.buildings}
    existing = {
        (name, number)
        for name, number in ctx.db.execute(
            select(Building.name, Unit.number).join(Unit).where(Building.project_id == project.id)
        )
    }
    clashes = [
        ErrorDetail(
            row=r.row,
            field="number",
            message=f"{r.building} {r.number} 已存在",
            message_en=f"{r.building} {r.number} already exists",
        )
        for r in rows
        if (r.building, r.number) in existing
    ]
    if clashes:
        raise ShowroomError(ErrorCode.IMPORT_REJECTED, details=clashes)
    created = 0
    for name in sorted({r.building for r in rows} - buildings.keys()):
        buildings[name] = Building(project=project, name=name, sort_key=natural_key(name))
        ctx.db.add(buildings[name])
        created += 1
    ctx.db.flush()
    step = max(1, len(rows) // PROGRESS_STEPS)
    for i, r in enumerate(rows, start=1):
        ctx.db.add(
            Unit(
                building_id=buildings[r.building].id,
                floor=r.floor,
                number=r.number,
                layout=r.layout,
                gross_area=r.gross_area,
                inner_area=r.inner_area,
                orientation=r.orientation,
                list_price=r.list_price,
                status=UnitStatus.NOT_RELEASED.value,
                version=1,
                note="",
            )
        )
        if i % step == 0:
            ctx.progress("import", i, len(rows))
    ctx.db.flush()
    return created, len(rows)


def register(router: Router) -> None:
    @router.command("projects.list", Permission.BOARD_VIEW)
    def list_projects(ctx: Context, req: Empty) -> ProjectList:
        return ProjectList(projects=[project_info(p) for p in ctx.db.scalars(select(Project).order_by(Project.id))])

    @router.command("projects.create", Permission.PROJECTS_MANAGE)
    def create_project(ctx: Context, req: CreateProjectRequest) -> ProjectInfo:
        name = req.name.strip()
        if not name:
            raise ShowroomError(ErrorCode.VALIDATION_FAILED, "楼盘名称不能为空", "The project name is empty")
        if ctx.db.scalar(select(Project.id).where(Project.name == name)):
            raise ShowroomError(ErrorCode.CONFLICT, f"楼盘“{name}”已存在", f"Project {name!r} exists")
        project = Project(name=name, city=req.city.strip(), address=req.address.strip())
        ctx.db.add(project)
        ctx.db.flush()
        info = project_info(project)
        ctx.audit("project", project.id, None, info)
        return info

    @router.command("board.snapshot", Permission.BOARD_VIEW)
    def snapshot(ctx: Context, req: BoardRequest) -> Board:
        # Read seq first: an event published after this point is either already in the rows read below
        # (and ignored by unit version) or newer (and applied).
        seq = ctx.runtime.last_seq
        project = _project(ctx, req.project_id)
        units = ctx.db.scalars(select(Unit).join(Building).where(Building.project_id == project.id).order_by(Unit.id))
        return Board(
            project=project_info(project),
            buildings=[BuildingInfo(id=b.id, project_id=b.project_id, name=b.name) for b in project.buildings],
            units=[unit_info(u, ctx.user.role, ctx.user.user_id) for u in units],
            seq=seq,
        )

    @router.command("units.get", Permission.BOARD_VIEW)
    def get_unit(ctx: Context, req: UnitRef) -> UnitInfo:
        unit = ctx.db.get(Unit, req.unit_id)
        if unit is None:
            raise ShowroomError(ErrorCode.NOT_FOUND, f"房源 {req.unit_id} 不存在", f"No unit {req.unit_id}")
        return unit_info(unit, ctx.user.role, ctx.user.user_id)

    @router.command("units.template", Permission.UNITS_IMPORT)
    def template(ctx: Context, req: Empty) -> FileContent:
        return FileContent(filename="房源导入模板 units-template.xlsx", content=build_template())

    @router.command("units.import", Permission.UNITS_IMPORT)
    def import_units(ctx: Context, req: ImportUnitsRequest) -> ImportUnitsReply:
        project = _project(ctx, req.project_id)
        ctx.progress("validate", 0, 1)
        rows, errors = parse_units(req.content)
        if errors:
            raise ShowroomError(ErrorCode.IMPORT_REJECTED, details=errors)
        buildings_created, units_created = _insert_units(ctx, project, rows)
        ctx.audit(
            "project",
            project.id,
            None,
            {"imported_file": req.filename, "units_created": units_created, "buildings_created": buildings_created},
        )
        ctx.publish("units.imported", UnitsImported(project_id=project.id, units_created=units_created))
        ctx.after_commit(ctx.runtime.reservations.catalog_changed)
        ctx.progress("done", len(rows), len(rows))
        return ImportUnitsReply(buildings_created=buildings_created, units_created=units_created)
