"""The Map page's blocks: filters, the map, details beside it, its table, placement.

The map is built in ``mapping.places.maps`` and cached in ``ui.loaders``; here is only the
Streamlit wiring: widgets, the streamlit-folium component, the details of a clicked
partner, and the placement tools (fixing rows, the online geocoder in the background).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from mapping.analysis.coverage import (
    gap_layer_reading,
    need_weights,
    people_layer_reading,
    resident_weights,
)
from mapping.data import schema as s
from mapping.data.editing import editable_frame
from mapping.data.normalize import split_list
from mapping.data.workspace import Workspace
from mapping.places.gazetteer import ATTRIBUTION
from mapping.places.geocoding import (
    GEO_NOTE,
    PROVIDERS,
    GeocodeCache,
    GeocodeJob,
    GeocoderSettings,
    OnlineGeocoder,
    Progress,
    apply_location_fixes,
    load_settings,
    placement_summary,
    rows_to_check,
    save_settings,
    workspace_queries,
)
from mapping.places.maps import (
    KIND_SERVICE,
    MapData,
    MapFilters,
    MapLayers,
    partner_relationships,
    partner_services,
    point_table,
    selected_from_popup,
)
from mapping.places.need import NeedLayer
from mapping.places.population import region_note
from mapping.places.vendor import MapAssets, installed
from ui import loaders, permissions, presentation
from ui import state as k
from ui.layout import flash
from ui.panels import gaps_people
from ui.text import escape_markdown

MAP_HEIGHT = 620
# While presenting, the map fits the first screen of a 1280x720 projector under the title.
MAP_HEIGHT_PRESENTING = 440


# ------------------------------------------------------------------------ filters
def filters(ws: Workspace) -> MapFilters:
    """The four filters; each is in the page's URL so a copied link opens the same view."""
    langs = sorted(
        {x for col in (ws.partners, ws.services) for v in col[s.LANGUAGES] for x in split_list(v)}
    )
    cols = st.columns(4)
    sectors = cols[0].multiselect(
        "Sector",
        list(s.SECTORS.labels),
        key=k.MAP_SECTORS,
        bind="query-params",
        placeholder="All sectors",
    )
    waiting = [s.UNCATEGORISED] if (ws.services[s.CATEGORY] == s.UNCATEGORISED).any() else []
    categories = cols[1].multiselect(
        "Service category",
        [*s.CATEGORIES.labels, *waiting],
        key=k.MAP_CATEGORIES,
        bind="query-params",
        placeholder="All categories",
    )
    languages = cols[2].multiselect(
        "Language",
        langs,
        key=k.MAP_LANGUAGES,
        bind="query-params",
        placeholder="All languages",
    )
    populations = cols[3].multiselect(
        "Population served",
        list(s.POPULATIONS_VOCAB.labels),
        key=k.MAP_POPULATIONS,
        bind="query-params",
        placeholder="Everyone",
    )
    return MapFilters(tuple(sectors), tuple(categories), tuple(languages), tuple(populations))


def layers(ws: Workspace) -> tuple[MapLayers, str | None]:
    """Which layers start switched on, and the category whose coverage gaps to draw."""
    left, right = st.columns(2)
    areas = left.toggle(
        "Start with service areas drawn (circles of how far each service reaches)",
        key=k.MAP_AREAS,
        bind="query-params",
    )
    present = set(ws.services[s.CATEGORY])  # once, not once per category
    offered = [c for c in s.CATEGORIES.labels if c in present]
    gap_category = right.selectbox(
        "Show where a service is out of reach",
        offered,
        index=None,
        key=k.MAP_GAP_CATEGORY,
        bind="query-params",
        placeholder="Choose a kind of service",
        help="Marks the ZIP areas of the region with no provider of this kind within reach "
        "(the distances are set on the Gaps page).",
    )
    return MapLayers(service_areas=areas), gap_category


def gap_weight(gap_category: str | None) -> NeedLayer | None:
    """With a gap layer and need layers uploaded (Gaps page), what its people count: the
    residents, or a need layer (kept in the page's link). None for residents."""
    if not gap_category or not loaders.need_layers():
        return None
    return gaps_people.weight_choice(st, key=k.MAP_WEIGHT)


