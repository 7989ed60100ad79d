"""The routes of `budgetlint serve`.

    GET    /                              the page (?token=… sets the access cookie, then redirects)
    GET    /static/…                      its CSS and JS
    POST   /api/login                     the access token, as the page asks for it
    GET    /api/info                      version, limits, formats, schemes and their jurisdictions
    POST   /api/runs                      workbooks (multipart) → the check's result, per workbook
    GET    /api/runs/{run}                the same, later (the annotated copies come afterwards)
    DELETE /api/runs/{run}                forget a check
    GET    /runs/{run}/report.html        the --format html report, for the page's frame
    GET    /runs/{run}/download/{format}  any format of report.FORMATS, as a file
    GET    /runs/{run}/annotated/{n}      an annotated copy
    POST   /api/explain                   one line's decision trail (`budgetlint explain`)
    GET    /api/rules, /api/schemes/{id}  the rules with their documentation, a scheme's duties
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .._version import __version__
from ..engine import WORKBOOK_SUFFIXES
from ..errors import BudgetlintError
from ..report import FORMATS, ReportOptions, render_chunks
from .guard import COOKIE, REPORT_CSP, Guard, token_matches
from .runs import Run, RunStore, annotate, describe, lint_upload, private_folder, remove_folder
from .settings import ServeSettings
from .uploads import UploadRejected, receive

__all__ = ["create_app", "Service", "STATIC"]

STATIC = Path(__file__).resolve().parent / "static"
LANGS = ("zh", "en")
MAX_JSON_BYTES = 16 * 1024
#: format → (file name, media type); a format added to the registry later downloads as
#: budgetlint-<format>.<format> until it gets a line here.
DOWNLOADS = {
    "html": ("budgetlint-report.html", "text/html; charset=utf-8"),
    "xlsx": ("budgetlint-findings.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": ("budgetlint-report.json", "application/json"),
    "sarif": ("budgetlint.sarif", "application/sarif+json"),
    "junit": ("budgetlint-junit.xml", "application/xml"),
    "text": ("budgetlint-report.txt", "text/plain; charset=utf-8"),
    "github": ("budgetlint-github.txt", "text/plain; charset=utf-8"),
}


def _error(status: int, code: str, **details) -> JSONResponse:
    return JSONResponse({"error": code, **details}, status_code=status)


class Service:
    """What the routes share: settings, the recent runs, the worker threads, the private folder."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.store = RunStore(settings.keep_runs, settings.keep_minutes * 60, settings.keep_lines)
        self.pool = ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="budgetlint-serve")
        self.in_flight = 0  # checks from upload to the last annotated copy (event loop only)
        self._root: Path | None = None

    @property
    def root(self) -> Path:
        """The server's own private folder; each check gets a private folder inside it."""
        if self._root is None or not self._root.is_dir():
            self._root = private_folder()
        return self._root

    async def in_thread(self, fn, *args, **kwargs):
        """Run blocking work in one of `concurrency` threads, never on the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.pool, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self._root is not None:
            remove_folder(self._root)


def _service(request: Request) -> Service:
    return request.app.state.service


# ---------------------------------------------------------------------------
# The page and its access token.


async def page(request: Request) -> Response:
    settings = _service(request).settings
    given = request.query_params.get("token")
    if given is not None and settings.token:
        if not token_matches(given, settings.token):
            return RedirectResponse("/", status_code=303)
        response = RedirectResponse("/", status_code=303)  # the token leaves the address bar and history
        _set_cookie(response, settings.token)
        return response
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def _set_cookie(response: Response, token: str) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")


async def login(request: Request) -> Response:
    settings = _service(request).settings
    body = await _json(request)
    token = body.get("token") if isinstance(body, dict) else None
    if not settings.token:
        return Response(status_code=204)
    if not isinstance(token, str) or not token_matches(token.strip(), settings.token):
        return _error(403, "wrong-token")
    response = Response(status_code=204)
    _set_cookie(response, settings.token)
    return response


async def _json(request: Request) -> object:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_JSON_BYTES:
            return None
    try:
        return json.loads(body or b"null")
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# What is installed.


def _schemes(folders: tuple[str, ...] = ()) -> dict:
    from ..schemes import available_schemes

    return available_schemes(folders)


async def info(request: Request) -> Response:
    service = _service(request)
    schemes = await service.in_thread(_schemes, service.settings.scheme_folders)
    return JSONResponse({
        "version": __version__,
        "token_required": bool(service.settings.token),
        "limits": {"max_file_mb": service.settings.max_file_mb, "max_files": service.settings.max_files},
        "suffixes": list(WORKBOOK_SUFFIXES),
        "formats": list(FORMATS),
        "schemes": [{
            "id": s.id, "city": s.city, "title": s.title, "doc_number": s.doc_number, "date": s.date,
            "example": s.example, "duties": len(s.duties),
            "jurisdictions": [{"name": j.name, "level": j.level, "level_name": s.level_name(j.level)} for j in s.jurisdictions],
        } for s in schemes.values()],
    })


async def rules(request: Request) -> Response:
    from ..rules import RULES

    # Both languages: the page switches without asking again.
    return JSONResponse([{"code": r.code, "name": r.name, "severity": r.severity,
                          "summary": {lang: r.summary_in(lang) for lang in ("zh", "en")},
                          "doc": {lang: r.documentation(lang).text() for lang in ("zh", "en")}} for r in RULES])


async def scheme(request: Request) -> Response:
    from .._explain import show_scheme

    service = _service(request)
    scheme_id = request.path_params["scheme"]
    folders = service.settings.scheme_folders
    if scheme_id not in await service.in_thread(_schemes, folders):  # ids only: never a path on this machine
        return _error(404, "unknown-scheme")
    return JSONResponse({"id": scheme_id, "text": await service.in_thread(show_scheme, scheme_id, True, folders)})


async def explain(request: Request) -> Response:
    from .._explain import explain_line

    service = _service(request)
    body = await _json(request)
    if not isinstance(body, dict) or not all(isinstance(body.get(k, ""), str)
                                             for k in ("name", "description", "jurisdiction", "funding", "scheme", "lang")):
        return _error(400, "bad-request")
    name, jurisdiction, scheme_id = body.get("name", "").strip(), body.get("jurisdiction", "").strip(), body.get("scheme", "").strip()
    if not name or not jurisdiction:
        return _error(400, "missing", fields=[k for k, v in (("name", name), ("jurisdiction", jurisdiction)) if not v])
    folders = service.settings.scheme_folders
    if scheme_id and scheme_id not in await service.in_thread(_schemes, folders):
        return _error(400, "unknown-scheme")
    try:
        text = await service.in_thread(explain_line, name, description=body.get("description", "").strip(), jurisdiction=jurisdiction,
                                       funding=body.get("funding", "").strip(), scheme=scheme_id or None,
                                       lang="en" if body.get("lang") == "en" else "zh", folders=folders)
    except BudgetlintError as exc:
        return _error(400, "explain", message=str(exc))
    return JSONResponse({"text": text})


# ---------------------------------------------------------------------------
# A check.


def _choices(fields: dict[str, str], folders: tuple[str, ...] = ()) -> tuple[str, str, str]:
    """(scheme, jurisdiction, lang) from the form; a scheme is one of the installed ids."""
    from ..jurisdiction import find_jurisdiction

    lang = fields.get("lang", "zh") if fields.get("lang") in LANGS else "zh"
    scheme_id, jurisdiction = fields.get("scheme", "").strip(), fields.get("jurisdiction", "").strip()
    schemes = _schemes(folders)
    if scheme_id and scheme_id not in schemes:
        raise UploadRejected(400, "unknown-scheme")
    if jurisdiction:
        try:
            find_jurisdiction(jurisdiction, [schemes[scheme_id]] if scheme_id else schemes.values())
        except BudgetlintError as exc:
            raise UploadRejected(400, "bad-choice", message=str(exc)) from None
    return scheme_id, jurisdiction, lang


class _ThenResponse(JSONResponse):
    """A JSON answer whose follow-up work (annotated copies, clean-up) runs after it is
    sent — and runs even when sending it fails."""

    def __init__(self, content, then) -> None:
        super().__init__(content)
        self.then = then

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.then()


async def create_run(request: Request) -> Response:
    service = _service(request)
    settings = service.settings
    if service.in_flight >= settings.concurrency + settings.max_waiting:
        return _error(503, "busy")
    service.in_flight += 1
    folder: Path | None = None
    handed_over = False
    try:
        folder = private_folder(service.root, prefix="check-")
        inbox = folder / "in"
        inbox.mkdir(mode=0o700)
        upload = await receive(request, inbox, settings.max_files, settings.max_file_bytes)
        if not upload.files:
            return _error(400, "no-files")
        scheme_id, jurisdiction, lang = await service.in_thread(_choices, upload.fields, settings.scheme_folders)
        linted, shown = await service.in_thread(lint_upload, upload.files, inbox, scheme=scheme_id, jurisdiction=jurisdiction,
                                                lang=lang, max_file_bytes=settings.max_file_bytes,
                                                timeout_seconds=settings.timeout_seconds,
                                                scheme_folders=settings.scheme_folders)
        run = service.store.add(shown, lang, settings.annotate_max_lines)
        if not any(wb.findings and not wb.error for wb in linted.workbooks):
            run.annotated_status = "none"
        handed_over = True
        return _ThenResponse(describe(run), functools.partial(_finish, service, run, linted, folder))
    except UploadRejected as exc:
        return _error(exc.status, exc.code, **exc.details)
    finally:
        if not handed_over:
            _done(service, folder)


async def _finish(service: Service, run: Run, linted, folder: Path) -> None:
    """After the answer: the annotated copies (they need the uploaded files), then the
    request's folder goes, whatever happened — before the page is told the copies are ready."""
    copies, skipped, status = [], [], run.annotated_status
    try:
        if status == "pending":
            status = "failed"  # unless they are made
            copies, skipped = await service.in_thread(annotate, linted, folder / "annotated", folder / "in", run.lang,
                                                      service.settings.annotate_max_lines)
            status = "done"
    except Exception:  # noqa: BLE001 — the findings stand; the page says the copies failed
        pass
    finally:
        _done(service, folder)
        run.annotated, run.annotated_skipped, run.annotated_status = copies, skipped, status


