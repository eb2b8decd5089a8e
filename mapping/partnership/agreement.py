"""A draft partnership agreement (Memorandum of Understanding) from the workspace.

docs/domain.md#partnership-agreement-mou: document what was agreed; an MOU states the mutual
commitments of the parties and is not a legal contract. :func:`draft_agreement` assembles
a first draft from the workspace (the parties, what each offers) and the recommendation
(how closely to work together, who leads, how to decide); every field stays editable, and
:func:`agreement_markdown` / :func:`agreement_docx` export it. Both are rendered from the
same blocks as the recommendation's meeting notes
(:mod:`mapping.partnership.recommend_report`), with
the same escaping: no user text can change the structure of the Markdown, and Word text
goes into plain runs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Final

import pandas as pd

from mapping.data import schema as s
from mapping.data.errors import MappingError
from mapping.data.workspace import Workspace
from mapping.partnership.recommend import (
    DECISION_TEXT,
    GRADIENTS_OF_AGREEMENT,
    LEADERSHIP_TEXT,
    LEVEL_DOES,
    Recommendation,
)
from mapping.partnership.recommend_report import Block, plain_text, render_docx, render_markdown

SETTING_KEY: Final = "agreement.draft"
TO_AGREE: Final = "(to be agreed)"
BLANK_LINE: Final = "_" * 30
MAX_FIELD: Final = 4000
MAX_ROLES_LISTED: Final = 6  # categories named in a party's default role

NOT_LEGAL_ADVICE: Final = (
    "Not legal advice. This draft records the partners' mutual commitments; it is not a "
    "legal contract. Ask your own counsel before signing anything that binds your "
    "organization, and check it against your funders' and your own confidentiality rules."
)


class AgreementError(MappingError, ValueError):
    """A saved agreement draft cannot be read, or a field is too long."""


@dataclass(frozen=True)
class Party:
    """One party to the agreement: the organization, its role, and who signs for it."""

    partner_id: str
    name: str
    sector: str = ""
    role: str = ""
    signatory: str = ""
    title: str = ""


@dataclass(frozen=True)
class AgreementDraft:
    """Every field of the agreement, as text people can edit (dates as YYYY-MM-DD)."""

    partnership: str = ""
    parties: tuple[Party, ...] = ()
    mission: str = ""
    vision: str = ""  # issue 17: vision and core values beside the mission
    core_values: str = ""
    level: str = ""
    leadership: str = ""
    decisions: str = ""
    meetings: str = ""
    communication: str = ""
    documents: str = ""
    protocols: str = ""  # issue 17: a protocols section
    confidentiality: str = ""
    stakeholders: str = ""  # issue 17: stakeholders who are not signing members
    effective_date: str = ""
    review_date: str = ""
    term: str = ""
    prepared: str = field(default_factory=lambda: dt.date.today().isoformat())

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable dict (for ``WorkspaceStore.set_setting``)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> AgreementDraft:
        """Read what :meth:`to_json` wrote.

        Raises:
            AgreementError: the stored value is not an agreement draft.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("parties", []), (list, tuple)):
            raise AgreementError(
                f"the saved agreement draft (workspace setting {SETTING_KEY!r}) cannot be "
                "read; start a new draft from the workspace and save it again."
            )
        known = {f for f in cls.__dataclass_fields__ if f != "parties"}
        values = {k: str(v) for k, v in data.items() if k in known and v is not None}
        parties = []
        for p in data.get("parties", []):
            if not isinstance(p, Mapping) or not p.get("name"):
                continue
            parties.append(Party(**{k: str(p.get(k) or "") for k in Party.__dataclass_fields__}))
        return cls(parties=tuple(parties), **values)


