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


# The problem report's "kind" in words a facilitator reads aloud; unknown kinds are
# spelled out from their code name ("missing_value" -> "Missing value").
KIND_LABELS = {
    "missing_value": "Required value missing",
    "missing_column": "Required column missing",
    "unknown_column": "Column not recognised",
    "unused_columns": "Columns not used",
    "duplicate_column": "Column appears twice",
    "duplicate_id": "Same ID used twice",
    "duplicate_link": "Same relationship twice",
    "self_link": "Partner linked to itself",
    "unknown_partner": "Partner ID not found",
    "dangling_id": "Refers to a missing row",
    "bad_coordinate": "Latitude or longitude off",
    "bad_value": "Value not allowed",
    "bad_number": "Not a number",
    "bad_zip": "ZIP code not valid",
    "bad_state": "State not recognised",
    "bad_email": "Email address not valid",
    "bad_url": "Web address not valid",
    "bad_datapackage": "Package description unreadable",
    "row_length": "Row has too many or too few cells",
    "extra_cells": "Extra cells in a row",
    "not_kept": "Left out",
    "parent_rejected": "Left out with its partner",
    "category_guessed": "Service category guessed",
    "sector_guessed": "Sector guessed",
    "no_category": "No service category",
    "unmapped_term": "Term without a category",
    "confidential_marked": "Marked confidential",
    "confidential_stripped": "Confidential address removed",
    "confidential_unplaced": "Confidential, no ZIP or city",
    "client_data": "Possible client information",
    "generated_ids": "IDs created",
    "file_not_used": "File not used",
    "location_not_used": "Location not used",
    "postal_address_used": "Postal address used",
    "one_line_address": "Address split from one line",
    "inactive_service": "Inactive service",
    "other": "Other",
}


def kind_label(kind: object) -> str:
    """A problem kind in plain words: 'missing_value' -> 'Required value missing'."""
    code = str(kind or "other")
    return KIND_LABELS.get(code) or code.replace("_", " ").strip().capitalize() or "Other"


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
