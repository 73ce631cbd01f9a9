"""The three-way decision: match, review by a person, or no match. There is always an "unknown" answer."""

from __future__ import annotations

from dataclasses import dataclass

from server.faces.gallery import Neighbour
from shared.protocol.messages.faces import FaceDecision

# A matched face joins its person's templates while it adds something: below this similarity, and up to a
# few per person, so that a returning visitor is recognised from more than one angle.
MAX_TEMPLATES = 5
REDUNDANT = 0.9
MIN_TEMPLATE_QUALITY = 0.3


@dataclass(frozen=True, slots=True)
class Verdict:
    decision: FaceDecision
    similarity: float | None
    person_id: int | None  # match: who it is
    candidate_id: int | None  # review: who it may be


def decide(neighbours: list[Neighbour], match: float, review: float) -> Verdict:
    if not neighbours:
        return Verdict(FaceDecision.NO_MATCH, None, None, None)
    best = neighbours[0]
    if best.similarity >= match:
        return Verdict(FaceDecision.MATCH, best.similarity, best.person_id, None)
    if best.similarity >= review:
        return Verdict(FaceDecision.REVIEW, best.similarity, None, best.person_id)
    return Verdict(FaceDecision.NO_MATCH, best.similarity, None, None)


def worth_keeping(similarity: float, quality: float, templates: int) -> bool:
    return templates < MAX_TEMPLATES and similarity < REDUNDANT and quality >= MIN_TEMPLATE_QUALITY
