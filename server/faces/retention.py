"""Retention (PIPL: the shortest that serves the purpose): face data past its window is deleted, and it is logged.

- anonymous visitors 陌生访客: their templates, thumbnails and events, `anonymous_retention_days` after they
  were last seen;
- consented customers and staff: `customer_retention_days` (default 180) after their last visit (the last
  sighting, or the CRM's last registered visit if later);
- events not tied to such a person (reviews, strangers): after the anonymous window.

Each purge is one transaction with an audit row (actor `system`) and a log line. It runs on demand
(`faces.purge`, `showroom admin purge-faces`) and by itself at most once an hour (`face_round`, run by the
server's scheduler, server/scheduler.py, with the timed risk rules once a minute).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import CursorResult, Result, delete, exists, or_, select
from sqlalchemy.orm import Session, sessionmaker

from server.db.crm_models import Visit
from server.db.face_models import FaceEventRow, FacePerson, FaceTemplate
from server.db.models import AuditEntry
from server.faces.capacity import level, settings_row
from server.faces.gallery import stored_faces
from server.faces.risk import open_alert_events, scan
from shared.protocol.envelope import utcnow
from shared.protocol.messages.faces import CapacityChanged, PersonKind, PurgeReport

log = logging.getLogger(__name__)
INTERVAL_S = 3600.0
Publish = Callable[[str, msgspec.Struct], None]


def _count(result: Result[Any]) -> int:
    assert isinstance(result, CursorResult)  # a DELETE's result counts its rows
    return int(result.rowcount)


def purge(db: Session, now: datetime, publish: Publish) -> PurgeReport:
    """Deletes what is past its window, in the caller's transaction; `publish` runs for a capacity change."""
    row = settings_row(db, lock=True)
    anon_cut = now - timedelta(days=row.anonymous_retention_days)
    kept_cut = now - timedelta(days=row.customer_retention_days)
    anonymous = FacePerson.kind == PersonKind.ANONYMOUS.value
    known_person = exists().where(FacePerson.id == FaceEventRow.person_id, ~anonymous)
    # Evidence of an open alert stays until a manager has decided it (then the next purge takes it).
    evidence = exists(open_alert_events())
    events = _count(
        db.execute(
            delete(FaceEventRow).where(
                or_(FaceEventRow.captured_at < kept_cut, (FaceEventRow.captured_at < anon_cut) & ~known_person),
                ~evidence,
            )
        )
    )
    # A customer's window runs from their last visit: the last sighting or the CRM's last registered visit.
    visited = exists().where(Visit.customer_id == FacePerson.customer_id, Visit.arrived_at >= kept_cut)
    stale = or_(
        anonymous & (FacePerson.last_seen_at < anon_cut),
        ~anonymous & (FacePerson.last_seen_at < kept_cut) & ~visited,
    )
    doomed = select(FacePerson.id).where(stale)
    templates = _count(db.execute(delete(FaceTemplate).where(FaceTemplate.person_id.in_(doomed))))
    persons = _count(db.execute(delete(FacePerson).where(stale)))
    report = PurgeReport(at=now, persons_deleted=persons, templates_deleted=templates, events_deleted=events)
    summary = (
        f"{persons} persons, {templates} templates, {events} events deleted "
        f"(anonymous before {anon_cut:%Y-%m-%d %H:%M}, others before {kept_cut:%Y-%m-%d %H:%M})"
    )
    row.last_purge_at, row.last_purge = now, summary
    db.add(
        AuditEntry(
            actor_id=None,
            actor_name="system",
            actor_role="system",
            command="faces.purge",
            target_type="face_gallery",
            target_id="retention",
            before=None,
            after=msgspec.to_builtins(report),
            client_addr="server",
            idem_key=None,
        )
    )
    count = stored_faces(db)
    new_level = level(count, row)
    if new_level.value != row.capacity_level:
        row.capacity_level = new_level.value
        publish("faces.capacity", CapacityChanged(stored_faces=count, level=new_level))
    log.info("face retention purge: %s", summary)
    return report


Job = Callable[[Session, datetime, Publish], object]


def _purge_job(db: Session, now: datetime, publish: Publish) -> object:
    return purge(db, now, publish)


def _rules_job(db: Session, now: datetime, publish: Publish) -> object:
    raised = scan(db, now)
    for event_type, event in raised.events:
        publish(event_type, event)
    if raised.alerts:
        db.add(
            AuditEntry(
                actor_id=None, actor_name="system", actor_role="system", command="faces.run_rules",
                target_type="face_rules", target_id="scan", before=None, after={"alerts": raised.alerts},
                client_addr="server", idem_key=None,
            )
        )  # fmt: skip
    return raised


class Schedule:
    """At most one run per interval: the scheduler asks every round, `due` says when it is time."""

    def __init__(self, interval_s: float = INTERVAL_S, job: Job | None = None) -> None:
        self.interval_s = interval_s
        self.job: Job = job or _purge_job
        self._lock = threading.Lock()
        self._last: float | None = None

    def due(self) -> bool:
        with self._lock:
            now = time.monotonic()
            if self._last is not None and now - self._last < self.interval_s:
                return False
            self._last = now
            return True

    def run_if_due(self, sessions: sessionmaker[Session], publish: Publish) -> bool:
        """Runs the job in its own transaction; its events are published after the commit."""
        if not self.due():
            return False
        events: list[tuple[str, msgspec.Struct]] = []
        try:
            with sessions() as db, db.begin():
                self.job(db, utcnow(), lambda t, e: events.append((t, e)))
        except Exception:
            log.exception("face job failed; it is retried at the next interval")
            return False
        for event_type, event in events:
            publish(event_type, event)
        return True


RULES_INTERVAL_S = 60.0


def face_round(purge: Schedule, rules: Schedule, sessions: sessionmaker[Session], publish: Publish) -> None:
    """One round of the server's scheduler: the purge when an hour has passed, the timed rules each minute."""
    purge.run_if_due(sessions, publish)
    rules.run_if_due(sessions, publish)


def schedules() -> tuple[Schedule, Schedule]:
    """A server's purge and rules schedules (made at its start, so a restarted server purges soon after)."""
    return Schedule(), Schedule(RULES_INTERVAL_S, _rules_job)
