"""Thresholds from a labelled set: true-accept rate at false-accept rates 1e-2 and 1e-3, and the thresholds chosen.

A small set cannot prove a small FAR: with n impostor pairs and k of them accepted, the FAR's 95 % upper bound
is the Poisson bound u(k)/n (u(0) = 3.0, the "rule of three"). The chosen thresholds are the lowest whose upper
bound meets the target; when the set is too small for that (n < 3/FAR), the match threshold sits above every
impostor pair of the set, plus a margin, and the report says so. The point estimates are printed beside them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from server.faces.gallery import gallery_for
from shared.protocol.envelope import utcnow

MATCH_FAR = 1e-3
REVIEW_FAR = 1e-2
MARGIN = 0.02  # above the highest impostor when the set is too small to certify MATCH_FAR
EPS = 1e-4


class CalibrationError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Operating:
    far: float
    estimate: float  # threshold by the point estimate: at most far * n impostor pairs at or above it
    tar_estimate: float
    chosen: float | None  # lowest threshold whose FAR upper bound (95 %) is <= far; None if the set is too small
    tar_chosen: float | None


@dataclass(frozen=True, slots=True)
class Calibration:
    people: int
    photos: int
    genuine: int
    impostor: int
    match: float
    review: float
    tar_match: float
    tar_review: float
    far_match: float  # measured on the set
    far_review: float
    points: tuple[Operating, Operating]  # at REVIEW_FAR, MATCH_FAR
    notes: tuple[str, ...]

    def report(self, model: str) -> str:
        lines = [
            f"model {model}: {self.people} people, {self.photos} photos; "
            f"{self.genuine} same-person pairs, {self.impostor} different-person pairs",
        ]
        for p in self.points:
            chosen = "too few pairs to bound it" if p.chosen is None else f"{p.chosen:.4f} (TAR {p.tar_chosen:.4f})"
            lines.append(
                f"  FAR {p.far:.0e}: TAR {p.tar_estimate:.4f} at threshold {p.estimate:.4f} (point estimate); "
                f"95 %-bounded threshold {chosen}"
            )
        lines.append(
            f"  chosen: match >= {self.match:.4f} (TAR {self.tar_match:.4f}, FAR {self.far_match:.4f} on the set), "
            f"review >= {self.review:.4f} (TAR {self.tar_review:.4f}, FAR {self.far_review:.4f})"
        )
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


def poisson_upper(k: int, confidence: float = 0.95) -> float:
    """The λ with P(X <= k | λ) = 1 - confidence: the one-sided upper bound on an observed count of k."""
    if k > 30:
        # Wilson-Hilferty, within 0.5 % of the exact bound from here on (and no exp() underflow).
        z = NormalDist().inv_cdf(confidence)
        return (k + 1) * (1 - 1 / (9 * (k + 1)) + z / (3 * math.sqrt(k + 1))) ** 3

    def cdf(lam: float) -> float:
        return sum(math.exp(-lam + i * math.log(lam) - math.lgamma(i + 1)) for i in range(k + 1))

    lo, hi = 1e-9, 10.0 + 10.0 * k
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if cdf(mid) > 1 - confidence else (lo, mid)
    return hi


def allowed_false_accepts(n: int, far: float) -> int | None:
    """The most impostor pairs that may be accepted while the FAR's upper bound stays <= far (None: not even 0)."""
    k = -1
    while poisson_upper(k + 1) <= far * n:
        k += 1
    return k if k >= 0 else None


def _rate(scores: NDArray[np.float64], threshold: float) -> float:
    return float(np.mean(scores >= threshold)) if scores.size else 0.0


def _operating(genuine: NDArray[np.float64], impostor_desc: NDArray[np.float64], far: float) -> Operating:
    n = impostor_desc.size
    k = math.floor(far * n)
    estimate = float(impostor_desc[k]) + EPS if k < n else float(impostor_desc[-1])
    bound = allowed_false_accepts(n, far)
    chosen = float(impostor_desc[min(bound, n - 1)]) + EPS if bound is not None else None
    return Operating(
        far, estimate, _rate(genuine, estimate), chosen, None if chosen is None else _rate(genuine, chosen)
    )


def calibrate(labels: list[str], vectors: NDArray[np.float32]) -> Calibration:
    if len(labels) != len(vectors):
        raise CalibrationError("labels and vectors differ in number")
    names = sorted(set(labels))
    if len(names) < 2:
        raise CalibrationError("need photos of at least two people (one sub-folder each)")
    index = np.array([names.index(x) for x in labels])
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    sims = unit @ unit.T
    upper = np.triu_indices(len(labels), k=1)
    same = index[upper[0]] == index[upper[1]]
    genuine = sims[upper][same].astype(np.float64)
    impostor = np.sort(sims[upper][~same].astype(np.float64))[::-1]
    if genuine.size == 0:
        raise CalibrationError("need at least one person with two or more photos")
    review_point, match_point = _operating(genuine, impostor, REVIEW_FAR), _operating(genuine, impostor, MATCH_FAR)
    notes = []
    if match_point.chosen is None:
        match = float(impostor[0]) + MARGIN
        notes.append(
            f"{impostor.size} different-person pairs cannot bound a FAR of {MATCH_FAR:.0e} (that needs "
            f"{math.ceil(3 / MATCH_FAR)}): match threshold set {MARGIN} above the highest of them; "
            "calibrate on more people to lower it"
        )
    else:
        match = match_point.chosen
    review = review_point.chosen if review_point.chosen is not None else review_point.estimate
    if review_point.chosen is None:
        notes.append(f"too few pairs to bound a FAR of {REVIEW_FAR:.0e}: review threshold is the point estimate")
    review = min(review, match)
    return Calibration(
        people=len(names),
        photos=len(labels),
        genuine=int(genuine.size),
        impostor=int(impostor.size),
        match=round(match, 4),
        review=round(review, 4),
        tar_match=_rate(genuine, match),
        tar_review=_rate(genuine, review),
        far_match=_rate(impostor, match),
        far_review=_rate(impostor, review),
        points=(review_point, match_point),
        notes=tuple(notes),
    )


def store(db: Session, model: str, dim: int, result: Calibration) -> int:
    """Writes the thresholds into the model's gallery (made if new); returns the gallery id."""
    gallery = gallery_for(db, model, dim)
    gallery.match_threshold, gallery.review_threshold = result.match, result.review
    gallery.calibrated_at = utcnow()
    gallery.calibration = result.report(model)
    db.flush()
    return gallery.id
