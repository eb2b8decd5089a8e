"""Coverage-gap charts: the gap heatmap, providers per category, how many areas hang on
one provider, distances to the nearest provider, languages, populations, trauma-informed.

Each figure is drawn from the table the page shows beside it. Heatmap cells carry their
number as text and stacked bars differ by pattern as well as colour, so nothing rests on
colour alone.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from mapping.analysis.coverage import category_phrase
from mapping.charts.base import labelled_heatmap, style
from mapping.charts.palette import GREY, TOL_MUTED
from mapping.data import schema as s

GAP_COLOR = "#CC6677"  # rose
ONE_COLOR = "#DDCC77"  # sand
MANY_COLOR = "#44AA99"  # teal
NONE_TEXT = "none"

# Plotly continuous scale from the palette, evenly spaced.


def _ordered(values: Iterable[str], order: Sequence[str] | None = None) -> list[str]:
    seen = list(dict.fromkeys(values))
    if order is None:
        return seen
    rank = {v: i for i, v in enumerate(order)}
    return sorted(seen, key=lambda v: (rank.get(v, len(rank)), v))


def _row_height(n: int) -> int:
    return 120 + 26 * max(n, 1)


def _labels_on_top(fig: go.Figure, space: int) -> go.Figure:
    """Column labels above the cells, with room for them under the title."""
    fig.update_xaxes(side="top")
    fig.update_layout(
        margin={"t": 60 + space},
        title={"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
    )
    return fig


def short_county(label: str, states: int) -> str:
    """'Allegheny County, PA' -> 'Allegheny' (or 'Allegheny, PA' when states differ)."""
    name, _, state = label.rpartition(", ")
    if not name:
        return label
    for suffix in (" County", " Parish", " Borough", " Census Area", " Municipio"):
        name = name.removesuffix(suffix)
    return name if states == 1 else f"{name}, {state}"


def _pattern(color: str, shape: str) -> dict[str, object]:
    return {
        "color": color,
        "pattern": {"shape": shape, "fgcolor": "#333333", "bgcolor": color, "solidity": 0.3},
        "line": {"color": "#333333", "width": 1},
    }


def gap_heatmap_by_county(table: pd.DataFrame) -> go.Figure:
    """Categories (rows) by county (columns): the share of ZIP areas with no provider
    within reach, as colour and as "gap of areas" text (from coverage_by_county)."""
    cats = _ordered(table[s.CATEGORY].tolist(), s.CATEGORIES.labels)
    counties = _ordered(table["county_label"].tolist())
    states = len({c.rpartition(", ")[2] for c in counties})
    columns = [short_county(c, states) for c in counties]
    keys = list(zip(table[s.CATEGORY].tolist(), table["county_label"].tolist(), strict=True))
    gaps = dict(zip(keys, table["gap_areas"].tolist(), strict=True))
    totals = dict(zip(keys, table["areas"].tolist(), strict=True))
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for c in cats:
        zr: list[float | None] = []
        tr: list[str] = []
        hr: list[str] = []
        for k in counties:
            gap, areas = int(gaps.get((c, k), 0)), int(totals.get((c, k), 0))
            zr.append(round(100 * gap / areas, 1) if areas else None)
            tr.append(f"{gap}/{areas}")
            hr.append(f"{k} · {c}: {gap} of {areas} ZIP areas have no provider within reach")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    fig = labelled_heatmap(
        z,
        columns,
        cats,
        text=text,
        hover=hover,
        zmax=100,
        colorbar={"title": {"text": "% of ZIP areas<br>with no provider"}, "ticksuffix": "%"},
    )
    style(
        fig,
        title="ZIP areas with no provider within reach, by county",
        height=_row_height(len(cats)),
    )
    return _labels_on_top(fig, 30 if max(map(len, columns), default=0) <= 14 else 90)


def gap_heatmap_by_area(gaps: pd.DataFrame, area_labels: dict[str, str]) -> go.Figure:
    """Categories (rows) by ZIP area (columns): partners within reach, 0, 1, 2 or 3+ (from
    find_coverage_gaps). Cells show the number as text when there are few areas."""
    cats = _ordered(gaps[s.CATEGORY].tolist(), s.CATEGORIES.labels)
    areas = list(dict.fromkeys(gaps["area"]))
    t = gaps.set_index([s.CATEGORY, "area"])
    z, text, hover = [], [], []
    for c in cats:
        sub = t.loc[c].loc[areas]
        n = sub["providers_within_radius"].clip(upper=3).astype(int).tolist()
        z.append(n)
        text.append([NONE_TEXT if v == 0 else ("3+" if v == 3 else str(v)) for v in n])
        hover.append(
            [
                f"ZIP {html.escape(a, quote=False)} "
                f"({html.escape(area_labels.get(a, ''), quote=False)}) · {c}: "
                f"{int(p)} partner{'s' if p != 1 else ''} within {r:g} miles; nearest "
                + (f"{d:.1f} miles" if not math.isnan(d) else "none")
                for a, p, r, d in zip(
                    areas,
                    sub["providers_within_radius"],
                    sub["radius_miles"],
                    sub["nearest_miles"],
                    strict=True,
                )
            ]
        )
    scale = [
        [0.0, GAP_COLOR],
        [0.25, GAP_COLOR],
        [0.25, ONE_COLOR],
        [0.5, ONE_COLOR],
        [0.5, "#88CCEE"],
        [0.75, "#88CCEE"],
        [0.75, MANY_COLOR],
        [1.0, MANY_COLOR],
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=areas,
            y=cats,
            text=text if len(areas) <= 40 else None,
            texttemplate="%{text}" if len(areas) <= 40 else None,
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=scale,
            zmin=-0.5,
            zmax=3.5,
            xgap=1,
            ygap=1,
            colorbar={
                "title": {"text": "partners<br>within reach"},
                "tickvals": [0, 1, 2, 3],
                "ticktext": [NONE_TEXT, "1", "2", "3+"],
            },
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category", tickangle=-90)
    style(fig, title="Partners within reach of each ZIP area", height=_row_height(len(cats)))
    return _labels_on_top(fig, 50)


def providers_bar(df: pd.DataFrame) -> go.Figure:
    """Distinct partners per category (from providers_per_category): one provider is a
    single point of failure, labelled as such; none is labelled "none"."""
    d = df.iloc[::-1]
    color = [GREY if n == 0 else (GAP_COLOR if n == 1 else TOL_MUTED[0]) for n in d["providers"]]
    text = [
        NONE_TEXT if n == 0 else (f"1 only: {html.escape(who, quote=False)}" if n == 1 else str(n))
        for n, who in zip(d["providers"], d["only_provider"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=d["providers"],
            y=d[s.CATEGORY],
            orientation="h",
            marker={"color": color, "line": {"color": "#333333", "width": 1}},
            text=text,
            textposition="outside",
            cliponaxis=False,
            customdata=d["services"],
            hovertemplate="%{y}: %{x} partners, %{customdata} services<extra></extra>",
        )
    )
    top = float(d["providers"].max()) if len(d) else 1.0
    fig.update_xaxes(title="partners offering it", range=[0, max(top, 1.0) * 1.9])
    fig.update_layout(margin={"r": 20})
    return style(fig, title="Partners per category", height=_row_height(len(d)))


def _stacked_bar(
    d: pd.DataFrame,
    parts: Sequence[tuple[str, str, str, str]],
    *,
    unit: str,
    title: str,
    hover_unit: str | None = None,
) -> go.Figure:
    """Horizontal stacked bars per category, one trace per (column, label, colour,
    pattern); the parts differ by pattern as well as colour, and the legend names them."""
    fig = go.Figure()
    for column, label, color, pattern in parts:
        fig.add_trace(
            go.Bar(
                name=label,
                x=d[column],
                y=d[s.CATEGORY],
                orientation="h",
                marker=_pattern(color, pattern),
                hovertemplate=f"%{{y}}: %{{x}} {hover_unit or unit} {label}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=unit)
    style(fig, title=title, height=_row_height(len(d)) + 40)
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0, "traceorder": "normal"},
    )
    return fig


def depth_bar(summary: pd.DataFrame) -> go.Figure:
    """Per category, ZIP areas with no provider, exactly one, or two or more within reach
    (from coverage_by_category); the three differ by pattern as well as colour."""
    return _stacked_bar(
        summary.iloc[::-1],
        (
            ("gap_areas", "no provider within reach", GAP_COLOR, "x"),
            ("one_provider_areas", "only one provider", ONE_COLOR, "/"),
            ("served_areas", "two or more", MANY_COLOR, ""),
        ),
        unit="ZIP areas",
        hover_unit="ZIP areas with",
        title="How many partners reach each ZIP area",
    )


def distance_histogram(bins: pd.DataFrame, category: str, radius: float) -> go.Figure:
    """Areas by distance to the nearest provider of one category (from distance_bins),
    within and beyond the radius, with the radius marked."""
    fig = go.Figure()
    for column, label, color, pattern in (
        ("within_radius", f"within {radius:g} miles", MANY_COLOR, ""),
        ("beyond_radius", f"beyond {radius:g} miles", GAP_COLOR, "x"),
    ):
        fig.add_trace(
            go.Bar(
                name=label,
                x=bins["miles"],
                y=bins[column],
                marker=_pattern(color, pattern),
                text=[str(v) if v else "" for v in bins[column]],
                textposition="inside",
                hovertemplate=f"%{{x}} miles: %{{y}} ZIP areas {label}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", bargap=0.05)
    fig.update_xaxes(
        title=f"miles to the nearest {category_phrase(category)} provider", type="category"
    )
    fig.update_yaxes(title="ZIP areas")
    style(fig, title=f"Distance to the nearest provider: {category}", height=440)
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        margin={"t": 80},
    )
    return fig


def offered_heatmap(df: pd.DataFrame, rows: str, columns: str, *, title: str) -> go.Figure:
    """Partners offering each row by column (e.g. category by language, or group served by
    category group), the number in every cell (from language_coverage or
    population_coverage); rows and columns in the table's order."""
    ys = list(dict.fromkeys(df[rows]))
    xs = list(dict.fromkeys(df[columns]))
    keys = zip(df[rows].tolist(), df[columns].tolist(), strict=True)
    value = dict(zip(keys, df["providers"].tolist(), strict=True))
    z = [[int(value.get((y, x), 0)) for x in xs] for y in ys]
    fig = labelled_heatmap(
        z,
        xs,
        ys,
        text=[[str(v) for v in row] for row in z],
        hovertemplate="%{y} · %{x}: %{z} partners<extra></extra>",
        zmax=max(3, max((max(r) for r in z), default=0)),
    )
    fig.update_xaxes(tickangle=-40)
    style(fig, title=title, height=_row_height(len(ys)) + 40)
    return _labels_on_top(fig, 7 * max(map(len, map(str, xs)), default=4))


