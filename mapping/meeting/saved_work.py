"""Everything saved for a workspace, and what a Replace keeps, archives and brings back.

Saved work names partners and places, so it belongs to the workspace it was made for
(see :mod:`mapping.data.archive`). This module lists it, one :class:`SavedGroup` per
kind, and puts the pieces together:

* :func:`replace_workspace` saves new files as the whole workspace: a new workspace
  begins, the groups the facilitator keeps stay, every other group is archived with the
  workspace being left (even an empty one, so the new workspace starts without it);
* :func:`go_to_version` (History: undo, restore) makes a version current and, when it
  belongs to another workspace, swaps the archived saved work back in.

Not saved work: the online look-ups (addresses, not partners), the geocoder settings,
whether stakeholders see contacts (a meeting's choice), the sign-in lock-out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from mapping.data.approvals import SubmissionQueue
from mapping.data.archive import SavedGroup, SavedWork
from mapping.data.store import WorkspaceStore
from mapping.data.workspace import Workspace
from mapping.meeting.kickoff import Meetings
from mapping.meeting.polls import Polls
from mapping.partnership import agreement
from mapping.partnership.assessments import Assessments
from mapping.partnership.recommend import prefill

# The distances (miles) the facilitator set per category on the Gaps page.
RADII_SETTING: Final = "coverage_radii"
# The taxonomy terms mapped to categories at an import (mapping.interop.crosswalk's
# TERM_MAP_SETTING; interop sits beside meeting, so the key is repeated and a test checks it).
TERM_MAP_SETTING: Final = "hsds_term_map"

GROUPS: Final = (
    SavedGroup(
        "recommend", "Recommendation answers saved for everyone", settings=(prefill.SETTING_KEY,)
    ),
    SavedGroup("agreement", "Agreement draft", settings=(agreement.SETTING_KEY,)),
    SavedGroup(
        "kickoff", "Kickoff meetings and their notes", tables=("kickoff_meetings", "kickoff_notes")
    ),
    SavedGroup("decide", "Proposals and votes", tables=("poll_proposals", "poll_votes")),
    SavedGroup(
        "assessments",
        "Trauma-informed self-assessments and sustainability checklists",
        tables=("assessments",),
    ),
    SavedGroup("submissions", "Organization forms", tables=("org_submissions",)),
    SavedGroup("radii", "Coverage distances set on the Gaps page", settings=(RADII_SETTING,)),
    SavedGroup("terms", "Taxonomy term mappings of imports", settings=(TERM_MAP_SETTING,)),
)
LABELS: Final = {g.name: g.label for g in GROUPS}


def saved_work(store: WorkspaceStore) -> SavedWork:
    """The saved work of ``store``, every table it may hold created."""
    Polls(store), Meetings(store), Assessments(store), SubmissionQueue(store)
    return SavedWork(store, GROUPS)


def present_groups(store: WorkspaceStore) -> dict[str, int]:
    """The groups that hold something now, with how many rows or settings each holds."""
    work = saved_work(store)
    amounts = {g.name: work.amount(g.name) for g in GROUPS}
    return {name: n for name, n in amounts.items() if n}


def replace_workspace(
    store: WorkspaceStore,
    ws: Workspace,
    *,
    action: str,
    note: str = "",
    keep: Iterable[str] = (),
) -> int:
    """Save ``ws`` as a new workspace; returns its version.

    The groups named in ``keep`` go on with the new workspace; every other group is
    archived with the workspace being left, and comes back when History returns to it.
    """
    work = saved_work(store)
    leaving = work.current_workspace()
    kept = set(keep)
    version = store.save(ws, action=action, note=note)
    work.mark_start(version)
    if leaving is not None:
        work.mark_start(leaving)  # its id stays the same when its first version is pruned
        work.archive(leaving, [g.name for g in GROUPS if g.name not in kept])
    return version


def go_to_version(store: WorkspaceStore, version: int) -> set[str]:
    """Make ``version`` current; returns the groups of saved work brought back with it
    that hold something (none when it belongs to the same workspace)."""
    work = saved_work(store)
    leaving = work.current_workspace()
    store.restore(version)
    back = work.switch(leaving, work.workspace_of(version))
    return {g for g in back if work.amount(g)}


def undo(store: WorkspaceStore) -> tuple[int, set[str]]:
    """Go back to the version before the current one (see :meth:`WorkspaceStore.undo`);
    returns it and the groups of saved work brought back."""
    work = saved_work(store)
    leaving = work.current_workspace()
    version = store.undo()
    back = work.switch(leaving, work.workspace_of(version))
    return version, {g for g in back if work.amount(g)}
