"""The Sustainability page's blocks: what if a partner leaves (risk chart, ranked list,
one partner in detail), the checklist results, the checklist form, the facilitator's list."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.analysis import coverage as cov
from mapping.analysis import departure as dep
from mapping.charts.assessment import checklist_bar, risk_chart
from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.partnership import assessments as am
from mapping.partnership import sustainability as sus
from mapping.places import population
from ui import loaders
from ui import state as k
from ui.layout import chart_block
from ui.panels import self_assessment as ap
from ui.text import escape_markdown

TAB_LEAVES, TAB_CHECK, TAB_FILL, TAB_ALL = (
    "If a partner leaves",
    "Checklist",
    "Fill in",
    "All checklists",
)
ANSWERS: list[bool | None] = [True, False, None]
ANSWER_LABEL = {True: "Yes, in place", False: "Not yet", None: "Not sure"}


KEYS = ap.PageKeys.of("SUSTAIN")


def tabs() -> list[str]:
    return ap.tabs(TAB_LEAVES, TAB_CHECK, fill=TAB_FILL, every=TAB_ALL)


def _block(
    fig: object, table: pd.DataFrame, reading: str, *, key: str, below: bool = False
) -> None:
    chart_block(fig, table, reading, key=key, table_below=below)


# ------------------------------------------------------------------------------ if a partner leaves
def _region(ws: Workspace) -> tuple[str, ...] | None:
    present, _ = loaders.region_counties(ws)
    return tuple(sorted(present)) if present else None  # sorted: the Gaps page's cache key


def departure(ws: Workspace) -> None:
    """The risk chart, the ranked list, and one partner in detail."""
    counties = _region(ws)
    radii = loaders.radius_overrides()
    if counties is None:
        st.warning(
            "No service has a location the analysis can use, so the gaps a departure would "
            "open cannot be measured. Add ZIP codes on the Data page.",
            icon=":material/wrong_location:",
        )
        return
    risks = loaders.departure_risks(ws, counties, radii)
    st.markdown(
        "Staff leave, funding ends, crises hit. If one partner left tomorrow, what would the "
        "others lose? Services nobody else offers, ZIP areas that would have no provider near "
        "enough, and partners whose only link to the rest runs through it."
    )
    table = dep.risk_table(risks)
    if table.empty:
        st.success(escape_markdown(dep.risks_reading(risks)), icon=":material/check_circle:")
    else:
        _block(
            risk_chart(risks), table, dep.risks_reading(risks), key="sustain_risk_chart", below=True
        )
        st.download_button(
            "Download the ranked list (CSV)",
            am.frame_csv(table),
            "if-a-partner-leaves.csv",
            "text/csv",
            key=k.SUSTAIN_RISKS_CSV,
            on_click="ignore",
            icon=":material/download:",
        )
    region = f"{len(counties)} count{'y' if len(counties) == 1 else 'ies'}"
    st.caption(
        f"Measured over the ZIP areas of {region} "
        "where partners offer services, with the distances set on the Gaps page "
        f"(Distances that count). {population.SOURCE}"
    )
    _one_partner(ws, counties, radii, risks)


def _one_partner(
    ws: Workspace, counties: tuple[str, ...], radii: dict[str, float], risks: pd.DataFrame
) -> None:
    st.subheader("What if one partner left?")
    names = ws.partner_names()
    options = list(risks[s.PARTNER_ID])  # riskiest first
    pick = st.selectbox(
        "Partner",
        options,
        index=None,
        format_func=lambda p: f"{names.get(p, p)} ({p})",
        placeholder="Choose a partner",
        key=k.SUSTAIN_PARTNER,
        bind="query-params",
    )
    if pick is None:
        return
    d = loaders.one_departure(ws, counties, radii, str(pick))
    cols = st.columns(4)
    cols[0].metric("Services only it offers", len(d.only_provider_of))
    cols[1].metric(
        "Residents who would lose a service",
        f"{round(d.people_lost):,}",
        help="Residents (2020 Census) of the ZIP areas that would have no provider of a "
        "service within reach without it, each area counted once.",
    )
    cols[2].metric("ZIP-area gaps that would open", len(d.new_gaps))
    cols[3].metric("Partners cut off", len(d.cut_off))
    row = risks[risks[s.PARTNER_ID] == pick].iloc[0]
    st.markdown(escape_markdown(str(row["what_would_be_lost"])))
    if not d.new_gaps.empty:
        place, _ = loaders.coverage_gaps(ws, counties, radii)
        shown = d.new_gaps.merge(
            place[[cov.AREA, "city", cov.COUNTY_LABEL]].astype({cov.AREA: "str"}),
            on=cov.AREA,
            how="left",
        )
        st.dataframe(
            pd.DataFrame(
                {
                    "ZIP area": shown[cov.AREA],
                    "city": shown["city"].fillna("").astype(str).str.title(),
                    "county": shown[cov.COUNTY_LABEL],
                    "service": shown[s.CATEGORY],
                    "residents (2020 Census)": cov.resident_weights(place)
                    .of(shown[cov.AREA])
                    .round(0)
                    .astype("int64"),
                    "nearest now (miles)": shown[cov.NEAREST_MILES].round(1),
                    "nearest without it (miles)": shown["nearest_miles_after"].round(1),
                }
            ),
            hide_index=True,
            width="stretch",
            key="sustain_new_gaps_table",
        )
    if d.cut_off:
        st.markdown(
            "**Partners whose only link to the others runs through it:** "
            + escape_markdown(", ".join(names.get(p, p) for p in d.cut_off))
        )
    if int(row["losses"]):
        st.caption(
            "To lower the risk: name a backup contact there, write its duties down, and "
            "introduce the partners who depend on it to each other (Relationships page, "
            "Who can introduce whom)."
        )


# ------------------------------------------------------------------------------ checklist results
def checklist(ws: Workspace, every: list[am.Assessment], seen: list[am.Assessment]) -> None:
    ids = ap.partner_ids(ws)
    whole = am.latest(every).get(am.PARTNERSHIP)
    st.subheader("The partnership as a whole")
    if whole is None:
        st.info(
            "Not filled in yet: the facilitator answers it with the group on the **Fill in** "
            "tab (shared documents, roles written down, a shared emergency plan).",
            icon=":material/info:",
        )
    else:
        done, total = sus.in_place(whole.answers, sus.PARTNERSHIP_ITEMS)
        st.markdown(f"**{done} of {total} in place** (checked on {whole.assessed_on}).")
        st.markdown(
            "\n".join(
                f"- {i.short}: **{sus.status(whole.answers.get(i.key))}**"
                for i in sus.PARTNERSHIP_ITEMS
            )
        )
        todo = sus.missing_items(whole.answers, sus.PARTNERSHIP_ITEMS)
        if todo:
            st.markdown("**Next steps**\n\n" + "\n".join(f"- {i.suggestion}" for i in todo))
    st.subheader("Partner by partner")
    latest = am.partner_latest(every, ids)
    n = len(latest)
    if not n:
        st.info(
            "No partner has filled in its checklist yet: each does on the **Fill in** tab "
            "(two minutes).",
            icon=":material/checklist:",
        )
        return
    if not ap.group_visible(n):
        st.info(
            f"{n} partner(s) have filled in the checklist. The count per item shows once at "
            f"least {am.MIN_GROUP} have, so no single organization's answers can be read from it.",
            icon=":material/lock:",
        )
    else:
        table = sus.checklist_frame([a.answers for a in latest], len(ws.partners) - n)
        _block(
            checklist_bar(table),
            table,
            sus.checklist_reading(table, n),
            key="sustain_checklist_chart",
        )
        if len(ws.partners) > n:
            st.caption(
                f"{len(ws.partners) - n} of {len(ws.partners)} partners have not filled in "
                "their checklist yet (the table's last column)."
            )
        missing = table.sort_values(sus.YES, kind="stable").head(2)
        by_short = {i.short: i for i in sus.PARTNER_ITEMS}
        st.markdown(
            "**Where to start**\n\n"
            + "\n".join(
                f"- **{row['item']}** ({row[sus.YES]} of {n} in place): "
                f"{by_short[str(row['item'])].suggestion}"
                for _, row in missing.iterrows()
            )
        )
    own = [a for a in am.latest(seen).values() if a.subject != am.PARTNERSHIP]
    if own:
        st.markdown(
            "**Each organization's latest checklist**" if ap.sees_everything() else "**Yours**"
        )
        st.dataframe(
            _partner_table(own),
            hide_index=True,
            width="stretch",
            key="sustain_partners_table",
        )


def _partner_table(latest: list[am.Assessment]) -> pd.DataFrame:
    rows = []
    for a in sorted(latest, key=lambda a: a.subject_name.lower()):
        done, total = sus.in_place(a.answers, sus.PARTNER_ITEMS)
        row: dict[str, object] = {"partner": a.subject_name, "date": a.assessed_on}
        row["in place"] = f"{done} of {total}"
        for item in sus.PARTNER_ITEMS:
            row[item.short] = sus.status(a.answers.get(item.key))
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ fill in
def _submit(names: dict[str, str]) -> None:
    state = st.session_state
    subject = state.get(k.SUSTAIN_SUBJECT)
    items = sus.items_for(subject == am.PARTNERSHIP)
    answers = {i.key: state.get(k.SUSTAIN_ITEM_PREFIX + i.key) for i in items}
    aid = ap.save_form(am.SUSTAINABILITY, subject, names, answers, KEYS)
    if aid is None:
        return
    done, total = sus.in_place(answers, items)
    ap.saved(
        KEYS,
        f"Saved the checklist of {names.get(str(subject), str(subject))}: {done} of {total} in "
        "place. See it on the Checklist tab.",
        (k.SUSTAIN_ITEM_PREFIX + i.key for i in items),
    )


def fill_in(ws: Workspace) -> None:
    names = ap.form_intro(
        ws,
        "Answer for your organization: is each of these in place? Each partner answers its "
        "own; the facilitator answers for the partnership as a whole, with the group.",
    )
    if names is None:
        return
    subject = ap.subject_picker(ws, names, KEYS)
    if subject is None:
        return
    items = sus.items_for(subject == am.PARTNERSHIP)
    with ap.form(
        KEYS,
        names,
        _submit,
        date_label="Date",
        note_label="Anything to add? (optional)",
        note_placeholder="e.g. our backup is on leave until June. Never a client's name.",
        submit_label="Save the checklist",
    ):
        for item in items:
            key = k.SUSTAIN_ITEM_PREFIX + item.key
            ap.answer(item.text, ANSWERS, ANSWER_LABEL.__getitem__, key)


COLUMNS = {i.key: i.short for i in (*sus.PARTNER_ITEMS, *sus.PARTNERSHIP_ITEMS)}


def all_checklists(every: list[am.Assessment]) -> None:
    ap.all_assessments(
        am.SUSTAINABILITY,
        every,
        COLUMNS,
        KEYS,
        file_name="sustainability-checklists.csv",
    )