# The editable text fields, in the document's order: (field, heading, what it is for).
TEXT_FIELDS: Final = (
    ("mission", "Shared mission", "What the partners want to achieve together."),
    ("vision", "Vision", "The community the partners work towards."),
    ("core_values", "Core values", "One value per line."),
    ("level", "How closely we work together", "Cooperation, coordination or collaboration."),
    ("leadership", "Leadership", "Who leads, and what the lead does."),
    ("decisions", "How we make decisions", "Who decides, and how."),
    ("meetings", "Meetings", "How often, where, who facilitates and takes notes."),
    ("communication", "Communication", "The channels partners use, and for what."),
    ("documents", "Shared documents", "Where every shared document lives."),
    ("protocols", "Protocols", "One protocol per line: what it covers and where it lives."),
    ("confidentiality", "Confidentiality", "One commitment per line."),
    (
        "stakeholders",
        "Stakeholders who are not signing members",
        "One per line: who they are and how they take part.",
    ),
    ("term", "Term, review and withdrawal", "When it starts, when it is reviewed, how to leave."),
)


# Fields written one item per line and shown as a list.
LIST_FIELDS: Final = frozenset({"core_values", "protocols", "confidentiality", "stakeholders"})


# ------------------------------------------------------------------------------ defaults
def _region(partners: pd.DataFrame) -> str:
    cities = Counter(
        (c.strip().title(), st.strip().upper())
        for c, st in zip(partners[s.CITY].astype(str), partners[s.STATE].astype(str), strict=True)
        if c.strip()
    )
    if not cities:
        return "our community"
    (city, state), _ = cities.most_common(1)[0]
    return f"the {city}{', ' + state if state else ''} area"


def default_role(name: str, categories: list[str]) -> str:
    """A first line for a party's role, from what it offers (to be edited)."""
    offers = ""
    if categories:
        shown = categories[:MAX_ROLES_LISTED]
        more = len(categories) - len(shown)
        offers = f"Offers {', '.join(shown)}{f' and {more} more' if more else ''}. "
    return (
        f"{offers}Refers survivors to the other partners with their consent, takes part in "
        "the meetings, and names a lead contact and a backup for the partnership."
    )


def _parties(ws: Workspace) -> tuple[Party, ...]:
    by_partner: dict[str, list[str]] = {}
    order = {c: i for i, c in enumerate(s.CATEGORIES.labels)}
    for pid, cat in zip(
        ws.services[s.PARTNER_ID].astype(str), ws.services[s.CATEGORY].astype(str), strict=True
    ):
        cats = by_partner.setdefault(pid, [])
        if cat and cat not in cats:
            cats.append(cat)
    out = []
    for pid, name, sector in (
        ws.partners[[s.PARTNER_ID, s.NAME, s.SECTOR]].astype(str).itertuples(index=False)
    ):
        cats = sorted(by_partner.get(pid, []), key=lambda c: (order.get(c, len(order)), c))
        out.append(Party(pid, name or pid, sector, default_role(name or pid, cats)))
    return tuple(out)


def _level_text(rec: Recommendation | None) -> str:
    if rec is None or not rec.answers:
        return ""
    level = rec.recommended_level
    text = f"We work together at the {level} level: {LEVEL_DOES[level]}"
    if rec.goal_level and rec.goal_level != level:
        text += (
            f" Our goal calls for {rec.goal_level}; we will review this agreement once what "
            "it needs is in place."
        )
    return text


def _leadership_text(rec: Recommendation | None) -> str:
    if rec is None or not rec.answers:
        return ""
    title, text = LEADERSHIP_TEXT[rec.leadership]
    return f"{title}. {text} Lead organization(s): {TO_AGREE}."


def _decision_text(rec: Recommendation | None) -> str:
    if rec is None or not rec.answers:
        return ""
    title, text = DECISION_TEXT[rec.decision_making]
    out = f"{title}. {text}"
    if rec.use_gradients:
        out += (
            " Before deciding, members rate each proposal on the eight-point Gradients of "
            f"Agreement scale, from {GRADIENTS_OF_AGREEMENT[0].lower()} to "
            f"{GRADIENTS_OF_AGREEMENT[-1].lower()}, so every view is heard."
        )
    return out


CONFIDENTIALITY: Final = (
    "We share no client data in partnership documents, maps, meetings or messages: no names, "
    "dates of birth, case numbers or other details that could identify a survivor.",
    "A referral shares a survivor's information only with their informed consent, and only "
    "what the referral needs.",
    "Confidential locations (shelters, safe houses) are never shown, shared or sent to an "
    "online service at street level: at most at ZIP-code or city level.",
    "What is said in partnership meetings stays there unless the group agrees otherwise.",
    "Nothing in this agreement asks a partner to share what its own confidentiality "
    "obligations forbid.",
)


