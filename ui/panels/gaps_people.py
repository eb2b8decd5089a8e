"""The Gaps page's blocks in people: which layer weighs the gaps (residents or a need layer),
the need layers (upload, check, keep, remove) and where to add a provider."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from mapping.analysis import coverage as cov
from mapping.charts import coverage as charts
from mapping.data import schema as s
from mapping.data.errors import MappingError
from mapping.places import need as nd
from ui import loaders, permissions
from ui import state as k
from ui.layout import chart_block, flash, say
from ui.text import escape_markdown

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

    from ui.panels.gaps import GapView

RESIDENTS_CHOICE = "Residents (2020 Census)"
NEED_PREFIX = "Need layer: "
FROM_AREAS = "ZIP centres"
FROM_PARTNERS = "Partner sites"


def weight_choice(where: DeltaGenerator, key: str = k.GAPS_WEIGHT) -> nd.NeedLayer | None:
    """The "Count gaps by" control (kept in the URL): None for residents, else the chosen
    need layer."""
    layers = loaders.need_layers()
    options = [RESIDENTS_CHOICE, *(NEED_PREFIX + name for name in layers)]
    choice = where.selectbox(
        "Count gaps by",
        options,
        key=key,
        bind="query-params",
        help="Weigh every ZIP area by the people who live there (2020 Census), or by a "
        "need layer your partnership uploaded (tab Need layers).",
    )
    if choice and choice.startswith(NEED_PREFIX):
        return layers.get(choice.removeprefix(NEED_PREFIX))
    return None


def source_note(weights: cov.Weights, areas: pd.DataFrame) -> None:
    """Where the numbers of people come from, with the year, under every block using them."""
    st.caption(escape_markdown(cov.weights_note(weights, areas)))


# ------------------------------------------------------------------------------ need layers
def _problem_table(reading: nd.NeedReading) -> pd.DataFrame:
    rows = [p.as_dict() for p in reading.problems]
    cols = ["severity", "file", "row", "column", "value", "message"]
    if not rows:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(rows)[cols]
    df["row"] = df["row"].astype("Int64")
    return df


def need_layers() -> None:
    """Upload a table of ZIP code or county -> value, see what was checked, keep it."""
    flash(k.GAPS_NEED_RESULT)
    st.markdown(
        "Weigh the gaps by what your partnership cares about: for example limited-English "
        "households or people in poverty by ZIP code (American Community Survey tables on "
        "data.census.gov), or a partner's own referral counts. Upload a CSV or Excel table "
        "with a column **zip** (5-digit ZIP codes) or **county** ('Allegheny County, PA'), "
        "and one column of numbers. Then choose it under *Count gaps by*."
    )
    layers = loaders.need_layers()
    if layers:
        st.dataframe(
            pd.DataFrame(
                {
                    "need layer": list(layers),
                    "keyed by": [v.key for v in layers.values()],
                    "areas": [len(v.values) for v in layers.values()],
                    "total": [round(v.total) for v in layers.values()],
                    "from": [v.source for v in layers.values()],
                    "uploaded": [v.uploaded for v in layers.values()],
                }
            ),
            hide_index=True,
            width="stretch",
            key="gaps_need_layers_table",
        )
    if not permissions.can_edit():
        st.caption("Only the facilitator can add or remove need layers.")
        return
    if layers:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        pick = left.selectbox("Need layer to remove", list(layers), key=k.GAPS_NEED_PICK)
        if right.button("Remove", key=k.GAPS_NEED_REMOVE) and pick and permissions.can_edit():
            loaders.get_store().set_setting(nd.SETTING, nd.setting_without(layers, pick))
            say(k.GAPS_NEED_RESULT, "success", f"Removed the need layer '{pick}'.")
            st.rerun()
    _upload(layers)


def _upload(layers: dict[str, nd.NeedLayer]) -> None:
    upload = st.file_uploader(
        "Need table (CSV or Excel)", type=["csv", "tsv", "txt", "xlsx"], key=k.GAPS_NEED_FILE
    )
    if upload is None:
        return
    tables, errors = loaders.uploaded_tables(((upload.name, upload.getvalue()),))
    for message in errors:
        st.error(escape_markdown(message), icon=":material/error:")
    if not tables:
        return
    table = next(iter(tables.values()))
    left, right = st.columns(2)
    name = left.text_input(
        "What the numbers count",
        value=upload.name.rsplit(".", 1)[0].replace("_", " "),
        max_chars=nd.MAX_NAME,
        key=k.GAPS_NEED_NAME,
        help="Shown in every sentence, e.g. 'households in poverty'.",
    )
    candidates = nd.value_columns(table)
    value = right.selectbox(
        "Column with the numbers",
        candidates or table.header,
        key=k.GAPS_NEED_VALUE,
    )
    reading = nd.read_need_layer(table, name, value)
    st.markdown(
        escape_markdown(
            f"{table.source}: {reading.read} rows read, {reading.loaded} loaded, "
            f"{reading.kept_out} kept out."
        )
    )
    problems = _problem_table(reading)
    if len(problems):
        st.dataframe(problems, hide_index=True, width="stretch", key="gaps_need_problems")
    if reading.layer is None:
        st.warning("Nothing to keep yet: correct the table and upload it again.")
        return
    replaces = reading.layer.name in layers
    label = "Replace the need layer" if replaces else "Keep this need layer"
    if st.button(label, type="primary", key=k.GAPS_NEED_SAVE) and permissions.can_edit():
        loaders.get_store().set_setting(nd.SETTING, nd.setting_with(layers, reading.layer))
        say(
            k.GAPS_NEED_RESULT,
            "success",
            f"Kept the need layer '{reading.layer.name}' ({reading.loaded} areas): choose it "
            "under Count gaps by.",
        )
        st.rerun()


# ------------------------------------------------------------------------------ where to add
def where_to_add(view: GapView) -> None:
    """The greedy suggestion of where a new provider would reach the most people."""
    people = view.people
    widest = people.sort_values("gap_people", ascending=False, kind="stable")
    default = str(widest[s.CATEGORY].iloc[0]) if len(widest) else view.categories[0]
    left, middle, right = st.columns([3, 2, 2], vertical_alignment="bottom")
    category = left.selectbox(
        "Add a provider of",
        view.categories,
        index=view.categories.index(default),
        key=k.GAPS_SITE_CATEGORY,
        bind="query-params",
    )
    where = middle.segmented_control(
        "Places to consider",
        [FROM_AREAS, FROM_PARTNERS],
        default=FROM_AREAS,
        required=True,
        key=k.GAPS_SITE_FROM,
        bind="query-params",
        help="ZIP centres: any ZIP area of the region. Partner sites: where a partner "
        "already is (a new service at an existing partner).",
    )
    count = right.slider("How many places", 1, 10, 5, key=k.GAPS_SITE_COUNT, bind="query-params")
    if category is None:
        return
    try:
        found = loaders.site_suggestions(
            view.ws,
            view.counties,
            loaders.radius_overrides(),
            view.need,
            category,
            from_partners=where == FROM_PARTNERS,
            count=int(count),
        )
    except MappingError as exc:
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        return
    reading = cov.siting_reading(found, category, view.weights)
    if found.empty:
        st.info(escape_markdown(reading), icon=":material/check_circle:")
        return
    noun = view.weights.noun
    table = pd.DataFrame(
        {
            "rank": found["rank"],
            "place": found[s.NAME],
            "kind": found["kind"],
            f"{noun} brought within reach": found["new_people"].round(0).astype("int64"),
            "ZIP areas reached": found["new_areas"],
            f"{noun}, running total": found["cumulative_people"].round(0).astype("int64"),
            "% of those out of reach": (100 * found["share_of_gap"]).round(0),
        }
    )
    chart_block(
        charts.siting_bar(found, category, noun),
        table,
        reading,
        key="gaps_siting_chart",
    )
    radius = float(view.gaps.loc[view.gaps[s.CATEGORY] == category, cov.RADIUS_MILES].iloc[0])
    st.caption(
        escape_markdown(
            f"{cov.HEURISTIC_NOTE} A place reaches the ZIP areas whose centre is within "
            f"{radius:g} miles (this category's distance). The Map page shows the best "
            "three ZIP centres for residents with its coverage-gap layer."
        )
    )
    source_note(view.weights, view.areas)
