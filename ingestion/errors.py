"""The one exception that means "this delivered file cannot be loaded as a whole"."""

from __future__ import annotations

from pathlib import Path


class FileRejected(Exception):
    """A delivered file is unusable as a whole (undecodable, unknown header, missing column).

    The loader records it in ``meta.load_log`` with status ``rejected``; it is never raised
    to the user. ``str(error)`` names the file when it is known.
    """

    def __init__(self, reason: str, path: Path | str | None = None) -> None:
        self.reason = reason
        self.path = Path(path) if path is not None else None
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}" if self.path else self.reason

    def for_file(self, path: Path | str) -> FileRejected:
        """The same rejection, naming ``path`` (used when the detector did not know the file)."""
        return self if self.path is not None else FileRejected(self.reason, path)
