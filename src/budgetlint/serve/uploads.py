"""A multipart/form-data body, streamed straight into the request's private folder.

Starlette's own form parser spools files above 1 MB to the system's temporary folder;
budget data must be written nowhere but the folder made for the request, so the body is
parsed here with python-multipart's streaming parser and each file part is written, as
it arrives, to a file of mode 600 in that folder. Limits are checked while the bytes
arrive: a file over the limit stops the upload at that byte, not after it is stored.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePath

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

__all__ = ["Upload", "UploadRejected", "receive", "safe_name"]

MAX_FIELDS = 16
MAX_FIELD_BYTES = 1024
MAX_NAME_BYTES = 180  # well under a file system's 255, with room for " (12)"
_ENVELOPE_BYTES = 64 * 1024  # boundaries, part headers and form fields around the files


class UploadRejected(Exception):
    """The request is refused as a whole: an HTTP status, a code the page words, details."""

    def __init__(self, status: int, code: str, **details: object) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Upload:
    files: tuple[Path, ...]  # in the order they were sent
    fields: dict[str, str]


def safe_name(name: str) -> str:
    """A file name that stays inside its folder and that any file system takes, keeping
    what detection reads (the jurisdiction in the name) and the suffix (the format)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if unicodedata.category(c)[0] == "C" or c in '<>:"|?*' else c for c in name)
    name = name.strip().lstrip(".").strip()  # no hidden files, no '..'
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        suffix = PurePath(name).suffix if len(PurePath(name).suffix) <= 8 else ""
        stem = name[: len(name) - len(suffix)]
        while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
            stem = stem[:-1]
        name = stem + suffix
    return name or "workbook"


class _Receiver:
    """python-multipart callbacks: file parts to files, small fields to strings."""

    def __init__(self, folder: Path, max_files: int, max_file_bytes: int) -> None:
        self.folder = folder
        self.max_files = max_files
        self.max_file_bytes = max_file_bytes
        self.files: list[Path] = []
        self.fields: dict[str, str] = {}
        self._used: set[str] = set()
        self._header = [b"", b""]
        self._disposition = b""
        self._out = None  # the open file of the current file part
        self._name = ""
        self._size = 0
        self._field: bytearray | None = None

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda data, start, end: self._add_header(0, data[start:end]),
            "on_header_value": lambda data, start, end: self._add_header(1, data[start:end]),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def _add_header(self, which: int, data: bytes) -> None:
        self._header[which] += data

    def part_begin(self) -> None:
        self._disposition, self._out, self._field, self._size = b"", None, None, 0

    def header_end(self) -> None:
        if self._header[0].strip().lower() == b"content-disposition":
            self._disposition = self._header[1]
        self._header = [b"", b""]

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        field = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            if len(self.fields) >= MAX_FIELDS:
                raise UploadRejected(400, "bad-upload")
            self._name, self._field = field, bytearray()
            return
        original = options[b"filename"].decode("utf-8", "replace")
        if not original:
            return  # a file input left empty
        if len(self.files) >= self.max_files:
            raise UploadRejected(413, "too-many-files", limit=self.max_files)
        self._name = original
        path = self._unique(safe_name(original))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
        self._out = os.fdopen(fd, "wb")
        self.files.append(path)

    def _unique(self, name: str) -> Path:
        stem, suffix = (name[: -len(PurePath(name).suffix)], PurePath(name).suffix) if PurePath(name).suffix else (name, "")
        candidate, n = name, 1
        while candidate.casefold() in self._used:  # two budget.xlsx from different folders
            n += 1
            candidate = f"{stem} ({n}){suffix}"
        self._used.add(candidate.casefold())
        return self.folder / candidate

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self._out is not None:
            self._size += end - start
            if self._size > self.max_file_bytes:
                raise UploadRejected(413, "file-too-large", name=self._name, limit_mb=self.max_file_bytes // 2**20)
            self._out.write(data[start:end])
        elif self._field is not None:
            self._field += data[start:end]
            if len(self._field) > MAX_FIELD_BYTES:
                raise UploadRejected(400, "bad-upload")

    def part_end(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        elif self._field is not None:
            self.fields[self._name] = self._field.decode("utf-8", "replace")
            self._field = None

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


def max_body_bytes(max_files: int, max_file_bytes: int) -> int:
    return max_files * max_file_bytes + _ENVELOPE_BYTES


async def receive(request, folder: Path, max_files: int, max_file_bytes: int) -> Upload:
    """Stream the request's multipart body into `folder` (which the caller removes)."""
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadRejected(400, "bad-upload")
    limit = max_body_bytes(max_files, max_file_bytes)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise UploadRejected(413, "too-large", limit_mb=limit // 2**20)
    receiver = _Receiver(folder, max_files, max_file_bytes)
    try:
        parser = MultipartParser(boundary, receiver.callbacks(), max_size=limit)
        received = 0
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:  # a chunked body declares no length
                raise UploadRejected(413, "too-large", limit_mb=limit // 2**20)
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise UploadRejected(400, "bad-upload") from None
    finally:
        receiver.close()
    return Upload(tuple(receiver.files), receiver.fields)
