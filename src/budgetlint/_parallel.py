"""Lint workbooks in worker processes, so that a reader that crashes, runs out of memory or
hangs costs only its own workbook.

This process only coordinates: it never reads a workbook. It starts up to `jobs` workers
(forked on Linux, so each inherits the schemes and matchers built before) and hands each at
most two files at a time, by index; a worker lints its files in order and sends back each
result, in pieces that this process loads while the worker pickles the next. Results are
stored by index, so the order is the input's whatever the timing. A worker lives for the
whole run: a pre-commit run over one workbook forks once.

Each worker runs under two limits (Limits):
- memory: on Linux, RLIMIT_AS at the worker's own size when it starts plus `memory_mb`, so
  an allocation past it fails (MemoryError in Python, an abort in Rust) before the kernel
  picks a process to kill;
- time: this process kills a worker whose file has taken `timeout_seconds` plus a grace
  period. The worker's own SIGALRM (engine.lint_workbook) stops Python code on time; the
  kill stops native code that never returns.

A worker that dies is replaced by a fresh one. The file it was reading gets an error with
the cause, told from how it ended: `timed out` (killed here), `over the memory limit` (an
allocation failure in what it wrote to its stderr, or SIGKILL from the kernel), else
`crashed reading` (a signal or an exit status). The file queued behind it goes back to the
front of the queue. Workers ignore Ctrl-C (this process handles it and kills them), die
with this process however it dies (a thread of theirs waits for the end of a pipe only this
process holds; elsewhere, end of file on their task pipe), and hold neither its stdout nor
its stderr, so a killed run never leaves a CI step's output open.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from ._i18n import say
from .errors import BudgetlintError, crashed, os_reason, over_memory_limit, timed_out

__all__ = ["Limits", "lint_isolated"]

#: Files a worker holds at once: the one it reads and the next, so it never waits for us.
_DEPTH = 2
#: Seconds past the time limit before a worker is killed: its own timer answers first.
_GRACE = 1.0
#: What a process that failed to allocate writes before it dies (Rust, CPython, C++).
_OUT_OF_MEMORY = (b"memory allocation of", b"MemoryError", b"Cannot allocate memory", b"std::bad_alloc")
_TAIL = 65536  # bytes of a dead worker's stderr looked at, from where its last file began

#: lint(path, options) -> the result in pieces, sent one by one, so that this process loads
#: one while the worker pickles the next; runs in a worker: a module-level function.
Lint = Callable[[str, Any], Sequence[Any]]
#: (function, arguments) each worker runs once when it starts, before any file.
Setup = tuple[Callable[..., None], tuple]


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 120.0  # per file; 0 = no limit
    memory_mb: int = 0  # address space a worker may add to its size at start; 0 = no limit


def _context():
    """fork on Linux: workers inherit the loaded schemes and matchers and the GC settings.
    Elsewhere (spawn on macOS and Windows) workers load what they need themselves."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def lint_isolated(paths: Sequence[str], jobs: int, lint: Lint, options: Any, limits: Limits,
                  store: Callable[[int, Any], None], failed: Callable[[str, str], Any],
                  assemble: Callable[[list], Any], arrive: Callable[[Any], Any], setup: Setup | None = None,
                  meanwhile: Callable[[], None] | None = None) -> None:
    """Lint every path in workers; store(i, assemble(pieces)) as each result arrives, each
    piece as arrive(piece) makes it (while the worker pickles the next).

    failed(path, cause) is the result for a file whose worker died or overran; meanwhile(),
    if given, runs here once the first workers have their files (this process is idle then)."""
    pool = _Pool(paths, jobs, lint, options, limits, lambda i, pieces: store(i, assemble(pieces)),
                 lambda i, cause: store(i, failed(paths[i], cause)), setup, arrive)
    collecting = gc.isenabled()
    gc.disable()  # results arrive as hundreds of thousands of acyclic objects: nothing to collect
    try:
        pool.run(meanwhile)
    finally:
        pool.close()  # also on Ctrl-C or SIGTERM: no worker outlives the run
        if collecting:
            gc.enable()


