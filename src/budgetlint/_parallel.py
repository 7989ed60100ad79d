"""Lint many workbooks on N cores: N - 1 worker processes and this one.

Workers take runs of files from the front of the list, and are handed the next run as
each one finishes; this process lints files one at a time from the back. Its own results
are never pickled, and no third process competes for N cores. Results are stored by
index, so the order is the input's whatever the timing.

A worker that dies (a crash inside a native reader) breaks the pool. The files the
workers had in hand are then linted one per process, so the file that kills its process
is named and the others are linted; what was not yet handed out goes to a fresh pool.
A crash in this process itself ends the run, as it does with --jobs 1. Workers start
with the scheme files as this process read them, so spawned workers (macOS, Windows) judge
with the same schemes as forked ones even if a file is edited during the run.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

__all__ = ["lint_in_parallel"]

#: lint_chunk(paths, options) -> results; runs in a worker, so it must be a module-level function.
ChunkLinter = Callable[[list[str], Any], list]


def _context():
    """fork on Linux: workers inherit the loaded schemes and matchers and the GC settings.
    Elsewhere (spawn on macOS and Windows) workers load what they need themselves."""
    return multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None


#: (function, arguments) each worker runs once when it starts, before any file.
Setup = tuple[Callable[..., None], tuple]


def lint_in_parallel(paths: list[str], indexes: list[int], jobs: int, lint_chunk: ChunkLinter, options: Any,
                     crashed: Callable[[str], Any], store: Callable[[int, list], None],
                     setup: Setup | None = None) -> None:
    """Lint paths[i] for every i in indexes; store(i, results) records results from index i on.

    crashed(path) is the result for a file whose process died; setup starts every worker."""
    size = max(1, min(16, len(indexes) // (jobs * 8) or 1))
    pending = deque(indexes)  # not handed out yet; workers take runs from the front
    running: dict[Future, list[int]] = {}
    lock = threading.Lock()
    in_hand: list[int] = []  # the files of the runs a dead worker pool left unfinished

    with _pool(jobs - 1, setup) as pool:

        def feed(_finished: Future | None = None) -> None:
            # Also called on the pool's thread as each run finishes, so workers never wait
            # for this process to finish a big workbook of its own.
            with lock:
                if not pending:
                    return
                # Runs shrink as the list does, so no worker is left with a long last run.
                run = [pending.popleft() for _ in range(max(1, min(size, len(pending) // (2 * jobs))))]
                try:
                    future = pool.submit(lint_chunk, [paths[i] for i in run], options)
                except (BrokenProcessPool, RuntimeError):  # the pool is gone: keep the run
                    pending.extendleft(reversed(run))
                    return
                running[future] = run
            future.add_done_callback(feed)

        for _ in range(2 * (jobs - 1)):
            feed()
        broken = False
        while True:
            with lock:
                mine = pending.pop() if pending and not broken else None
            if mine is not None:
                store(mine, [lint_chunk([paths[mine]], options)[0]])
            with lock:
                finished = [f for f in running if f.done()]
            for future in finished:
                with lock:
                    run = running.pop(future)
                try:
                    store(run[0], future.result())
                except BrokenProcessPool:
                    broken = True
                    in_hand.extend(run)
            if mine is None:
                with lock:
                    waiting = list(running)
                if not waiting:
                    break
                wait(waiting, return_when=FIRST_COMPLETED)

    for i in sorted(in_hand):
        store(i, [_alone(paths[i], lint_chunk, options, crashed, setup)])
    if pending:
        lint_in_parallel(paths, sorted(pending), jobs, lint_chunk, options, crashed, store, setup)


def _pool(workers: int, setup: Setup | None) -> ProcessPoolExecutor:
    initializer, initargs = setup if setup else (None, ())
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=initializer, initargs=initargs)


def _alone(path: str, lint_chunk: ChunkLinter, options: Any, crashed: Callable[[str], Any], setup: Setup | None) -> Any:
    with _pool(1, setup) as pool:
        try:
            return pool.submit(lint_chunk, [path], options).result()[0]
        except BrokenProcessPool:
            return crashed(path)
