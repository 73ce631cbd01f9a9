"""Threshold calibration: TAR at FAR 1e-2 / 1e-3 and thresholds whose FAR is bounded, on constructed scores."""

from __future__ import annotations

import numpy as np
import pytest

from server.faces.calibration import CalibrationError, calibrate, poisson_upper
from server.faces.gallery import Neighbour
from server.faces.matching import decide, worth_keeping
from shared.protocol.messages.faces import FaceDecision


def test_poisson_upper_bounds() -> None:
    # Standard one-sided 95 % bounds: 0 -> 3.00 (the rule of three), 1 -> 4.74, 5 -> 10.51, 10 -> 16.96.
    for k, expected in [(0, 2.996), (1, 4.744), (5, 10.513), (10, 16.962)]:
        assert poisson_upper(k) == pytest.approx(expected, abs=0.005)


def clusters(people: int, per_person: int, spread: float, dim: int = 64, seed: int = 7) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(people, dim))
    labels, vectors = [], []
    for p in range(people):
        for _ in range(per_person):
            labels.append(f"p{p:03d}")
            vectors.append(centres[p] + rng.normal(scale=spread, size=dim))
    return labels, np.array(vectors, np.float32)


def test_a_large_set_bounds_both_rates() -> None:
    labels, vectors = clusters(people=120, per_person=3, spread=0.6)
    result = calibrate(labels, vectors)
    assert result.people == 120 and result.photos == 360
    assert result.genuine == 120 * 3 and result.impostor == 360 * 359 // 2 - 360
    assert not result.notes  # 64,000 impostor pairs bound 1e-3 with room to spare
    assert result.far_match <= 1e-3 and result.far_review <= 1e-2
    assert result.review <= result.match
    assert result.tar_match > 0.99  # well separated clusters
    review_point, match_point = result.points
    assert review_point.far == 1e-2 and match_point.far == 1e-3
    assert match_point.chosen is not None and match_point.chosen >= match_point.estimate  # bounded is stricter


def test_a_small_set_puts_the_match_threshold_above_every_impostor() -> None:
    labels, vectors = clusters(people=10, per_person=3, spread=0.6)
    result = calibrate(labels, vectors)
    assert result.impostor == 405 < 3000
    assert result.far_match == 0.0 and any("cannot bound a FAR of 1e-03" in n for n in result.notes)
    report = result.report("m:1")
    assert "FAR 1e-02" in report and "FAR 1e-03" in report and "chosen: match >=" in report


def test_refuses_sets_it_cannot_use() -> None:
    with pytest.raises(CalibrationError, match="two people"):
        calibrate(["a", "a"], np.ones((2, 8), np.float32))
    with pytest.raises(CalibrationError, match="two or more photos"):
        calibrate(["a", "b"], np.eye(2, 8, dtype=np.float32))


def test_three_way_decision() -> None:
    assert decide([], 0.5, 0.35).decision is FaceDecision.NO_MATCH
    best = [Neighbour(7, 0.6), Neighbour(8, 0.4)]
    assert decide(best, 0.5, 0.35).person_id == 7
    review = decide([Neighbour(7, 0.4)], 0.5, 0.35)
    assert review.decision is FaceDecision.REVIEW and review.candidate_id == 7 and review.person_id is None
    low = decide([Neighbour(7, 0.2)], 0.5, 0.35)
    assert low.decision is FaceDecision.NO_MATCH and low.similarity == 0.2
    assert worth_keeping(0.7, 0.8, 1) and not worth_keeping(0.95, 0.8, 1) and not worth_keeping(0.7, 0.8, 5)