def trauma_bar(df: pd.DataFrame) -> go.Figure:
    """Services per category by trauma-informed status (from trauma_informed_coverage)."""
    return _stacked_bar(
        df.iloc[::-1],
        (
            ("trauma_informed", "trauma-informed", MANY_COLOR, ""),
            ("not_trauma_informed", "not trauma-informed", GAP_COLOR, "x"),
            ("unknown", "not stated", GREY, "."),
        ),
        unit="services",
        title="Trauma-informed services by category",
    )


# ------------------------------------------------------------------------------ in people
def compact_people(n: float) -> str:
    """A count of people short enough for a heatmap cell: 950, 12k, 1.2M."""
    n = float(n)
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 10_000:
        return f"{n / 1_000:.0f}k"
    if n >= 1_000:
        return f"{n / 1_000:.1f}k"
    return f"{n:.0f}"


def people_heatmap_by_county(table: pd.DataFrame, noun: str) -> go.Figure:
    """Categories (rows) by county (columns): the share of the ``noun`` (residents or a
    need layer) living where no provider is within reach, as colour and as "out of reach
    / all" text (from coverage.people_by_county)."""
    cats = _ordered(table[s.CATEGORY].tolist(), s.CATEGORIES.labels)
    counties = _ordered(table["county_label"].tolist())
    states = len({c.rpartition(", ")[2] for c in counties})
    columns = [short_county(c, states) for c in counties]
    keys = list(zip(table[s.CATEGORY].tolist(), table["county_label"].tolist(), strict=True))
    gaps = dict(zip(keys, table["gap_people"].astype(float).tolist(), strict=True))
    totals = dict(zip(keys, table["people"].astype(float).tolist(), strict=True))
    who = html.escape(noun)
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for c in cats:
        zr: list[float | None] = []
        tr: list[str] = []
        hr: list[str] = []
        for k in counties:
            gap, total = gaps.get((c, k), 0.0), totals.get((c, k), 0.0)
            zr.append(round(100 * gap / total, 1) if total else None)
            tr.append(f"{compact_people(gap)}/{compact_people(total)}")
            hr.append(
                f"{html.escape(k)} · {html.escape(c)}: {gap:,.0f} of {total:,.0f} {who} have "
                "no provider within reach"
            )
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    fig = labelled_heatmap(
        z,
        columns,
        cats,
        text=text,
        hover=hover,
        zmax=100,
        colorbar={"title": {"text": f"% of {who}<br>out of reach"}, "ticksuffix": "%"},
    )
    title = f"{who[:1].upper()}{who[1:]} with no provider within reach, by county"
    style(fig, title=title, height=_row_height(len(cats)))
    return _labels_on_top(fig, 30 if max(map(len, columns), default=0) <= 14 else 90)