def _done(service: Service, folder: Path | None) -> None:
    if folder is not None:
        remove_folder(folder)
    service.in_flight -= 1


def _run(request: Request) -> Run | None:
    return _service(request).store.get(request.path_params["run"])


async def get_run(request: Request) -> Response:
    run = _run(request)
    return JSONResponse(describe(run)) if run else _error(404, "unknown-run")


async def forget_run(request: Request) -> Response:
    return Response(status_code=204) if _service(request).store.forget(request.path_params["run"]) else _error(404, "unknown-run")


async def _rendered(service: Service, run: Run, fmt: str, lang: str):
    """The report's bytes as they are made, each piece made in a worker thread."""
    pieces = await service.in_thread(lambda: iter(render_chunks(fmt, run.result, ReportOptions(lang=lang))))
    end = object()
    while (piece := await service.in_thread(next, pieces, end)) is not end:
        yield piece.encode("utf-8") if isinstance(piece, str) else piece


def _lang(request: Request, run: Run) -> str:
    lang = request.query_params.get("lang", run.lang)
    return lang if lang in LANGS else run.lang


async def report_page(request: Request) -> Response:
    run = _run(request)
    if run is None:
        return _error(404, "unknown-run")
    return StreamingResponse(_rendered(_service(request), run, "html", _lang(request, run)), media_type="text/html; charset=utf-8",
                             headers={"content-security-policy": REPORT_CSP, "x-frame-options": "SAMEORIGIN"})


