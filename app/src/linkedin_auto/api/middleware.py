"""Pure ASGI middleware (streams such as SSE pass through untouched): request ids bound into
structlog's context, one access-log line per request, security headers on every answer."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger("api")

# Next.js static export inlines its bootstrap scripts and styles: 'unsafe-inline' is needed for
# those, but nothing is loaded from anywhere but this origin, and no frame may embed the app.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# The largest legitimate body is a session upload (1 MiB, plus JSON or multipart overhead).
# Bodies are read before authentication, so this also bounds what a stranger can make us hold.
MAX_BODY_BYTES = 3 * 1024 * 1024


class _TooLarge(Exception):
    pass


async def _send_413(send: Send) -> None:
    body = b'{"detail":"request body too large"}'
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex[:16]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status_code = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                headers: list[Any] = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        length = dict(scope["headers"]).get(b"content-length", b"")
        received = 0
        started_response = False

        async def receive_limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise _TooLarge
            return message

        async def send_tracking(message: Message) -> None:
            nonlocal started_response
            if message["type"] == "http.response.start":
                started_response = True
            await send_wrapper(message)

        try:
            if length.isdigit() and int(length) > MAX_BODY_BYTES:
                await _send_413(send_tracking)
                return
            await self.app(scope, receive_limited, send_tracking)
        except _TooLarge:
            if not started_response:
                await _send_413(send_tracking)
        finally:
            path = scope.get("path", "")
            # Static assets and probes would drown the journal: log them at debug level.
            quiet = path.startswith("/_next/") or path in ("/api/health", "/metrics")
            (log.debug if quiet else log.info)(
                "request", method=scope.get("method"), path=path, status=status_code,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )
            structlog.contextvars.clear_contextvars()