def gap_summary(ws: Workspace, gap_category: str | None, need: NeedLayer | None = None) -> None:
    """One sentence on the coverage-gaps layer, when a category is chosen."""
    if not gap_category:
        return
    counties, _ = loaders.region_counties(ws)
    areas, gaps = loaders.coverage_gaps(ws, tuple(sorted(counties)), loaders.radius_overrides())
    weights = need_weights(areas, need) if need else resident_weights(areas)
    st.markdown(f"**{escape_markdown(people_layer_reading(gaps, gap_category, weights))}**")
    st.caption(
        escape_markdown(
            f"{gap_layer_reading(gaps, gap_category)} Numbered green squares: the three ZIP "
            f"centres where a new provider would bring the most {weights.noun} within reach (a "
            f"greedy heuristic; more on the Gaps page). {region_note(areas['area'])}"
        )
    )


def summary(data: MapData) -> None:
    """One sentence: what the map shows, and what it does not."""
    approx = int(data.partners[s.CONFIDENTIAL].sum() + data.services[s.CONFIDENTIAL].sum())
    text = (
        f"Showing **{len(data.partners):,}** of {data.total_partners:,} partners and "
        f"**{len(data.services):,}** of {data.total_services:,} services"
    )
    if data.filters.active:
        text += f" ({escape_markdown(data.filters.describe())})"
    text += "."
    if approx:
        text += (
            f" {approx:,} confidential location(s) are shown only at their ZIP code or city "
            "centre (dashed rings)."
        )
    if len(data.unplaced):
        text += f" {len(data.unplaced):,} could not be placed: see **Placement** below to fix them."
    st.markdown(text)


# ------------------------------------------------------------------------ the map
def map_assets() -> MapAssets:
    """Leaflet from the app itself when installed (make vendor), else from the CDN."""
    if installed() and st.get_option("server.enableStaticServing"):
        base = str(st.get_option("server.baseUrlPath") or "").strip("/")
        prefix = f"/{base}" if base else ""
        return MapAssets.served(f"{prefix}/app/static/vendor")
    return MapAssets.cdn()


def map_view(
    map_filters: MapFilters,
    map_layers: MapLayers,
    gap_category: str | None = None,
    need: NeedLayer | None = None,
) -> tuple[str, str] | None:
    """Show the map; returns (kind, id) of the point clicked last, if any.

    Only the popup of a clicked point comes back to Python (``returned_objects``), so
    panning and zooming never rerun the page.
    """
    presenting = permissions.is_presenting()
    cached = loaders.partner_map(
        map_filters, map_layers, map_assets(), gap_category, need=need, large_type=presenting
    )
    with cached.lock:  # the map object is shared by every session
        out = st_folium(
            cached.map,
            key=k.MAP_COMPONENT,
            height=MAP_HEIGHT_PRESENTING if presenting else MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["last_object_clicked_popup"],
            render=False,
        )
    st.caption(
        "Drag to move, scroll or +/- to zoom, the square button for full screen; switch "
        "layers on and off at the top right. The background map needs the internet; "
        "without it the points still show on a plain background."
    )
    picked = selected_from_popup((out or {}).get("last_object_clicked_popup"))
    if picked and picked != st.session_state.get(k.MAP_CLICKED):
        st.session_state[k.MAP_CLICKED] = picked
        return picked
    return None


