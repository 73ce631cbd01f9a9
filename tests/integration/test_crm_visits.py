"""Visit registration and the rotation over the real server: new vs returning, the owner's live notice,
fair assignment under check-in/out and skips, the ledger and the fairness report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import zmq

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient, secure_socket
from shared.protocol.envelope import decode_body, decode_event
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.crm_customers import CreateCustomerRequest, CustomerRef, ProjectRef
from shared.protocol.messages.crm_types import LookupOutcome
from shared.protocol.messages.crm_visits import (
    FairnessRequest,
    LookupRequest,
    RegisterVisitRequest,
    RotationRequest,
    Skip,
)
from shared.protocol.messages.notices import NoticeListRequest, NoticeNew
from tests.integration.test_crm_customers import office, refused


def test_front_desk_tells_new_from_returning_and_the_owner_hears_of_it(
    login: Callable[..., SyncClient], pairing: Pairing
) -> None:
    o = office(login)
    owner = o.consultants[0]
    known = owner.call(
        "customers.create", CreateCustomerRequest(project_id=o.project_id, name="张伟", phone="13812345678")
    )
    zctx: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    sub = secure_socket(zctx, zmq.SUB, pairing.server_public_key)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(pairing.event_endpoint)
    assert sub.poll(5000), "no heartbeat"
    try:
        look = o.front.call("visits.lookup", LookupRequest(project_id=o.project_id, phone="13812345678"))
        assert look.outcome is LookupOutcome.RETURNING
        match = look.matches[0]
        assert (match.name, match.phone_masked, match.owner_id) == ("张伟", "138****5678", o.cid(0))
        assert not hasattr(match, "phone") and match.owner_name
        by_last4 = o.front.call("visits.lookup", LookupRequest(project_id=o.project_id, last4="5678", name="张"))
        assert by_last4.outcome is LookupOutcome.RETURNING
        assert o.front.call("visits.lookup", LookupRequest(project_id=o.project_id, phone="13900000000")).outcome is (
            LookupOutcome.NEW
        )
        reply = o.front.call(
            "visits.register",
            RegisterVisitRequest(project_id=o.project_id, customer_id=known.id, party_size=3, companions="太太、孩子"),
        )
        assert reply.outcome is LookupOutcome.RETURNING and not reply.assigned_by_rotation
        assert reply.visit.consultant_id == o.cid(0)
        notice_events: list[NoticeNew] = []
        while sub.poll(2000):
            ev = decode_event(sub.recv_multipart()[-1])
            if ev.type == "notice.new":
                payload = decode_body(ev.body, NoticeNew)
                notice_events.append(payload)
                # The broadcast carries no name, phone or anything private.
                assert "张伟" not in bytes(ev.body).decode("utf-8", "replace")
                break
        assert notice_events and notice_events[0].user_id == o.cid(0)
        notes = owner.call("notices.list", NoticeListRequest()).notices
        assert notes[0].kind == "visit.returning" and notes[0].payload["customer_name"] == "张伟"
        assert notes[0].payload["party_size"] == 3
        assert o.consultants[1].call("notices.list", NoticeListRequest()).notices == []
        today = o.front.call("visits.today", ProjectRef(project_id=o.project_id)).visits
        assert [v.customer_name for v in today] == ["张伟"]
        assert o.manager.call("customers.get", CustomerRef(customer_id=known.id)).status.value == "visited"
    finally:
        sub.close()
        zctx.term()


def test_rotation_is_fair_skips_need_reasons_and_everything_is_in_the_ledger(
    login: Callable[..., SyncClient],
) -> None:
    o = office(login, consultants=3)
    p = o.project_id
    for c in o.consultants[:2]:
        c.call("rotation.check_in", RotationRequest(project_id=p))
    assert refused(
        lambda: o.consultants[0].call("rotation.check_in", RotationRequest(project_id=p, user_id=o.cid(2)))
    ) is (ErrorCode.FORBIDDEN)
    q = o.front.call("rotation.queue", ProjectRef(project_id=p))
    assert [e.checked_in for e in q.entries] == [True, True]  # only those who ever checked in
    got: list[int] = []
    for i in range(4):
        r = o.front.call("visits.register", RegisterVisitRequest(project_id=p, name=f"新客{i}", phone=f"1370000000{i}"))
        assert r.outcome is LookupOutcome.NEW and r.assigned_by_rotation
        assert r.visit.consultant_id is not None
        got.append(r.visit.consultant_id)
    assert Counter(got) == {o.cid(0): 2, o.cid(1): 2}
    assert got[0] != got[1] and got[2] != got[3]  # strict alternation between two equals
    # A late check-in catches up first; the manager can check someone out.
    o.consultants[2].call("rotation.check_in", RotationRequest(project_id=p))
    r = o.front.call("visits.register", RegisterVisitRequest(project_id=p, name="新客9", phone="13700000009"))
    assert r.visit.consultant_id == o.cid(2)
    # A skip needs a reason and someone checked in; the skipped consultant is passed over and recorded.
    nxt = o.front.call("rotation.queue", ProjectRef(project_id=p)).entries[0].user_id
    assert refused(
        lambda: o.front.call(
            "visits.register",
            RegisterVisitRequest(
                project_id=p, name="新客10", phone="13700000010", skips=[Skip(user_id=o.ids["front"], reason="忙")]
            ),
        )
    ) is (ErrorCode.VALIDATION_FAILED)
    r = o.front.call(
        "visits.register",
        RegisterVisitRequest(
            project_id=p, name="新客10", phone="13700000010", skips=[Skip(user_id=nxt, reason="正在接待老客户")]
        ),
    )
    assert r.visit.consultant_id not in (None, nxt)
    o.manager.call("rotation.check_out", RotationRequest(project_id=p, user_id=o.cid(0)))
    for i in range(11, 15):
        r = o.front.call("visits.register", RegisterVisitRequest(project_id=p, name=f"新客{i}", phone=f"137000000{i}"))
        assert r.visit.consultant_id != o.cid(0)
    report = o.manager.call("rotation.fairness", FairnessRequest(project_id=p)).rows
    by_user = {row.user_id: row for row in report}
    assert sum(row.assignments for row in report) == 10
    assert by_user[nxt].skips == 1
    assert all(row.check_ins == 1 for row in report)
    counts = sorted(row.assignments for row in report)
    assert counts[-1] - counts[0] <= 2, counts
    assert refused(lambda: o.front.call("rotation.fairness", FairnessRequest(project_id=p))) is ErrorCode.FORBIDDEN


def test_nobody_checked_in_leaves_the_visitor_in_the_pool(login: Callable[..., SyncClient]) -> None:
    o = office(login, consultants=1)
    r = o.front.call("visits.register", RegisterVisitRequest(project_id=o.project_id, name="孙丽", phone="13600001234"))
    assert r.assigned_by_rotation and r.visit.consultant_id is None
    assert o.manager.call("customers.get", CustomerRef(customer_id=r.visit.customer_id)).owner_id is None
    assert (
        refused(
            lambda: o.front.call(
                "visits.register", RegisterVisitRequest(project_id=o.project_id, name="", phone="13600009999")
            )
        )
        is ErrorCode.VALIDATION_FAILED
    )
    assert refused(lambda: o.front.call("visits.lookup", LookupRequest(project_id=o.project_id, last4="12"))) is (
        ErrorCode.VALIDATION_FAILED
    )
