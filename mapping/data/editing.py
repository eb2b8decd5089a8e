"""Change a workspace from the app: edit a table in place, retry rows that were kept out.

Every change is re-checked exactly like a file upload: the edited table, and the tables
that depend on it (services and relationships refer to partners), go through
:func:`mapping.data.loading.load_tables` again, so an edit can never slip past validation.
"""

from __future__ import annotations

import pandas as pd

from mapping.data import schema as s
from mapping.data.exports import export_frame
from mapping.data.loading import load_tables
from mapping.data.reading import RawTable, raw_table_from_frame
from mapping.data.workspace import Workspace


def editable_frame(ws: Workspace, file: str) -> pd.DataFrame:
    """A contract file as text cells for an editor (services at their partner's location
    show blank location columns, as in the file format)."""
    return export_frame(ws.frame(file), s.SPECS[file]).reset_index(drop=True)


def workspace_tables(ws: Workspace) -> dict[str, RawTable]:
    """The workspace's three files as raw tables, as if they had been uploaded."""
    return {f: raw_table_from_frame(editable_frame(ws, f), f) for f in s.FILES}


def apply_edit(ws: Workspace, file: str, edited: pd.DataFrame) -> Workspace:
    """The workspace with ``file`` replaced by the edited text table, all re-checked.

    Check ``.errors`` of the result before saving it: an edit with errors (a deleted
    partner that services still point at, an unknown sector) should be fixed first.
    """
    tables = workspace_tables(ws)
    tables[file] = raw_table_from_frame(edited[list(s.SPECS[file].column_names)], file)
    out = load_tables(tables, source=f"edited {file}")
    _keep_reports_of_untouched(ws, out, file)
    return out


def retry_rejected(ws: Workspace, file: str, fixed: pd.DataFrame) -> Workspace:
    """Merge rows that were kept out, after the user fixed them, into the workspace.

    ``fixed`` has the columns of ``ws.rejected[file]`` (row, the file's columns, reason).
    Rows that still have errors stay in ``rejected`` of the result.
    """
    columns = ["row", *s.SPECS[file].column_names]
    table = raw_table_from_frame(fixed[columns], file, row_column="row")
    return load_tables({file: table}, base=ws, mode="merge", source=f"fixed rows of {file}")


def _keep_reports_of_untouched(before: Workspace, after: Workspace, edited: str) -> None:
    """Rows kept out of files that were not edited stay listed for fixing."""
    for file, rejected in before.rejected.items():
        if file != edited and file in after.rejected and after.rejected[file].empty:
            after.rejected[file] = rejected
