"""Face events from cameras, the face gallery, consent, risk alerts and compliance (人脸风控)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec

from shared.protocol.envelope import AwareDatetime
from shared.protocol.messages import faces_alerts
from shared.protocol.messages.common import Empty
from shared.protocol.spec import CommandSpec, spec

# A camera's id as IT names it (`entrance-1`); it also appears in audit rows as `camera:<id>`.
CameraId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")]
EventId = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{32}$")]
# float32 little-endian; the largest recogniser we accept has 2,048 dimensions.
MAX_DIM = 2048
MIN_DIM = 32
MAX_THUMBNAIL_BYTES = 64 * 1024


class CameraLocation(StrEnum):
    ENTRANCE = "entrance"  # 入口
    HALL = "hall"  # 大厅 / 洽谈区
    SIGNING_ROOM = "signing_room"  # 签约室


class Direction(StrEnum):
    """Which way people walk past the camera: entering, leaving, or both (a hall camera)."""

    IN = "in"
    OUT = "out"
    BOTH = "both"


class CameraStatus(StrEnum):
    STARTING = "starting"
    OK = "ok"
    DEGRADED = "degraded"  # running, but behind real time or the spool is growing
    SOURCE_DOWN = "source_down"  # the video source cannot be read; reconnecting
    STOPPING = "stopping"
    OFFLINE = "offline"  # the server's view: no heartbeat for a while


class FaceDecision(StrEnum):
    """The server's three-way answer for one face (never a forced best guess)."""

    MATCH = "match"  # similarity >= the gallery's match threshold
    REVIEW = "review"  # between the two thresholds: a person at the desk decides
    NO_MATCH = "no_match"  # below the review threshold: a new anonymous visitor 陌生访客


class PersonKind(StrEnum):
    ANONYMOUS = "anonymous"  # 陌生访客: kept only for the short anonymous-visitor window
    CUSTOMER = "customer"  # linked to a CRM customer after recorded consent
    STAFF = "staff"  # enrolled staff (with their consent), not counted as visitors


class CapacityLevel(StrEnum):
    OK = "ok"
    WARNING = "warning"  # >= 90,000 stored faces
    LIMIT = "limit"  # >= 100,000: the CAC/MPS filing threshold


# --- from the camera -------------------------------------------------------------------------------


