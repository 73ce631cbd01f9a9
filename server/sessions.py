"""Session tokens: issued at sign-in, stored hashed in PostgreSQL, checked from memory on every command."""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from server.db.models import User, UserSession
from shared.domain import Role
from shared.protocol.envelope import utcnow


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    username: str
    role: Role
    token_hash: str
    expires_at: datetime
    display_name: str = ""


@dataclass(slots=True)
class _Entry:
    actor: Actor
    last_seen: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class SessionStore:
    """A cache in front of the `sessions` table; a server restart keeps everyone signed in."""

    def __init__(self, db: sessionmaker[Session], lifetime: timedelta, idle: timedelta) -> None:
        self._db = db
        self._lifetime = lifetime
        self._idle = idle
        self._lock = threading.Lock()
        self._cache: dict[str, _Entry] = {}
        # Bumped by every forget: a lookup that raced a revocation must not put the session back.
        self._generation = 0

    def issue(self, db: Session, user: User, client_addr: str) -> tuple[str, Actor]:
        """Adds the session to `db`'s transaction; it exists once the caller commits."""
        token = secrets.token_urlsafe(32)
        actor = Actor(
            user.id,
            user.username,
            Role(user.role),
            hash_token(token),
            utcnow() + self._lifetime,
            user.display_name,
        )
        db.add(
            UserSession(
                token_hash=actor.token_hash, user_id=user.id, expires_at=actor.expires_at, client_addr=client_addr[:100]
            )
        )
        return token, actor

    def remember(self, actor: Actor) -> None:
        with self._lock:
            self._cache[actor.token_hash] = _Entry(actor, utcnow())

    def cached(self, token: str) -> bool:
        """Whether `resolve` can answer without the database (cheap enough for the I/O thread)."""
        with self._lock:
            return hash_token(token) in self._cache

    def resolve(self, token: str) -> Actor | None:
        token_hash = hash_token(token)
        now = utcnow()
        with self._lock:
            entry = self._cache.get(token_hash)
            if entry is not None and now < entry.actor.expires_at and now - entry.last_seen <= self._idle:
                entry.last_seen = now
                return entry.actor
            if entry is not None:
                del self._cache[token_hash]
            generation = self._generation
        if entry is not None:
            # Idle time is tracked here only: end the session in the table too, or a reload would revive it.
            with self._db() as db, db.begin():
                self.revoke(db, token_hash)
            return None
        actor = self._load(token_hash, now)
        if actor is None:
            return None
        with self._lock:
            if self._generation == generation:
                self._cache[token_hash] = _Entry(actor, now)
        return actor

    def _load(self, token_hash: str, now: datetime) -> Actor | None:
        with self._db() as db:
            row = db.execute(
                select(UserSession, User)
                .join(User, User.id == UserSession.user_id)
                .where(UserSession.token_hash == token_hash, UserSession.revoked_at.is_(None), User.active)
            ).first()
        if row is None or row.UserSession.expires_at <= now:
            return None
        return Actor(
            row.User.id,
            row.User.username,
            Role(row.User.role),
            token_hash,
            row.UserSession.expires_at,
            row.User.display_name,
        )

    def forget(self, token_hash: str) -> None:
        with self._lock:
            self._generation += 1
            self._cache.pop(token_hash, None)

    def forget_user(self, user_id: int, keep: str | None = None) -> None:
        with self._lock:
            self._generation += 1
            for token_hash in [h for h, e in self._cache.items() if e.actor.user_id == user_id and h != keep]:
                del self._cache[token_hash]

    # Revocations change the table only; callers drop the cache entries after commit, so that a
    # concurrent lookup cannot reload a session whose revocation is not yet visible.
    @staticmethod
    def revoke(db: Session, token_hash: str) -> None:
        db.execute(update(UserSession).where(UserSession.token_hash == token_hash).values(revoked_at=utcnow()))

    @staticmethod
    def revoke_user(db: Session, user_id: int) -> None:
        """Ends every session of a user (disabled, role changed, password reset)."""
        db.execute(
            update(UserSession)
            .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
