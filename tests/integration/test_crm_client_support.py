"""What the CRM screens need beyond the first protocol: reports waiting for their 带看 in the front desk's lookup,
the consultants a manager may assign to, and field-named conflicts for the customer form."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from client.net.sync_client import RemoteError, SyncClient
from shared.domain import Role
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.common import Empty
from shared.protocol.messages.crm_customers import CreateCustomerRequest
from shared.protocol.messages.crm_types import LookupOutcome, ReportStatus
from shared.protocol.messages.crm_visits import LookupRequest, RegisterVisitRequest
from tests.integration.test_crm_customers import office, refused
from tests.integration.test_crm_reports import channels, report


def test_lookup_lists_the_reports_waiting_for_their_visit(login: Callable[..., SyncClient]) -> None:
    o = office(login)
    _, broker_a, _, broker_b = channels(o)
    masked = report(o, broker_a, "139****5678", "王芳")
    other = report(o, broker_b, "13700001234", "刘洋")
    look = o.front.call("visits.lookup", LookupRequest(project_id=o.project_id, phone="13912345678"))
    # A new visitor whose masked 报备 matches on 前三后四: offered for the 带看, nothing else is.
    assert look.outcome is LookupOutcome.NEW
    assert [r.id for r in look.reports] == [masked.id]  # type: ignore[attr-defined]
    assert look.reports[0].broker_name == "链家经纪人" and look.reports[0].visit_deadline is not None
    # Same 前三后四, another full number: the masked report could be either, the full one is not this visitor.
    look2 = o.front.call("visits.lookup", LookupRequest(project_id=o.project_id, phone="13711111234"))
    assert look2.reports == []
    assert other.status is ReportStatus.ACCEPTED  # type: ignore[attr-defined]
    done = o.front.call(
        "visits.register",
        RegisterVisitRequest(
            project_id=o.project_id,
            name="王芳",
            phone="13912345678",
            report_id=masked.id,  # type: ignore[attr-defined]
        ),
    )
    assert done.visit.report_id == masked.id  # type: ignore[attr-defined]
    # Confirmed: no longer waiting. By last 4 + name the same customer shows, with nothing to confirm.
    again = o.front.call("visits.lookup", LookupRequest(project_id=o.project_id, last4="5678", name="王"))
    assert again.outcome is LookupOutcome.RETURNING and again.reports == []


def test_managers_list_active_consultants_others_may_not(login: Callable[..., SyncClient]) -> None:
    o = office(login, consultants=2)
    listed = o.manager.call("crm.consultants", Empty())
    assert {c.id for c in listed.consultants} == {o.cid(0), o.cid(1)}
    assert all(c.name and c.username for c in listed.consultants)
    assert refused(lambda: o.front.call("crm.consultants", Empty())) is ErrorCode.FORBIDDEN
    assert refused(lambda: o.consultants[0].call("crm.consultants", Empty())) is ErrorCode.FORBIDDEN
    assert refused(lambda: login(Role.FINANCE).call("crm.consultants", Empty())) is ErrorCode.FORBIDDEN


def test_a_phone_clash_names_the_field(login: Callable[..., SyncClient]) -> None:
    o = office(login)
    o.consultants[0].call(
        "customers.create", CreateCustomerRequest(project_id=o.project_id, name="张伟", phone="13812345678")
    )
    with pytest.raises(RemoteError) as err:
        o.consultants[1].call(
            "customers.create", CreateCustomerRequest(project_id=o.project_id, name="张伟", phone="13812345678")
        )
    assert err.value.code is ErrorCode.CONFLICT
    assert [d.field for d in err.value.body.details] == ["phone"] and "138****5678" in err.value.body.details[0].message
