"""Channel reports over the real server: decisions and their rule versions, masked phones, 带看, expiry on
time, appeals, and the hash-chained attribution ledger with its evidence pack."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from client.net.sync_client import SyncClient
from server.app import ServerApp
from server.crm.jobs import run_all
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.crm_channels import (
    AppealListRequest,
    CreateBrokerRequest,
    CreateChannelRequest,
    DecideAppealRequest,
    DecideAttributionRequest,
    FileAppealRequest,
    ReportListRequest,
    RuleListRequest,
    SetCommissionRequest,
    SetRuleRequest,
    SubmitReportRequest,
)
from shared.protocol.messages.crm_customers import CreateCustomerRequest, CustomerRef
from shared.protocol.messages.crm_types import (
    AppealDecision,
    AttributionKind,
    CommissionKind,
    PhoneMatch,
    RejectReason,
    ReportStatus,
)
from shared.protocol.messages.crm_visits import RegisterVisitRequest
from tests.integration.test_crm_customers import Office, office, refused


def channels(o: Office) -> tuple[int, int, int, int]:
    """Two channels with a broker each and rules v1; returns (channel A, broker A, channel B, broker B)."""
    m = o.manager
    out = []
    for name, phone in (("链家", "13511112222"), ("贝壳找房", "13511113333")):
        ch = m.call("channels.create", CreateChannelRequest(name=name, contact="渠道经理"))
        br = m.call("channels.add_broker", CreateBrokerRequest(channel_id=ch.id, name=f"{name}经纪人", phone=phone))
        m.call("channels.set_rule", SetRuleRequest(project_id=o.project_id, channel_id=ch.id))
        out += [ch.id, br.id]
    return out[0], out[1], out[2], out[3]


def report(o: Office, broker: int, phone: str, name: str = "客户") -> object:
    return o.front.call(
        "reports.submit",
        SubmitReportRequest(project_id=o.project_id, broker_id=broker, customer_name=name, phone=phone),
    )


def test_every_conflict_case_through_the_server(login: Callable[..., SyncClient]) -> None:
    o = office(login)
    ch_a, br_a, ch_b, br_b = channels(o)
    first = report(o, br_a, "13800001111")
    assert (first.status, first.rule_version, first.phone_match) == (ReportStatus.ACCEPTED, 1, PhoneMatch.NONE)
    assert first.phone_masked == "138****1111"
    assert report(o, br_a, "13800001111").reason is RejectReason.DUPLICATE
    assert report(o, br_b, "138****1111").reason is RejectReason.PROTECTED_BY_OTHER
    # Already a customer (owned) and a natural visit.
    o.consultants[0].call(
        "customers.create", CreateCustomerRequest(project_id=o.project_id, name="老客", phone="13800002222")
    )
    assert report(o, br_b, "13800002222").reason is RejectReason.EXISTING_CUSTOMER
    o.front.call("visits.register", RegisterVisitRequest(project_id=o.project_id, name="自来客", phone="13800003333"))
    assert report(o, br_a, "13800003333").reason is RejectReason.NATURAL_VISIT
    # Masked phones: one match, two (ambiguous, never guessed), none.
    for phone in ("13911115678", "13922225678"):
        o.manager.call("customers.create", CreateCustomerRequest(project_id=o.project_id, name="池客", phone=phone))
    o.manager.call("customers.create", CreateCustomerRequest(project_id=o.project_id, name="唯一", phone="13733334444"))
    ambiguous = report(o, br_a, "139****5678")
    assert (ambiguous.status, ambiguous.reason, ambiguous.phone_match) == (
        ReportStatus.REJECTED,
        RejectReason.AMBIGUOUS_PHONE,
        PhoneMatch.AMBIGUOUS,
    )
    assert ambiguous.customer_id is None
    unique = report(o, br_a, "137****4444")
    assert (unique.status, unique.phone_match) == (ReportStatus.ACCEPTED, PhoneMatch.UNIQUE)  # a pool customer
    none = report(o, br_b, "136****0000")
    assert (none.status, none.phone_match, none.customer_id) == (ReportStatus.ACCEPTED, PhoneMatch.NONE, None)
    # Rule v2 forbids masked phones: later reports use it, earlier ones keep v1.
    o.manager.call(
        "channels.set_rule",
        SetRuleRequest(
            project_id=o.project_id, channel_id=ch_b, allow_masked=False, protection_days=10, visit_window_hours=24
        ),
    )
    v2 = report(o, br_b, "135****0000")
    assert (v2.reason, v2.rule_version) == (RejectReason.MASKED_NOT_ALLOWED, 2)
    listed = o.manager.call("reports.list", ReportListRequest(project_id=o.project_id, limit=200)).reports
    assert {r.id: r.rule_version for r in listed}[none.id] == 1
    rules = o.front.call("channels.rules", RuleListRequest(project_id=o.project_id, channel_id=ch_b)).rules
    assert [r.version for r in rules] == [1, 2]
    # Bad input is refused precisely; a consultant enters no reports.
    assert refused(lambda: report(o, br_a, "12345")) is ErrorCode.VALIDATION_FAILED
    assert (
        refused(
            lambda: o.consultants[0].call(
                "reports.submit",
                SubmitReportRequest(project_id=o.project_id, broker_id=br_a, customer_name="x", phone="13800009999"),
            )
        )
        is ErrorCode.FORBIDDEN
    )
    # Commission rules are stored, versioned, and bounded.
    c1 = o.manager.call(
        "channels.set_commission",
        SetCommissionRequest(project_id=o.project_id, channel_id=ch_a, kind=CommissionKind.PERCENT, value=1.5),
    )
    c2 = o.manager.call(
        "channels.set_commission",
        SetCommissionRequest(project_id=o.project_id, channel_id=ch_a, kind=CommissionKind.FIXED, value=20000),
    )
    assert (c1.version, c2.version, c2.kind) == (1, 2, CommissionKind.FIXED)
    assert refused(
        lambda: o.manager.call(
            "channels.set_commission",
            SetCommissionRequest(project_id=o.project_id, channel_id=ch_a, kind=CommissionKind.PERCENT, value=150),
        )
    ) is (ErrorCode.VALIDATION_FAILED)


def test_visit_confirms_the_report_protection_expires_on_time_and_the_ledger_holds(
    login: Callable[..., SyncClient], server: ServerApp, tmp_path: Path
) -> None:
    o = office(login)
    ch_a, br_a, _, br_b = channels(o)
    r = report(o, br_a, "138****7777", name="刘洋")
    visit = o.front.call(
        "visits.register",
        RegisterVisitRequest(project_id=o.project_id, name="刘洋", phone="13855557777", report_id=r.id),
    )
    assert visit.visit.report_id == r.id
    listed = {x.id: x for x in o.manager.call("reports.list", ReportListRequest(project_id=o.project_id)).reports}
    assert listed[r.id].status is ReportStatus.VISITED and listed[r.id].customer_id == visit.visit.customer_id
    cid = visit.visit.customer_id
    att = o.manager.call("attribution.get", CustomerRef(customer_id=cid))
    assert (att.kind, att.channel_id, att.chain_ok) == (AttributionKind.CHANNEL, ch_a, True)
    assert {e.kind.value for e in att.rows[-1].evidence} == {"report", "visit"}
    # An unconfirmed report expires when its window ends; a confirmed one when its protection ends.
    lapsing = report(o, br_b, "13600006666")
    assert server.database is not None
    sessions = server.database.sessions
    assert lapsing.visit_deadline is not None and listed[r.id].protect_until is not None
    assert run_all(sessions, lapsing.visit_deadline - timedelta(seconds=1))[0].expired_reports == 0
    assert run_all(sessions, lapsing.visit_deadline)[0].expired_reports == 1
    assert run_all(sessions, listed[r.id].protect_until)[0].expired_reports == 1
    statuses = {
        x.id: x.status for x in o.manager.call("reports.list", ReportListRequest(project_id=o.project_id)).reports
    }
    assert statuses[lapsing.id] is ReportStatus.EXPIRED and statuses[r.id] is ReportStatus.EXPIRED
    att = o.manager.call("attribution.get", CustomerRef(customer_id=cid))
    assert att.kind is AttributionKind.NATURAL and len(att.rows) == 2 and att.chain_ok
    # A manager's ruling is appended, never overwriting; the table refuses changes.
    att = o.manager.call(
        "attribution.decide",
        DecideAttributionRequest(
            customer_id=cid, kind=AttributionKind.CHANNEL, channel_id=ch_a, report_id=r.id, reason="带看录像为证"
        ),
    )
    assert [row.kind for row in att.rows] == [AttributionKind.CHANNEL, AttributionKind.NATURAL, AttributionKind.CHANNEL]
    assert att.rows[1].prev_hash == att.rows[0].hash
    with server.database.engine.connect() as conn, pytest.raises(sa.exc.DBAPIError, match="append-only"):
        conn.execute(sa.text("UPDATE attribution_ledger SET kind = 'natural' WHERE customer_id = :c"), {"c": cid})
    pack = o.manager.call("attribution.evidence_pack", CustomerRef(customer_id=cid))
    with zipfile.ZipFile(io.BytesIO(pack.content)) as z:
        doc = json.loads(z.read("evidence.json"))
        pdf = z.read("evidence.pdf")
    assert doc["chain_ok"] and len(doc["ledger"]) == 3 and doc["customer"]["phone"] == "138****7777"
    assert [x["id"] for x in doc["reports"]] == [r.id]
    (tmp_path / "e.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "e.pdf"), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "判客证据包" in text and "刘洋" in text and "链家" in text
    fonts = subprocess.run(["pdffonts", str(tmp_path / "e.pdf")], capture_output=True, check=True, text=True).stdout
    assert "WenQuanYi" in fonts and " yes " in fonts  # embedded
    assert refused(lambda: o.front.call("attribution.get", CustomerRef(customer_id=cid))) is ErrorCode.FORBIDDEN


def test_appeals_are_decided_by_the_manager_and_recorded(login: Callable[..., SyncClient]) -> None:
    o = office(login)
    _, br_a, _, br_b = channels(o)
    report(o, br_a, "13800001111")
    lost = report(o, br_b, "13800001111")
    assert lost.reason is RejectReason.PROTECTED_BY_OTHER
    appeal = o.front.call(
        "appeals.file", FileAppealRequest(report_id=lost.id, reason="客户先联系的我方经纪人，有聊天记录")
    )
    assert appeal.decision is AppealDecision.PENDING
    assert refused(lambda: o.front.call("appeals.file", FileAppealRequest(report_id=lost.id, reason="再次"))) is (
        ErrorCode.CONFLICT
    )
    assert (
        refused(
            lambda: o.front.call(
                "appeals.decide", DecideAppealRequest(appeal_id=appeal.id, decision=AppealDecision.OVERTURNED, note="x")
            )
        )
        is ErrorCode.FORBIDDEN
    )
    pending = o.manager.call("appeals.list", AppealListRequest(project_id=o.project_id)).appeals
    assert [a.id for a in pending] == [appeal.id]
    decided = o.manager.call(
        "appeals.decide",
        DecideAppealRequest(appeal_id=appeal.id, decision=AppealDecision.OVERTURNED, note="聊天记录早于对方报备"),
    )
    assert decided.decision is AppealDecision.OVERTURNED and decided.decided_by_name
    assert decided.report.status is ReportStatus.ACCEPTED
    assert decided.report.visit_deadline is not None and decided.report.visit_deadline > utcnow()
    assert (
        refused(
            lambda: o.manager.call(
                "appeals.decide", DecideAppealRequest(appeal_id=appeal.id, decision=AppealDecision.UPHELD, note="再改")
            )
        )
        is ErrorCode.CONFLICT
    )
    assert o.manager.call("appeals.list", AppealListRequest(project_id=o.project_id)).appeals == []
    assert (
        len(o.manager.call("appeals.list", AppealListRequest(project_id=o.project_id, pending_only=False)).appeals) == 1
    )
