"""The Relationships page's blocks: network figures, the network, partner rankings,
brokers and introductions, overlaps, and the pairs to talk about."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from mapping.analysis import change as ch
from mapping.analysis import network as net
from mapping.analysis.overview import RELATIONSHIPS_LABEL
from mapping.charts import change as change_charts
from mapping.charts import network as charts
from mapping.data import schema as s
from mapping.data.errors import MappingError
from mapping.data.workspace import Workspace
from mapping.partnership import tie_ratings as tr
from ui import loaders, permissions
from ui import state as k
from ui.layout import chart_block, flash, say
from ui.text import escape_markdown

# metric column -> (label in the app, what it means in plain words)
METRICS = {
    "degree": ("relationships", "how many partners it works with"),
    "betweenness": (
        "betweenness",
        "how often it sits on the shortest path between two other partners: a bridge",
    ),
    "closeness": ("closeness", "how few steps it takes to reach everyone it can reach"),
    "eigenvector": (
        "eigenvector centrality",
        "ties to partners that are themselves well tied; only the largest connected group "
        "scores above 0",
    ),
}
NO_FOCUS = ""


def _block(
    fig: object, table: pd.DataFrame, reading: str, *, key: str, table_below: bool = False
) -> None:
    chart_block(fig, table, reading, key=key, table_below=table_below)


def summary(network: dict[str, Any]) -> None:
    """The network's figures and its one-sentence reading. While presenting, the sentence
    only, with the figures folded under it, so the network chart reaches the first screen."""
    figures = network["summary"]
    if permissions.is_presenting():
        st.markdown(escape_markdown(net.network_reading(figures)))
        with st.expander("The numbers", icon=":material/tag:"):
            _metrics(figures)
        return
    _metrics(figures)
    st.markdown(escape_markdown(net.network_reading(figures)))


def _metrics(figures: dict[str, Any]) -> None:
    cols = st.columns(3) + st.columns(3)  # two rows: labels stay whole on a laptop
    cols[0].metric("Partners", figures["partners"])
    cols[1].metric(
        RELATIONSHIPS_LABEL,
        figures["ties"],
        help="Pairs of partners that work together: a pair counts once, even when both "
        "partners recorded it.",
    )
    cols[2].metric(
        "Density",
        f"{figures['density']:.0%}",
        help="Share of all possible pairs that work together.",
    )
    cols[3].metric(
        "Connected groups",
        figures["components"],
        help="Groups of partners linked through one another; a partner alone counts as one.",
    )
    cols[4].metric("Partners with no relationship", figures["isolates"])
    trust = figures["average_trust"]
    cols[5].metric(
        "Average trust (1-4)",
        "not given" if math.isnan(trust) else f"{trust:.1f}",
        help="The mean of the trust each partner recorded for the others.",
    )


def focus_picker(ws: Workspace) -> str | None:
    """The partner to focus on (kept in the URL), or None."""
    names = ws.partner_names()
    options = [NO_FOCUS, *sorted(names, key=lambda p: (names[p].lower(), p))]
    picked = st.selectbox(
        "Focus on a partner",
        options,
        format_func=lambda p: "Everyone" if p == NO_FOCUS else f"{names[p]} ({p})",
        key=k.RELATIONSHIPS_FOCUS,
        bind="query-params",
    )
    return picked or None


def _pairs_table(pairs: pd.DataFrame, names: dict[str, str], focus: str | None) -> pd.DataFrame:
    rows = pairs
    if focus is not None:
        rows = pairs[(pairs["partner_a"] == focus) | (pairs["partner_b"] == focus)]
    return pd.DataFrame(
        {
            "partner": rows["partner_a"].map(names).fillna(rows["partner_a"]),
            "works with": rows["partner_b"].map(names).fillna(rows["partner_b"]),
            "level": rows["level"],
            "types": rows["types"].str.replace(s.LIST_SEPARATOR, ", ", regex=False),
            "trust": rows["trust"],
            "recorded by": rows["recorded_by"].map(
                {"both": "both", "a": "the first only", "b": "the second only"}
            ),
        }
    )


def network_chart(ws: Workspace, network: dict[str, Any], focus: str | None) -> None:
    names = ws.partner_names()
    pairs = network["pairs"]
    if pairs.empty:
        st.info("There is no network to draw until partners record their relationships.")
        return
    fig = charts.network_graph(network["layout"], network["metrics"], pairs, focus=focus)
    if focus is None:
        reading = (
            "Each dot is a partner (shape and colour: its sector; size: how many partners it "
            "works with); each line a relationship, thicker and darker the closer it is."
        )
    else:
        mine = pairs[(pairs["partner_a"] == focus) | (pairs["partner_b"] == focus)]
        levels = mine["level"].value_counts()
        parts = [f"{int(levels[lv])} {lv}" for lv in s.LEVELS.labels if lv in levels]
        reading = (
            f"{names.get(focus, focus)} works with {len(mine)} partners"
            + (f" ({', '.join(parts)})" if parts else "")
            + "."
        )
    _block(
        fig,
        _pairs_table(pairs, names, focus),
        reading,
        key="relationships_network_chart",
        table_below=True,
    )


def metric_chart(network: dict[str, Any]) -> None:
    metrics = network["metrics"]
    if network["pairs"].empty:
        return
    metric = st.selectbox(
        "Rank partners by",
        list(METRICS),
        format_func=lambda m: METRICS[m][0],
        key=k.RELATIONSHIPS_METRIC,
        bind="query-params",
    )
    label, meaning = METRICS[metric]
    table = metrics[
        [
            s.NAME,
            s.SECTOR,
            "degree",
            "betweenness",
            "closeness",
            "eigenvector",
            "component",
            "trust_given",
            "trust_received",
        ]
    ].sort_values(metric, ascending=False)
    table = table.round(
        {"betweenness": 3, "closeness": 3, "eigenvector": 3, "trust_given": 1, "trust_received": 1}
    )
    _block(
        charts.metric_bar(metrics, metric, label),
        table,
        net.metric_reading(metrics, metric, label),
        key="relationships_metric_chart",
    )
    st.caption(f"**{label.capitalize()}**: {meaning}. Computed with networkx.")


def brokers(network: dict[str, Any]) -> None:
    metrics = network["metrics"]
    table = metrics[metrics["cross_sector_pairs"] > 0].sort_values(
        ["cross_sector_pairs", "betweenness"], ascending=False
    )[[s.NAME, s.SECTOR, "cross_sector_pairs", "sectors_reached", "betweenness"]]
    _block(
        charts.broker_bar(metrics),
        table.round({"betweenness": 3}),
        net.broker_reading(metrics),
        key="relationships_broker_chart",
    )


def introductions(ws: Workspace, focus: str | None) -> None:
    st.subheader("Who can introduce whom")
    cross = st.checkbox(
        "Only pairs from different sectors", value=False, key=k.RELATIONSHIPS_CROSS_SECTOR
    )
    intro = net.find_introductions(
        ws.partners, ws.relationships, partner_id=focus, cross_sector_only=cross
    )
    st.markdown(f"**{escape_markdown(net.introductions_reading(intro))}**")
    if intro.empty:
        return
    st.dataframe(
        intro[["name_a", "sector_a", "name_b", "sector_b", "shared", "introducers", "strength"]]
        .rename(
            columns={
                "name_a": "partner",
                "sector_a": "sector",
                "name_b": "could meet",
                "sector_b": "their sector",
                "shared": "shared partners",
            }
        )
        .head(200),
        hide_index=True,
        width="stretch",
        key="relationships_intro_table",
        column_config={"introducers": st.column_config.TextColumn(width="large")},
    )
    st.caption(
        "Pairs with no recorded relationship who both work with the same partners, most shared "
        "partners first; strength adds up, for each introducer, the weaker of its two "
        "relationships (1 cooperation, 2 coordination, 3 collaboration)."
    )


def overlaps(ws: Workspace) -> None:
    overlap = loaders.partner_overlap(ws, loaders.radius_overrides())
    names = ws.partner_names()
    sectors = dict(zip(ws.partners[s.PARTNER_ID], ws.partners[s.SECTOR], strict=True))
    if overlap.empty:
        st.info("No two partners offer the same category to the same ZIP area.")
        return
    table = pd.DataFrame(
        {
            "partner": overlap["partner_a"].map(names).fillna(overlap["partner_a"]),
            "and": overlap["partner_b"].map(names).fillna(overlap["partner_b"]),
            "overlap %": (100 * overlap["jaccard"]).round(0),
            "shared categories": overlap["shared_categories"].str.replace(
                s.LIST_SEPARATOR, ", ", regex=False
            ),
            "relationship": overlap["related"].replace("", "none recorded"),
        }
    )
    _block(
        charts.overlap_heatmap(overlap, names, sectors),
        table,
        net.overlap_reading(overlap, names),
        key="relationships_overlap_chart",
        table_below=True,
    )
    st.caption(
        "Overlap: of the (category, ZIP area) pairs either partner serves within reach, the "
        "share both serve (Jaccard). Overlap is a chance to coordinate, not a fault."
    )


def sectors(ws: Workspace) -> None:
    matrix = net.sector_matrix(ws.partners, ws.relationships)
    square = matrix.pivot(index="sector_a", columns="sector_b", values="ties")
    order = net.sector_order(matrix["sector_a"])
    _block(
        charts.sector_heatmap(matrix),
        square.loc[order, order].reset_index().rename(columns={"sector_a": "sector"}),
        net.sector_reading(matrix),
        key="relationships_sector_chart",
    )
    flows = net.referral_flows(ws.partners, ws.relationships)
    if flows.empty:
        st.info("No relationship is marked as a referral, so there is no referral flow to draw.")
        return
    _block(
        charts.referral_sankey(flows),
        flows.rename(columns={"from_sector": "recorded by", "to_sector": "partner named"}),
        net.referral_reading(flows),
        key="relationships_referral_chart",
        table_below=True,
    )
    st.caption(
        "Each referral relationship runs from the partner that recorded it to the partner it "
        "names; the data do not say which way most people are referred."
    )


def disagreements(ws: Workspace, network: dict[str, Any]) -> None:
    found = net.find_disagreements(ws.partners, ws.relationships)
    one_sided = int(network["summary"]["one_sided"])
    st.markdown(f"**{escape_markdown(net.disagreement_reading(found, one_sided))}**")
    if not found.empty:
        st.dataframe(
            found[["name_a", "a_says", "name_b", "b_says", "steps", "notes_a", "notes_b"]].rename(
                columns={
                    "name_a": "partner",
                    "a_says": "says",
                    "name_b": "and partner",
                    "b_says": "who says",
                    "steps": "levels apart",
                    "notes_a": "first partner's notes",
                    "notes_b": "second partner's notes",
                }
            ),
            hide_index=True,
            width="stretch",
            key="relationships_disagreements_table",
        )
        st.caption(
            "The Levels of Collaboration practice asks both partners to rate their "
            "relationship; a difference is worth a conversation, not a correction."
        )
    if one_sided:
        names = ws.partner_names()
        pairs = network["pairs"]
        single = pairs[pairs["recorded_by"] != "both"]
        with st.expander(f"Relationships described by one side only ({one_sided})"):
            table = _pairs_table(single, names, None)
            st.dataframe(table, hide_index=True, width="stretch", key="relationships_one_sided")
    st.subheader("Trust by level")
    st.dataframe(
        net.trust_by_level(ws.relationships)
        .round({"average_trust": 2})
        .rename(columns={"with_trust": "with trust given", "average_trust": "average trust (1-4)"}),
        hide_index=True,
        key="relationships_trust_table",
    )


# ---------------------------------------------------------------- issue 17: change over time
NOW = "Now"
SNAPSHOT_PREFIX = "Snapshot: "
VERSION_PREFIX = "Version #"


def _save_snapshot(ws: Workspace) -> None:
    if not permissions.can_edit():
        say(k.RELATIONSHIPS_SNAPSHOT_RESULT, "error", "Only the facilitator can save a snapshot.")
        return
    name = str(st.session_state.get(k.RELATIONSHIPS_SNAPSHOT_NAME) or "")
    try:
        snap = ch.Snapshots(loaders.get_store()).save(
            name, ws, loaders.get_store().current_version()
        )
    except MappingError as exc:
        say(k.RELATIONSHIPS_SNAPSHOT_RESULT, "error", str(exc))
        return
    say(
        k.RELATIONSHIPS_SNAPSHOT_RESULT,
        "success",
        f"Saved the snapshot '{snap.name}': compare it with any later moment.",
    )


def _moments() -> dict[str, tuple[str, Any]]:
    """label -> (kind, key): named snapshots, kept versions, and now."""
    store = loaders.get_store()
    out: dict[str, tuple[str, Any]] = {}
    for snap in ch.Snapshots(store).all():
        out[f"{SNAPSHOT_PREFIX}{snap.name}"] = ("snapshot", snap)
    for v in reversed(store.versions()):
        if not v.current:
            out[f"{VERSION_PREFIX}{v.id} ({v.created_at[:16].replace('T', ' ')})"] = (
                "version",
                v.id,
            )
    out[NOW] = ("now", None)
    return out


def _snapshot_of(label: str, moment: tuple[str, Any], ws: Workspace) -> ch.Snapshot:
    kind, key = moment
    if kind == "snapshot":
        return key  # type: ignore[no-any-return]
    if kind == "version":
        return ch.Snapshot.of(loaders.get_store().load(int(key)), label)
    return ch.Snapshot.of(ws, NOW.lower())


def change_over_time(ws: Workspace) -> None:
    """Compare two moments: a chart and a table ready for a funder's report."""
    flash(k.RELATIONSHIPS_SNAPSHOT_RESULT)
    st.markdown(
        "Compare the partnership at two moments: named snapshots (for example *kickoff* and "
        "*six months*) or saved versions of the data."
    )
    if permissions.can_edit():
        with st.form("relationships_snapshot_form", border=False):
            c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
            c1.text_input(
                "Name this moment",
                key=k.RELATIONSHIPS_SNAPSHOT_NAME,
                max_chars=ch.MAX_NAME,
                placeholder="e.g. kickoff",
            )
            c2.form_submit_button(
                "Save a snapshot",
                key=k.RELATIONSHIPS_SNAPSHOT_SAVE,
                on_click=_save_snapshot,
                args=(ws,),
                icon=":material/photo_camera:",
            )
    moments = _moments()
    labels = list(moments)
    if len(labels) < 2:
        st.info(
            "Nothing to compare yet: save a snapshot now (for example at the kickoff) and "
            "compare it with the data later.",
            icon=":material/info:",
        )
        return
    c1, c2 = st.columns(2)
    start = c1.selectbox(
        "From", labels, index=0, key=k.RELATIONSHIPS_CHANGE_FROM, bind="query-params"
    )
    end = c2.selectbox(
        "To", labels, index=len(labels) - 1, key=k.RELATIONSHIPS_CHANGE_TO, bind="query-params"
    )
    if start is None or end is None or start == end:
        st.info("Choose two different moments.", icon=":material/info:")
        return
    change = ch.compare(
        _snapshot_of(start, moments[start], ws), _snapshot_of(end, moments[end], ws)
    )
    summary = change.summary()
    chart_block(
        change_charts.level_change_bar(change.level_frame()),
        summary,
        ch.change_reading(change),
        key=k.RELATIONSHIPS_CHANGE_CHART,
    )
    details = change.details()
    st.markdown("**Every change**")
    if details.empty:
        st.caption("Nothing changed between these two moments.")
    else:
        st.dataframe(details, hide_index=True, key="relationships_change_details")


