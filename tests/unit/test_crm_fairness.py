"""The rotation's fair order: fewest today, longest waiting, and ties that do not always favour one person."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from server.crm.fairness import Candidate, order, tiebreak

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def test_fewest_assignments_first_then_longest_waiting() -> None:
    a = Candidate(1, 2, T0)
    b = Candidate(2, 1, T0 + timedelta(hours=1))
    c = Candidate(3, 1, T0)
    assert [x.user_id for x in order([a, b, c], 1, "2026-05-01", 4)] == [3, 2, 1]


def test_never_assigned_waits_longest() -> None:
    new = Candidate(9, 0, None)
    old = Candidate(1, 0, T0 - timedelta(days=3))
    assert order([old, new], 1, "2026-05-01", 0)[0].user_id == 9


def test_ties_rotate_between_people_across_turns_and_days() -> None:
    people = [Candidate(uid, 0, None) for uid in (11, 12, 13, 14)]
    firsts = Counter(order(people, 7, f"2026-05-{d:02d}", 0)[0].user_id for d in range(1, 29))
    assert len(firsts) == 4, firsts  # everyone wins a first-of-day tie some days
    assert max(firsts.values()) <= 14
    same_day = {order(people, 7, "2026-05-01", turn)[0].user_id for turn in range(12)}
    assert len(same_day) >= 3
    assert tiebreak(7, "2026-05-01", 0, 11) == tiebreak(7, "2026-05-01", 0, 11)  # recomputable


def simulate(days: int, seed: int) -> tuple[Counter[int], Counter[int]]:
    """Four consultants, random check-outs and skips; everyone present takes what the order says."""
    rng = random.Random(seed)
    last: dict[int, datetime | None] = dict.fromkeys((1, 2, 3, 4))
    total: Counter[int] = Counter()
    spread: Counter[int] = Counter()
    for day in range(days):
        today: Counter[int] = Counter()
        present = {1, 2, 3, 4}
        for turn in range(12):
            at = T0 + timedelta(days=day, minutes=30 * turn)
            if rng.random() < 0.15 and len(present) > 2:
                present.discard(rng.choice(sorted(present)))
            elif rng.random() < 0.15:
                present.add(rng.choice([1, 2, 3, 4]))
            cands = [Candidate(u, today[u], last[u]) for u in sorted(present)]
            ranked = order(cands, 1, f"d{day}", turn)
            skip = {ranked[0].user_id} if rng.random() < 0.1 and len(ranked) > 1 else set()
            chosen = next(c for c in ranked if c.user_id not in skip)
            today[chosen.user_id] += 1
            last[chosen.user_id] = at
        total.update(today)
        spread[max(today.values()) - min(today[u] for u in (1, 2, 3, 4))] += 1
    return total, spread


def test_fair_over_weeks_with_check_in_out_and_skips() -> None:
    total, _ = simulate(days=30, seed=3)
    assert sum(total.values()) == 360
    assert max(total.values()) - min(total.values()) <= 0.2 * 90, total
