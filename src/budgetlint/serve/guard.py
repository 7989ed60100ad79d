"""Checks every request passes before it reaches a route, and headers every response gets.

- Host: on the loopback, only a request addressed to this machine by name is served, so a
  web page that rebinds its own domain to 127.0.0.1 cannot read the answers.
- Origin: a request that changes anything (POST, DELETE) must come from this page, not
  from another site the preparer has open.
- Token: when one is set (always, off the loopback), every request for data carries it, as
  a cookie the page got by asking for it, or a header; the page and its assets need none.
- Headers: a Content-Security-Policy that lets the page reach its own server and nothing
  else, no caching of budget data, no referrer, no framing by other sites.
"""

from __future__ import annotations

import hmac
import json
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders

from .settings import ServeSettings

__all__ = ["Guard", "COOKIE", "HEADER", "token_matches", "PAGE_CSP", "REPORT_CSP"]

COOKIE = "budgetlint_token"
HEADER = "x-budgetlint-token"
#: Paths anyone who can reach the server may load: the page and its own code, no data.
OPEN_PATHS = ("/", "/api/login", "/favicon.ico")
OPEN_PREFIXES = ("/static/",)
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: The report keeps its own stricter policy in a <meta> tag (its scripts by hash); this one
#: adds what a header can say: shown only in a frame of this page, never posting anywhere.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'; "
              "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
_HEADERS = (
    ("content-security-policy", PAGE_CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)


def token_matches(given: str | None, token: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]", 1)[0].lower()
    return host.rsplit(":", 1)[0].lower() if host.count(":") == 1 else host.lower()


class Guard:
    """Pure ASGI middleware (no buffering: downloads stream through it)."""

    def __init__(self, app, settings: ServeSettings) -> None:
        self.app = app
        self.settings = settings
        self.names = {*LOOPBACK_NAMES, _host_name(settings.host)}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in _HEADERS:
                    if name not in out:
                        out[name] = value
            await send(message)

        if refusal is not None:
            status, code = refusal
            body = json.dumps({"error": code}).encode("ascii")
            await send_with_headers({"type": "http.response.start", "status": status,
                                     "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope, headers: Headers) -> tuple[int, str] | None:
        if self.settings.loopback and _host_name(headers.get("host", "")) not in self.names:
            return 421, "wrong-host"
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and not _same_origin(headers):
            return 403, "cross-origin"
        path = scope["path"]
        if self.settings.token and path not in OPEN_PATHS and not path.startswith(OPEN_PREFIXES):
            if not (token_matches(headers.get(HEADER), self.settings.token)
                    or token_matches(_cookie(headers, COOKIE), self.settings.token)):
                return 401, "token-required"
        return None


def _same_origin(headers: Headers) -> bool:
    origin = headers.get("origin")
    if origin is None:  # not sent by a browser's fetch; a browser says where it came from
        return headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")
    return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
