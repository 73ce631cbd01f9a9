"""The fairness log's canonical JSON is byte for byte what json.dumps(sort_keys, no spaces, UTF-8) gives: logs
written by either still verify."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from server.engine import fairness

leaves = st.none() | st.booleans() | st.integers(-(2**62), 2**62) | st.text()
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4))


@given(st.dictionaries(st.text(), values, max_size=8))
def test_canonical_json_is_the_sorted_compact_json_dumps(record: dict[str, object]) -> None:
    expected = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert fairness.canonical_json(record) == expected


def test_a_row_hashes_its_record_and_chains() -> None:
    at = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    first = fairness.make_row(7, 1, fairness.GENESIS, at, "pick", buyer_id=3, unit_id=9, detail={"选": [9, 8]})
    second = fairness.make_row(7, 2, first.hash, at, "pick", buyer_id=4, outcome="taken", detail={})
    assert first.hash == fairness.chain_hash(fairness.GENESIS, first.record()) and len(first.hash) == 64
    # The bytes the row keeps (and the database stores) are the ones its hash covers.
    assert first.canonical == fairness.canonical_json(first.record())
    assert second.canonical == fairness.canonical_json(second.record())
    verdict = fairness.verify([(r.record(), r.prev_hash, r.hash) for r in (first, second)])
    assert verdict.ok and verdict.rows == 2
    tampered = {**second.record(), "buyer_id": 5}
    assert not fairness.verify([(first.record(), first.prev_hash, first.hash), (tampered, first.hash, second.hash)]).ok


times = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
ids = st.integers(1, 2**31 - 1)
unit_lists = st.lists(ids, max_size=6)


@given(
    ids, ids, times, times, ids, st.text(max_size=20), st.none() | st.text(max_size=64),
    st.sampled_from(["allocated", "taken", "closed"]), st.none() | ids, unit_lists, unit_lists,
)  # fmt: skip
def test_a_pick_row_is_the_generic_row_byte_for_byte(
    opening_id: int,
    seq: int,
    at: datetime,
    received_at: datetime,
    buyer_id: int,
    ticket_no: str,
    idem: str | None,
    outcome: str,
    unit_id: int | None,
    choices: list[int],
    taken: list[int],
) -> None:
    fast = fairness.make_pick_row(
        opening_id, seq, fairness.GENESIS, at, buyer_id, ticket_no, idem, outcome, unit_id, choices, taken, received_at
    )
    detail = {"choices": choices, "taken": taken, "received_at": received_at}
    generic = fairness.make_row(
        opening_id, seq, fairness.GENESIS, at, "pick", buyer_id=buyer_id, ticket_no=ticket_no, idem=idem,
        outcome=outcome, unit_id=unit_id, detail=detail,
    )  # fmt: skip
    assert fast == generic
    # Read back (as the database and an export give it), the record's times are text that encodes the same.
    record = fast.record()
    assert record["detail"]["received_at"] == received_at.isoformat().replace("+00:00", "Z")
    assert datetime.fromisoformat(record["at"]) == at
    assert fairness.canonical_json(record) == fast.canonical
    assert fairness.chain_hash(fairness.GENESIS, record) == fast.hash


def test_times_are_rfc3339_utc_in_the_record() -> None:
    at = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    row = fairness.make_row(7, 1, fairness.GENESIS, at, "start", detail={})
    assert row.record()["at"] == "2026-12-01T10:00:00Z"
    later = fairness.make_row(7, 2, row.hash, at + timedelta(microseconds=5), "close")
    assert later.record()["at"] == "2026-12-01T10:00:00.000005Z"
