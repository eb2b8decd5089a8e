"""The Data page's question at a Replace: which saved work goes on with the new files.

Everything saved for the current workspace that is not kept is archived with it
(``mapping.meeting.saved_work``); History brings it back by going back to that workspace.
"""

from __future__ import annotations

import streamlit as st

from mapping.meeting import saved_work as sw
from ui import loaders


def _amount(name: str, n: int) -> str:
    return f"{sw.LABELS[name]} ({n})"


def keep_choice(key: str) -> list[str]:
    """Ask what to keep; returns the groups to keep (everything else is archived)."""
    present = sw.present_groups(loaders.get_store())
    version = loaders.get_store().current_version()
    if not present:
        st.caption(
            "Nothing is saved for the current workspace yet (answers, agreement, meetings, "
            "votes, assessments), so nothing needs archiving."
        )
        return []
    st.markdown(
        "**Saved for the current workspace.** Replace starts a new workspace: what you do "
        f"not keep is archived with version {version} and comes back if you go back to it "
        "under **History**. Keep only what is true of the new partnership too."
    )
    kept = st.multiselect(
        "Keep with the new workspace",
        list(present),
        default=[],
        format_func=lambda name: _amount(name, present[name]),
        key=key,
        placeholder="Nothing: archive all of it",
    )
    archived = [name for name in present if name not in kept]
    if archived:
        st.caption(
            "Will be archived: "
            + "; ".join(_amount(name, present[name]) for name in archived)
            + "."
        )
    return list(kept)


def archived_caption() -> None:
    """What saved work is archived, and with which workspace (for History)."""
    archives = [a for a in loaders.get_saved_work().archived() if any(a.groups.values())]
    if not archives:
        return
    lines = []
    for a in archives:
        what = "; ".join(
            f"{sw.LABELS.get(name, name)} ({n})" for name, n in sorted(a.groups.items()) if n
        )
        lines.append(f"- Workspace begun at version {a.workspace}: {what}")
    st.markdown(
        "**Archived saved work.** Going back to a version of these workspaces (Undo or "
        "Restore) brings it back, and archives the current workspace's in its place:\n"
        + "\n".join(lines)
    )
