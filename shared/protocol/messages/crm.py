"""Customers, follow-ups, visits and rotation, channel reports, attribution (客户 · 来访 · 渠道报备 · 判客).

The payloads live in crm_customers, crm_visits, crm_channels and notices; this module lists the commands.
"""

from __future__ import annotations

import msgspec

from shared.protocol.messages import crm_channels as ch
from shared.protocol.messages import crm_customers as cu
from shared.protocol.messages import crm_visits as vi
from shared.protocol.messages import notices as no
from shared.protocol.messages.common import Empty, FileContent
from shared.protocol.spec import CommandSpec, spec

COMMANDS: list[CommandSpec] = [
    # Customers 客户
    spec("customers.create", cu.CreateCustomerRequest, cu.CustomerInfo, "Create a customer", mutating=True),
    spec("customers.update", cu.UpdateCustomerRequest, cu.CustomerInfo, "Change a customer", mutating=True),
    spec("customers.get", cu.CustomerRef, cu.CustomerInfo, "One customer (own or pool; managers any)"),
    spec("customers.search", cu.SearchRequest, cu.CustomerPage, "Search and page customers"),
    spec("customers.timeline", cu.CustomerRef, cu.Timeline, "A customer with visits, follow-ups, reports"),
    spec("customers.reveal_id", cu.CustomerRef, cu.RevealIdReply, "The unmasked ID number (audited)", mutating=True),
    spec("customers.claim", cu.CustomerRef, cu.CustomerInfo, "Take a customer from the public pool", mutating=True),
    spec(
        "customers.assign",
        cu.AssignRequest,
        cu.CustomerInfo,
        "Give a customer to a consultant or the pool",
        mutating=True,
    ),
    spec("customers.import_template", Empty, FileContent, "The customer import template (.xlsx)"),
    spec(
        "customers.import_upload",
        cu.ImportUploadRequest,
        cu.ImportStaged,
        "Validate a customer file row by row and stage its good rows",
        mutating=True,
    ),
    spec("customers.import_report", cu.ImportRef, FileContent, "The staged import's error report (.xlsx)"),
    spec(
        "customers.import_confirm",
        cu.ImportConfirmRequest,
        cu.ImportDone,
        "Import the staged rows in one transaction",
        mutating=True,
    ),
    spec("customers.export", cu.ExportRequest, FileContent, "Customers as .xlsx (audited)", mutating=True),
    spec("crm.settings_get", cu.ProjectRef, cu.CrmSettingsInfo, "A project's CRM settings"),
    spec("crm.settings_set", cu.CrmSettingsInfo, cu.CrmSettingsInfo, "Change a project's CRM settings", mutating=True),
    spec("crm.consultants", Empty, cu.ConsultantList, "Active consultants (to assign customers, check in)"),
    spec("crm.run_jobs", Empty, cu.JobsReport, "Run the pool, reminder and expiry jobs now", mutating=True),
    # Follow-ups 跟进
    spec("followups.add", cu.FollowUpRequest, cu.FollowUpInfo, "Record a follow-up", mutating=True),
    spec("followups.due", cu.ProjectScope, cu.CustomerRows, "My customers whose next follow-up is due today"),
    spec("followups.overdue", cu.ProjectScope, cu.CustomerRows, "Every overdue follow-up (managers)"),
    # Visits 来访 and rotation 轮排
    spec("visits.lookup", vi.LookupRequest, vi.LookupReply, "New or returning: by phone or last 4 + name"),
    spec("visits.register", vi.RegisterVisitRequest, vi.RegisterVisitReply, "Register a visit", mutating=True),
    spec("visits.today", cu.ProjectRef, vi.VisitList, "Today's arrivals"),
    spec("rotation.check_in", vi.RotationRequest, vi.RotationQueue, "Join the rotation", mutating=True),
    spec("rotation.check_out", vi.RotationRequest, vi.RotationQueue, "Leave the rotation", mutating=True),
    spec("rotation.queue", cu.ProjectRef, vi.RotationQueue, "The rotation in fair order"),
    spec("rotation.fairness", vi.FairnessRequest, vi.FairnessReport, "Assignments and skips per consultant per day"),
    # Channels 渠道 and reports 报备
    spec("channels.list", Empty, ch.ChannelList, "Channel companies and their brokers"),
    spec("channels.create", ch.CreateChannelRequest, ch.ChannelInfo, "Add a channel company", mutating=True),
    spec("channels.add_broker", ch.CreateBrokerRequest, ch.BrokerInfo, "Add a broker to a channel", mutating=True),
    spec(
        "channels.set_rule", ch.SetRuleRequest, ch.RuleInfo, "A new version of a channel's report rules", mutating=True
    ),
    spec("channels.rules", ch.RuleListRequest, ch.RuleList, "Report rule versions"),
    spec(
        "channels.set_commission",
        ch.SetCommissionRequest,
        ch.CommissionInfo,
        "A new commission rule version",
        mutating=True,
    ),
    spec("channels.commissions", ch.RuleListRequest, ch.CommissionList, "Commission rule versions"),
    spec("reports.submit", ch.SubmitReportRequest, ch.ReportInfo, "Enter a 报备 and decide it", mutating=True),
    spec("reports.list", ch.ReportListRequest, ch.ReportList, "A project's reports, newest first"),
    spec("reports.confirm_visit", ch.ConfirmVisitRequest, ch.ReportInfo, "Confirm the 带看 of a report", mutating=True),
    spec("appeals.file", ch.FileAppealRequest, ch.AppealInfo, "Appeal a report's decision (申诉)", mutating=True),
    spec("appeals.decide", ch.DecideAppealRequest, ch.AppealInfo, "Decide an appeal (manager)", mutating=True),
    spec("appeals.list", ch.AppealListRequest, ch.AppealList, "Appeals of a project"),
    # Attribution 判客
    spec("attribution.get", cu.CustomerRef, ch.AttributionInfo, "A customer's attribution ledger, verified"),
    spec(
        "attribution.decide",
        ch.DecideAttributionRequest,
        ch.AttributionInfo,
        "Rule on a customer's attribution",
        mutating=True,
    ),
    spec(
        "attribution.evidence_pack",
        cu.CustomerRef,
        FileContent,
        "Dispute evidence pack: zip of JSON and PDF",
        mutating=True,
    ),
    # Notices (generic: any family may send them)
    spec("notices.list", no.NoticeListRequest, no.NoticeList, "My notices"),
    spec("notices.mark_read", no.MarkReadRequest, no.MarkReadReply, "Mark my notices read", mutating=True),
]

EVENTS: dict[str, type[msgspec.Struct]] = {
    "notice.new": no.NoticeNew,
    "customers.changed": cu.CustomersChanged,
    "visits.registered": vi.VisitRegistered,
    "rotation.changed": vi.RotationChanged,
    "reports.changed": ch.ReportsChanged,
}
