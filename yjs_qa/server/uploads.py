"""Uploaded reports: safe names, a fresh folder per upload, and Library.add's own checks.

The server does not judge a file itself: it saves each upload under a sanitised name in a fresh
temporary folder (one sub-folder per file, so two uploads with the same name cannot overwrite each
other) and passes the paths to Library.add, which refuses empty, binary, oversized, damaged and
unsupported files with the same messages as `yjs-qa add`. The folder is deleted afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from yjs_qa import FileResult, Library, UpdateReport

MAX_FILE_ENV = "YJS_QA_MAX_FILE_MB"  # the same variable, and default, as `yjs-qa add`
DEFAULT_MAX_FILE_MB = 50.0
MAX_FILES = 50  # per request
MAX_NAME = 150
SUPPORTED = (".pdf", ".html", ".htm", ".docx", ".md", ".markdown", ".txt", ".text")


def max_file_bytes() -> int:
    """The per-file size limit, read as the library reads it: YJS_QA_MAX_FILE_MB, default 50 MB."""
    raw = os.environ.get(MAX_FILE_ENV, "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError:
        mb = DEFAULT_MAX_FILE_MB
    return int(mb * 1e6)


def max_request_bytes() -> int:
    """What one upload request may carry: a few files at the limit, plus room for the form."""
    return 4 * max_file_bytes() + 1_000_000


def safe_name(raw: str | None) -> str:
    """A plain file name from whatever the client sent: no folders, no '..', no control characters.

    'C:\\x\\..\\report.pdf' -> 'report.pdf'; '../../etc/passwd' -> 'passwd'; '.bashrc' -> 'bashrc'.
    """
    name = unicodedata.normalize("NFKC", raw or "")
    name = re.split(r"[\\/]", name)[-1]  # the last component, whichever separator was used
    name = re.sub(r"[^\w.\- ()]+", "_", name)  # letters, digits, _ . - space and brackets only
    name = re.sub(r"\s+", " ", name).strip(" ._")  # no leading dot (hidden file, '..'), no padding
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        name = (
            stem[: MAX_NAME - len(suffix) - 1] + dot + suffix
            if dot and len(suffix) <= 10
            else name[:MAX_NAME]
        )
    return name or "upload"


def add_uploads(
    lib: Library,
    uploads: Sequence[tuple[str | None, BinaryIO]],
    *,
    progress: Callable[[int, int], None] | None = None,
    wait: float = 0,
) -> UpdateReport:
    """Save each (client file name, stream) under a safe name in a fresh folder, then Library.add
    them; the report names the files as uploaded, never the server's temporary paths."""
    folder = Path(tempfile.mkdtemp(prefix="yjs-qa-upload-"))
    try:
        paths: list[Path] = []
        for i, (raw, stream) in enumerate(uploads):
            sub = folder / str(i)
            sub.mkdir()
            path = sub / safe_name(raw)
            with path.open("wb") as out:
                shutil.copyfileobj(stream, out, length=1 << 20)
            paths.append(path)
        report = lib.add(paths, progress=progress, wait=wait)
        return _without_paths(report, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _without_paths(report: UpdateReport, folder: Path) -> UpdateReport:
    """The report with the temporary folder taken out of every path and reason."""
    prefixes = sorted(
        {str(folder) + os.sep + p.name + os.sep for p in folder.iterdir()}, key=len, reverse=True
    )

    def clean(text: str) -> str:
        for prefix in prefixes:
            text = text.replace(prefix, "")
        return text.replace(str(folder), "")

    files = [
        FileResult(
            document=f.document,
            path=clean(f.path),
            status=f.status,
            passages=f.passages,
            reason=None if f.reason is None else clean(f.reason),
        )
        for f in report.files
    ]
    return report.model_copy(update={"files": files})
