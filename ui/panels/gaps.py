"""The Gaps page's blocks: the view controls, the gap heatmap, distances, single points of
failure, languages and groups, trauma-informed coverage, and the distances that count."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

from mapping.analysis import coverage as cov
from mapping.charts import coverage as charts
from mapping.data import exports
from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import ATTRIBUTION
from mapping.places.need import NeedLayer
from ui import loaders, permissions
from ui import state as k
from ui.layout import chart_block, flash
from ui.panels import gaps_people
from ui.text import escape_markdown

BY_COUNTY = "County"
BY_AREA = "ZIP area"
MAX_AREA_COLUMNS = 500  # one heatmap column per ZIP area stays readable and light up to this


@dataclass
class GapView:
    """What the page shows: the region, the categories, and the computed gaps."""

    ws: Workspace
    counties: tuple[str, ...]
    categories: list[str]
    by: str
    areas: pd.DataFrame
    gaps: pd.DataFrame
    names: dict[str, str]
    filtered: bool  # the person chose categories (else: every category offered)
    weights: cov.Weights  # what each area weighs: residents, or a need layer
    need: NeedLayer | None = None  # the need layer chosen, if any

    @cached_property
    def people(self) -> pd.DataFrame:
        """People out of reach per category (``people_by_category``), once per run: the
        heatmap, the single points of failure, where to add and funding all read it."""
        return cov.people_by_category(self.gaps, self.weights)


def _offered(ws: Workspace) -> list[str]:
    present = set(ws.services[s.CATEGORY])
    return [c for c in s.CATEGORIES.labels if c in present]


def _block(
    fig: object, table: pd.DataFrame, reading: str, *, key: str, table_below: bool = False
) -> None:
    chart_block(fig, table, reading, key=key, table_below=table_below)


def placement_notice(ws: Workspace) -> None:
    """Say how services were placed, and which could not be."""
    placed = loaders.placed_services(ws)
    counts = placed[cov.PLACED_BY].value_counts()
    lost = int(counts.get(cov.NOT_PLACED, 0))
    st.caption(
        f"Services are counted where they are: {int(counts.get(cov.PLACED_COORDINATES, 0))} by "
        f"their coordinates, {int(counts.get(cov.PLACED_ZIP, 0))} at their ZIP code's centre and "
        f"{int(counts.get(cov.PLACED_CITY, 0))} at their city's centre (confidential locations "
        "always count from their ZIP or city centre). Distances are straight-line miles between "
        "centres."
    )
    if lost:
        st.warning(
            f"{lost} service(s) have no coordinates, ZIP code or city and state, so they are "
            "left out of the distances. Add a ZIP code on the Data page.",
            icon=":material/wrong_location:",
        )


def uncategorised_notice(ws: Workspace) -> None:
    """List the services not yet categorised: they count for no category here (issue 16)."""
    waiting = ws.services[ws.services[s.CATEGORY] == s.UNCATEGORISED]
    if waiting.empty:
        return
    st.info(
        f"{len(waiting)} service(s) are not yet categorised (imported with taxonomy terms "
        "that map to no category), so they count as a provider of no kind of service here. "
        "Categorise them per term on the Data page's Import tab.",
        icon=":material/label_off:",
    )
    names = ws.partner_names()
    with st.expander(f"The {len(waiting)} service(s) not yet categorised"):
        st.dataframe(
            pd.DataFrame(
                {
                    "service": waiting[s.NAME].tolist(),
                    "partner": [names.get(p, p) for p in waiting[s.PARTNER_ID]],
                    "city": waiting[s.CITY].tolist(),
                }
            ),
            hide_index=True,
            key="gaps_uncategorised_list",
        )


def controls(ws: Workspace) -> GapView | None:
    """The region, categories and grouping (all kept in the URL); None when nothing to show."""
    present, state_counties = loaders.region_counties(ws)
    if not present:
        st.warning(
            "No service has a location the analysis can use (coordinates, a ZIP code, or a "
            "city and state). Add ZIP codes on the Data page.",
            icon=":material/wrong_location:",
        )
        return None
    offered = _offered(ws)
    left, middle, weigh, right = st.columns([2.6, 2.6, 2, 1.8], vertical_alignment="bottom")
    counties = left.multiselect(
        "Region: counties",
        sorted(set(state_counties) | set(present)),
        default=present,
        key=k.GAPS_COUNTIES,
        bind="query-params",
        help="Every delivery ZIP area of these counties is checked. By default: the counties "
        "where the partners offer services.",
    )
    categories = middle.multiselect(
        "Service categories",
        offered,
        key=k.GAPS_CATEGORIES,
        bind="query-params",
        placeholder="All categories offered",
    )
    by = right.segmented_control(
        "Show by",
        [BY_COUNTY, BY_AREA],
        default=BY_COUNTY,
        required=True,
        key=k.GAPS_BY,
        bind="query-params",
    )
    need = gaps_people.weight_choice(weigh)
    if not counties:
        st.info("Choose at least one county for the region.", icon=":material/map:")
        return None
    chosen = [c for c in offered if c in categories] if categories else offered
    areas, gaps = loaders.coverage_gaps(ws, tuple(sorted(counties)), loaders.radius_overrides())
    gaps = gaps[gaps[s.CATEGORY].isin(chosen)].reset_index(drop=True)
    weights = cov.need_weights(areas, need) if need else cov.resident_weights(areas)
    return GapView(
        ws,
        tuple(counties),
        chosen,
        by,
        areas,
        gaps,
        ws.partner_names(),
        bool(categories),
        weights,
        need,
    )


def metrics(view: GapView) -> None:
    per = cov.providers_per_category(view.ws.services, view.ws.partners, view.categories)
    cols = st.columns(4)
    noun = view.weights.noun
    cols[0].metric(
        escape_markdown(f"{noun[:1].upper()}{noun[1:]} in the region"),
        cov.people_text(view.weights.of(view.areas[cov.AREA]).sum()),
        help=escape_markdown(view.weights.source),
    )
    cols[1].metric("ZIP areas in the region", f"{len(view.areas):,}")
    cols[2].metric("Service categories", len(view.categories))
    cols[3].metric("Categories with a single provider", int((per["providers"] == 1).sum()))


def _column_label(view: GapView) -> str:
    """The column of people in a table: 'residents', or the need layer's name marked as such
    (so a layer named like another column, 'county', cannot clash with it)."""
    noun = view.weights.noun
    return noun if view.weights.is_residents else f"{noun} (need layer)"


def heatmap(view: GapView) -> None:
    people = view.people
    reading = cov.people_gaps_reading(people, view.weights)
    noun = view.weights.noun
    if view.by == BY_AREA and len(view.areas) > MAX_AREA_COLUMNS:
        st.info(
            f"The region has {len(view.areas):,} ZIP areas, too many to draw one column each "
            f"(up to {MAX_AREA_COLUMNS}). Showing counties; choose fewer counties to see ZIP "
            "areas, or download the gaps table.",
            icon=":material/grid_view:",
        )
    if view.by == BY_AREA and len(view.areas) <= MAX_AREA_COLUMNS:
        labels = dict(zip(view.areas[cov.AREA], view.areas["city"].str.title(), strict=True))
        fig = charts.gap_heatmap_by_area(view.gaps, labels)
        table = cov.gaps_table(view.gaps, view.areas, view.names)
        table.insert(
            3, _column_label(view), view.weights.of(table[cov.AREA]).round(0).astype("int64")
        )
    else:
        table = cov.people_by_county(view.gaps, view.areas, view.weights)
        fig = charts.people_heatmap_by_county(table, noun)
        table = table.assign(
            people=table["people"].round(0).astype("int64"),
            gap_people=table["gap_people"].round(0).astype("int64"),
            share_gap=(100 * table["share_gap"]).round(0),
        ).rename(
            columns={
                cov.COUNTY_LABEL: "county",
                "areas": "ZIP areas",
                "gap_areas": "ZIP areas with no provider",
                "people": _column_label(view),
                "gap_people": f"{noun} with no provider",
                "share_gap": f"% of {noun} with no provider",
            }
        )
    _block(fig, table, reading, key="gaps_heatmap_chart")
    gaps_people.source_note(view.weights, view.areas)


def distances(view: GapView) -> None:
    summary = cov.coverage_by_category(view.gaps)
    widest = summary.sort_values("gap_areas", ascending=False, kind="stable")
    default = str(widest[s.CATEGORY].iloc[0]) if len(widest) else view.categories[0]
    focus = st.selectbox(
        "Distances to the nearest provider of",
        view.categories,
        index=view.categories.index(default),
        key=k.GAPS_FOCUS,
        bind="query-params",
    )
    if focus is None:
        return
    bins = cov.distance_bins(view.gaps, focus)
    if bins.empty:
        st.info(f"No partner offers {focus}, so every ZIP area of the region is a gap.")
        return
    radius = float(view.gaps.loc[view.gaps[s.CATEGORY] == focus, cov.RADIUS_MILES].iloc[0])
    _block(
        charts.distance_histogram(bins, focus, radius),
        bins[["miles", "within_radius", "beyond_radius"]].rename(
            columns={
                "within_radius": f"within {radius:g} miles",
                "beyond_radius": f"beyond {radius:g} miles",
            }
        ),
        cov.distance_reading(view.gaps, focus),
        key="gaps_distance_chart",
    )


def single_points(view: GapView) -> None:
    # Unfiltered, the whole category list: a need nobody offers is a gap too.
    per = cov.providers_per_category(
        view.ws.services, view.ws.partners, view.categories if view.filtered else None
    )
    _block(charts.providers_bar(per), per, cov.providers_reading(per), key="gaps_providers_chart")
    summary = cov.coverage_by_category(view.gaps)
    people = view.people
    noun = view.weights.noun
    table = summary[[s.CATEGORY, "gap_areas", "one_provider_areas", "served_areas"]].rename(
        columns={
            "gap_areas": "ZIP areas: no provider",
            "one_provider_areas": "ZIP areas: only one",
            "served_areas": "ZIP areas: two or more",
        }
    )
    for column, label in (
        ("gap_people", "no provider"),
        ("one_provider_people", "only one"),
        ("served_people", "two or more"),
    ):
        table[f"{noun}: {label}"] = people[column].round(0).astype("int64").to_numpy()
    _block(
        charts.people_depth_bar(people, noun),
        table,
        cov.people_depth_reading(people, view.weights),
        key="gaps_depth_chart",
    )
    gaps_people.source_note(view.weights, view.areas)


def languages_and_groups(view: GapView) -> None:
    ws = view.ws
    lang = cov.language_coverage(ws.services, ws.partners, view.categories)
    providers = cov.providers_per_category(ws.services, ws.partners, view.categories)
    if lang.empty:
        st.info("No service or partner lists a language.")
    else:
        _block(
            charts.offered_heatmap(
                lang, s.CATEGORY, "language", title="Partners offering each category, by language"
            ),
            cov.as_matrix(lang, s.CATEGORY, "language"),
            cov.language_reading(lang, providers),
            key="gaps_language_chart",
        )
    pops = cov.population_coverage(ws.services, ws.partners, view.categories, by_group=True)
    _block(
        charts.offered_heatmap(
            pops,
            "population",
            "group",
            title="Partners serving each group of people, by kind of service",
        ),
        cov.as_matrix(pops, "population", "group"),
        cov.population_reading(pops),
        key="gaps_population_chart",
        table_below=True,
    )
    st.caption(
        "A service that lists no languages or groups counts with its partner's. A group no "
        "service lists may still be welcome somewhere: the data do not say so."
    )


def trauma_informed(view: GapView) -> None:
    table = loaders.trauma_coverage(view.ws, view.counties, loaders.radius_overrides())
    table = table[table[s.CATEGORY].isin(view.categories)]
    _block(charts.trauma_bar(table), table, cov.trauma_reading(table), key="gaps_trauma_chart")
    st.caption(
        "areas_served counts the ZIP areas with any provider within reach; "
        "areas_served_trauma_informed those with a provider whose service is marked "
        "trauma-informed."
    )


def radii_editor(view: GapView) -> None:
    """The radius per category, editable by the facilitator and shared by every session."""
    flash(k.GAPS_RADII_RESULT)
    overrides = loaders.radius_overrides()
    st.markdown(
        "An area counts as **served** when a provider is within this many miles of its centre "
        "(or within the service's own reach, when its row gives a larger one). A crisis line "
        "serves the whole state; a shelter, an ESL class or childcare must be near. These "
        "distances are shared by everyone who uses this workspace."
    )
    rows = [
        {
            s.CATEGORY: c,
            "group": s.CATEGORIES.term(c).group,
            "default miles": float(s.CATEGORIES.term(c).radius_miles),
            "miles": float(overrides.get(c, s.CATEGORIES.term(c).radius_miles)),
        }
        for c in view.categories
    ]
    editing = permissions.can_edit()
    edited = st.data_editor(
        pd.DataFrame(rows),
        key=k.GAPS_RADII_EDITOR,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(rows), 1300),
        disabled=[s.CATEGORY, "group", "default miles"] if editing else True,
        column_config={
            "miles": st.column_config.NumberColumn(
                "miles", min_value=0.5, max_value=3000.0, step=0.5, required=True
            )
        },
    )
    if not editing:
        st.caption("Only the facilitator can change these distances.")
        return
    save, reset = st.columns([1, 1])
    if save.button("Save these distances", type="primary", key=k.GAPS_RADII_SAVE):
        kept = cov.updated_radii(edited, overrides)  # refuses a bad value with a message
        loaders.get_store().set_setting(loaders.RADII_SETTING, kept)
        own = "category uses" if len(kept) == 1 else "categories use"
        st.session_state[k.GAPS_RADII_RESULT] = f"Saved: {len(kept)} {own} your own distance."
        st.rerun()
    if reset.button("Back to the defaults", key=k.GAPS_RADII_RESET):
        loaders.get_store().set_setting(loaders.RADII_SETTING, {})
        st.session_state.pop(k.GAPS_RADII_EDITOR, None)
        st.session_state[k.GAPS_RADII_RESULT] = "Every category uses its default distance again."
        st.rerun()


def funding(view: GapView) -> None:
    """Funding opportunities per category: who in the partnership funds each gap."""
    table = cov.funding_by_category(
        view.ws.partners, view.ws.services, view.categories, people=view.people
    )
    who = cov.funders(view.ws.partners)
    st.markdown(escape_markdown(cov.funding_reading(table, len(who), view.weights.noun)))
    noun = _column_label(view)
    people = f"{noun} with no provider in reach"
    # The largest gaps first: those are the opportunities to raise with a funder.
    shown = table.sort_values("gap_people", ascending=False, na_position="last", kind="stable")
    shown = shown.rename(
        columns={
            "gap_people": people,
            "providers": "partners offering it",
            "funders": "partners funding it",
            "funded_by": "funded by",
        }
    )[[s.CATEGORY, people, "funded by", "partners funding it", "partners offering it"]]
    shown[people] = shown[people].round(0).astype("Int64")
    st.dataframe(
        shown,
        hide_index=True,
        key="gaps_funding_table",
        column_config={
            people: st.column_config.NumberColumn(people, format="localized"),
            "funded by": st.column_config.TextColumn("funded by", width="large"),
        },
    )
    st.markdown("**The funders in the partnership**")
    if who.empty:
        st.caption(
            "None yet. A funder is a partner of the sector 'Funder', or any partner that "
            "lists the categories it funds (the funds column, or the organization form)."
        )
        return
    st.dataframe(
        who.drop(columns=[s.PARTNER_ID]).assign(
            funds=who["funds"].where(who["funds"] != "", "not said yet")
        ),
        hide_index=True,
        key="gaps_funders_table",
    )


def download(view: GapView) -> None:
    table = cov.gaps_table(view.gaps, view.areas, view.names)
    table.insert(3, "residents_2020", cov.resident_weights(view.areas).of(table[cov.AREA]))
    if view.need is not None:
        table.insert(4, "need", view.weights.of(table[cov.AREA]))
    data = table.astype(object).map(exports.excel_safe).to_csv(index=False, lineterminator="\r\n")
    st.download_button(
        "Download the gaps table (CSV)",
        data.encode(exports.ENCODING),
        "coverage-gaps.csv",
        "text/csv",
        key=k.GAPS_DOWNLOAD,
    )


def attribution() -> None:
    st.caption(ATTRIBUTION)
