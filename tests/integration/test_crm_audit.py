"""Every CRM mutation leaves an audit row naming its actor and target (test_audit.py walks the other families)."""

from __future__ import annotations

from collections.abc import Callable

from client.net.sync_client import SyncClient
from shared.protocol.messages import crm
from shared.protocol.messages.audit import AuditQuery
from shared.protocol.messages.crm_channels import (
    ConfirmVisitRequest,
    CreateBrokerRequest,
    CreateChannelRequest,
    DecideAppealRequest,
    DecideAttributionRequest,
    FileAppealRequest,
    SetCommissionRequest,
    SetRuleRequest,
    SubmitReportRequest,
)
from shared.protocol.messages.crm_customers import (
    AssignRequest,
    CreateCustomerRequest,
    CrmSettingsInfo,
    CustomerRef,
    ExportRequest,
    FollowUpRequest,
    ImportConfirmRequest,
    ImportUploadRequest,
    UpdateCustomerRequest,
)
from shared.protocol.messages.crm_types import AppealDecision, AttributionKind, CommissionKind, FollowUpKind
from shared.protocol.messages.crm_visits import RegisterVisitRequest, RotationRequest
from shared.protocol.messages.notices import MarkReadRequest
from tests.factories import xlsx
from tests.integration.test_crm_customers import ID_NUMBER, office

MUTATING = {s.name for s in crm.COMMANDS if s.mutating}


def test_every_crm_mutation_is_audited(login: Callable[..., SyncClient]) -> None:
    from server.crm.importing import COLUMNS

    o = office(login)
    m, f, a = o.manager, o.front, o.consultants[0]
    p = o.project_id
    c = a.call(
        "customers.create", CreateCustomerRequest(project_id=p, name="审计客", phone="13800000001", id_number=ID_NUMBER)
    )
    c = a.call("customers.update", UpdateCustomerRequest(customer_id=c.id, version=c.version, note="n"))
    m.call("customers.reveal_id", CustomerRef(customer_id=c.id))
    m.call("customers.assign", AssignRequest(customer_id=c.id, owner_id=None, reason="调整"))
    o.consultants[1].call("customers.claim", CustomerRef(customer_id=c.id))
    a.call(
        "followups.add",
        FollowUpRequest(
            customer_id=a.call(
                "customers.create", CreateCustomerRequest(project_id=p, name="跟进客", phone="13800000002")
            ).id,
            kind=FollowUpKind.WECHAT,
        ),
    )
    staged = m.call(
        "customers.import_upload",
        ImportUploadRequest(
            project_id=p, filename="c.xlsx", content=xlsx([h for h, _, _ in COLUMNS], [["导入客", "13800000003"]])
        ),
    )
    m.call("customers.import_confirm", ImportConfirmRequest(batch_id=staged.batch_id, merge_duplicates=False))
    m.call("customers.export", ExportRequest(project_id=p))
    m.call("crm.settings_set", CrmSettingsInfo(project_id=p, pool_days=20))
    m.call("crm.run_jobs")
    a.call("rotation.check_in", RotationRequest(project_id=p))
    a.call("rotation.check_out", RotationRequest(project_id=p))
    ch = m.call("channels.create", CreateChannelRequest(name="审计渠道"))
    br = m.call("channels.add_broker", CreateBrokerRequest(channel_id=ch.id, name="经纪人", phone="13900000001"))
    m.call("channels.set_rule", SetRuleRequest(project_id=p, channel_id=ch.id))
    m.call(
        "channels.set_commission",
        SetCommissionRequest(project_id=p, channel_id=ch.id, kind=CommissionKind.FIXED, value=10000),
    )
    r = f.call(
        "reports.submit",
        SubmitReportRequest(project_id=p, broker_id=br.id, customer_name="报备客", phone="13800000009"),
    )
    v = f.call("visits.register", RegisterVisitRequest(project_id=p, name="报备客", phone="13800000009"))
    f.call("reports.confirm_visit", ConfirmVisitRequest(report_id=r.id, visit_id=v.visit.id))
    lost = f.call(
        "reports.submit", SubmitReportRequest(project_id=p, broker_id=br.id, customer_name="重复", phone="13800000009")
    )
    appeal = f.call("appeals.file", FileAppealRequest(report_id=lost.id, reason="申诉"))
    m.call("appeals.decide", DecideAppealRequest(appeal_id=appeal.id, decision=AppealDecision.UPHELD, note="维持"))
    m.call(
        "attribution.decide",
        DecideAttributionRequest(customer_id=v.visit.customer_id, kind=AttributionKind.NATURAL, reason="复核"),
    )
    m.call("attribution.evidence_pack", CustomerRef(customer_id=v.visit.customer_id))
    o.consultants[1].call("notices.mark_read", MarkReadRequest(all=True))

    rows = o.admin.call("audit.query", AuditQuery(limit=500)).rows
    commands = {row.command for row in rows}
    assert commands >= MUTATING, f"no audit row for {MUTATING - commands}"
    for row in rows:
        if row.command in MUTATING:
            assert row.actor_name and row.actor_role and row.target_type and row.target_id, row
            assert ID_NUMBER not in repr(row.before) + repr(row.after)
    reveal = next(row for row in rows if row.command == "customers.reveal_id")
    assert (reveal.target_type, reveal.target_id, reveal.actor_role) == ("customer", str(c.id), "sales_manager")