# ------------------------------------------------------------------------ beside the map
def details(ws: Workspace, data: MapData, clicked: tuple[str, str] | None) -> None:
    """The chosen partner's details, services and relationships."""
    st.subheader("Details")
    names = ws.partner_names()
    service_row = None
    if clicked is not None:
        kind, ident = clicked
        if kind == KIND_SERVICE:
            match = ws.services[ws.services[s.SERVICE_ID] == ident]
            if len(match):
                service_row = match.iloc[0]
                st.session_state[k.MAP_DETAIL] = service_row[s.PARTNER_ID]
        elif ident in names:
            st.session_state[k.MAP_DETAIL] = ident
    options = list(data.partners[s.PARTNER_ID])
    chosen = st.session_state.get(k.MAP_DETAIL)
    if chosen and chosen not in options and chosen in names:
        options.append(chosen)  # clicked before a filter hid it: keep showing it
    pid = st.selectbox(
        "Partner",
        options,
        index=None,
        key=k.MAP_DETAIL,
        format_func=lambda p: names.get(p, p),
        placeholder="Click a point on the map, or choose a partner",
    )
    if pid is None:
        st.caption("The details, services and relationships of a partner show here.")
        return
    if service_row is not None:
        _service_card(service_row)
    _partner_card(ws, pid)


def _service_card(row: pd.Series) -> None:
    name = row[s.NAME] or row[s.CATEGORY]
    st.markdown(f"**Service: {escape_markdown(name)}** · {escape_markdown(row[s.CATEGORY])}")
    if row[s.DESCRIPTION]:
        st.markdown(escape_markdown(row[s.DESCRIPTION]))
    st.caption(escape_markdown(row[GEO_NOTE]) if GEO_NOTE in row else "")


def _partner_card(ws: Workspace, pid: str) -> None:
    row = ws.partners[ws.partners[s.PARTNER_ID] == pid].iloc[0]
    st.markdown(f"#### {escape_markdown(row[s.NAME])}")
    lines = [f"**Sector:** {escape_markdown(row[s.SECTOR])}"]
    if row[s.CONFIDENTIAL]:
        where = row[s.ZIP] or f"{row[s.CITY]}, {row[s.STATE]}"
        lines.append(
            f"**Location:** confidential; shown only at {escape_markdown(where)} "
            "(its address is never stored or shown)."
        )
    else:
        town = ", ".join(p for p in (row[s.CITY], f"{row[s.STATE]} {row[s.ZIP]}".strip()) if p)
        if row[s.ADDRESS]:
            lines.append(f"**Address:** {escape_markdown(', '.join((row[s.ADDRESS], town)))}")
        elif row[s.CITY] or row[s.STATE]:
            lines.append(f"**Location:** {escape_markdown(town)}")
        elif row[s.ZIP]:
            lines.append(f"**Location:** ZIP code {escape_markdown(row[s.ZIP])}")
    if GEO_NOTE in row:
        lines.append(f"**On the map:** {escape_markdown(row[GEO_NOTE])}")
    contact = [row[c] for c in s.CONTACT_COLUMNS if row[c]]
    if contact and permissions.contacts_visible():
        lines.append(f"**Contact:** {escape_markdown(' · '.join(contact))}")
    if row[s.WEBSITE]:
        lines.append(f"**Website:** {escape_markdown(row[s.WEBSITE])}")
    for label, col in (
        ("Languages", s.LANGUAGES),
        ("Serves", s.POPULATIONS),
        ("Expertise to share", s.EXPERTISE),
        ("Funds", s.FUNDS),
    ):
        if row[col]:
            lines.append(f"**{label}:** {escape_markdown(row[col].replace('|', ', '))}")
    for label, col in (
        ("Successes", s.SUCCESSES),
        ("Barriers", s.BARRIERS),
        ("Notes", s.NOTES),
    ):
        if row[col]:
            lines.append(f"**{label}:** {escape_markdown(row[col])}")
    st.markdown("  \n".join(lines))
    services = partner_services(ws, pid)
    st.markdown(f"**Services ({len(services)})**")
    if services.empty:
        st.caption("No services listed yet.")
    else:
        st.dataframe(services, hide_index=True, key="map_detail_services")
    rels = partner_relationships(ws, pid)
    st.markdown(f"**Works with ({rels['with'].nunique()})**")
    if rels.empty:
        st.caption("No relationships recorded yet.")
    else:
        st.dataframe(rels, hide_index=True, key="map_detail_relationships")


