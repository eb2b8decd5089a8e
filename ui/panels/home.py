"""The Home page's blocks: counts, the two overview charts, data quality, next steps."""

from __future__ import annotations

import streamlit as st

from mapping.analysis import overview
from mapping.charts import overview as charts
from mapping.data.workspace import Workspace
from ui import presentation
from ui import state as k
from ui.layout import chart_block

# (page file, label, why) - each page adds its own line here.
NEXT_STEPS: list[tuple[str, str, str]] = [
    (
        "pages/data.py",
        "Load your partners' data",
        "upload the spreadsheets each partner filled in, or let each organization fill in its "
        "own resource map through the form; every row is checked and either taken in or "
        "reported.",
    ),
    (
        "pages/data.py",
        "Import a 211 directory or a Kumu network",
        "the Import tab reads Open Referral HSDS packages and Kumu sheets, shows every problem "
        "before anything changes, and maps the directory's service categories to yours.",
    ),
    (
        "pages/map.py",
        "See everyone on the map",
        "every partner and service on one map with their relationships; click one to see "
        "what it offers and with whom it works, and fix rows that could not be placed.",
    ),
    (
        "pages/gaps.py",
        "See the coverage gaps",
        "which ZIP areas have no partner near enough for each service, which services hang on "
        "a single partner, and which languages and groups nobody serves.",
    ),
    (
        "pages/relationships.py",
        "See who works with whom",
        "the partner network, the brokers between sectors, who can introduce whom, where "
        "partners overlap, and the relationships the two sides describe differently.",
    ),
    (
        "pages/kickoff.py",
        "Run the kickoff meeting",
        "go round the table with the discussion questions, a timer for each speaker, shared "
        "notes and the group agreements, on the projector and on everyone's own screen.",
    ),
    (
        "pages/recommend.py",
        "Decide how to work together",
        "answer a few questions together and get a recommendation: how closely to work "
        "together, who leads, how to decide, and what to build first.",
    ),
    (
        "pages/decide.py",
        "Decide together",
        "put a proposal to the group and let everyone rate it from their phone on the "
        "eight-point Gradients of Agreement scale; the live spread shows whether to decide.",
    ),
    (
        "pages/trauma_informed.py",
        "Check how trauma-informed you are",
        "each partner rates itself on SAMHSA's six principles and the four Rs; see the "
        "partnership's average, what to work on first, and the change since last time.",
    ),
    (
        "pages/sustainability.py",
        "Make the partnership last",
        "what the partnership would lose if one partner left, and the checklist for staff "
        "turnover, funding and crises.",
    ),
    (
        "pages/agreement.py",
        "Write down what you agreed",
        "a draft memorandum of understanding from the workspace and the recommendation, every "
        "field editable, as Word or Markdown.",
    ),
    (
        "pages/report.py",
        "Send a meeting report",
        "one file with the map, gaps, relationships, decisions, notes and partnership health "
        "for those who missed the meeting; it works offline.",
    ),
]


def metrics(ws: Workspace) -> None:
    cols = st.columns(4)
    cols[0].metric("Partners", len(ws.partners))
    cols[1].metric("Services", len(ws.services))
    pairs, _ = overview.relationship_counts(ws.relationships)
    cols[2].metric(
        overview.RELATIONSHIPS_LABEL, pairs, help=overview.relationships_help(ws.relationships)
    )
    cols[3].metric("Problems to look at", len(ws.errors) + len(ws.warnings))


def sector_chart(ws: Workspace) -> None:
    df = overview.partners_by_sector(ws.partners)
    chart_block(charts.sector_bar(df), df, overview.sector_reading(df), key="home_sector_chart")


def category_chart(ws: Workspace) -> None:
    df = overview.services_by_category(ws.services)
    chart_block(
        charts.category_bar(df), df, overview.category_reading(df), key="home_category_chart"
    )


def quality_panel(ws: Workspace) -> None:
    """Every problem found when the current data were loaded, and the row counts."""
    st.subheader("Data quality")
    if ws.counts:
        rows = [{"file": f, **c} for f, c in sorted(ws.counts.items())]
        st.caption("Rows read = rows loaded + rows kept out, for every file.")
        st.dataframe(rows, hide_index=True, key="home_counts_table")
    if not ws.problems:
        st.success(
            "Every row of the last load was taken in, with no problems.",
            icon=":material/check_circle:",
        )
        return
    n_err, n_warn = len(ws.errors), len(ws.warnings)
    st.markdown(
        f"The last load kept out **{n_err}** row problem(s) (errors) and changed or "
        f"ignored something in **{n_warn}** place(s) (warnings). Fix them on the "
        "**Data** page."
    )
    pick = st.segmented_control(
        "Show",
        ["errors", "warnings"],
        selection_mode="multi",
        default=["errors", "warnings"],
        key=k.HOME_PROBLEM_SEVERITY,
        bind="query-params",
    )
    df = ws.problems_frame()
    df = df[df["severity"].isin([p.removesuffix("s") for p in (pick or [])])]
    st.dataframe(
        presentation.for_display(df.drop(columns=["kind"])),
        hide_index=True,
        key="home_problems_table",
    )


def next_steps() -> None:
    st.subheader("Next steps")
    for page, label, why in NEXT_STEPS:
        st.page_link(page, label=label)
        st.caption(why)
