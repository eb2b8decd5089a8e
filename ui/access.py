"""Who may change what.

The dashboard has two roles: the facilitator (edits data, runs polls, changes settings)
and stakeholders (view, vote, submit their own organization's map for approval).
Running on localhost with no passcode configured, the person at the keyboard is the
facilitator, which is what :func:`can_edit` answers here.
"""

from __future__ import annotations

FACILITATOR = "facilitator"
STAKEHOLDER = "stakeholder"


def current_role() -> str:
    """The role of this browser session."""
    return FACILITATOR


def can_edit() -> bool:
    """True when this session may change the workspace directly."""
    return current_role() == FACILITATOR
