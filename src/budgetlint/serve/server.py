"""Start the page: bind, say where it is (and the token, with a warning, when shared), open
the browser, serve until Ctrl-C."""

from __future__ import annotations

import errno
import socket
import sys
import webbrowser
from urllib.parse import quote

from .._i18n import say
from ..errors import ConfigError, os_reason
from .settings import DEFAULT_PORT, ServeSettings

__all__ = ["run", "bind", "page_address", "announcement"]


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; the default port, when taken, gives way to a free one."""
    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE and port == DEFAULT_PORT:
            sock.bind((address[0], 0, *address[2:]))
        else:
            sock.close()
            why = os_reason(exc)
            raise ConfigError(say(f"serve: 无法在 {host}:{port} 上监听（{why}）",
                                  f"serve: cannot listen on {host}:{port} ({why})")) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def page_address(settings: ServeSettings, port: int, *, with_token: bool = True) -> str:
    """The address to open: loopback when the server listens on every interface."""
    host = settings.host
    if host in ("0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    url = f"http://{host}:{port}/"
    return f"{url}?token={quote(settings.token)}" if with_token and settings.token else url


def announcement(settings: ServeSettings, port: int) -> str:
    url = page_address(settings, port)
    lines = [f"budgetlint serve: {url}"]
    if not settings.loopback:  # a warning that matters: in both languages, whatever the run's
        lines += [
            "",
            f"警告：本页面在 {settings.host}:{port} 上共享，同一网络中知道访问口令的人都能上传预算表并看到检查结果。",
            "连接没有加密（HTTP）；只在可信的办公网络上使用，用完请按 Ctrl-C 关闭。",
            f"WARNING: shared on {settings.host}:{port}. Anyone on this network who has the access token can upload",
            "budgets and read the results. The connection is not encrypted (HTTP): use it only on a trusted office",
            "network, and stop it with Ctrl-C when done.",
            f"访问口令 / access token: {settings.token}",
        ]
    lines.append("按 Ctrl-C 停止 / press Ctrl-C to stop")
    return "\n".join(lines)


def _has_display() -> bool:
    """Open a browser only where a window can show: on a server without a desktop,
    webbrowser would start a text browser in this very terminal."""
    import os

    return not sys.platform.startswith("linux") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(settings: ServeSettings, *, open_browser: bool = True) -> None:
    import uvicorn

    from .app import create_app

    settings = settings.validated()
    app = create_app(settings)
    sock = bind(settings.host, settings.port)
    port = sock.getsockname()[1]
    print(announcement(settings, port), flush=True)
    if open_browser and _has_display():
        # The socket already listens: the browser's request waits in its queue until uvicorn takes it.
        try:
            webbrowser.open(page_address(settings, port))
        except Exception as exc:  # noqa: BLE001 — no browser is not a reason to stop serving
            print(say(f"budgetlint serve: 无法打开浏览器（{exc}）；请自行打开上面的地址",
                      f"budgetlint serve: could not open a browser ({exc}); open the address above"), file=sys.stderr)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, date_header=False,
                            timeout_graceful_shutdown=10)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn has shut down cleanly, then passes Ctrl-C on
        pass
    finally:
        sock.close()
    print(say("budgetlint serve: 已停止", "budgetlint serve: stopped"), flush=True)
