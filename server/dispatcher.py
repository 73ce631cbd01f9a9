"""From a decoded envelope to a reply: version, command, session, permission, payload, idempotency, handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import msgspec
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.context import Context
from server.db.models import IdempotentReply
from server.engine.core import BuyerPrincipal
from server.engine.runner import TOKEN_PREFIX, Item, Principal
from server.faces import principal as cameras  # camera tokens (issue 5)
from server.permissions import Permission, allowed
from server.router import Route, Router
from server.runtime import Runtime
from server.sessions import Actor
from shared.protocol.envelope import (
    DECODE_ERRORS,
    ERROR,
    PROTOCOL_VERSION,
    Envelope,
    decode_body,
    encode,
    encode_body,
    make_reply,
    new_id,
    nul_in_text,
    utcnow,
)
from shared.protocol.errors import ErrorCode, ShowroomError

log = logging.getLogger(__name__)


class Request(NamedTuple):
    """A command as the I/O thread read it (a named tuple: one is made per command, a frozen dataclass costs three
    times as much to make)."""

    envelope: Envelope
    route: list[bytes]  # ZeroMQ routing frames to address the reply
    client_addr: str


def error_reply(corr: str | None, error: ShowroomError) -> bytes:
    return encode(
        Envelope(id=new_id(), type=ERROR, v=PROTOCOL_VERSION, ts=utcnow(), corr=corr, body=encode_body(error.body()))
    )


class Dispatcher:
    def __init__(self, runtime: Runtime, router: Router, workers: int) -> None:
        self.runtime = runtime
        self.routes = router.routes
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="showroom-worker")
        self._closing = False

    def accept(self, req: Request, engine_items: list[Item] | None = None) -> bytes | None:
        """Called on the I/O thread: returns the reply to cheap cases, hands the rest to a worker. Commands for
        the engine are appended to `engine_items` when given (the caller submits them together), else queued."""
        route = self.routes.get(req.envelope.type)
        if self._closing:
            return error_reply(req.envelope.id, ShowroomError(ErrorCode.SHUTTING_DOWN))
        if route is not None and route.op is not None:
            # Engine commands go from here straight to the engine's queue when nothing needs a worker.
            if route.prepare is None and self._answerable_from_memory(req.envelope, route):
                return self.to_engine(req, route, engine_items)
            return self._hand_off(req, lambda: self._run_engine(req, route))
        if route is None or (route.inline and self._answerable_from_memory(req.envelope, route)):
            return self.handle(req)
        return self._hand_off(req, lambda: self._run(req))

    def _hand_off(self, req: Request, fn: Callable[[], None]) -> bytes | None:
        try:
            self._pool.submit(fn)
        except RuntimeError:  # the pool shut down between the check above and now
            return error_reply(req.envelope.id, ShowroomError(ErrorCode.SHUTTING_DOWN))
        return None

    def _answerable_from_memory(self, env: Envelope, route: Route) -> bool:
        """An unknown token costs a database lookup: never on the I/O thread, or junk tokens stall everyone."""
        if route.permission is Permission.PUBLIC:
            return True
        if env.token is not None and env.token.startswith(TOKEN_PREFIX):
            return True  # a buyer's token is checked by its signature
        return env.token is not None and self.runtime.sessions.cached(env.token)

    def _run_engine(self, req: Request, route: Route) -> None:
        reply = self.to_engine(req, route)
        if reply is not None:
            self.runtime.outbox.send_reply(req.route, reply)

    def to_engine(self, req: Request, route: Route, into: list[Item] | None = None) -> bytes | None:
        """Admits, decodes and prepares an engine command, then queues it (or appends it to `into`); the engine
        thread answers."""
        env = req.envelope
        assert route.op is not None
        try:
            _, principal = self._admit(env)
            assert not isinstance(principal, cameras.CameraPrincipal)  # refused by _admit
            payload = self._decode(route, env)
            if route.prepare is not None:
                actor = principal if isinstance(principal, Actor) else None
                ctx = Context(self.runtime, env.type, req.client_addr, actor, env.idem)
                try:
                    payload = route.prepare(ctx, payload)
                finally:
                    ctx.close()
        except ShowroomError as err:
            return error_reply(env.id, err)
        except Exception:
            log.exception("command %s failed", env.type)
            return error_reply(env.id, ShowroomError(ErrorCode.INTERNAL))
        item = Item(
            command=env.type,
            op=route.op,
            principal=principal,
            payload=payload,
            mutating=route.spec.mutating,
            env_id=env.id,
            idem=env.idem,
            client_addr=req.client_addr,
            received_at=utcnow(),
            route=req.route,
        )
        if into is None:
            self.runtime.reservations.submit(item)
        else:
            into.append(item)
        return None

    def shutdown(self) -> None:
        """Refuses new work and waits for what is in flight."""
        self._closing = True
        self._pool.shutdown(wait=True)

    def _run(self, req: Request) -> None:
        self.runtime.outbox.send_reply(req.route, self.handle(req))

    def handle(self, req: Request) -> bytes:
        env = req.envelope
        try:
            route, principal = self._admit(env)
            actor = principal if isinstance(principal, Actor) else None
            payload = self._decode(route, env)
            with cameras.bound(principal):  # handlers of camera commands read who is asking
                if route.spec.mutating:
                    return self._mutate(req, route, actor, payload)
                ctx = Context(self.runtime, env.type, req.client_addr, actor, env.idem)
                try:
                    return encode(make_reply(env.id, route.handler(ctx, payload)))
                finally:
                    ctx.close()
        except ShowroomError as err:
            return error_reply(env.id, err)
        except Exception:
            log.exception("command %s failed", env.type)
            return error_reply(env.id, ShowroomError(ErrorCode.INTERNAL))

    def _admit(self, env: Envelope) -> tuple[Route, Principal | cameras.CameraPrincipal]:
        if env.v != PROTOCOL_VERSION:
            raise ShowroomError(
                ErrorCode.UNSUPPORTED_VERSION,
                f"协议版本 {env.v} 不受支持，服务器使用版本 {PROTOCOL_VERSION}",
                f"Protocol version {env.v} is not supported; the server speaks {PROTOCOL_VERSION}",
            )
        route = self.routes.get(env.type)
        if route is None:
            raise ShowroomError(
                ErrorCode.UNKNOWN_COMMAND, f"未知命令：{env.type[:80]}", f"Unknown command: {env.type[:80]}"
            )
        actor: Principal | cameras.CameraPrincipal = None
        if route.permission is not Permission.PUBLIC:
            actor = self._principal(env.token)
            if actor is None:
                raise ShowroomError(ErrorCode.UNAUTHENTICATED)
            if isinstance(actor, BuyerPrincipal):
                if route.permission is not Permission.BUYER:
                    raise ShowroomError(ErrorCode.FORBIDDEN)
            elif isinstance(actor, cameras.CameraPrincipal):
                if route.permission is not Permission.CAMERA:
                    raise ShowroomError(ErrorCode.FORBIDDEN)
            elif not allowed(actor.role, route.permission):
                raise ShowroomError(ErrorCode.FORBIDDEN)
        if route.spec.mutating and not env.idem:
            raise ShowroomError(ErrorCode.IDEMPOTENCY_KEY_REQUIRED)
        if env.idem is not None and not 8 <= len(env.idem) <= 64:
            raise ShowroomError(
                ErrorCode.INVALID_PAYLOAD, "幂等键长度须为 8–64 个字符", "The idempotency key must be 8-64 characters"
            )
        if env.idem is not None and not env.idem.isprintable():
            # The key is stored with the decision: PostgreSQL refuses a NUL in text, and such a key failed the
            # engine's whole transaction (everyone's decisions in it), again on every retry.
            raise ShowroomError(
                ErrorCode.INVALID_PAYLOAD,
                "幂等键不能包含控制字符",
                "The idempotency key must not contain control characters",
            )
        return route, actor

    def _principal(self, token: str | None) -> Principal | cameras.CameraPrincipal:
        if not token:
            return None
        if token.startswith(TOKEN_PREFIX):
            return self.runtime.reservations.verify_buyer_token(token)
        if token.startswith(cameras.CAMERA_TOKEN_PREFIX):
            return cameras.verify_camera_token(self.runtime.db, token)  # a worker thread: never cached
        return self.runtime.sessions.resolve(token)

    @staticmethod
    def _decode(route: Route, env: Envelope) -> msgspec.Struct:
        try:
            payload = decode_body(env.body, route.spec.request)
        except DECODE_ERRORS as exc:
            raise ShowroomError(
                ErrorCode.INVALID_PAYLOAD, f"命令参数无效：{exc}", f"Invalid payload for {env.type}: {exc}"
            ) from exc
        field = nul_in_text(payload)
        if field is not None:
            raise ShowroomError(
                ErrorCode.INVALID_PAYLOAD,
                f"命令参数无效：{field} 含有空字符（NUL）",
                f"Invalid payload for {env.type}: {field} contains a NUL character",
            )
        return payload

    def _mutate(self, req: Request, route: Route, actor: Actor | None, payload: msgspec.Struct) -> bytes:
        env = req.envelope
        assert env.idem is not None
        actor_id = actor.user_id if actor else None
        stored = self._stored_reply(env, actor_id)
        if stored is not None:
            return stored
        try:
            with self.runtime.db() as db, db.begin():
                ctx = Context(self.runtime, env.type, req.client_addr, actor, env.idem, session=db)
                result = route.handler(ctx, payload)
                if not ctx.audited:
                    raise RuntimeError(f"mutating command {env.type} wrote no audit row")
                body = encode_body(result)
                db.add(
                    IdempotentReply(
                        key=env.idem, actor_id=actor_id, command=env.type, reply=bytes(body) if route.replay else b""
                    )
                )
        except IntegrityError:
            # The same key committed concurrently (a retry racing its original): answer as the original did.
            # Otherwise a uniqueness rule of the data itself was hit by a concurrent change.
            stored = self._stored_reply(env, actor_id)
            if stored is None:
                raise ShowroomError(ErrorCode.CONFLICT) from None
            return stored
        except ShowroomError:
            # A duplicate racing its original can also fail on the original's effect (the name it took,
            # the version it bumped): once the original has committed, answer as it did.
            stored = self._stored_reply(env, actor_id)
            if stored is None:
                raise
            return stored
        for fn in ctx.on_commit:
            fn()
        for event_type, event in ctx.events:
            self.runtime.outbox.publish(event_type, event)
        return encode(make_reply(env.id, result))

    def _stored_reply(self, env: Envelope, actor_id: int | None) -> bytes | None:
        with self.runtime.db() as db:
            row = db.scalars(select(IdempotentReply).where(IdempotentReply.key == env.idem)).first()
        if row is None:
            return None
        if row.command != env.type or row.actor_id != actor_id:
            raise ShowroomError(ErrorCode.IDEMPOTENCY_KEY_REUSED)
        if not row.reply:
            raise ShowroomError(
                ErrorCode.CONFLICT, "该请求已处理，请重新操作", "This request was already processed; start again"
            )
        return encode(
            Envelope(
                id=new_id(), type="reply", v=PROTOCOL_VERSION, ts=utcnow(), corr=env.id, body=msgspec.Raw(row.reply)
            )
        )
