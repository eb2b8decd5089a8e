"""Making the partnership last: the sustainability checklist, per partner and partnership-wide.

docs/domain.md#sustainability: more than one person per organization
should know the partnership; plan for personnel changes (a backup contact, duties written
down); plan funding (grants that pay for partnership time); plan for crises with a shared
emergency plan; keep every shared resource where all members can reach it; write down what
was agreed. Each item is answered yes, not yet, or not sure (None); a partner's readiness
is the share of its items in place. What-if-a-partner-leaves lives in
:mod:`mapping.analysis.departure`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from mapping.data.errors import AssessmentError


@dataclass(frozen=True)
class Item:
    """One checklist item, and what to do while it is not in place."""

    key: str
    text: str
    short: str  # a few words, for chart labels
    suggestion: str


PARTNER_ITEMS: Final = (
    Item(
        "more_than_one_person",
        "More than one person in our organization knows the partnership and its work "
        "(staff, leadership, board).",
        "More than one person involved",
        "Bring a second colleague to partnership meetings in turn, and brief your leadership "
        "or board on the partnership once a quarter.",
    ),
    Item(
        "backup_contact",
        "We have named a backup contact for the partnership.",
        "A named backup contact",
        "Name a backup contact, send their details to the facilitator, and copy them on "
        "meeting invitations.",
    ),
    Item(
        "leadership_buy_in",
        "Our director or board supports our part in the partnership.",
        "Leadership or board buy-in",
        "Ask your director or board to confirm your part in writing (the agreement's "
        "signature line), and report to them on it.",
    ),
    Item(
        "duties_written",
        "Our partnership duties are written down, so someone new could pick them up.",
        "Duties written down",
        "Write your organization's partnership duties on one page (the roles in the "
        "agreement are a start) and keep it in the shared folder.",
    ),
    Item(
        "funding",
        "Our funding pays for the time we spend on the partnership.",
        "Funding for partnership time",
        "Put partnership time in your next grant budget, or ask a funder for a coordination "
        "line; write down how many hours a month the partnership takes.",
    ),
    Item(
        "emergency_plan",
        "We have the partnership's shared emergency plan and know our part in it.",
        "Emergency plan shared",
        "Get the shared emergency plan, check your part in it (whom you call, which services "
        "continue), and keep a copy offline.",
    ),
    Item(  # issue 17: the guide asks for each organization's own plan too
        "own_emergency_plan",
        "Our organization has its own emergency preparedness plan: how we keep serving "
        "survivors through a crisis such as a pandemic, a disaster or a funding cut.",
        "Our own emergency plan",
        "Write a one-page emergency preparedness plan for your organization (who decides, "
        "how you reach staff and survivors, which services continue remotely) and share "
        "the contact part with the partnership.",
    ),
)
PARTNERSHIP_ITEMS: Final = (
    Item(
        "shared_documents",
        "Our documents (agreement, contact list, protocols, notes) live in one shared place "
        "every member can reach.",
        "Documents in a shared place",
        "Choose one shared folder every member can reach, move the agreement, contact list, "
        "protocols and notes there, and write where it is in the agreement.",
    ),
    Item(
        "roles_written",
        "The partners' roles and responsibilities are written down.",
        "Roles written down",
        "Write each partner's role and responsibilities in the agreement (Agreement page) "
        "and review them once a year.",
    ),
    Item(
        "emergency_plan_exists",
        "The partnership has a shared emergency plan for crises such as a pandemic, "
        "political change or a climate disaster.",
        "A shared emergency plan",
        "Draft a one-page emergency plan together: how you reach each other, which services "
        "must continue, and who covers for whom.",
    ),
)
ITEM: Final = {i.key: i for i in (*PARTNER_ITEMS, *PARTNERSHIP_ITEMS)}
PARTNER_KEYS: Final = tuple(i.key for i in PARTNER_ITEMS)
PARTNERSHIP_KEYS: Final = tuple(i.key for i in PARTNERSHIP_ITEMS)

YES, NO, UNSURE = "in place", "not yet", "not sure"


def items_for(partnership: bool) -> tuple[Item, ...]:
    """The partnership-wide items, or a partner's."""
    return PARTNERSHIP_ITEMS if partnership else PARTNER_ITEMS


def validate_checklist(
    answers: Mapping[str, object], *, partnership: bool
) -> dict[str, bool | None]:
    """Check a checklist: {item key: True, False or None (not sure)}; returns every item.

    Raises:
        AssessmentError: an item of the other checklist or an unknown one, or a value
            that is not yes/no.
    """
    if not isinstance(answers, Mapping):
        raise AssessmentError("the checklist must be a mapping of item key to yes or no.")
    items = items_for(partnership)
    keys = tuple(i.key for i in items)
    out: dict[str, bool | None] = dict.fromkeys(keys)
    whose = "the partnership-wide" if partnership else "a partner's"
    for key, value in answers.items():
        if key not in keys:
            raise AssessmentError(
                f"{key!r} is not an item of {whose} sustainability checklist; its items are "
                f"{', '.join(keys)}."
            )
        if value is None:
            continue
        if not isinstance(value, bool):
            raise AssessmentError(
                f"checklist item {key!r}: expected yes (true) or not yet (false), got "
                f"{value!r}; leave it empty for 'not sure'."
            )
        out[key] = value
    return out


def in_place(answers: Mapping[str, bool | None], items: Sequence[Item]) -> tuple[int, int]:
    """(items in place, items in the checklist)."""
    return sum(1 for i in items if answers.get(i.key) is True), len(items)


def missing_items(answers: Mapping[str, bool | None], items: Sequence[Item]) -> list[Item]:
    """Items not in place (not yet first, then not sure), in checklist order."""
    no = [i for i in items if answers.get(i.key) is False]
    unsure = [i for i in items if answers.get(i.key) is None]
    return no + unsure


def status(value: bool | None) -> str:
    return YES if value is True else (NO if value is False else UNSURE)


def checklist_frame(
    latest: Sequence[Mapping[str, bool | None]], not_assessed: int = 0
) -> pd.DataFrame:
    """One row per partner item: item, in place, not yet, not sure (partners), and
    not assessed (partners with no checklist yet)."""
    rows = []
    for item in PARTNER_ITEMS:
        values = [a.get(item.key) for a in latest]
        rows.append(
            {
                "item": item.short,
                YES: sum(1 for v in values if v is True),
                NO: sum(1 for v in values if v is False),
                UNSURE: sum(1 for v in values if v is None),
                "not assessed": not_assessed,
            }
        )
    return pd.DataFrame(rows, columns=["item", YES, NO, UNSURE, "not assessed"])


def checklist_reading(table: pd.DataFrame, assessed: int) -> str:
    """One sentence reading the checklist chart."""
    if not assessed:
        return "No partner has filled in its sustainability checklist yet."
    weakest = table.sort_values(YES, kind="stable").iloc[0]
    strongest = table.sort_values(YES, ascending=False, kind="stable").iloc[0]
    who = f"{assessed} partner{'s' if assessed != 1 else ''}"
    if weakest[YES] == strongest[YES]:
        return (
            f"Of {who} that filled in the checklist, {_have(int(weakest[YES]))} each item in place."
        )
    return (
        f"Of {who} that filled in the checklist, {_have(int(strongest[YES]))} "
        f"{str(strongest['item']).lower()}; only {_have(int(weakest[YES]))} "
        f"{str(weakest['item']).lower()}."
    )


def _have(n: int) -> str:
    return f"{n} {'has' if n == 1 else 'have'}"
