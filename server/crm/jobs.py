"""Timed CRM work: customers back to the public pool, follow-up reminders, report expiries.

`run_all` does each job in its own audited transaction and returns the events to publish after commit;
`crm_round` is what the server's scheduler runs every 30 s (and `crm.run_jobs` runs it on demand).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import msgspec
from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import Session, sessionmaker

from server.crm import reports
from server.db.crm_models import CrmSettings, Customer
from server.db.models import AuditEntry
from server.notices import add_notice
from shared.protocol.envelope import utcnow
from shared.protocol.messages.crm_channels import ReportsChanged
from shared.protocol.messages.crm_customers import CustomersChanged, JobsReport
from shared.protocol.messages.crm_types import CustomerStatus

log = logging.getLogger(__name__)
DEFAULT_POOL_DAYS = 30
BATCH = 1000
Events = list[tuple[str, msgspec.Struct]]


def _audit(db: Session, command: str, target_type: str, target_id: object, *, before: object, after: object) -> None:
    db.add(
        AuditEntry(
            actor_id=None,
            actor_name="system",
            actor_role="system",
            command=command,
            target_type=target_type,
            target_id=str(target_id),
            before=before,
            after=after,
            client_addr="server",
            idem_key=None,
        )
    )


def return_to_pool(db: Session, now: datetime, events: Events) -> int:
    """Owned customers not yet subscribed whose last follow-up (or ownership) is older than pool_days."""
    pool_days = func.coalesce(CrmSettings.pool_days, literal(DEFAULT_POOL_DAYS))
    since = func.coalesce(Customer.last_followup_at, Customer.owned_since, Customer.created_at)
    stale = list(
        db.scalars(
            select(Customer)
            .outerjoin(CrmSettings, CrmSettings.project_id == Customer.project_id)
            .where(
                Customer.owner_id.is_not(None),
                Customer.status.in_((CustomerStatus.POTENTIAL.value, CustomerStatus.VISITED.value)),
                since < literal(now) - pool_days * timedelta(days=1),
            )
            .order_by(Customer.id)
            .limit(BATCH)
            .with_for_update(of=Customer, skip_locked=True)
        )
    )
    by_project: dict[int, list[int]] = {}
    for c in stale:
        owner = c.owner_id
        assert owner is not None
        _audit(
            db,
            "crm.pool_return",
            "customer",
            c.id,
            before={"owner_id": owner},
            after={"owner_id": None, "reason": "no follow-up"},
        )
        c.owner_id, c.owned_since, c.next_followup_at = None, None, None
        c.version += 1
        c.updated_at = now
        events.append(
            ("notice.new", add_notice(db, owner, "customer.pooled", {"customer_id": c.id, "customer_name": c.name}))
        )
        by_project.setdefault(c.project_id, []).append(c.id)
    for project_id, ids in by_project.items():
        events.append(("customers.changed", CustomersChanged(project_id=project_id, customer_ids=ids)))
    return len(stale)


def remind(db: Session, now: datetime, events: Events) -> int:
    """One notice per due date to the owner when a follow-up falls due."""
    due = list(
        db.scalars(
            select(Customer)
            .where(
                Customer.owner_id.is_not(None),
                Customer.next_followup_at.is_not(None),
                Customer.next_followup_at <= now,
                or_(Customer.reminded_at.is_(None), Customer.reminded_at < Customer.next_followup_at),
            )
            .order_by(Customer.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for c in due:
        assert c.owner_id is not None and c.next_followup_at is not None
        c.reminded_at = now
        payload = {"customer_id": c.id, "customer_name": c.name, "due_at": c.next_followup_at.isoformat()}
        events.append(("notice.new", add_notice(db, c.owner_id, "followup.due", payload)))
    if due:
        _audit(db, "crm.remind", "customers", len(due), before=None, after={"customer_ids": [c.id for c in due]})
    return len(due)


def expire_reports(db: Session, now: datetime, events: Events) -> int:
    expired = reports.expire_due(db, now)
    by_project: dict[int, list[int]] = {}
    for r in expired:
        _audit(db, "crm.report_expire", "channel_report", r.id, before={"status": "open"}, after={"status": r.status})
        by_project.setdefault(r.project_id, []).append(r.id)
    for project_id, ids in by_project.items():
        events.append(("reports.changed", ReportsChanged(project_id=project_id, report_ids=ids)))
    return len(expired)


def run_all(sessions: sessionmaker[Session], now: datetime | None = None) -> tuple[JobsReport, Events]:
    now = now or utcnow()
    events: Events = []
    counts = []
    for job in (return_to_pool, remind, expire_reports):
        job_events: Events = []
        with sessions() as db, db.begin():
            counts.append(job(db, now, job_events))
        events.extend(job_events)  # only once committed
    return JobsReport(pool_returns=counts[0], reminders=counts[1], expired_reports=counts[2]), events


def crm_round(sessions: sessionmaker[Session], publish: Callable[[str, msgspec.Struct], None]) -> None:
    """One round of the server's scheduler (server/scheduler.py): run the jobs, publish what they changed."""
    _, events = run_all(sessions)
    for event_type, payload in events:
        publish(event_type, payload)