class FaceBox(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """The face's box in the frame, in pixels."""

    x: Annotated[int, msgspec.Meta(ge=-10_000, le=20_000)]
    y: Annotated[int, msgspec.Meta(ge=-10_000, le=20_000)]
    w: Annotated[int, msgspec.Meta(ge=1, le=20_000)]
    h: Annotated[int, msgspec.Meta(ge=1, le=20_000)]


class FaceQuality(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """What the camera's quality gate measured on the chosen frame."""

    score: Annotated[float, msgspec.Meta(ge=0, le=1)]  # overall, used to choose the best frame
    det_score: Annotated[float, msgspec.Meta(ge=0, le=1)]
    face_px: Annotated[int, msgspec.Meta(ge=0, le=20_000)]  # the box's shorter side
    blur: Annotated[float, msgspec.Meta(ge=0)]  # variance of the Laplacian of the aligned face
    yaw: float  # nose offset from the eyes' midpoint, in eye distances (0 = frontal)
    pitch: float  # nose position between the eye line (0) and the mouth line (1)


class FaceEvent(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """One appearance of one face at one camera: the best frame of a track, sent once (at least once)."""

    event_id: EventId  # also the command's idempotency key: a resend is recognised
    camera_id: CameraId
    track_id: Annotated[int, msgspec.Meta(ge=0)]
    first_seen: AwareDatetime
    captured_at: AwareDatetime  # the chosen (best) frame
    emitted_at: AwareDatetime
    frames: Annotated[int, msgspec.Meta(ge=1)]  # detections in the track when it was sent
    model: Annotated[str, msgspec.Meta(min_length=1, max_length=80)]  # the recogniser, `name:sha256[:12]`
    dim: Annotated[int, msgspec.Meta(ge=MIN_DIM, le=MAX_DIM)]
    embedding: Annotated[bytes, msgspec.Meta(max_length=4 * MAX_DIM)]  # float32 little-endian, L2-normalised
    quality: FaceQuality
    box: FaceBox
    frame_width: Annotated[int, msgspec.Meta(ge=1, le=20_000)]
    frame_height: Annotated[int, msgspec.Meta(ge=1, le=20_000)]
    thumbnail: Annotated[bytes, msgspec.Meta(max_length=MAX_THUMBNAIL_BYTES)]  # JPEG of the face


class IngestReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    event_id: str
    duplicate: bool  # this event id had already been received: the first decision is returned
    decision: FaceDecision
    similarity: float | None = None  # to the best candidate, cosine
    person_id: int | None = None  # who it is (match), or the new anonymous visitor (no_match)
    person_kind: PersonKind | None = None
    candidate_id: int | None = None  # review: the person it may be
    new_visitor: bool = False


class CameraHealth(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Sent by the camera every few seconds; also how the server knows it is alive."""

    camera_id: CameraId
    status: CameraStatus
    source_connected: bool
    fps: Annotated[float, msgspec.Meta(ge=0)]  # frames processed per second, recent
    frames_read: Annotated[int, msgspec.Meta(ge=0)]
    frames_skipped: Annotated[int, msgspec.Meta(ge=0)]  # dropped to stay real-time
    events: Annotated[int, msgspec.Meta(ge=0)]  # appearances sent or spooled since start
    spool_depth: Annotated[int, msgspec.Meta(ge=0)]  # events waiting on the camera's disk
    reconnects: Annotated[int, msgspec.Meta(ge=0)]
    uptime_s: Annotated[float, msgspec.Meta(ge=0)]
    interval_s: Annotated[float, msgspec.Meta(ge=1, le=3600)] = 10.0  # until the next report
    model: Annotated[str, msgspec.Meta(max_length=80)] = ""
    last_error: Annotated[str, msgspec.Meta(max_length=500)] = ""


class HeartbeatReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    server_time: AwareDatetime


# --- for staff -------------------------------------------------------------------------------------


class CameraInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: str
    location: CameraLocation
    direction: Direction
    active: bool
    created_at: AwareDatetime
    last_seen_at: AwareDatetime | None
    online: bool  # a heartbeat arrived within the last 3 intervals
    health: CameraHealth | None


class CameraList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    cameras: list[CameraInfo]


class EventsQuery(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    camera_id: CameraId | None = None
    since: AwareDatetime | None = None
    decision: FaceDecision | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=200)] = 50


class EventRef(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    event_id: EventId


class FaceEventInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A received event as staff see it: thumbnail and decision, never the embedding."""

    event_id: str
    camera_id: str
    location: CameraLocation
    captured_at: AwareDatetime
    received_at: AwareDatetime
    decision: FaceDecision
    similarity: float | None
    person_id: int | None
    person_kind: PersonKind | None
    person_label: str
    candidate_id: int | None
    quality: float
    thumbnail: bytes
    # A face linked to a CRM customer (with consent): who, and whose customer (front desk: 老客 张三, 顾问 李四).
    customer_id: int | None = None
    customer_name: str = ""
    owner_id: int | None = None
    owner_name: str = ""
    # review: the customer (or label) the face may be, for the person at the desk to confirm.
    candidate_customer_id: int | None = None
    candidate_name: str = ""
    visit_id: int | None = None  # the visit this face was linked to at registration


class FaceEventList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    events: list[FaceEventInfo]


class Thresholds(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    match: Annotated[float, msgspec.Meta(ge=-1, le=1)]  # high: at or above is the same person
    review: Annotated[float, msgspec.Meta(ge=-1, le=1)]  # low: below is someone else


class GalleryInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    model: str
    dim: int
    thresholds: Thresholds
    calibrated_at: AwareDatetime | None
    calibration: str  # the calibration report, as printed
    persons: int
    templates: int


class FaceSettings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Retention (PIPL: the shortest that serves the purpose) and the stored-faces warning levels."""

    customer_retention_days: Annotated[int, msgspec.Meta(ge=1, le=3650)] = 180
    anonymous_retention_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 30
    warn_faces: Annotated[int, msgspec.Meta(ge=1)] = 90_000
    limit_faces: Annotated[int, msgspec.Meta(ge=1)] = 100_000


class FaceStats(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    stored_faces: int  # persons with at least one template
    capacity: CapacityLevel
    settings: FaceSettings
    galleries: list[GalleryInfo]
    events_stored: int
    last_purge_at: AwareDatetime | None
    last_purge: str


class PurgeReport(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    at: AwareDatetime
    persons_deleted: int
    templates_deleted: int
    events_deleted: int


# --- events on the PUB socket: pointers without private content; clients fetch what they may see -------


class FaceSeen(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    event_id: str
    camera_id: str
    location: CameraLocation
    decision: FaceDecision
    at: AwareDatetime


class CameraStatusChanged(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    camera_id: str
    status: CameraStatus
    at: AwareDatetime


class CapacityChanged(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    stored_faces: int
    level: CapacityLevel


COMMANDS: list[CommandSpec] = [
    spec(
        "faces.ingest",
        FaceEvent,
        IngestReply,
        "A camera delivers one appearance; the server matches it (camera token only)",
        mutating=True,
    ),
    spec("cameras.heartbeat", CameraHealth, HeartbeatReply, "A camera reports its health (camera token only)"),
    spec("cameras.list", Empty, CameraList, "The cameras, their location and health"),
    spec("faces.events", EventsQuery, FaceEventList, "Recent face events with thumbnails (audited view)"),
    spec("faces.event", EventRef, FaceEventInfo, "One face event with its thumbnail (audited view)"),
    spec("faces.stats", Empty, FaceStats, "Stored faces, galleries, thresholds, retention"),
    spec("faces.update_settings", FaceSettings, FaceSettings, "Retention and warning levels", mutating=True),
    spec("faces.purge", Empty, PurgeReport, "Run the retention purge now", mutating=True),
    *faces_alerts.COMMANDS,  # consent, linking to customers, risk alerts, compliance
]

EVENTS: dict[str, type[msgspec.Struct]] = {
    "faces.seen": FaceSeen,
    "cameras.status": CameraStatusChanged,
    "faces.capacity": CapacityChanged,
    **faces_alerts.EVENTS,
}