CORE_VALUES: Final = (
    "Survivor-centred: survivors' safety, choices and voices come first.",
    "Trauma-informed: safety, trust, peer support, collaboration, empowerment, and "
    "attention to culture, history and gender.",
    "Equal voice: every partner is heard, whatever its size.",
    "Accountability: we do what we say, and say when we cannot.",
)
PROTOCOLS: Final = (
    "Referrals: with the survivor's informed consent, by a warm hand-off to a named contact.",
    "Safety and crisis: who to call, and how partners reach each other after hours.",
    "Information sharing: only what a survivor agreed to share, and never client data in "
    "the resource map.",
    f"Each protocol is kept in the shared folder: {TO_AGREE}.",
)
STAKEHOLDERS: Final = (
    "Survivor leaders and advisory group members: advise the partnership and review its plans.",
    "Funders: receive the partnership's reports.",
    f"Other community organizations invited to meetings: {TO_AGREE}.",
)


def draft_agreement(
    ws: Workspace,
    rec: Recommendation | None = None,
    *,
    partnership: str = "",
    today: dt.date | None = None,
) -> AgreementDraft:
    """A first draft of the agreement from the workspace and the recommendation.

    Parties are every partner in the workspace, each with a role drawn from the services
    it offers; the level, leadership and decision-making follow ``rec`` (left empty
    without one). Every other field starts from a plain suggestion. Nothing is legal text.
    """
    day = today or dt.date.today()
    try:
        review = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        review = day + dt.timedelta(days=365)
    region = _region(ws.partners)
    return AgreementDraft(
        partnership=plain_text(partnership),
        parties=_parties(ws),
        mission=(
            f"Together we make sure that survivors of human trafficking and violence in "
            f"{region} can reach the services they need, from partners who know each other, "
            "refer with care and consent, and practise trauma-informed care."
        ),
        vision=(
            f"A community in {region} where every survivor of human trafficking and "
            "violence is safe, is believed, and can build the life they choose."
        ),
        core_values="\n".join(CORE_VALUES),
        level=_level_text(rec),
        leadership=_leadership_text(rec),
        decisions=_decision_text(rec),
        meetings=(
            "The partners meet once a month for 90 minutes, in person or online. The agenda "
            "goes out a week ahead; facilitation and note-taking rotate among partners, and "
            "each meeting opens with the group agreements. Notes go to the shared folder "
            "within a week."
        ),
        communication=(
            "An email list of every partner's lead and backup contacts for news and "
            "agendas; a phone call to the lead contact for anything urgent. No information "
            "that could identify a survivor in email or messages."
        ),
        documents=(
            "This agreement, the contact list, protocols, meeting notes and the resource map "
            f"live in one shared folder every member can reach: {TO_AGREE}."
        ),
        protocols="\n".join(PROTOCOLS),
        confidentiality="\n".join(CONFIDENTIALITY),
        stakeholders="\n".join(STAKEHOLDERS),
        effective_date=day.isoformat(),
        review_date=review.isoformat(),
        term=(
            "This agreement takes effect on the date above and is reviewed together by the "
            "review date, and every year after. Any partner may leave it by telling the "
            "others in writing 30 days ahead; the partnership then checks which services "
            "and relationships depend on that partner and plans how to cover them."
        ),
        prepared=day.isoformat(),
    )


def with_parties(draft: AgreementDraft, ws: Workspace, partner_ids: list[str]) -> AgreementDraft:
    """The draft with exactly these partners as parties, in this order: parties already in
    the draft keep their edited role and signatory; new ones start from the workspace."""
    kept = {p.partner_id: p for p in draft.parties}
    fresh = {p.partner_id: p for p in _parties(ws)}
    parties = tuple(
        kept.get(pid) or fresh[pid] for pid in partner_ids if pid in kept or pid in fresh
    )
    return replace(draft, parties=parties)


