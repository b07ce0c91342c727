"""Who may write, and what every response tells the browser.

Reading is open to whoever can reach the server (it binds to 127.0.0.1 unless told otherwise). Writing
(``POST /api/match?store=true``) needs the token given at start, sent as ``Authorization: Bearer TOKEN``;
a server started without a token refuses every write. Every response carries a Content-Security-Policy
that allows only the bundled assets: even if some article text escaped the templates, the browser would
not run it.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def check_writer(token: str | None, authorization: str | None) -> None:
    """Raise 403 when writes are disabled, 401 when the request does not carry the right token."""
    if token is None:
        raise HTTPException(
            403,
            "writes are disabled: this server was started without a token; restart it with "
            "--token TOKEN (or the SAMESTORY_TOKEN environment variable) to allow ?store=true",
        )
    scheme, _, given = (authorization or "").partition(" ")
    # Header values arrive decoded as latin-1; their bytes are what the client sent (UTF-8, from curl)
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("latin-1"), token.encode()):
        raise HTTPException(
            401,
            "storing needs the server's token: send the header 'Authorization: Bearer TOKEN'",
            headers={"WWW-Authenticate": "Bearer"},
        )


class SecurityHeaders:
    """ASGI middleware adding :data:`HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
