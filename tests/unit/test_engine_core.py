"""The engine's decisions in memory, against a reference model, over random interleavings (hypothesis).

Many consultants, a manager and finance act on a few units in random order while the clock jumps; the engine's
answer to each command must be what a plain model of the rules says, and no unit ever has two owners.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from server.engine.core import Engine, Stamp
from server.engine.rules import Action
from server.engine.state import UnitState
from server.sessions import Actor
from shared.domain import Role, UnitStatus
from shared.protocol.errors import ShowroomError
from shared.protocol.messages.catalog import SetUnitStatusRequest
from shared.protocol.messages.sales import HoldRequest, SubscribeRequest, UnitActionRequest

S = UnitStatus
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
UNITS = 4


def actor(uid: int, role: Role) -> Actor:
    return Actor(uid, f"u{uid}", role, "h", T0 + timedelta(days=1), f"用户{uid}")


CONSULTANTS = [actor(i, Role.CONSULTANT) for i in (1, 2, 3)]
MANAGER = actor(9, Role.SALES_MANAGER)
FINANCE = actor(8, Role.FINANCE)
STAFF = [*CONSULTANTS, MANAGER, FINANCE]


def unit(i: int) -> UnitState:
    return UnitState(
        id=i,
        project_id=1,
        building_id=1,
        floor=1,
        number=f"10{i}",
        layout="三室",
        gross_area=Decimal(100),
        inner_area=Decimal(80),
        orientation="南",
        list_price=Decimal(1_000_000),
        status=S.AVAILABLE,
        version=1,
        updated_at=T0,
    )


@dataclass
class Model:
    status: UnitStatus
    owner: int | None
    expires: datetime | None


class EngineMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.engine = Engine({i: unit(i) for i in range(1, UNITS + 1)}, {}, {"opening": 0, "buyer": 0})
        self.model = {i: Model(S.AVAILABLE, None, None) for i in range(1, UNITS + 1)}
        self.now = T0
        self.seq = 0

    def stamp(self) -> Stamp:
        self.seq += 1
        return Stamp(self.now, "test", f"key-{self.seq:08d}")

    def run(self, action: Action, who: Actor, req: object, allowed: bool) -> None:
        try:
            info = self.engine.unit_action(action, who, req, self.stamp())  # type: ignore[arg-type]
        except ShowroomError as err:
            assert not allowed, f"{who.role} {action} refused: {err.message}"
            return
        assert allowed, f"{who.role} {action} on {req} was accepted against the rules"
        m = self.model[info.id]
        assert info.status is m.status  # the model was updated by the rule below before the call

    # Each rule updates the model when the rules allow the action, then asks the engine.

    @rule(u=st.integers(1, UNITS), who=st.sampled_from([*CONSULTANTS, MANAGER]), minutes=st.integers(1, 90))
    def hold(self, u: int, who: Actor, minutes: int) -> None:
        m = self.model[u]
        allowed = m.status is S.AVAILABLE
        if allowed:
            self.model[u] = Model(S.HELD, who.user_id, self.now + timedelta(minutes=minutes))
        self.run(Action.HOLD, who, HoldRequest(unit_id=u, minutes=minutes), allowed)

    @rule(u=st.integers(1, UNITS), who=st.sampled_from([*CONSULTANTS, MANAGER]))
    def release(self, u: int, who: Actor) -> None:
        m = self.model[u]
        allowed = m.status is S.HELD and (m.owner == who.user_id or who.role is Role.SALES_MANAGER)
        if allowed:
            self.model[u] = Model(S.AVAILABLE, None, None)
        self.run(Action.RELEASE, who, UnitActionRequest(unit_id=u), allowed)

    @rule(u=st.integers(1, UNITS), who=st.sampled_from(STAFF))
    def subscribe(self, u: int, who: Actor) -> None:
        m = self.model[u]
        mine = m.owner == who.user_id or who.role is Role.SALES_MANAGER
        allowed = m.status is S.AVAILABLE or (m.status is S.HELD and mine)
        if allowed:
            owner = m.owner if m.status is S.HELD else who.user_id
            self.model[u] = Model(S.SUBSCRIBED, owner, None)
        req = SubscribeRequest(unit_id=u, customer_name="客户", deposit=Decimal(10000))
        self.run(Action.SUBSCRIBE, who, req, allowed)

    @rule(u=st.integers(1, UNITS), who=st.sampled_from([FINANCE, MANAGER]))
    def sign(self, u: int, who: Actor) -> None:
        m = self.model[u]
        allowed = m.status is S.SUBSCRIBED
        if allowed:
            self.model[u] = Model(S.SIGNED, m.owner, None)
        self.run(Action.SIGN, who, UnitActionRequest(unit_id=u), allowed)

    @rule(u=st.integers(1, UNITS))
    def cancel(self, u: int) -> None:
        m = self.model[u]
        allowed = m.status in (S.SUBSCRIBED, S.SIGNED)
        if allowed:
            self.model[u] = Model(S.AVAILABLE, None, None)
        self.run(Action.CANCEL, MANAGER, UnitActionRequest(unit_id=u, reason="退"), allowed)

    @rule(u=st.integers(1, UNITS), status=st.sampled_from(list(S)))
    def set_status(self, u: int, status: UnitStatus) -> None:
        target = status
        m = self.model[u]
        direct = {
            (S.NOT_RELEASED, S.AVAILABLE),
            (S.AVAILABLE, S.NOT_RELEASED),
            (S.AVAILABLE, S.RESERVED),
            (S.RESERVED, S.AVAILABLE),
            (S.RESERVED, S.NOT_RELEASED),
            (S.AVAILABLE, S.UNAVAILABLE),
            (S.NOT_RELEASED, S.UNAVAILABLE),
            (S.UNAVAILABLE, S.AVAILABLE),
            (S.UNAVAILABLE, S.NOT_RELEASED),
            (S.SIGNED, S.SOLD),
        }
        allowed = (m.status, target) in direct
        if allowed:
            keep = target is S.SOLD
            self.model[u] = Model(target, m.owner if keep else None, None)
        self.run(Action.SET_STATUS, MANAGER, SetUnitStatusRequest(unit_id=u, status=target), allowed)

    @rule(minutes=st.integers(1, 60))
    def time_passes(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)
        for m in self.model.values():
            if m.status is S.HELD and m.expires is not None and m.expires <= self.now:
                m.status, m.owner, m.expires = S.AVAILABLE, None, None
        self.engine.tick(self.now)

    @invariant()
    def engine_matches_model(self) -> None:
        for i, m in self.model.items():
            u = self.engine.units[i]
            assert u.status is m.status, (i, u.status, m.status)
            # One owner at most, and exactly when the unit is owned.
            assert u.holder_id == m.owner, (i, u.holder_id, m.owner)
            assert (u.hold_expires_at is not None) == (u.status is S.HELD)


TestEngineAgainstModel = EngineMachine.TestCase
TestEngineAgainstModel.settings = settings(max_examples=150, stateful_step_count=60, deadline=None)
