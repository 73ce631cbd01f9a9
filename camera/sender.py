"""The sender thread: spooled events go to the server in order, each until acknowledged; health on a timer.

Delivery is at least once: an event leaves the spool only after the server's reply, which the server sends
only after its commit. A resend (lost reply, restart of either side) carries the same event id, which is the
command's idempotency key and unique in the server's table, so the server keeps it once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from camera.link import LinkDown, Reply, ServerLink
from camera.spool import Spool, Spooled
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.faces import CameraHealth, IngestReply

log = logging.getLogger(__name__)
# Refusals that a resend cannot change: the event is set aside (spool's `rejected`) instead of blocking the queue.
PERMANENT = {
    ErrorCode.INVALID_PAYLOAD,
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.TOO_LARGE,
    ErrorCode.MALFORMED,
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
}
MIN_BACKOFF_S = 0.25


@dataclass(slots=True)
class SenderStats:
    delivered: int = 0
    duplicates: int = 0  # the server had it already (a resend after a lost reply)
    rejected: int = 0
    failures: int = 0  # timeouts and retryable refusals
    connected: bool = False
    last_error: str = ""
    replies: list[tuple[str, IngestReply]] = field(default_factory=list)  # (event id, reply), kept when asked


class Sender:
    def __init__(
        self,
        link: ServerLink,
        spool: Spool,
        health: Callable[[], CameraHealth],
        *,
        heartbeat_s: float,
        max_backoff_s: float,
        keep_replies: bool = False,
        on_reply: Callable[[Spooled, IngestReply], None] | None = None,
    ) -> None:
        self.link = link
        self.spool = spool
        self.health = health
        self.heartbeat_s = heartbeat_s
        self.max_backoff_s = max_backoff_s
        self.keep_replies = keep_replies
        self.on_reply = on_reply
        self.stats = SenderStats()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._thread: threading.Thread | None = None
        self._backoff = MIN_BACKOFF_S
        self._next_beat = 0.0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="camera-sender", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()

    def wait_idle(self, timeout: float) -> bool:
        """Until the spool is empty (everything acknowledged); False on timeout."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.link.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if time.monotonic() >= self._next_beat:
                    self._heartbeat()
                item = self.spool.peek()
                if item is None:
                    self._idle.set()
                    self._wake.wait(max(0.05, self._next_beat - time.monotonic()))
                    self._wake.clear()
                    continue
                self._send(item)
            except LinkDown as exc:
                self._down(str(exc))
            except Exception as exc:
                log.exception("sender failed; retrying")
                self._down(f"sender: {exc}")
        if self.stats.connected:  # a last report, so the server shows the camera stopping, not vanished
            try:
                self._heartbeat()
            except LinkDown:
                log.info("no final heartbeat: the server did not answer")

    def _heartbeat(self) -> None:
        self._next_beat = time.monotonic() + self.heartbeat_s
        reply = self.link.command("cameras.heartbeat", self.health())
        self._up()
        if reply.error is not None:
            log.warning("heartbeat refused: %s %s", reply.error.code, reply.error.message_en)

    def _send(self, item: Spooled) -> None:
        self.spool.attempted(item.seq)
        reply = self.link.command("faces.ingest", item.event, idem=item.event.event_id)
        self._up()
        if reply.error is None:
            self._delivered(item, reply)
            return
        code, message = reply.error.code, reply.error.message_en
        if code in PERMANENT:
            log.error("server refused event %s for good (%s: %s); set aside", item.event.event_id, code, message)
            self.spool.reject(item.seq, f"{code}: {message}")
            self.stats.rejected += 1
            return
        # Not now (shutting down, a conflict, the camera disabled): keep it and try again later.
        self.stats.failures += 1
        self.stats.last_error = f"{code}: {message}"
        log.warning("event %s not accepted yet (%s: %s)", item.event.event_id, code, message)
        self._sleep(self.max_backoff_s if code in (ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED) else None)

    def _delivered(self, item: Spooled, reply: Reply) -> None:
        result: IngestReply = reply.decode(IngestReply)
        self.spool.ack(item.seq)
        self.stats.delivered += 1
        self.stats.duplicates += int(result.duplicate)
        if self.keep_replies:
            self.stats.replies.append((item.event.event_id, result))
        if self.on_reply is not None:
            self.on_reply(item, result)

    def _up(self) -> None:
        if not self.stats.connected:
            log.info("server reachable at %s", self.link.endpoint)
        self.stats.connected = True
        self._backoff = MIN_BACKOFF_S

    def _down(self, error: str) -> None:
        if self.stats.connected:
            log.warning("server unreachable (%s); events are kept in the spool", error)
        self.stats.connected = False
        self.stats.failures += 1
        self.stats.last_error = error
        self._sleep(None)

    def _sleep(self, seconds: float | None) -> None:
        if seconds is None:
            seconds = self._backoff
            self._backoff = min(self.max_backoff_s, self._backoff * 2)
        self._stop.wait(seconds)
