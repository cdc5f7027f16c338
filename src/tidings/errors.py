"""Exceptions with messages a user can act on; the CLI prints them as one line and exits non-zero."""

from __future__ import annotations


class TidingsError(Exception):
    """Base class for every error tidings reports to a user instead of a traceback."""


class InputError(TidingsError):
    """Bad input: names the input and, where it has one, the line, so the user can find and fix it."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple:
        # Rebuilt from its parts, so the error a worker process raises reaches the client intact.
        return (type(self), (self.source, self.reason, self.line))


class UsageError(InputError):
    """A mistake in how a command or function was called (an unknown option value, a missing argument),
    as opposed to a failure while doing the work; the CLI exits 2 for these and 1 for every other error."""


class ModelError(TidingsError):
    """The requested spaCy pipeline is not installed or cannot be used."""


class StoreError(TidingsError):
    """The event store cannot be opened or written (locked, read-only, full disk)."""
