"""After an opening benchmark run: who got which unit, by the replies, the fairness log and the database.

The three must agree, and in none of them may a unit have two buyers. Any disagreement is a problem the
benchmark reports and exits non-zero for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg2

from client.net.sync_client import SyncClient
from server.engine import fairness
from shared.domain import PickOutcome
from shared.protocol.messages.opening import ExportLogRequest

Owners = dict[int, int]  # unit id -> buyer id


@dataclass(slots=True)
class Source:
    """Who got which unit according to one source, how many units it gives to a second buyer, what is wrong."""

    owners: Owners = field(default_factory=dict)
    double_sells: int = 0
    problems: list[str] = field(default_factory=list)

    def allocate(self, unit: int, buyer: int, where: str) -> None:
        if unit in self.owners:
            self.double_sells += 1
            self.problems.append(
                f"{where}: unit {unit} allocated to buyer {buyer}, already buyer {self.owners[unit]}'s"
            )
        self.owners[unit] = buyer


def from_replies(buyer_ids: list[int], outcomes: list[str | None], units: list[int | None]) -> Source:
    source = Source()
    for buyer, outcome, unit in zip(buyer_ids, outcomes, units, strict=True):
        if outcome == PickOutcome.ALLOCATED.value:
            if unit is None:
                source.problems.append(f"replies: buyer {buyer}'s allocation names no unit")
            else:
                source.allocate(unit, buyer, "replies")
    return source


def from_log(manager: SyncClient, opening_id: int, buyer_ids: list[int]) -> tuple[Source, int]:
    """The exported JSON fairness log, also checked by the server's own verifier (hash chain, numbering, one
    buyer per unit, quota 1 each). Returns the source and the number of log rows."""
    export = manager.call("openings.export_log", ExportLogRequest(opening_id=opening_id, format="json"))
    rows = fairness.from_json(export.content)
    source = Source()
    for rec, _, _ in rows:
        if rec["kind"] == "release":
            source.owners.pop(rec["unit_id"], None)
        elif rec["kind"] == "pick" and rec["outcome"] == PickOutcome.ALLOCATED.value:
            source.allocate(rec["unit_id"], rec["buyer_id"], "fairness log")
    verdict = fairness.verify(rows, dict.fromkeys(buyer_ids, 1))
    source.problems += [f"fairness.verify: {p}" for p in verdict.problems[:20]]
    return source, len(rows)


def from_database(url: str, opening_id: int, unit_ids: list[int]) -> Source:
    """Straight from the tables: each buyer's allocated units (opening_buyers), and each unit's buyer (units)."""
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id, allocated FROM opening_buyers WHERE opening_id = %s ORDER BY id", (opening_id,))
            by_buyer = [(buyer, unit) for buyer, allocated in cur.fetchall() for unit in allocated]
            cur.execute("SELECT id, buyer_id FROM units WHERE id = ANY(%s) AND buyer_id IS NOT NULL", (unit_ids,))
            by_unit = dict(cur.fetchall())
    finally:
        conn.close()
    source = Source()
    for buyer, unit in by_buyer:
        source.allocate(unit, buyer, "database")
    if source.owners != by_unit:
        differ = sorted(set(source.owners.items()) ^ set(by_unit.items()))[:10]
        source.problems.append(f"database: opening_buyers.allocated and units.buyer_id disagree, e.g. {differ}")
    return source


def disagreements(named: dict[str, Source]) -> list[str]:
    """Every source must name the same buyer for the same units."""
    (first, reference), *others = named.items()
    problems = []
    for name, source in others:
        if source.owners != reference.owners:
            differ = sorted(set(source.owners.items()) ^ set(reference.owners.items()))
            problems.append(f"{name} and {first} disagree on {len(differ)} (unit, buyer) pairs, e.g. {differ[:10]}")
    return problems
