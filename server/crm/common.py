"""Small helpers shared by the CRM modules: the office's day, users' names, not-found errors."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import CursorResult, Result, select
from sqlalchemy.orm import Session

from server.db.models import Project, User
from shared.domain import Role
from shared.protocol.errors import ErrorCode, ShowroomError

# China keeps one offset all year (no daylight saving): "today" at the sales office.
OFFICE_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


def office_day(at: datetime) -> str:
    return at.astimezone(OFFICE_TZ).date().isoformat()


def day_bounds(day: str) -> tuple[datetime, datetime]:
    start = datetime.fromisoformat(day).replace(tzinfo=OFFICE_TZ)
    return start, start + timedelta(days=1)


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE touched."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def not_found(what_zh: str, what_en: str, ident: object) -> ShowroomError:
    return ShowroomError(ErrorCode.NOT_FOUND, f"{what_zh} {ident} 不存在", f"No {what_en} {ident}")


def invalid(zh: str, en: str) -> ShowroomError:
    return ShowroomError(ErrorCode.VALIDATION_FAILED, zh, en)


def require_project(db: Session, project_id: int) -> Project:
    project = db.get(Project, project_id)
    if project is None:
        raise not_found("楼盘", "project", project_id)
    return project


def user_names(db: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {uid: name for uid, name in db.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))}


def active_consultant(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None or not user.active or user.role != Role.CONSULTANT.value:
        raise invalid(f"用户 {user_id} 不是在职置业顾问", f"User {user_id} is not an active consultant")
    return user