def points_table(data: MapData) -> None:
    """Every point on the map, as a table (the accessible alternative to the map)."""
    table = point_table(data)
    st.caption(
        f"The {len(table):,} points on the map as a table, under the same filters. "
        "'placed at' says how precisely each one is placed."
    )
    st.dataframe(
        presentation.for_display(table),
        hide_index=True,
        key=k.MAP_TABLE,
        height=360,
        column_config={
            "check coordinates": st.column_config.CheckboxColumn(
                "check coordinates", help="Coordinates more than 25 miles from their ZIP code"
            )
        },
    )


# ------------------------------------------------------------------------ placement
def placement(ws: Workspace, geo: Workspace) -> None:
    """How precisely everything is placed, the rows to fix, and the online geocoder."""
    cols = st.columns(2)
    for col, (label, df) in zip(
        cols, (("Partners", geo.partners), ("Services", geo.services)), strict=True
    ):
        table = placement_summary(df)
        placed = int(table.loc[table["precision"] != "none", "rows"].sum())
        col.markdown(f"**{label}: {placed:,} of {len(df):,} on the map**")
        col.dataframe(table, hide_index=True, key=f"map_summary_{label.lower()}")
    _fix_rows(ws, geo)
    _online(ws)
    st.caption(ATTRIBUTION)


def _fix_rows(ws: Workspace, geo: Workspace) -> None:
    st.markdown("**Rows to correct**")
    flash(k.MAP_FIX_RESULT)
    tables = {
        s.PARTNERS: rows_to_check(geo.partners, editable_frame(ws, s.PARTNERS), s.PARTNERS),
        s.SERVICES: rows_to_check(geo.services, editable_frame(ws, s.SERVICES), s.SERVICES),
    }
    if all(t.empty for t in tables.values()):
        st.success(
            "Every partner and service is on the map, and no coordinates look wrong.",
            icon=":material/check_circle:",
        )
        return
    st.caption(
        "These rows are not on the map, or their coordinates are far from their ZIP code. "
        "The note says why. Correct the ZIP code, city and state, or type the latitude "
        "and longitude (clear wrong ones), then save: the change is checked like an "
        "upload and can be undone on the Data page."
    )
    for file, table in tables.items():
        if table.empty:
            continue
        label = "Partners" if file == s.PARTNERS else "Services"
        st.markdown(f"*{label}*")
        if not permissions.can_edit():
            st.dataframe(table, hide_index=True, key=f"{k.MAP_FIX_PREFIX}{file}_view")
            continue
        key_col = s.SPECS[file].key[0]
        edited = st.data_editor(
            table,
            hide_index=True,
            disabled=[key_col, s.NAME, "note"],
            key=f"{k.MAP_FIX_PREFIX}{file}",
            column_config={"note": st.column_config.TextColumn("note", width="large")},
        )
        if st.button("Save corrections", key=f"{k.MAP_FIX_SAVE_PREFIX}{file}"):
            if edited.astype(str).equals(table.astype(str)):
                st.info("Nothing was changed.")
                continue
            result = apply_location_fixes(ws, file, edited)
            if result.errors:
                st.error(
                    f"Not saved: {len(result.errors)} problem(s) to fix first: "
                    + "; ".join(str(p) for p in result.errors[:5])
                )
                continue
            version = loaders.get_store().save(result, action="edit", note=f"placed {file}")
            st.session_state[k.MAP_FIX_RESULT] = (
                "success",
                f"Saved as version {version}. Undo it on the Data page if needed.",
            )
            st.rerun()


def _online(ws: Workspace) -> None:
    store = loaders.get_store()
    settings = load_settings(store)
    cache = GeocodeCache(store)
    st.markdown("**Online geocoder (street addresses)**")
    st.caption(
        "Offline, every row is placed at its ZIP code or city centre. The online geocoder "
        "finds street addresses instead; it sends addresses (never a confidential one) to "
        "the service you choose, one a second, and saves every answer in this workspace so "
        "nothing is asked twice and the map keeps them without internet."
    )
    flash(k.MAP_GEO_RESULT)
    counts = cache.counts()
    st.caption(f"Saved look-ups: {counts['found']:,} found, {counts['no_match']:,} with no match.")
    if permissions.can_edit():
        _settings_form(settings)
    _job_panel(ws, load_settings(store), cache)


