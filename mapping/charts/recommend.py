"""Recommendation-page charts: readiness per level, and partner pairs per level.

Both read the tables the page shows beside them; every bar carries its number as text,
bars that are not ready are hatched, and the pair statuses differ by pattern as well as
colour, so nothing rests on colour alone.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mapping.charts.base import style
from mapping.charts.palette import LEVEL_STYLES, TOL_MUTED
from mapping.partnership.pairs import (
    STATUS_BUILD,
    STATUS_CHECK,
    STATUS_DEEPEN,
    STATUS_DEEPEST,
    STATUS_DIFFERENT,
)

# status -> (colour, pattern shape, text colour); the patterns overlay the colour faintly.
STATUS_STYLE = {
    STATUS_DEEPEN: (TOL_MUTED[3], "", "white"),
    STATUS_DIFFERENT: (TOL_MUTED[6], "x", "black"),
    STATUS_CHECK: (TOL_MUTED[7], "-", "white"),
    STATUS_BUILD: (TOL_MUTED[5], "/", "black"),
    STATUS_DEEPEST: (TOL_MUTED[1], ".", "black"),
}


def _pattern(shape: str) -> dict[str, object]:
    return {
        "shape": shape,
        "fillmode": "overlay",
        "fgcolor": "#333333",
        "fgopacity": 0.35,
        "solidity": 0.15,
    }


def readiness_bar(table: pd.DataFrame) -> go.Figure:
    """Horizontal bars of readiness (%) per level, from ``Recommendation.needs_table()``.

    Cooperation is on top; the goal's level says "(your goal)" in its label.
    """
    d = table.iloc[::-1]
    labels = [
        f"{lv} (your goal)" if goal == "yes" else lv
        for lv, goal in zip(d["level"], d["your goal"], strict=True)
    ]
    ready = d["status"] == "ready"
    fig = go.Figure(
        go.Bar(
            x=d["readiness %"],
            y=labels,
            orientation="h",
            marker={
                "color": [str(LEVEL_STYLES[lv]["color"]) for lv in d["level"]],
                "line": {"color": "#333333", "width": 1},
                "pattern": {**_pattern("/"), "shape": ["" if r else "/" for r in ready]},
            },
            text=[
                f"{p}% · ready" if r else f"{p}% · {i} of {n}"
                for p, i, n, r in zip(
                    d["readiness %"], d["in place"], d["needed"], ready, strict=True
                )
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=list(zip(d["in place"], d["needed"], strict=True)),
            hovertemplate="%{y}: %{x}% ready (%{customdata[0]} of %{customdata[1]} needs "
            "in place)<extra></extra>",
        )
    )
    fig.update_xaxes(
        title="needs in place (%)",
        range=[0, 150],
        tickvals=[0, 25, 50, 75, 100],
        ticktext=["0", "25", "50", "75", "100 = ready"],
    )
    return style(fig, title="Readiness for each level", height=250)


def pairs_bar(summary: pd.DataFrame) -> go.Figure:
    """Stacked bars of partner pairs per level now, split by status.

    ``summary`` is :func:`mapping.partnership.pairs.pairs_summary` (level, one column per
    status, total).
    """
    d = summary.iloc[::-1]
    fig = go.Figure()
    for status, (color, shape, text_color) in STATUS_STYLE.items():
        counts = d[status] if status in d.columns else pd.Series(0, index=d.index)
        fig.add_trace(
            go.Bar(
                name=status,
                x=counts,
                y=d["level"],
                orientation="h",
                marker={
                    "color": color,
                    "line": {"color": "#333333", "width": 1},
                    "pattern": _pattern(shape),
                },
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                textfont={"color": text_color, "size": 15},
                insidetextanchor="middle",
                hovertemplate="%{y}: %{x} pairs " + status + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="pairs of partners")
    fig = style(fig, title="Partner pairs by level now", height=300)
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0, "title": ""},
        margin={"b": 80},
    )
    return fig


# ---- issue 17: how each partner's answers spread
SPREAD_STYLE = {
    "Yes": (TOL_MUTED[3], "", "white"),
    "Not yet": (TOL_MUTED[6], "x", "black"),
    "Not sure": (TOL_MUTED[8], ".", "black"),
}


def answers_spread_bar(frame: pd.DataFrame) -> go.Figure:
    """Stacked bars per yes/no question: how many partners say Yes, Not yet, Not sure.

    ``frame`` is :func:`mapping.partnership.partner_answers.yes_no_frame`.
    """
    d = frame.iloc[::-1]
    fig = go.Figure()
    for answer, (color, shape, text_color) in SPREAD_STYLE.items():
        counts = d[answer]
        fig.add_trace(
            go.Bar(
                name=answer,
                x=counts,
                y=d["question"],
                orientation="h",
                marker={
                    "color": color,
                    "line": {"color": "#333333", "width": 1},
                    "pattern": _pattern(shape),
                },
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                textfont={"color": text_color, "size": 15},
                insidetextanchor="middle",
                hovertemplate="%{y}: %{x} partners say " + answer + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="partners")
    fig = style(fig, title="How the partners answer", height=120 + 36 * len(d))
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "title": ""},
        margin={"b": 70},
    )
    return fig
