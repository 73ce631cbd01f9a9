"""The rotation's fair order 轮排: fewest visitors today first, then the longest wait since the last one,
then a tie-break that changes with every assignment, so equal consultants take turns instead of one of
them always winning (by user id, name or check-in time)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Candidate:
    user_id: int
    assigned_today: int
    last_assigned_at: datetime | None


def tiebreak(project_id: int, day: str, turn: int, user_id: int) -> str:
    """Deterministic and recorded: anyone can recompute why a tie went one way."""
    return hashlib.sha256(f"{project_id}:{day}:{turn}:{user_id}".encode()).hexdigest()[:16]


def order(candidates: list[Candidate], project_id: int, day: str, turn: int) -> list[Candidate]:
    """`turn`: how many visitors the project has assigned today, so each assignment's ties break anew."""
    return sorted(
        candidates,
        key=lambda c: (c.assigned_today, c.last_assigned_at or _NEVER, tiebreak(project_id, day, turn, c.user_id)),
    )
