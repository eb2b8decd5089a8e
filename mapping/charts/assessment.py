"""Partnership-health charts: the trauma-informed radar, the sustainability checklist, and
what the partnership would lose if a partner left.

Series on a radar differ by line dash and marker shape as well as colour, checklist answers
by pattern, and every bar carries its number as text, so nothing rests on colour alone.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from mapping.charts.base import BASE_FONT, FONT_FAMILY, fit_margins, style
from mapping.charts.palette import TOL_MUTED

SERIES_COLORS = (TOL_MUTED[0], TOL_MUTED[6], TOL_MUTED[3], TOL_MUTED[8], TOL_MUTED[4])
SERIES_DASH = ("solid", "dash", "dot", "dashdot", "longdash")
SERIES_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x")
MAX_RISK_ROWS = 15


def _wrap(label: str, width: int = 14) -> str:
    """A long axis label on two lines (Plotly reads <br>)."""
    if len(label) <= width:
        return label
    words, lines, line = label.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


def radar(table: pd.DataFrame, *, title: str) -> go.Figure:
    """A radar (spider) chart of scores 1-5 per dimension, one trace per column after
    ``dimension`` (from :func:`mapping.partnership.trauma_informed.scores_frame`); the first
    is filled.

    Unscored points are left out of their trace's outline."""
    dims = [str(d) for d in table["dimension"]]
    theta = [_wrap(d) for d in dims]
    fig = go.Figure()
    for i, name in enumerate(c for c in table.columns if c != "dimension"):
        values = [float(v) for v in table[name]]
        r = [None if math.isnan(v) else v for v in values]
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        fig.add_trace(
            go.Scatterpolar(
                r=[*r, r[0]],
                theta=[*theta, theta[0]],
                name=_esc(str(name)),
                mode="lines+markers",
                fill="toself" if i == 0 else "none",
                fillcolor="rgba(51, 34, 136, 0.12)" if i == 0 else None,
                line={"color": color, "width": 3, "dash": SERIES_DASH[i % len(SERIES_DASH)]},
                marker={
                    "color": color,
                    "size": 9,
                    "symbol": SERIES_SYMBOLS[i % len(SERIES_SYMBOLS)],
                    "line": {"color": "#333333", "width": 1},
                },
                customdata=[*dims, dims[0]],
                hovertemplate="%{customdata}: %{r:.1f} of 5<extra>%{fullData.name}</extra>",
                connectgaps=False,
            )
        )
    style(fig, title=title, height=460)
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 5],
                "tickvals": [1, 2, 3, 4, 5],
                "ticktext": ["1", "2", "3", "4", "5"],
                "angle": 90 - 180 / max(len(dims), 1),
                "tickangle": 90 - 180 / max(len(dims), 1),
                "gridcolor": "#CCCCCC",
            },
            "angularaxis": {"direction": "clockwise", "gridcolor": "#DDDDDD"},
            "bgcolor": "white",
        },
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0},
        margin={"l": 90, "r": 90, "t": 70, "b": 80},
    )
    return fit_margins(fig, BASE_FONT)  # the longest dimension name fits on either side


CHECKLIST_STYLE = (  # column, colour, pattern
    ("in place", TOL_MUTED[3], ""),
    ("not yet", TOL_MUTED[6], "x"),
    ("not sure", TOL_MUTED[5], "/"),
)


def checklist_bar(table: pd.DataFrame) -> go.Figure:
    """Per checklist item, the partners that filled in the checklist with it in place, not
    yet, or not sure (from :func:`mapping.partnership.sustainability.checklist_frame`; partners that
    did not fill it in are in the table only); stacked, each part patterned."""
    d = table.iloc[::-1]
    fig = go.Figure()
    for column, color, shape in CHECKLIST_STYLE:
        counts = d[column]
        fig.add_trace(
            go.Bar(
                name=column,
                x=counts,
                y=d["item"],
                orientation="h",
                marker={
                    "color": color,
                    "line": {"color": "#333333", "width": 1},
                    "pattern": {
                        "shape": shape,
                        "fillmode": "overlay",
                        "fgcolor": "#333333",
                        "fgopacity": 0.35,
                    },
                },
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}: %{x} partners " + column + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="partners")
    style(fig, title="The sustainability checklist, partner by partner", height=90 + 48 * len(d))
    fig.update_layout(
        showlegend=True,
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.2,
            "x": 0,
            "title": "",
            "traceorder": "normal",
        },
        margin={"b": 70},
    )
    return fig


RISK_PANELS = (  # column, panel title, colour
    ("only_provider_count", "Services only they offer", TOL_MUTED[6]),
    ("gap_areas", "ZIP-area gaps that would open", TOL_MUTED[0]),
    ("cut_off", "Partners cut off from the rest", TOL_MUTED[4]),
)


def risk_chart(risks: pd.DataFrame, *, top: int = MAX_RISK_ROWS) -> go.Figure:
    """What the partnership would lose if each partner left: three panels side by side
    (services only they offer, gaps that would open, partners cut off), one row per
    partner, the riskiest on top (from :func:`mapping.analysis.departure.find_departure_risks`,
    partners with a loss only)."""
    d = risks[risks["losses"] > 0].head(top).iloc[::-1]
    labels = [_short(str(n)) for n in d["name"]]
    fig = make_subplots(
        rows=1,
        cols=len(RISK_PANELS),
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=[title for _, title, _ in RISK_PANELS],
    )
    for i, (column, title, color) in enumerate(RISK_PANELS, start=1):
        values = d[column].astype(int)
        fig.add_trace(
            go.Bar(
                x=values,
                y=labels,
                orientation="h",
                name=title,
                marker={"color": color, "line": {"color": "#333333", "width": 1}},
                text=[str(v) if v else "0" for v in values],
                textposition="outside",
                cliponaxis=False,
                customdata=d["name"],
                hovertemplate="%{customdata}: %{x} " + title.lower() + "<extra></extra>",
            ),
            row=1,
            col=i,
        )
        top_value = max(int(values.max()) if len(values) else 0, 1)
        fig.update_xaxes(
            range=[0, top_value * 1.35],
            dtick=max(1, math.ceil(top_value / 3)),
            row=1,
            col=i,
            rangemode="tozero",
        )
    style(fig, title="If this partner left", height=110 + 30 * max(len(d), 1))
    fig.update_annotations(font={"family": FONT_FAMILY, "size": 14})
    fig.update_layout(margin={"t": 80})
    return fig


def _esc(text: str) -> str:
    """User text for Plotly labels, which read a subset of HTML."""
    return html.escape(text, quote=False)


def _short(name: str, limit: int = 30) -> str:
    return _esc(name if len(name) <= limit else name[: limit - 1].rstrip() + "…")
