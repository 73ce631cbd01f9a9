"""The face gallery in PostgreSQL (pgvector): one gallery per recogniser, each with its own HNSW index.

An index needs a fixed dimension, and the dimension belongs to the model: the vector columns are untyped
and each gallery gets a partial index on `embedding::vector(<dim>) WHERE gallery_id = <id>` when it is made.
Similarity is cosine (embeddings are L2-normalised by the camera and again here).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from server.db.face_models import FaceGallery, FacePerson, FaceTemplate
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.faces import MAX_DIM, MIN_DIM, PersonKind

log = logging.getLogger(__name__)
# Until `showroom admin calibrate-faces` has measured the model: cautious (more reviews, fewer false matches).
DEFAULT_MATCH = 0.5
DEFAULT_REVIEW = 0.35
# Nearest templates read per query; several may belong to one person.
TOP_K = 10
# HNSW search breadth: above TOP_K, and enough for recall near 1 at 100,000 templates (bench/face.py).
EF_SEARCH = 100


@dataclass(frozen=True, slots=True)
class Neighbour:
    person_id: int
    similarity: float


def vector_literal(vector: NDArray[np.float32]) -> str:
    return "[" + ",".join(f"{float(x):.7g}" for x in vector) + "]"


def parse_embedding(data: bytes, dim: int) -> NDArray[np.float32]:
    """float32 little-endian bytes to a unit vector; anything else is refused with a clear error."""
    if not MIN_DIM <= dim <= MAX_DIM or len(data) != 4 * dim:
        raise ShowroomError(
            ErrorCode.VALIDATION_FAILED,
            f"特征向量长度 {len(data)} 字节与维度 {dim} 不符",
            f"The embedding has {len(data)} bytes, which does not fit dimension {dim}",
        )
    vector = np.frombuffer(data, dtype="<f4").astype(np.float32)
    norm = float(np.linalg.norm(vector))
    if not np.all(np.isfinite(vector)) or not math.isfinite(norm) or norm < 1e-6:
        raise ShowroomError(ErrorCode.VALIDATION_FAILED, "特征向量无效", "The embedding is not a valid vector")
    result: NDArray[np.float32] = vector / norm
    return result


def index_name(gallery_id: int) -> str:
    return f"ix_face_templates_g{gallery_id}_hnsw"


def gallery_for(db: Session, model: str, dim: int) -> FaceGallery:
    """The gallery of `model`, made (with its vector index) the first time the model is seen."""
    gallery = db.scalars(select(FaceGallery).where(FaceGallery.model == model)).first()
    if gallery is None:
        # ON CONFLICT: two cameras' first events at once; the second waits for the first's commit.
        inserted = db.execute(
            insert(FaceGallery)
            .values(
                model=model,
                dim=dim,
                match_threshold=DEFAULT_MATCH,
                review_threshold=DEFAULT_REVIEW,
                calibration="",
            )
            .on_conflict_do_nothing(index_elements=["model"])
            .returning(FaceGallery.id)
        ).scalar()
        if inserted is not None:
            _create_index(db, inserted, dim)
            log.info("new face gallery %d for %s (%d-d)", inserted, model, dim)
        gallery = db.scalars(select(FaceGallery).where(FaceGallery.model == model)).one()
    if gallery.dim != dim:
        raise ShowroomError(
            ErrorCode.VALIDATION_FAILED,
            f"模型 {model} 的维度应为 {gallery.dim}，收到 {dim}",
            f"Model {model} has {gallery.dim} dimensions, not {dim}",
        )
    return gallery


def _create_index(db: Session, gallery_id: int, dim: int) -> None:
    db.execute(
        text(
            f"CREATE INDEX IF NOT EXISTS {index_name(gallery_id)} ON face_templates USING hnsw "
            f"((embedding::vector({int(dim)})) vector_cosine_ops) WHERE gallery_id = {int(gallery_id)}"
        )
    )


def nearest(
    db: Session, gallery: FaceGallery, vector: NDArray[np.float32], k: int = TOP_K, *, exact: bool = False
) -> list[Neighbour]:
    """The closest persons, best first (each person once, with its best template's similarity)."""
    dim, gid = int(gallery.dim), int(gallery.id)
    if exact:
        db.execute(text("SET LOCAL enable_indexscan = off"))
    else:
        db.execute(text(f"SET LOCAL hnsw.ef_search = {max(EF_SEARCH, k)}"))
    distance = f"(embedding::vector({dim})) <=> CAST(:q AS vector({dim}))"
    rows = db.execute(
        text(f"SELECT person_id, {distance} AS d FROM face_templates WHERE gallery_id = {gid} ORDER BY d LIMIT :k"),
        {"q": vector_literal(vector), "k": k},
    ).all()
    best: dict[int, float] = {}
    for person_id, d in rows:
        best.setdefault(int(person_id), 1.0 - float(d))
    return [Neighbour(p, s) for p, s in sorted(best.items(), key=lambda kv: -kv[1])]


def create_person(db: Session, gallery: FaceGallery, kind: PersonKind, at: datetime, label: str = "") -> FacePerson:
    person = FacePerson(gallery_id=gallery.id, kind=kind.value, label=label[:60], first_seen_at=at, last_seen_at=at)
    db.add(person)
    db.flush()
    return person


def add_template(
    db: Session, person: FacePerson, vector: NDArray[np.float32], quality: float, event_id: str | None = None
) -> FaceTemplate:
    template = FaceTemplate(
        person_id=person.id,
        gallery_id=person.gallery_id,
        embedding=vector,
        quality=quality,
        source_event_id=event_id,
    )
    db.add(template)
    db.flush()
    return template


def template_count(db: Session, person_id: int) -> int:
    count = db.scalar(select(func.count()).select_from(FaceTemplate).where(FaceTemplate.person_id == person_id))
    return int(count or 0)


def stored_faces(db: Session) -> int:
    """Individuals whose face is stored (every person keeps at least one template): the filing count."""
    return int(db.scalar(select(func.count()).select_from(FacePerson)) or 0)
