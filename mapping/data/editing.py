"""Change a workspace from the app: edit a table in place, retry rows that were kept out.

Every change is re-checked exactly like a file upload: the edited table, and the tables
that depend on it (services and relationships refer to partners), go through
:func:`mapping.data.loading.load_tables` again, so an edit can never slip past validation.

Rows kept out *because of another row* (a service or relationship whose partner was kept
out) are checked again whenever partners change, by a retry or an edit: they load once
their partner does, or stay listed with their reason. The report is carried over: the
problems and the rows kept out of tables that were not checked again stay listed, and
for every file rows read = rows loaded + rows kept out still holds.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from mapping.data import schema as s
from mapping.data.errors import Problem
from mapping.data.exports import export_frame
from mapping.data.loading import load_tables
from mapping.data.reading import RawTable, raw_table_from_frame
from mapping.data.workspace import Workspace

# Files whose rows refer to another file's rows: checked again when that file changes.
DEPENDENTS: dict[str, tuple[str, ...]] = {s.PARTNERS: (s.SERVICES, s.RELATIONSHIPS)}


def editable_frame(ws: Workspace, file: str) -> pd.DataFrame:
    """A contract file as text cells for an editor (services at their partner's location
    show blank location columns, as in the file format)."""
    return export_frame(ws.frame(file), s.SPECS[file]).reset_index(drop=True)


def workspace_tables(ws: Workspace) -> dict[str, RawTable]:
    """The workspace's three files as raw tables, as if they had been uploaded."""
    return {f: raw_table_from_frame(editable_frame(ws, f), f) for f in s.FILES}


def _retryable(ws: Workspace, file: str) -> pd.DataFrame | None:
    """Rows kept out of ``file`` in the contract's columns (None: none, or an imported
    file's own columns, which are fixed at the source)."""
    df = ws.rejected.get(file)
    if df is None or df.empty or not set(s.SPECS[file].column_names) <= set(df.columns):
        return None
    return df


def _rejected_sources(ws: Workspace, file: str) -> set[str]:
    """The file names the problems of ``file``'s rows kept out were reported under (the
    uploaded file's own name, e.g. 'denver_partners.csv')."""
    df = ws.rejected.get(file)
    if df is None or df.empty or "reason" not in df.columns:
        return set()
    reasons = {
        (int(row), message)
        for row, reason in zip(df["row"], df["reason"], strict=True)
        if pd.notna(row)
        for message in str(reason).split(" / ")
    }
    return {p.file for p in ws.errors if (p.row, p.message) in reasons}


def _source_name(ws: Workspace, file: str) -> str:
    sources = _rejected_sources(ws, file)
    return next(iter(sources)) if len(sources) == 1 else file


def _carry_report(before: Workspace, after: Workspace, rechecked: dict[str, set[int]]) -> None:
    """Give ``after`` the whole report: ``before``'s problems, counts and rows kept out,
    with the rows in ``rechecked`` (file -> row numbers checked again) replaced by what
    checking them again found."""
    stale: set[tuple[str, int]] = set()
    for file, rows in rechecked.items():
        for source in _rejected_sources(before, file) | {file}:
            stale |= {(source, r) for r in rows}
    kept: list[Problem] = [
        p for p in before.problems if p.row is None or (p.file, p.row) not in stale
    ]
    counts = {f: dict(c) for f, c in before.counts.items()}
    rejected = dict(before.rejected)
    for file in rechecked:
        new = after.counts.get(file, {"read": 0, "loaded": 0, "rejected": 0})
        old = counts.get(file)
        if old is None:
            counts[file] = dict(new)
        else:
            counts[file] = {
                "read": old["read"],
                "loaded": old["loaded"] + new["loaded"],
                "rejected": old["rejected"] - new["read"] + new["rejected"],
            }
        rejected[file] = after.rejected.get(file, before.rejected.get(file, pd.DataFrame()))
    after.problems = kept + list(after.problems)
    after.counts = counts
    after.rejected = rejected
    after.source = before.source


