"""The exception family of journeymap.

Every error a user can cause derives from :class:`JourneymapError` and also from the
builtin it resembles, so ``except ValueError`` in user code keeps working. Messages name
the file, row and field involved and say what to do; the CLI prints them without a
traceback.

Besides its English message, an error may carry a ``code`` (``"analysis.unknown_stage"``)
and its ``params`` (the values the message names), so an interface can say the same thing
in its reader's language; the message, the CLI's line and the REST API's JSON stay English.
"""

from __future__ import annotations

from typing import Any


class JourneymapError(Exception):
    """Root of all journeymap errors.

    ``code`` and ``params`` state the message (and its hint) as data: a code of the form
    ``area.what`` and the values it names (text, numbers, lists of names); None and empty
    for an error that has not been given one. ``params`` is not ``args``, which Python keeps
    for the exception's constructor arguments.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        hint: str | None = None,
        code: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.field = field
        self.hint = hint
        self.code = code
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(self.render())

    def render(self) -> str:
        """One line a person can act on: where, what, and what to do."""
        where = []
        if self.file:
            where.append(f"{self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.hint:
            text += f" — {self.hint}"
        return text


class WorkspaceError(JourneymapError, ValueError):
    """A workspace folder is missing, not initialised or inconsistent."""


class WorkspaceNotFoundError(WorkspaceError, FileNotFoundError):
    """The workspace folder or its journeymap.toml does not exist."""


class ConfigError(JourneymapError, ValueError):
    """A settings file or an environment override is invalid."""


class InputFileError(JourneymapError, ValueError):
    """An input file cannot be read at all (empty, wrong encoding, unreadable header)."""


class InputNotFoundError(InputFileError, FileNotFoundError):
    """An input file does not exist."""


class MappingError(JourneymapError, ValueError):
    """A mapping file is invalid or does not fit the data it is applied to."""


class EngineError(JourneymapError, RuntimeError):
    """The events engine (DuckDB, Spark) failed; the driver error is translated here."""


class NotBuiltError(JourneymapError, LookupError):
    """An analysis needs tables that ``journeymap build`` has not made yet."""


class NotFoundError(JourneymapError, LookupError):
    """A person, account, load or journey that was asked for does not exist."""


class AnalysisError(JourneymapError, ValueError):
    """An analysis asks for something that does not exist or makes no sense (an unknown
    step, field or stage, an empty window)."""


class MapError(JourneymapError, ValueError):
    """A journey-map document is invalid, or a map operation cannot be done."""

    #: for an invalid document, what is wrong as data (``journeymap.maps.schema.Problem``)
    #: so an interface can word it in its own language; None otherwise
    problem: Any = None


class VersionConflictError(MapError):
    """Someone saved a newer version of a map after the version an editor started from."""


class StoreError(JourneymapError, RuntimeError):
    """The document database cannot be opened or migrated (the driver error is translated)."""