def _attachment(name: str) -> str:
    fallback = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


async def download(request: Request) -> Response:
    run, fmt = _run(request), request.path_params["format"]
    if run is None:
        return _error(404, "unknown-run")
    if fmt not in FORMATS:
        return _error(404, "unknown-format")
    name, media = DOWNLOADS.get(fmt, (f"budgetlint-{fmt}.{fmt}", "application/octet-stream"))
    return StreamingResponse(_rendered(_service(request), run, fmt, _lang(request, run)), media_type=media,
                             headers={"content-disposition": _attachment(name)})


async def annotated(request: Request) -> Response:
    run = _run(request)
    if run is None:
        return _error(404, "unknown-run")
    index = request.path_params["index"]
    if not 0 <= index < len(run.annotated):
        return _error(404, "unknown-copy")
    name, data = run.annotated[index]
    return Response(data, media_type=DOWNLOADS["xlsx"][1], headers={"content-disposition": _attachment(name)})


# ---------------------------------------------------------------------------


def create_app(settings: ServeSettings) -> Starlette:
    settings = settings.validated()
    service = Service(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        service.close()

    app = Starlette(routes=[
        Route("/", page),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/api/login", login, methods=["POST"]),
        Route("/api/info", info),
        Route("/api/rules", rules),
        Route("/api/schemes/{scheme}", scheme),
        Route("/api/explain", explain, methods=["POST"]),
        Route("/api/runs", create_run, methods=["POST"]),
        Route("/api/runs/{run}", get_run),
        Route("/api/runs/{run}", forget_run, methods=["DELETE"]),
        Route("/runs/{run}/report.html", report_page),
        Route("/runs/{run}/download/{format}", download),
        Route("/runs/{run}/annotated/{index:int}", annotated),
    ], lifespan=lifespan)
    app.state.service = service
    app.add_middleware(Guard, settings=settings)
    return app