class _Worker:
    def __init__(self, ctx, lint: Lint, options: Any, limits: Limits, setup: Setup | None, siblings: list,
                 lifeline: tuple[int, int]) -> None:
        forked = ctx.get_start_method() == "fork"
        self.conn, child = ctx.Pipe()
        # Its stderr goes to an unnamed file, read only if it dies (why it died).
        self.stderr = os.memfd_create("budgetlint-worker-stderr") if forked else -1
        inherited = [*siblings, self.conn] if forked else []  # our ends of pipes: not the worker's to hold
        self.process = ctx.Process(
            target=_serve, daemon=True,
            args=(child, lint, options, setup, limits.memory_mb, self.stderr, lifeline, inherited),
        )
        try:
            self.process.start()
        except OSError as exc:
            self.conn.close()
            if self.stderr >= 0:
                os.close(self.stderr)
            raise BudgetlintError(say(f"无法启动工作进程：{os_reason(exc)}",
                                      f"cannot start a worker process: {os_reason(exc)}")) from None
        finally:
            child.close()
        self.queue: deque[int] = deque()  # the file it reads first, then the next
        self.pieces: list = []  # of its first file's result, as they arrive
        self.since = time.monotonic()  # when it started its first file
        self.written = 0  # what it had written to its stderr then
        self.overran = False

    def started(self) -> None:
        """It starts the first file of its queue now."""
        self.since = time.monotonic()
        with contextlib.suppress(OSError):
            self.written = os.fstat(self.stderr).st_size if self.stderr >= 0 else 0

    def tail(self) -> bytes:
        """What it wrote to its stderr since it started its current file (the first of it)."""
        if self.stderr < 0:
            return b""
        with contextlib.suppress(OSError):
            os.lseek(self.stderr, self.written, os.SEEK_SET)
            return os.read(self.stderr, _TAIL)
        return b""

    def stop(self) -> bytes:
        """Kill it (if alive) and reap it; what it wrote to its stderr last."""
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join()
        tail = self.tail()
        self.conn.close()
        if self.stderr >= 0:
            os.close(self.stderr)
        return tail


class _Pool:
    def __init__(self, paths, jobs, lint, options, limits, store, failed, setup, arrive) -> None:
        self.paths, self.jobs, self.lint, self.options, self.limits = paths, jobs, lint, options, limits
        self.store, self.failed, self.setup, self.arrive = store, failed, setup, arrive
        self.ctx = _context()
        self.pending: deque[int] = deque(range(len(paths)))
        self.workers: list[_Worker] = []
        self.stillborn = 0  # workers lost with no file to blame: a few, then the run stops
        # Workers read the one end; only this process holds the other, so they see its end
        # of file when it dies, however it dies (forked workers only).
        self.lifeline = os.pipe() if self.ctx.get_start_method() == "fork" else (-1, -1)

    def run(self, meanwhile: Callable[[], None] | None = None) -> None:
        while self.pending or any(w.queue for w in self.workers):
            self._feed()
            if meanwhile is not None:
                meanwhile()
                meanwhile = None
            busy = [w for w in self.workers if w.queue]
            if not busy:  # every worker died idle (a failed send): _feed starts others
                continue
            allowed = self.limits.timeout_seconds + _GRACE if self.limits.timeout_seconds > 0 else None
            left = None if allowed is None else max(0.0, min(w.since for w in busy) + allowed - time.monotonic())
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=left)
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    self._collect(worker)
            now = time.monotonic()
            for worker in [w for w in self.workers if w.queue and allowed is not None]:
                if now > worker.since + allowed:
                    worker.overran = True
                    self._lost(worker)

    def _feed(self) -> None:
        """Start workers as there are files for them, and top up each one's queue."""
        while len(self.workers) < min(self.jobs, len(self.pending) + sum(len(w.queue) for w in self.workers)):
            self.workers.append(_Worker(self.ctx, self.lint, self.options, self.limits, self.setup,
                                        [w.conn for w in self.workers], self.lifeline))
        for worker in list(self.workers):
            while self.pending and len(worker.queue) < _DEPTH:
                index = self.pending.popleft()
                try:
                    worker.conn.send((index, self.paths[index]))
                except OSError:  # it has died
                    self.pending.appendleft(index)
                    self._lost(worker)
                    break
                if not worker.queue:
                    worker.started()
                worker.queue.append(index)

    def _collect(self, worker: _Worker) -> None:
        """Store what the worker has sent; if it has died, account for its files."""
        while worker.queue:
            try:
                if not worker.conn.poll():
                    break
                piece, last = worker.conn.recv()
            except Exception:  # EOF, or a message cut short by its death
                self._lost(worker)
                return
            worker.pieces.append(self.arrive(piece))
            if last:
                pieces, worker.pieces = worker.pieces, []
                self.store(worker.queue.popleft(), pieces)
                worker.started()
        if not worker.process.is_alive():
            self._lost(worker)

    def _lost(self, worker: _Worker) -> None:
        """A worker that died or overran: its first file failed, the next goes back."""
        cause = self._cause(worker, worker.stop())
        self.workers.remove(worker)
        if not worker.queue:
            self.stillborn += 1
            if self.stillborn > 3:
                raise BudgetlintError(say(f"工作进程还没读文件就接连退出（{cause}）",
                                          f"worker processes keep dying before reading a file ({cause})"))
        else:
            first = worker.queue.popleft()
            self.pending.extendleft(reversed(worker.queue))
            self.failed(first, cause)

    def _cause(self, worker: _Worker, stderr: bytes) -> str:
        if worker.overran:
            return timed_out(self.limits.timeout_seconds)
        code = worker.process.exitcode
        if any(marker in stderr for marker in _OUT_OF_MEMORY):
            return over_memory_limit(self.limits.memory_mb)
        if hasattr(signal, "SIGKILL") and code == -signal.SIGKILL:  # not by us: the kernel's OOM killer
            return over_memory_limit(0)
        if code is not None and code < 0 and -code in signal.valid_signals():
            return crashed(say(f"信号 {signal.Signals(-code).name}", f"signal {signal.Signals(-code).name}"))
        return crashed(say(f"退出状态 {code}", f"exit status {code}"))

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers.clear()
        for fd in self.lifeline:
            if fd >= 0:
                os.close(fd)


