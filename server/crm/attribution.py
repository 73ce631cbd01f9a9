"""Attribution 判客: the current verdict from the ledger, a manager's ruling, and the dispute evidence pack."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

from reportlab.lib.units import mm
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.crm import ledger, phones
from server.crm.common import invalid, not_found, user_names
from server.crm.ledger import EvidenceRef
from server.crm.reports import info as report_info
from server.crm.timeline import STATUS_ZH
from server.db.crm_models import AttributionEntry, Channel, ChannelReport, Customer, Visit
from server.reports import pdf
from shared.protocol.messages.common import FileContent
from shared.protocol.messages.crm_channels import AttributionInfo, DecideAttributionRequest, Evidence, LedgerRow
from shared.protocol.messages.crm_types import AttributionKind, EvidenceKind

KIND_ZH = {"natural": "自然来访", "channel": "渠道", "referral": "老带新", "undecided": "待定"}


def customer(db: Session, customer_id: int) -> Customer:
    c = db.get(Customer, customer_id)
    if c is None:
        raise not_found("客户", "customer", customer_id)
    return c


def _row(e: AttributionEntry) -> LedgerRow:
    return LedgerRow(
        seq=e.seq,
        at=e.at,
        kind=AttributionKind(e.kind),
        channel_id=e.channel_id,
        referrer_id=e.referrer_id,
        reason=e.reason,
        evidence=[
            Evidence(
                kind=EvidenceKind(x["kind"]),
                ref_id=x["ref_id"],
                at=datetime.fromisoformat(x["at"]),
                summary=x["summary"],
            )
            for x in e.evidence
        ],
        actor_id=e.actor_id,
        prev_hash=e.prev_hash,
        hash=e.hash,
    )


def info(db: Session, c: Customer) -> AttributionInfo:
    rows = ledger.entries(db, c.id)
    last = ledger.current(rows)
    channel = db.get(Channel, last.channel_id) if last and last.channel_id else None
    return AttributionInfo(
        customer_id=c.id,
        kind=AttributionKind(last.kind) if last else AttributionKind.UNDECIDED,
        channel_id=last.channel_id if last else None,
        channel_name=channel.name if channel else "",
        referrer_id=last.referrer_id if last else None,
        rows=[_row(e) for e in rows],
        chain_ok=not ledger.verify_entries(rows),
    )


def decide(db: Session, c: Customer, req: DecideAttributionRequest, by: int, now: datetime) -> AttributionEntry:
    evidence: list[EvidenceRef] = [EvidenceRef(EvidenceKind.DECISION, by, now, req.reason)]
    if req.kind is AttributionKind.CHANNEL and (req.channel_id is None or db.get(Channel, req.channel_id) is None):
        raise invalid("判为渠道客户需要指定渠道", "A channel attribution needs a channel")
    if req.kind is AttributionKind.REFERRAL:
        ref = db.get(Customer, req.referrer_id) if req.referrer_id else None
        if ref is None or ref.project_id != c.project_id or ref.id == c.id:
            raise invalid("判为老带新需要指定推荐人客户", "A referral attribution needs the referring customer")
    if req.report_id is not None:
        report = db.get(ChannelReport, req.report_id)
        if report is None or report.project_id != c.project_id:
            raise not_found("报备", "report", req.report_id)
        evidence.append(EvidenceRef(EvidenceKind.REPORT, report.id, report.reported_at, f"报备 #{report.id}"))
    return ledger.append(
        db,
        c.id,
        now,
        req.kind,
        f"经理裁定：{req.reason}",
        evidence=evidence,
        channel_id=req.channel_id if req.kind is AttributionKind.CHANNEL else None,
        referrer_id=req.referrer_id if req.kind is AttributionKind.REFERRAL else None,
        actor_id=by,
    )


def evidence_pack(db: Session, c: Customer, now: datetime) -> FileContent:
    """evidence.json (ledger with hashes, reports, visits) and evidence.pdf for people, in one zip."""
    rows = ledger.entries(db, c.id)
    reps = [
        report_info(db, r)
        for r in db.scalars(
            select(ChannelReport)
            .where(
                ChannelReport.project_id == c.project_id,
                ChannelReport.phone_last4 == c.phone_last4,
                ChannelReport.phone_first3 == c.phone_first3,
            )
            .order_by(ChannelReport.id)
        )
    ]
    visits = list(db.scalars(select(Visit).where(Visit.customer_id == c.id).order_by(Visit.arrived_at)))
    names = user_names(db, [v.consultant_id for v in visits] + [e.actor_id for e in rows] + [c.owner_id])
    problems = ledger.verify_entries(rows)
    doc = {
        "format": "showroom-attribution-evidence/1",
        "generated_at": now.isoformat(),
        "customer": {
            "id": c.id,
            "name": c.name,
            "phone": phones.mask(c.phone),
            "project_id": c.project_id,
            "owner": names.get(c.owner_id or 0, ""),
            "created_at": c.created_at.isoformat(),
        },
        "algorithm": "sha256(prev_hash + canonical_json(record)), genesis 64 zeros",
        "chain_ok": not problems,
        "problems": problems,
        "ledger": [{**ledger.record(e), "prev_hash": e.prev_hash, "hash": e.hash} for e in rows],
        "reports": [json.loads(_json(r)) for r in reps],
        "visits": [
            {
                "id": v.id,
                "arrived_at": v.arrived_at.isoformat(),
                "party_size": v.party_size,
                "is_new": v.is_new,
                "consultant": names.get(v.consultant_id or 0, ""),
                "report_id": v.report_id,
            }
            for v in visits
        ],
    }
    data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("evidence.json", data)
        z.writestr("evidence.pdf", render_pdf(doc))
    return FileContent(filename=f"判客证据-{c.id}-evidence.zip", content=buf.getvalue())


def _json(obj: object) -> str:
    import msgspec

    return msgspec.json.encode(obj).decode("utf-8")


def render_pdf(doc: dict[str, object]) -> bytes:
    st = pdf.styles()
    cust = doc["customer"]
    assert isinstance(cust, dict)
    story = [
        pdf.paragraph(f"判客证据包 Attribution evidence — {cust['name']}（客户 #{cust['id']}）", st["title"]),
        pdf.paragraph(
            f"手机 {cust['phone']} · 归属顾问 {cust['owner'] or '公客池'} · 建档 {cust['created_at'][:10]} · "
            f"生成于 {str(doc['generated_at'])[:19]}",
            st["body"],
        ),
        pdf.paragraph(
            "哈希链校验：" + ("完整 intact" if doc["chain_ok"] else "被篡改 BROKEN: " + "; ".join(doc["problems"])),  # type: ignore[arg-type]
            st["body"],
        ),
        pdf.paragraph("判客记录 Ledger", st["h2"]),
    ]
    ledger_rows = [["#", "时间", "判定", "理由", "证据", "哈希"]]
    for e in doc["ledger"]:  # type: ignore[attr-defined]
        ev = "；".join(f"{x['kind']} #{x['ref_id']} {x['summary']}" for x in e["evidence"])
        ledger_rows.append(
            [
                str(e["seq"]),
                e["at"][:16].replace("T", " "),
                KIND_ZH.get(e["kind"], e["kind"]),
                e["reason"],
                ev,
                e["hash"][:16] + "…",
            ]
        )
    story.append(pdf.table(ledger_rows, [8 * mm, 26 * mm, 18 * mm, 52 * mm, 48 * mm, 26 * mm], st["small"]))
    story.append(pdf.paragraph("渠道报备 Channel reports", st["h2"]))
    rep_rows = [["#", "渠道 / 经纪人", "报备时间", "结果", "说明", "保护至"]]
    for r in doc["reports"]:  # type: ignore[attr-defined]
        rep_rows.append(
            [
                str(r["id"]),
                f"{r['channel_name']} / {r['broker_name']}",
                r["reported_at"][:16].replace("T", " "),
                STATUS_ZH.get(r["status"], r["status"]),
                r["reason_detail"] or (r["reason"] or ""),
                (r["protect_until"] or "")[:10],
            ]
        )
    story.append(pdf.table(rep_rows, [10 * mm, 40 * mm, 28 * mm, 18 * mm, 56 * mm, 26 * mm], st["small"]))
    story.append(pdf.paragraph("到访记录 Visits", st["h2"]))
    visit_rows = [["#", "到访时间", "人数", "首访", "接待顾问", "带看报备"]]
    for v in doc["visits"]:  # type: ignore[attr-defined]
        visit_rows.append(
            [
                str(v["id"]),
                v["arrived_at"][:16].replace("T", " "),
                str(v["party_size"]),
                "是" if v["is_new"] else "否",
                v["consultant"],
                str(v["report_id"] or ""),
            ]
        )
    story.append(pdf.table(visit_rows, [12 * mm, 36 * mm, 14 * mm, 14 * mm, 40 * mm, 30 * mm], st["small"]))
    story.append(pdf.spacer(4))
    story.append(pdf.paragraph("时间为 UTC；完整数据与哈希见同一压缩包内的 evidence.json。", st["small"]))
    return pdf.build(story, f"判客证据 {cust['id']}")
