"""Write a file so that readers see either the old content or the new, never half of it.

The data goes to a temporary file in the same directory (os.replace is only atomic
within one file system), is flushed to disk, then renamed over the target. On any
error the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from budgetlint.errors import OutputError, cannot_write


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    # No newline translation: the bytes are the same on every platform.
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_writer(path) as fh:
        fh.write(data)


def atomic_write_chunks(path: Path, chunks: Iterable[str | bytes], encoding: str = "utf-8", errors: str = "strict") -> None:
    """Write pieces as they come, never holding them all; all or nothing, as above. str pieces
    are encoded, bytes pieces (a binary format) written as they are."""
    with atomic_writer(path) as fh:
        for chunk in chunks:
            fh.write(chunk if isinstance(chunk, bytes) else chunk.encode(encoding, errors))


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write; on leaving the block it replaces `path`, or (on any error) vanishes."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        # 0o666 lets the umask decide the mode, as a plain open() would.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, path.stat().st_mode & 0o7777)  # keep an existing file's mode
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(cannot_write(path, exc)) from exc
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; not possible on every platform, so best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
