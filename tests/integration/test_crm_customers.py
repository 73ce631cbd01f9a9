"""Customers over the real server: record-level rules, ID numbers at rest, search and paging, follow-ups,
the public pool and reminders (the timed jobs run with a chosen clock), notices that reach only their owner.

`office()` here is also used by the other CRM test modules.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from client.net.sync_client import RemoteError, SyncClient
from server.app import ServerApp
from server.crm.jobs import run_all
from shared.domain import Role
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.audit import AuditQuery
from shared.protocol.messages.catalog import CreateProjectRequest
from shared.protocol.messages.crm_customers import (
    AssignRequest,
    CreateCustomerRequest,
    CrmSettingsInfo,
    CustomerRef,
    FollowUpRequest,
    ProjectScope,
    SearchRequest,
    UpdateCustomerRequest,
)
from shared.protocol.messages.crm_types import FollowUpKind, Scope
from shared.protocol.messages.notices import MarkReadRequest, NoticeListRequest

ID_NUMBER = "11010519491231002X"


@dataclass
class Office:
    project_id: int
    admin: SyncClient
    manager: SyncClient
    front: SyncClient
    finance: SyncClient
    consultants: list[SyncClient]
    ids: dict[str, int]  # "c0", "c1", "manager", "front" → user id

    def cid(self, i: int) -> int:
        return self.ids[f"c{i}"]


def office(login: Callable[..., SyncClient], consultants: int = 2) -> Office:
    admin = login(Role.ADMIN)
    project = admin.call("projects.create", CreateProjectRequest(name=f"CRM楼盘{uuid.uuid4().hex[:6]}", city="杭州"))
    manager, front, finance = login(Role.SALES_MANAGER), login(Role.FRONT_DESK), login(Role.FINANCE)
    cons = [login(Role.CONSULTANT) for _ in range(consultants)]
    ids = {"manager": manager.call("auth.whoami").id, "front": front.call("auth.whoami").id}
    ids.update({f"c{i}": c.call("auth.whoami").id for i, c in enumerate(cons)})
    return Office(project.id, admin, manager, front, finance, cons, ids)


def refused(fn: Callable[[], object]) -> ErrorCode:
    with pytest.raises(RemoteError) as err:
        fn()
    return err.value.code


def test_consultants_see_their_own_and_the_pool_managers_all(login: Callable[..., SyncClient]) -> None:
    o = office(login)
    a, b = o.consultants
    mine = a.call("customers.create", CreateCustomerRequest(project_id=o.project_id, name="张伟", phone="13812345678"))
    assert mine.owner_id == o.cid(0) and mine.phone == "13812345678"
    pooled = o.manager.call(
        "customers.create", CreateCustomerRequest(project_id=o.project_id, name="李娜", phone="13912345678")
    )
    assert pooled.owner_id is None
    # B sees neither A's customer nor its number; the pool customer only masked until claimed.
    assert refused(lambda: b.call("customers.get", CustomerRef(customer_id=mine.id))) is ErrorCode.FORBIDDEN
    assert (
        refused(lambda: b.call("customers.update", UpdateCustomerRequest(customer_id=mine.id, version=1, note="x")))
        is ErrorCode.FORBIDDEN
    )
    page = b.call("customers.search", SearchRequest(project_id=o.project_id))
    assert [r.id for r in page.rows] == [pooled.id] and page.rows[0].phone == "139****5678"
    claimed = b.call("customers.claim", CustomerRef(customer_id=pooled.id))
    assert claimed.owner_id == o.cid(1) and claimed.phone == "13912345678"
    assert refused(lambda: a.call("customers.claim", CustomerRef(customer_id=pooled.id))) is ErrorCode.FORBIDDEN
    everyone = o.manager.call("customers.search", SearchRequest(project_id=o.project_id))
    assert {r.id for r in everyone.rows} == {mine.id, pooled.id}
    # 撞单: the same phone cannot be a second customer; the reply says whose it is.
    dup = CreateCustomerRequest(project_id=o.project_id, name="张伟", phone="+86 138 1234 5678")
    assert refused(lambda: b.call("customers.create", dup)) is ErrorCode.CONFLICT
    # Front desk and finance read no profiles.
    for client in (o.front, o.finance):
        assert refused(lambda c=client: c.call("customers.get", CustomerRef(customer_id=mine.id))) is (
            ErrorCode.FORBIDDEN
        )


def test_id_numbers_are_encrypted_masked_and_each_reveal_is_audited(
    login: Callable[..., SyncClient], server: ServerApp
) -> None:
    o = office(login, consultants=1)
    c = o.consultants[0].call(
        "customers.create",
        CreateCustomerRequest(project_id=o.project_id, name="王芳", phone="13700001111", id_number=ID_NUMBER.lower()),
    )
    assert c.id_masked == "110***********002X"
    assert server.database is not None
    with server.database.engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT id_cipher, id_hmac, id_masked FROM customers WHERE id = :i"), {"i": c.id}
        ).one()
        dump = conn.execute(sa.text("SELECT string_agg(before::text || after::text, '') FROM audit_log")).scalar()
    assert ID_NUMBER.encode() not in bytes(row.id_cipher) and ID_NUMBER not in (row.id_hmac or "")
    assert ID_NUMBER not in (dump or "")
    assert refused(lambda: o.consultants[0].call("customers.reveal_id", CustomerRef(customer_id=c.id))) is (
        ErrorCode.FORBIDDEN
    )
    assert o.finance.call("customers.reveal_id", CustomerRef(customer_id=c.id)).id_number == ID_NUMBER
    assert o.manager.call("customers.reveal_id", CustomerRef(customer_id=c.id)).id_number == ID_NUMBER
    audit = o.admin.call("audit.query", AuditQuery(command="customers.reveal_id", limit=10)).rows
    assert len(audit) == 2 and all(r.target_id == str(c.id) for r in audit)
    # The same ID number cannot belong to a second customer; a bad one is refused precisely.
    code = refused(
        lambda: o.manager.call(
            "customers.create",
            CreateCustomerRequest(project_id=o.project_id, name="王芳", phone="13700002222", id_number=ID_NUMBER),
        )
    )
    assert code is ErrorCode.CONFLICT
    code = refused(
        lambda: o.manager.call(
            "customers.create",
            CreateCustomerRequest(
                project_id=o.project_id, name="赵六", phone="13700003333", id_number="110105194912310021"
            ),
        )
    )
    assert code is ErrorCode.VALIDATION_FAILED
    assert (server.settings.data_dir / "crm_id.key").stat().st_mode & 0o777 == 0o600


def test_search_by_name_phone_last4_initials_tags_and_keyset_paging(login: Callable[..., SyncClient]) -> None:
    o = office(login, consultants=1)
    m = o.manager
    people = [
        ("张伟", "13811110001", ["学区"]),
        ("张卫国", "13811110002", ["改善", "学区"]),
        ("李明", "13911115678", []),
        ("欧阳娜娜", "13611115678", ["投资"]),
    ]
    made = [
        m.call("customers.create", CreateCustomerRequest(project_id=o.project_id, name=n, phone=p, tags=t))
        for n, p, t in people
    ]
    ids = {c.name: c.id for c in made}

    def find(query: str = "", tags: list[str] | None = None) -> set[str]:
        page = m.call("customers.search", SearchRequest(project_id=o.project_id, query=query, tags=tags or []))
        return {r.name for r in page.rows}

    assert find("13811110002") == {"张卫国"}
    assert find("5678") == {"李明", "欧阳娜娜"}
    assert find("5678 李") == {"李明"}
    assert find("zw") == {"张伟", "张卫国"}
    assert find("zwg") == {"张卫国"}
    assert find("oy") == {"欧阳娜娜"}
    assert find("张") == {"张伟", "张卫国"}
    assert find("1381111") == {"张伟", "张卫国"}
    assert find(tags=["学区"]) == {"张伟", "张卫国"}
    assert find("zw", tags=["改善"]) == {"张卫国"}
    assert find("100%_") == set()
    seen: list[int] = []
    after = None
    while True:
        page = m.call("customers.search", SearchRequest(project_id=o.project_id, limit=3, after_id=after))
        seen += [r.id for r in page.rows]
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == sorted(ids.values(), reverse=True)


def test_follow_ups_due_overdue_reminders_and_pool_return(login: Callable[..., SyncClient], server: ServerApp) -> None:
    o = office(login)
    a = o.consultants[0]
    c = a.call("customers.create", CreateCustomerRequest(project_id=o.project_id, name="陈静", phone="13500001111"))
    stale = a.call("customers.create", CreateCustomerRequest(project_id=o.project_id, name="周杰", phone="13500002222"))
    now = utcnow()
    f = a.call(
        "followups.add",
        FollowUpRequest(
            customer_id=c.id,
            kind=FollowUpKind.CALL,
            note="约周六看房",
            at=now - timedelta(days=2),
            next_at=now - timedelta(hours=1),
        ),
    )
    assert f.user_name and f.kind is FollowUpKind.CALL
    assert (
        refused(
            lambda: o.consultants[1].call("followups.add", FollowUpRequest(customer_id=c.id, kind=FollowUpKind.CALL))
        )
        is ErrorCode.FORBIDDEN
    )
    assert [r.id for r in a.call("followups.due", ProjectScope(project_id=o.project_id)).rows] == [c.id]
    assert server.database is not None
    sessions = server.database.sessions
    # The reminder goes out once, to the owner only.
    report, events = run_all(sessions, now + timedelta(minutes=2))
    assert report.reminders == 1
    assert next(e for t, e in events if t == "notice.new").user_id == o.cid(0)  # type: ignore[attr-defined]
    assert run_all(sessions, now + timedelta(minutes=3))[0].reminders == 0
    notes = a.call("notices.list", NoticeListRequest())
    assert [n.kind for n in notes.notices] == ["followup.due"] and notes.notices[0].payload["customer_id"] == c.id
    assert o.consultants[1].call("notices.list", NoticeListRequest()).notices == []
    # Someone else's notice ids are not theirs to mark.
    assert o.consultants[1].call("notices.mark_read", MarkReadRequest(ids=[notes.notices[0].id])).marked == 0
    assert a.call("notices.mark_read", MarkReadRequest(ids=[notes.notices[0].id])).marked == 1
    assert [r.id for r in o.manager.call("followups.overdue", ProjectScope(project_id=o.project_id)).rows] == [c.id]
    # Pool return after N days without a follow-up: the settings decide N; the move is audited.
    o.manager.call("crm.settings_set", CrmSettingsInfo(project_id=o.project_id, pool_days=7))
    report, _ = run_all(sessions, now + timedelta(days=4))
    assert report.pool_returns == 0
    later = now + timedelta(days=7, hours=1)
    report, _ = run_all(sessions, later)
    assert report.pool_returns == 2  # both: the follow-up was 9 days ago, the other never followed up
    back = o.manager.call("customers.get", CustomerRef(customer_id=stale.id))
    assert back.owner_id is None and back.owner_name == ""
    audit = o.admin.call("audit.query", AuditQuery(command="crm.pool_return", limit=10)).rows
    assert {r.target_id for r in audit} == {str(c.id), str(stale.id)} and all(r.actor_name == "system" for r in audit)
    assert "customer.pooled" in {n.kind for n in a.call("notices.list", NoticeListRequest()).notices}
    assert run_all(sessions, later)[0].pool_returns == 0


def test_manager_assigns_and_updates_are_versioned(login: Callable[..., SyncClient]) -> None:
    o = office(login)
    c = o.manager.call(
        "customers.create", CreateCustomerRequest(project_id=o.project_id, name="吴磊", phone="13300001111")
    )
    given = o.manager.call("customers.assign", AssignRequest(customer_id=c.id, owner_id=o.cid(1), reason="客户指定"))
    assert given.owner_id == o.cid(1)
    assert [n.kind for n in o.consultants[1].call("notices.list", NoticeListRequest()).notices] == ["customer.assigned"]
    b = o.consultants[1]
    updated = b.call(
        "customers.update",
        UpdateCustomerRequest(customer_id=c.id, version=given.version, tags=["改善"], note="二胎家庭"),
    )
    assert updated.version == given.version + 1 and updated.tags == ["改善"]
    budgeted = b.call(
        "customers.update", UpdateCustomerRequest(customer_id=c.id, version=updated.version, budget_wan=Decimal("280"))
    )
    assert budgeted.budget_wan == Decimal("280")
    both = UpdateCustomerRequest(customer_id=c.id, version=budgeted.version, budget_wan=Decimal("1"), clear_budget=True)
    assert refused(lambda: b.call("customers.update", both)) is ErrorCode.VALIDATION_FAILED
    assert b.call("customers.get", CustomerRef(customer_id=c.id)).budget_wan == Decimal("280")
    cleared = b.call(
        "customers.update", UpdateCustomerRequest(customer_id=c.id, version=budgeted.version, clear_budget=True)
    )
    assert cleared.budget_wan is None and cleared.tags == ["改善"] and cleared.note == "二胎家庭"
    stale = refused(
        lambda: b.call(
            "customers.update", UpdateCustomerRequest(customer_id=c.id, version=given.version, note="旧版本")
        )
    )
    assert stale is ErrorCode.CONFLICT
    assert (
        refused(
            lambda: o.consultants[0].call(
                "customers.assign", AssignRequest(customer_id=c.id, owner_id=o.cid(0), reason="x")
            )
        )
        is ErrorCode.FORBIDDEN
    )
    assert b.call("customers.search", SearchRequest(project_id=o.project_id, scope=Scope.MINE)).rows[0].id == c.id
