"""hello and ping."""

from __future__ import annotations

from server import __version__
from server.context import Context
from server.permissions import Permission
from server.router import Router
from shared.protocol.envelope import SUPPORTED_VERSIONS, utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.system import HelloReply, HelloRequest, PingReply, PingRequest


def register(router: Router) -> None:
    @router.command("hello", Permission.PUBLIC, inline=True)
    def hello(ctx: Context, req: HelloRequest) -> HelloReply:
        common = sorted(set(req.versions) & set(SUPPORTED_VERSIONS))
        if not common:
            raise ShowroomError(
                ErrorCode.UNSUPPORTED_VERSION,
                f"客户端支持的协议版本 {req.versions} 与服务器 {list(SUPPORTED_VERSIONS)} 不兼容，请升级",
                f"Client versions {req.versions} do not overlap server versions {list(SUPPORTED_VERSIONS)}",
            )
        rt = ctx.runtime
        return HelloReply(
            version=common[-1],
            server_name=rt.settings.server_name,
            server_version=__version__,
            epoch=rt.epoch,
            last_seq=rt.last_seq,
            heartbeat_ms=rt.settings.heartbeat_ms,
            server_time=utcnow(),
        )

    @router.command("ping", Permission.SIGNED_IN, inline=True)
    def ping(ctx: Context, req: PingRequest) -> PingReply:
        return PingReply(data=req.data, server_time=utcnow())
