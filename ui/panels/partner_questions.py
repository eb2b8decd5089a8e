"""The recommendation's questions as widgets, and one partner's answers to them.

Each question's widget holds "yes" / "no" / "unsure" (or a choice, or a number); "unsure"
and an empty number mean "not answered". One organization answers the questions for
itself in two places (issue 17): the Recommendation page's "Each partner" form and the
Data page's organization form. Both draw them with :func:`partner_questions`, each under
its own key prefix, so they show the same questions, options and labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

import streamlit as st

from mapping.partnership import partner_answers as pa
from mapping.partnership import recommend as r

YES, NO, UNSURE = "yes", "no", "unsure"
UNSURE_LABEL = "Not sure yet"


def is_yes_no(q: r.Question) -> bool:
    return q.options == r.YES_NO


def options(q: r.Question) -> list[Any]:
    if is_yes_no(q):
        return [YES, NO, UNSURE]
    return [value for value, _ in q.options] + [UNSURE]


def label(q: r.Question, option: Any) -> str:
    if option == UNSURE:
        return UNSURE_LABEL
    if is_yes_no(q):
        return "Yes" if option == YES else "Not yet"
    return r.answer_label(q.key, option)


def to_widget(key: str, value: Any) -> Any:
    """An answer as its widget's value."""
    q = r.QUESTION[key]
    if not q.options:
        return value
    if value is None:
        return UNSURE
    if is_yes_no(q):
        return YES if value else NO
    return value


def from_widget(key: str, value: Any) -> Any:
    """A widget's value as an answer (None: not answered)."""
    q = r.QUESTION[key]
    if not q.options:
        return None if value is None else int(value)
    if value is None or value == UNSURE:
        return None
    if is_yes_no(q):
        return value == YES
    return value


# ------------------------------------------------------------------- one partner's answers
def partner_questions(prefix: str) -> None:
    """One radio per question a partner answers (:data:`pa.PARTNER_KEYS`), keyed
    ``prefix + question key``; a question not filled in yet starts at "Not sure yet"."""
    state = st.session_state
    for key in pa.PARTNER_KEYS:
        q = r.QUESTION[key]
        widget = f"{prefix}{key}"
        if state.get(widget) not in options(q):
            state[widget] = UNSURE
        st.radio(
            f"**{q.text}**",
            options(q),
            format_func=partial(label, q),
            key=widget,
            horizontal=is_yes_no(q),
        )


def partner_answers_in(prefix: str) -> dict[str, Any]:
    """The answers given in the widgets under ``prefix`` ("Not sure yet" left out)."""
    state = st.session_state
    answers = {key: from_widget(key, state.get(f"{prefix}{key}")) for key in pa.PARTNER_KEYS}
    return {key: value for key, value in answers.items() if value is not None}


def fill_partner_questions(prefix: str, answers: Mapping[str, Any]) -> None:
    """Put one partner's answers into the widgets under ``prefix`` (others: not sure)."""
    for key in pa.PARTNER_KEYS:
        st.session_state[f"{prefix}{key}"] = to_widget(key, answers.get(key))
