"""The project's one error hierarchy, and the Problem record of a validation report.

Modelled on geopy's ``exc.py``: a single base class the app boundary can catch, and
subclasses for the failures a person can act on. Every message names what was wrong
and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


class MappingError(Exception):
    """Base class of every error this package raises on purpose."""


class DataFileError(MappingError):
    """A whole file cannot be read (not a table, wrong format, empty)."""


class WorkspaceError(MappingError):
    """The workspace database cannot do what was asked (missing version, locked, ...)."""


class AnswerError(MappingError, ValueError):
    """A questionnaire answer has the wrong type or value."""


class GeocodingError(MappingError):
    """Geocoding cannot run as configured (e.g. the online geocoder lacks a user agent)."""


class AssessmentError(MappingError, ValueError):
    """A self-assessment or checklist answer has the wrong key, type or value."""


class AnalysisError(MappingError, ValueError):
    """An analysis cannot run on the input given (e.g. a radius that is not a positive
    number, an areas table without coordinates)."""


@dataclass(frozen=True)
class Problem:
    """One finding of the validation report.

    ``row`` is the 1-based data row (the first row under the header is 1, so it is line
    ``row + 1`` in Excel); None when the problem concerns the whole file or a column.
    ``severity`` "error" means the row was kept out; "warning" means it loaded, and the
    message says what was changed or ignored.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    severity: Severity
    kind: str = "other"

    def as_dict(self) -> dict[str, Any]:
        # Field by field: dataclasses.asdict deep-copies, which costs seconds for the
        # thousands of problems of a large import.
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "severity": self.severity,
            "kind": self.kind,
        }

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"
