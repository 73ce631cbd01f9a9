"""The fairness log's canonical JSON is byte for byte what json.dumps(sort_keys, no spaces, UTF-8) gives: logs
written by either still verify."""

from __future__ import annotations

import json
from datetime import UTC, datetime

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