def check_draft(draft: AgreementDraft) -> None:
    """Raises AgreementError when a field is longer than :data:`MAX_FIELD` characters."""
    for name, heading, _ in (("partnership", "Partnership name", ""), *TEXT_FIELDS):
        if len(str(getattr(draft, name))) > MAX_FIELD:
            raise AgreementError(
                f"the field '{heading}' is longer than {MAX_FIELD} characters; shorten it "
                "or move the details to an annex in the shared folder."
            )
    for p in draft.parties:
        if len(p.role) > MAX_FIELD:
            raise AgreementError(
                f"the role of {p.name} is longer than {MAX_FIELD} characters; shorten it."
            )


# ------------------------------------------------------------------------------ blocks
def _lines(text: str) -> list[str]:
    return [plain_text(line) for line in str(text).splitlines() if plain_text(line)]


def _paragraphs(text: str) -> list[Block]:
    lines = _lines(text)
    return [Block("text", line) for line in lines] or [Block("text", TO_AGREE)]


def _date_text(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value.strip())
        return f"{day:%B} {day.day}, {day.year}"
    except ValueError:
        return plain_text(value) or TO_AGREE


def agreement_blocks(draft: AgreementDraft) -> list[Block]:
    """The agreement's content, in order, as :class:`mapping.partnership.recommend_report.Block`."""
    name = plain_text(draft.partnership) or "our partnership"
    parties = draft.parties
    blocks = [
        Block("title", f"Memorandum of Understanding: {name}"),
        Block("text", f"DRAFT prepared on {_date_text(draft.prepared)} for discussion."),
        Block("text", NOT_LEGAL_ADVICE),
        Block("heading", "1. Parties"),
    ]
    if parties:
        blocks += [
            Block(
                "text",
                f"This memorandum is between the following {len(parties)} "
                f"organization{'s' if len(parties) != 1 else ''}, called the partners.",
            ),
            Block(
                "table",
                header=("Organization", "Sector"),
                rows=tuple((p.name, p.sector) for p in parties),
            ),
        ]
    else:
        blocks.append(Block("text", TO_AGREE))
    numbered = 2
    for key, heading, _ in TEXT_FIELDS:
        if key in LIST_FIELDS:
            items = _lines(getattr(draft, key))
            blocks.append(Block("heading", f"{numbered}. {heading}"))
            blocks.append(
                Block("bullets", items=tuple(items)) if items else Block("text", TO_AGREE)
            )
        elif key == "term":
            blocks += [
                Block("heading", f"{numbered}. {heading}"),
                Block(
                    "text",
                    f"Takes effect on: {_date_text(draft.effective_date)}. Reviewed together "
                    f"by: {_date_text(draft.review_date)}.",
                ),
                *_paragraphs(draft.term),
            ]
        else:
            blocks += [
                Block("heading", f"{numbered}. {heading}"),
                *_paragraphs(getattr(draft, key)),
            ]
        numbered += 1
        if key == "level":  # roles come right after how closely we work
            blocks.append(Block("heading", f"{numbered}. Roles and responsibilities"))
            if parties:
                blocks.append(
                    Block(
                        "table",
                        header=("Partner", "Role and responsibilities"),
                        rows=tuple((p.name, plain_text(p.role) or TO_AGREE) for p in parties),
                    )
                )
            else:
                blocks.append(Block("text", TO_AGREE))
            numbered += 1
    blocks.append(Block("heading", f"{numbered}. Signatures"))
    blocks.append(
        Block(
            "text",
            "Signed for each partner by a person who may commit the organization to what is "
            "written here.",
        )
    )
    for p in parties:
        blocks += [
            Block("text", f"For {p.name}"),
            Block("text", f"Name: {plain_text(p.signatory) or BLANK_LINE}"),
            Block("text", f"Title: {plain_text(p.title) or BLANK_LINE}"),
            Block("text", f"Signature: {BLANK_LINE}    Date: {'_' * 14}"),
        ]
    blocks.append(Block("text", NOT_LEGAL_ADVICE))
    return blocks


def agreement_markdown(draft: AgreementDraft) -> str:
    """The agreement as Markdown (every user text escaped)."""
    return render_markdown(agreement_blocks(draft))


def agreement_docx(draft: AgreementDraft) -> bytes:
    """The agreement as a Word document (.docx)."""
    return render_docx(agreement_blocks(draft))
