"""报备 rules: every conflict case, their order, protection windows and expiry, masked-phone handling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.crm.rules import Decision, KnownCustomer, OpenReport, Terms, decide, expiry, same_person
from shared.protocol.messages.crm_types import PhoneMatch, RejectReason, ReportStatus

T0 = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
RULE = Terms(
    rule_id=1,
    version=1,
    protection_days=30,
    visit_window_hours=72,
    natural_visit_days=30,
    block_existing_customer=True,
    allow_masked=True,
)
PHONE = "13812345678"


def run(
    *,
    terms: Terms = RULE,
    phone: str | None = PHONE,
    match: PhoneMatch = PhoneMatch.NONE,
    customer: KnownCustomer | None = None,
    earlier: list[OpenReport] | None = None,
    channel: int = 1,
) -> Decision:
    return decide(terms, T0, channel_id=channel, phone=phone, match=match, customer=customer, earlier=earlier or [])


def open_report(
    channel: int,
    status: ReportStatus,
    *,
    phone: str | None = PHONE,
    rid: int = 9,
    deadline: timedelta = timedelta(hours=10),
    protect: timedelta = timedelta(days=10),
) -> OpenReport:
    return OpenReport(rid, channel, phone, status, T0 + deadline, T0 + protect)


def test_a_new_customer_is_accepted_with_window_and_protection() -> None:
    d = run()
    assert (d.status, d.reason) == (ReportStatus.ACCEPTED, None)
    assert d.visit_deadline == T0 + timedelta(hours=72)
    assert d.protect_until == T0 + timedelta(days=30)


def test_masked_phone_refused_when_the_rule_wants_full_numbers() -> None:
    strict = Terms(2, 2, 30, 72, 30, True, False)
    assert run(terms=strict, phone=None).reason is RejectReason.MASKED_NOT_ALLOWED
    assert run(terms=strict, phone=PHONE).status is ReportStatus.ACCEPTED


@pytest.mark.parametrize(
    ("match", "status", "reason"),
    [
        (PhoneMatch.NONE, ReportStatus.ACCEPTED, None),
        (PhoneMatch.UNIQUE, ReportStatus.ACCEPTED, None),
        (PhoneMatch.AMBIGUOUS, ReportStatus.REJECTED, RejectReason.AMBIGUOUS_PHONE),
    ],
)
def test_masked_phone_matching(match: PhoneMatch, status: ReportStatus, reason: RejectReason | None) -> None:
    customer = KnownCustomer(5, has_owner=False, last_natural_visit_at=None) if match is PhoneMatch.UNIQUE else None
    d = run(phone=None, match=match, customer=customer)
    assert (d.status, d.reason) == (status, reason)


def test_same_channel_still_protected_is_a_duplicate_other_channel_is_protected_by_other() -> None:
    for status in (ReportStatus.ACCEPTED, ReportStatus.VISITED):
        assert run(earlier=[open_report(1, status)], channel=1).reason is RejectReason.DUPLICATE
        assert run(earlier=[open_report(2, status)], channel=1).reason is RejectReason.PROTECTED_BY_OTHER


def test_an_earlier_report_whose_protection_ended_does_not_conflict() -> None:
    lapsed_window = open_report(2, ReportStatus.ACCEPTED, deadline=timedelta(hours=-1))
    lapsed_protection = open_report(2, ReportStatus.VISITED, protect=timedelta(seconds=-1))
    rejected = open_report(2, ReportStatus.REJECTED)
    expired = open_report(2, ReportStatus.EXPIRED)
    assert run(earlier=[lapsed_window, lapsed_protection, rejected, expired]).status is ReportStatus.ACCEPTED
    # A visited report is protected past its visit window, until protect_until.
    visited = open_report(2, ReportStatus.VISITED, deadline=timedelta(hours=-50), protect=timedelta(days=3))
    assert run(earlier=[visited]).reason is RejectReason.PROTECTED_BY_OTHER


def test_masked_reports_conflict_on_first3_last4_full_numbers_must_agree() -> None:
    other_full = open_report(2, ReportStatus.ACCEPTED, phone="13899995678")
    assert run(phone=PHONE, earlier=[other_full]).status is ReportStatus.ACCEPTED  # different middle digits
    assert run(phone=None, earlier=[other_full]).reason is RejectReason.PROTECTED_BY_OTHER
    masked_other = open_report(2, ReportStatus.ACCEPTED, phone=None)
    assert run(phone=PHONE, earlier=[masked_other]).reason is RejectReason.PROTECTED_BY_OTHER
    assert same_person(None, masked_other) and not same_person(PHONE, other_full)


def test_natural_visit_within_n_days_rejects_and_older_ones_do_not() -> None:
    recent = KnownCustomer(5, has_owner=False, last_natural_visit_at=T0 - timedelta(days=29))
    old = KnownCustomer(5, has_owner=False, last_natural_visit_at=T0 - timedelta(days=31))
    assert run(match=PhoneMatch.UNIQUE, customer=recent).reason is RejectReason.NATURAL_VISIT
    assert run(match=PhoneMatch.UNIQUE, customer=old).status is ReportStatus.ACCEPTED
    never = Terms(3, 3, 30, 72, 0, False, True)
    assert run(terms=never, match=PhoneMatch.UNIQUE, customer=recent).status is ReportStatus.ACCEPTED


def test_existing_customer_with_an_owner_rejects_unless_the_rule_allows_it() -> None:
    owned = KnownCustomer(5, has_owner=True, last_natural_visit_at=None)
    pooled = KnownCustomer(5, has_owner=False, last_natural_visit_at=None)
    assert run(match=PhoneMatch.UNIQUE, customer=owned).reason is RejectReason.EXISTING_CUSTOMER
    assert run(match=PhoneMatch.UNIQUE, customer=pooled).status is ReportStatus.ACCEPTED
    lenient = Terms(4, 4, 30, 72, 30, False, True)
    assert run(terms=lenient, match=PhoneMatch.UNIQUE, customer=owned).status is ReportStatus.ACCEPTED


def test_checks_apply_in_order() -> None:
    owned_recent = KnownCustomer(5, has_owner=True, last_natural_visit_at=T0 - timedelta(days=1))
    protected = [open_report(2, ReportStatus.ACCEPTED)]
    assert run(match=PhoneMatch.UNIQUE, customer=owned_recent, earlier=protected).reason is (
        RejectReason.PROTECTED_BY_OTHER
    )
    assert run(match=PhoneMatch.UNIQUE, customer=owned_recent).reason is RejectReason.NATURAL_VISIT
    assert run(phone=None, match=PhoneMatch.AMBIGUOUS, earlier=protected).reason is RejectReason.AMBIGUOUS_PHONE


def test_rule_versions_change_the_decision() -> None:
    v1 = Terms(1, 1, 30, 72, 30, True, True)
    v2 = Terms(2, 2, 10, 24, 7, True, True)
    visit = KnownCustomer(5, has_owner=False, last_natural_visit_at=T0 - timedelta(days=10))
    assert run(terms=v1, match=PhoneMatch.UNIQUE, customer=visit).reason is RejectReason.NATURAL_VISIT
    d2 = run(terms=v2, match=PhoneMatch.UNIQUE, customer=visit)
    assert d2.status is ReportStatus.ACCEPTED
    assert d2.visit_deadline == T0 + timedelta(hours=24) and d2.protect_until == T0 + timedelta(days=10)


def test_expiry_is_exact() -> None:
    deadline, protect = T0 + timedelta(hours=72), T0 + timedelta(days=30)
    assert not expiry(ReportStatus.ACCEPTED, deadline, protect, deadline - timedelta(microseconds=1))
    assert expiry(ReportStatus.ACCEPTED, deadline, protect, deadline)
    assert not expiry(ReportStatus.VISITED, deadline, protect, deadline + timedelta(days=1))
    assert expiry(ReportStatus.VISITED, deadline, protect, protect)
    assert not expiry(ReportStatus.REJECTED, deadline, protect, protect + timedelta(days=99))