# ---------------------------------------------------------------- issue 17: ties from both sides
NOT_SURE = 0  # a dimension left unrated


def _send_rating() -> None:
    if not permissions.can_take_part():
        say(k.RELATIONSHIPS_RATE_RESULT, "error", "Sign in to rate your relationships.")
        return
    state = st.session_state
    ratings = {
        d.key: (int(v) if v else None)
        for d in tr.DIMENSIONS
        for v in [state.get(f"{k.RELATIONSHIPS_RATE_DIM_PREFIX}{d.key}")]
    }
    try:
        tr.TieRatings(loaders.get_store()).save(
            str(state.get(k.RELATIONSHIPS_RATE_RATER) or ""),
            str(state.get(k.RELATIONSHIPS_RATE_OTHER) or ""),
            str(state.get(k.RELATIONSHIPS_RATE_LEVEL) or ""),
            ratings,
        )
    except MappingError as exc:
        say(k.RELATIONSHIPS_RATE_RESULT, "error", str(exc))
        return
    say(k.RELATIONSHIPS_RATE_RESULT, "success", "Thank you: your rating is in.")


def two_sided_ties(ws: Workspace) -> None:
    """Each partner rates its own relationships; where two sides differ."""
    st.subheader("Ties rated from both sides")
    flash(k.RELATIONSHIPS_RATE_RESULT)
    names = ws.partner_names()
    ids = sorted(names, key=lambda p: names[p])
    if permissions.can_take_part() and len(ids) > 1:
        with (
            st.expander("Rate a relationship of your organization", icon=":material/star:"),
            st.form(k.RELATIONSHIPS_RATE_FORM, border=False),
        ):
            c1, c2, c3 = st.columns(3)
            fmt = names.get
            c1.selectbox("Your organization", ids, index=None, format_func=fmt,
                         key=k.RELATIONSHIPS_RATE_RATER)  # fmt: skip
            c2.selectbox("The partner you rate", ids, index=None, format_func=fmt,
                         key=k.RELATIONSHIPS_RATE_OTHER)  # fmt: skip
            c3.selectbox("How closely you work together", list(s.LEVELS.labels), index=None,
                         key=k.RELATIONSHIPS_RATE_LEVEL)  # fmt: skip
            st.caption("How much is each true of this partner? (1 not at all, 4 a great deal)")
            for dim in tr.DIMENSIONS:
                st.radio(
                    f"{dim.question} ({dim.kind}: {dim.label})",
                    [NOT_SURE, *tr.SCALE],
                    format_func=lambda v: "Not sure" if v == NOT_SURE else f"{v} {tr.SCALE[v]}",
                    horizontal=True,
                    key=f"{k.RELATIONSHIPS_RATE_DIM_PREFIX}{dim.key}",
                )
            st.form_submit_button(
                "Send my rating",
                key=k.RELATIONSHIPS_RATE_SUBMIT,
                on_click=_send_rating,
                icon=":material/send:",
            )
    ratings = tr.TieRatings(loaders.get_store()).frame()
    differ = tr.two_sides(ratings, names)
    st.markdown(tr.two_sides_reading(ratings, differ))
    if not differ.empty:
        st.dataframe(
            differ.rename(
                columns={
                    "partner_a": "Partner A",
                    "partner_b": "Partner B",
                    "measure": "What differs",
                    "a_says": "A says",
                    "b_says": "B says",
                }
            ),
            hide_index=True,
            key="relationships_two_sides_table",
        )