# -- in the worker -----------------------------------------------------------------


def _serve(conn, lint: Lint, options: Any, setup: Setup | None, memory_mb: int, stderr_fd: int,
           lifeline: tuple[int, int], inherited: list) -> None:
    for other in inherited:
        other.close()
    # Ctrl-C reaches the whole process group: the coordinator handles it and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    _die_with_coordinator(lifeline)
    _detach_output(stderr_fd)
    if setup:
        setup[0](*setup[1])
    _limit_memory(memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the coordinator is gone
            return
        index, path = task
        pieces = lint(path, options)
        for n, piece in enumerate(pieces, 1):
            conn.send((piece, n == len(pieces)))
        pieces = piece = None  # a big result is not kept while the next task is awaited


def _die_with_coordinator(lifeline: tuple[int, int]) -> None:
    """End this worker when the coordinator dies, even by SIGKILL in the middle of a long
    read: a thread waits for the end of file on the lifeline (no CPU, no GIL)."""
    end, coordinators_end = lifeline
    if end < 0:
        return
    os.close(coordinators_end)
    import threading

    def watch() -> None:
        with contextlib.suppress(OSError):
            while os.read(end, 1):
                pass
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="budgetlint-lifeline").start()


def _detach_output(stderr_fd: int) -> None:
    """stdout to /dev/null, stderr to the coordinator's file: a worker never writes to the
    terminal, nor keeps the run's output streams open."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(stderr_fd if stderr_fd >= 0 else null, 2)
        os.close(null)
    import faulthandler

    if faulthandler.is_enabled():  # its crash report goes where our stderr goes now
        with contextlib.suppress(Exception):
            faulthandler.enable(2)


def _limit_memory(memory_mb: int) -> None:
    if memory_mb <= 0 or not sys.platform.startswith("linux"):
        return
    import resource

    size = _address_space()
    if size is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = size + memory_mb * 2**20
    for existing in (soft, hard):
        if existing != resource.RLIM_INFINITY:
            limit = min(limit, existing)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int | None:
    """This process's virtual size (VmSize), in bytes."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None
