"""`budgetlint serve`: a local page where a preparer drops workbooks and sees the findings.

    settings.py  ServeSettings: host, limits, token — validated before anything starts
    guard.py     every request: Host and Origin checks, the access token, security headers
    uploads.py   a multipart body streamed into the request's private folder, within limits
    runs.py      lint off the event loop, shown names, annotated copies, recent runs in memory
    app.py       the routes: the page, the check, downloads, explain, schemes and rules
    server.py    bind, print the address (and token), open the browser, run uvicorn
    static/      the page itself (HTML, CSS, JS); nothing is loaded from anywhere else

The findings report in the page is the `--format html` report, served as it is; the
downloads are the formats of report.FORMATS and the annotated copies of annotate.py.
Needs the `serve` extra (starlette, uvicorn, python-multipart).
"""

from __future__ import annotations

from .settings import ServeSettings

__all__ = ["ServeSettings", "create_app", "serve"]


def create_app(settings: ServeSettings | None = None):
    from .app import create_app as create

    return create(settings or ServeSettings())


def serve(settings: ServeSettings, *, open_browser: bool = True) -> None:
    from .server import run

    run(settings, open_browser=open_browser)
