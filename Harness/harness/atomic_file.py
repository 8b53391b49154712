"""Output files written whole or not at all: a temp file beside the target, renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomically(out: Path, chunks: Iterable[str]) -> None:
    """Writes the chunks (UTF-8) to a temp file in out's folder, then renames it to out; removes it on failure."""
    directory = out.parent if str(out.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, then renamed or removed)
        "w", encoding="utf-8", dir=directory, prefix=f".{out.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(handle.name, out)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