def retry_rejected(ws: Workspace, file: str, fixed: pd.DataFrame) -> Workspace:
    """Merge rows that were kept out, after the user fixed them, into the workspace.

    ``fixed`` has the columns of ``ws.rejected[file]`` (row, the file's columns, reason).
    Rows that still have errors stay in ``rejected`` of the result, with their reason.
    When partners are fixed, the services and relationships kept out of the last load are
    checked again too, so the rows that were kept out only because of a fixed partner load
    with it. The result's report is the whole report (see :func:`_carry_report`).
    """
    tables: dict[str, RawTable] = {}
    rechecked: dict[str, set[int]] = {}
    for f in (file, *DEPENDENTS.get(file, ())):
        rows = fixed if f == file else _retryable(ws, f)
        if rows is None or rows.empty:
            continue
        columns = ["row", *s.SPECS[f].column_names]
        tables[f] = raw_table_from_frame(rows[columns], _source_name(ws, f), row_column="row")
        before = ws.rejected.get(f)
        rechecked[f] = {int(r) for r in (before["row"] if before is not None else rows["row"])}
    out = load_tables(tables, base=ws, mode="merge", source=f"fixed rows of {file}")
    _carry_report(ws, out, rechecked)
    return out


def apply_edit(ws: Workspace, file: str, edited: pd.DataFrame) -> Workspace:
    """The workspace with ``file`` replaced by the edited text table, all re-checked.

    Check ``.errors`` of the result before saving it: an edit with errors (a deleted
    partner that services still point at, an unknown sector) should be fixed first.
    When partners are edited (a missing partner added, say), the rows of other files that
    were kept out are checked again against the edited partners.
    """
    tables = workspace_tables(ws)
    tables[file] = raw_table_from_frame(edited[list(s.SPECS[file].column_names)], file)
    out = load_tables(tables, source=f"edited {file}")
    return carry_kept_out(ws, out, reported={file}, changed={file})


def carry_kept_out(
    before: Workspace, after: Workspace, *, reported: Iterable[str], changed: Iterable[str]
) -> Workspace:
    """``after`` (``before`` changed by an edit, a merge or a form) with nothing lost from
    the report: rows kept out of files whose report ``after`` does not replace stay listed,
    with their problems, and counted; when partners ``changed``, the services and
    relationships kept out are checked again (they load if their partner now does).

    ``reported``: the files whose rows kept out ``after`` lists afresh (the files loaded).
    """
    source = after.source
    _keep_reports_of_untouched(before, after, set(reported))
    out = after
    for file in set(changed):
        for f in DEPENDENTS.get(file, ()):
            rows = _retryable(out, f)
            if rows is not None:
                out = retry_rejected(out, f, rows)
    out.source = source
    return out


def _loaded_since(rejected: pd.DataFrame, after: Workspace, file: str) -> pd.Series:
    """Which rows kept out have been loaded since (a row with the same id is in ``after``)."""
    spec = s.SPECS.get(file)
    if spec is None or not set(spec.key) <= set(rejected.columns):
        return pd.Series(False, index=rejected.index)
    have = set(map(tuple, after.frame(file)[list(spec.key)].astype(str).to_numpy().tolist()))
    keys = rejected[list(spec.key)].astype(str).to_numpy().tolist()
    return pd.Series([tuple(k) in have for k in keys], index=rejected.index)


def _keep_reports_of_untouched(before: Workspace, after: Workspace, reported: set[str]) -> None:
    """Rows kept out of files whose report was not replaced stay listed for fixing, with
    their problems, and counted (rows read = loaded + kept out)."""
    for file, rejected in before.rejected.items():
        if file in reported or rejected.empty:
            continue
        if file in after.rejected and not after.rejected[file].empty:
            continue
        superseded = _loaded_since(rejected, after, file)
        still = rejected[~superseded].reset_index(drop=True)
        after.rejected[file] = still
        if file in after.counts:  # the file was read again: add the rows still kept out
            counts = after.counts[file]
            counts["read"] += len(still)
            counts["rejected"] += len(still)
        else:  # not read again: its last counts stand, less the rows loaded since
            n = len(rejected)
            counts = dict(before.counts.get(file, {"read": n, "loaded": 0, "rejected": n}))
            counts["loaded"] += int(superseded.sum())
            counts["rejected"] -= int(superseded.sum())
            after.counts[file] = counts
        rows = {int(r) for r in still["row"] if pd.notna(r)}
        sources = _rejected_sources(before, file)
        after.problems.extend(p for p in before.problems if p.file in sources and p.row in rows)
