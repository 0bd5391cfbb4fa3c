"""Errors a user can act on. The CLI prints them as one line and exits with code 2."""

from __future__ import annotations


class IpwatchError(Exception):
    """Base class for errors shown to users without a traceback."""

    exit_code = 2


class ConfigError(IpwatchError):
    """A configuration or input file is wrong: names the file, the key path and the problem."""

    def __init__(self, file: str, problems: list[tuple[str, str]] | str, key: str | None = None):
        if isinstance(problems, str):
            problems = [(key or "", problems)]
        self.file = str(file)
        self.problems = problems
        super().__init__(self._render())

    def _render(self) -> str:
        lines = []
        for key, msg in self.problems:
            where = f"{self.file}: {key}" if key else self.file
            lines.append(f"{where}: {msg}")
        return "\n".join(lines)


class StoreUnavailable(IpwatchError):
    """Elasticsearch cannot be reached (writes are spooled, reads fail with this)."""


class ConflictError(IpwatchError):
    """An optimistic-concurrency write lost the race; the caller re-reads and retries."""


class SpoolFull(IpwatchError):
    """Elasticsearch is unreachable and the spool has no room: the write is refused, never dropped
    silently (the caller keeps the work to redo: a crawl does not mark the page seen)."""