def _settings_form(settings: GeocoderSettings) -> None:
    with st.expander("Online geocoder settings", expanded=not settings.user_agent):
        online = st.toggle("Use the online geocoder", value=settings.online, key=k.MAP_GEO_ONLINE)
        names = list(PROVIDERS)
        provider = st.selectbox(
            "Service",
            names,
            index=names.index(settings.provider) if settings.provider in names else 0,
            format_func=lambda p: PROVIDERS[p].label,
            key=k.MAP_GEO_PROVIDER,
        )
        agent = st.text_input(
            "User agent: your partnership's name and a contact email",
            value=settings.user_agent,
            placeholder="Three Rivers Partnership resource map (you@yourdomain.org)",
            key=k.MAP_GEO_AGENT,
        )
        timeout = st.number_input(
            "Timeout per request (seconds)",
            min_value=1.0,
            max_value=60.0,
            value=float(min(max(settings.timeout, 1.0), 60.0)),
            step=1.0,
            key=k.MAP_GEO_TIMEOUT,
        )
        domain = st.text_input(
            "Server (leave empty for the public service)",
            value=settings.domain,
            help="For a geocoding server of your own, e.g. nominatim.yourdomain.org",
            key=k.MAP_GEO_DOMAIN,
        )
        if st.button("Save settings", key=k.MAP_GEO_SAVE):
            chosen = GeocoderSettings(online, provider, agent.strip(), timeout, domain.strip())
            problem = chosen.problem() if online else None
            if problem:
                st.error(escape_markdown(f"Not saved: {problem}"))
                return
            save_settings(loaders.get_store(), chosen)
            st.session_state[k.MAP_GEO_RESULT] = ("success", "Settings saved.")
            st.rerun()


def _job_panel(ws: Workspace, settings: GeocoderSettings, cache: GeocodeCache) -> None:
    jobs = loaders.geocode_jobs()
    slot = str(loaders.get_store().path)
    job = jobs.get(slot)
    if job is not None and job.running:
        _progress_fragment(slot)
        return
    if job is not None:
        _finished(job)
    if not settings.online:
        st.caption("The online geocoder is switched off (settings above).")
        return
    problem = settings.problem()
    if problem:
        st.warning(problem)
        return
    todo = workspace_queries(ws, cache)
    if not todo:
        st.caption("Every address in the workspace has been looked up.")
    elif permissions.can_edit() and st.button(
        f"Look up {len(todo):,} address(es) online (about {_minutes(len(todo))})",
        key=k.MAP_GEO_START,
        type="primary",
    ):
        jobs[slot] = GeocodeJob(todo, OnlineGeocoder(settings), cache)
        jobs[slot].start()
        st.rerun()
    if (
        _any_saved(cache)
        and permissions.can_edit()
        and st.button("Forget the saved look-ups", key=k.MAP_GEO_FORGET)
    ):
        cache.clear()
        st.session_state[k.MAP_GEO_RESULT] = ("info", "Saved look-ups forgotten.")
        st.rerun()


def _any_saved(cache: GeocodeCache) -> bool:
    c = cache.counts()
    return bool(c["found"] or c["no_match"])


def _minutes(n: int) -> str:
    return f"{n} s" if n < 90 else f"{round(n / 60)} min"


def _show_progress(p: Progress) -> None:
    st.progress(p.fraction, text=p.describe())


@st.fragment(run_every=1.0)
def _progress_fragment(slot: str) -> None:
    job = loaders.geocode_jobs().get(slot)
    if job is None:
        return
    _show_progress(job.snapshot())
    if not job.running:
        st.rerun(scope="app")  # show the new places on the map
    if permissions.can_edit() and st.button("Stop", key=k.MAP_GEO_STOP):
        job.stop()
        st.caption("Stopping after the current address...")


def _finished(job: GeocodeJob) -> None:
    """The outcome of the last run (until the next one starts)."""
    p = job.snapshot()
    if job.error:
        st.error(job.error)
        return
    _show_progress(p)
    if p.stopped:
        st.warning(p.message)
    else:
        st.success("Done: the map now uses every address found.")
