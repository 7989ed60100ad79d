"""What `budgetlint serve` is allowed to do, checked before the server starts."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, replace

from .._i18n import say
from ..errors import ConfigError

DEFAULT_PORT = 8321


def is_loopback(host: str) -> bool:
    """Only this machine can reach an address on the loopback range (or 'localhost')."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to an address others can reach


@dataclass(frozen=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    #: Upload limits: each file, and files per check.
    max_file_mb: int = 50
    max_files: int = 20
    #: Checks (and report renderings) run at the same time, each in a thread that hands the
    #: workbooks to engine.lint_paths; further checks wait, up to `max_waiting` of them.
    concurrency: int = 2
    max_waiting: int = 16
    #: Results kept in memory for the page's downloads: the latest `keep_runs`, for at most
    #: `keep_minutes`, and no more than `keep_lines` budget lines in all (the newest run is
    #: always kept). Nothing is kept on disk.
    keep_runs: int = 8
    keep_minutes: int = 60
    keep_lines: int = 200_000  # about 450 MB for two 100,000-line runs (BENCHMARKS.md)
    #: Required on every request for data when not empty; mandatory off the loopback.
    token: str = ""
    #: Annotated copies only of workbooks with at most this many lines (runs.annotate says why).
    annotate_max_lines: int = 20_000
    #: Seconds one workbook may take (engine.LintOptions.timeout_seconds).
    timeout_seconds: int = 120
    #: A bureau's own scheme folders (the `scheme-folders` of its budgetlint.toml), searched
    #: before the bundled schemes, as `check` searches them.
    scheme_folders: tuple[str, ...] = ()

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 2**20

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def validated(self) -> ServeSettings:
        """These settings, checked, with a fresh token when the host is shared and none is given."""
        for name in ("max_file_mb", "max_files", "concurrency", "keep_runs", "keep_minutes", "keep_lines", "timeout_seconds",
                     "annotate_max_lines"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                option = name.replace("_", "-")
                raise ConfigError(say(f"serve: {option} 应为不小于 1 的整数，不能是 {value!r}",
                                      f"serve: {option} must be a whole number of at least 1, not {value!r}"))
        if self.max_waiting < 0:
            raise ConfigError(say(f"serve: max-waiting 应不小于 0，不能是 {self.max_waiting!r}",
                                  f"serve: max-waiting must be 0 or more, not {self.max_waiting!r}"))
        if not 0 <= self.port <= 65535:
            raise ConfigError(say(f"serve: --port 应在 0 到 65535 之间，不能是 {self.port}",
                                  f"serve: --port must be between 0 and 65535, not {self.port}"))
        if not self.host.strip():
            raise ConfigError(say("serve: --host 不能为空", "serve: --host must not be empty"))
        if self.token and len(self.token) < 16:
            raise ConfigError(say("serve: 访问口令至少要 16 个字符", "serve: an access token must be at least 16 characters"))
        if not self.loopback and not self.token:
            return replace(self, token=secrets.token_urlsafe(24))
        return self