def people_depth_bar(summary: pd.DataFrame, noun: str) -> go.Figure:
    """Per category, the ``noun`` with no provider, exactly one, or two or more within
    reach (from coverage.people_by_category); patterns as well as colours."""
    d = summary.iloc[::-1].assign(
        gap_people=summary["gap_people"].round(0).iloc[::-1],
        one_provider_people=summary["one_provider_people"].round(0).iloc[::-1],
        served_people=summary["served_people"].round(0).iloc[::-1],
    )
    who = html.escape(noun)
    return _stacked_bar(
        d,
        (
            ("gap_people", "no provider within reach", GAP_COLOR, "x"),
            ("one_provider_people", "only one provider", ONE_COLOR, "/"),
            ("served_people", "two or more", MANY_COLOR, ""),
        ),
        unit=who,
        hover_unit=f"{who} with",
        title=f"How many partners reach the {who}",
    )


def siting_bar(suggestions: pd.DataFrame, category: str, noun: str) -> go.Figure:
    """The suggested places in order (from coverage.suggest_sites): the people each brings
    within reach, as bar and as text (the running total is in the table beside it)."""
    d = suggestions.iloc[::-1]
    labels = [f"#{r} {html.escape(str(n))}" for r, n in zip(d["rank"], d[s.NAME], strict=True)]
    who = html.escape(noun)
    fig = go.Figure(
        go.Bar(
            x=d["new_people"].round(0),
            y=labels,
            orientation="h",
            marker=_pattern(MANY_COLOR, "/"),
            text=[f"+{v:,.0f}" for v in d["new_people"]],
            textposition="outside",
            hovertemplate=f"%{{y}}: %{{x:,}} more {who} within reach<extra></extra>",
        )
    )
    top = float(d["new_people"].max()) if len(d) else 1.0
    fig.update_xaxes(title=f"{who} brought within reach", range=[0, max(top, 1.0) * 1.35])
    return style(
        fig,
        title=f"Where a new {html.escape(category_phrase(category))} service would reach most",
        height=_row_height(len(d)),
    )
