"""Faces with the CRM: consent and linking, staff enrolment, deletion on request, risk alerts, compliance."""

from __future__ import annotations

from server.context import Context
from server.faces import alerts, consent, risk
from server.permissions import Permission
from server.router import Router
from shared.protocol.envelope import utcnow
from shared.protocol.messages.common import Empty
from shared.protocol.messages.faces_alerts import (
    CONSENT_TEXT_EN,
    CONSENT_TEXT_ZH,
    CONSENT_VERSION,
    AlertInfo,
    AlertList,
    AlertsQuery,
    Compliance,
    ConsentText,
    DecideAlertRequest,
    ForgetReply,
    ForgetRequest,
    LinkReply,
    LinkRequest,
    RunRulesReply,
    StaffEnrolReply,
    StaffEnrolRequest,
)


def register(router: Router) -> None:
    @router.command("faces.consent_text", Permission.FACES_LINK, inline=True)
    def consent_text(ctx: Context, req: Empty) -> ConsentText:
        return ConsentText(version=CONSENT_VERSION, text=CONSENT_TEXT_ZH, text_en=CONSENT_TEXT_EN)

    @router.command("faces.link", Permission.FACES_LINK)
    def link(ctx: Context, req: LinkRequest) -> LinkReply:
        return consent.link(ctx, req)

    @router.command("faces.enrol_staff", Permission.FACES_MANAGE)
    def enrol_staff(ctx: Context, req: StaffEnrolRequest) -> StaffEnrolReply:
        return consent.enrol_staff(ctx, req)

    @router.command("faces.forget", Permission.FACES_FORGET)
    def forget(ctx: Context, req: ForgetRequest) -> ForgetReply:
        return consent.forget(ctx, req)

    @router.command("faces.alerts", Permission.FACES_ALERTS)
    def list_alerts(ctx: Context, req: AlertsQuery) -> AlertList:
        found = alerts.listing(ctx.db, req)
        ctx.audit("face_alerts", req.status or "*", None, {"viewed": {"alerts": [a.id for a in found]}})
        ctx.db.commit()  # a view of face data is audited although nothing changes
        return AlertList(alerts=found)

    @router.command("faces.decide_alert", Permission.FACES_ALERTS)
    def decide(ctx: Context, req: DecideAlertRequest) -> AlertInfo:
        before, after = alerts.decide(ctx.db, req.alert_id, req.confirm, req.note, ctx.user.user_id)
        ctx.audit("face_alert", req.alert_id, {"status": before.status}, {"status": after.status, "note": after.note})
        return after

    @router.command("faces.run_rules", Permission.FACES_ALERTS)
    def run_rules(ctx: Context, req: Empty) -> RunRulesReply:
        raised = risk.scan(ctx.db, utcnow())
        for event_type, event in raised.events:
            ctx.publish(event_type, event)
        ctx.audit("face_rules", "scan", None, {"alerts": raised.alerts})
        return RunRulesReply(alerts=raised.alerts)

    @router.command("faces.compliance", Permission.FACES_COMPLIANCE)
    def compliance(ctx: Context, req: Empty) -> Compliance:
        return alerts.compliance(ctx.db)
