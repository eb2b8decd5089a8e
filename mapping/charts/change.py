"""Change over time: ties per level at two moments (issue 17)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mapping.charts.base import style
from mapping.charts.palette import TOL_MUTED

# before, after: colour and pattern (never colour alone)
_STYLES = ((TOL_MUTED[1], "/", "black"), (TOL_MUTED[0], "", "white"))


def level_change_bar(frame: pd.DataFrame) -> go.Figure:
    """Grouped bars of ties per level, one bar per moment.

    ``frame`` is :meth:`mapping.analysis.change.Change.level_frame` (level, then one
    column per moment, before first)."""
    fig = go.Figure()
    for column, (color, shape, _text) in zip(frame.columns[1:], _STYLES, strict=False):
        fig.add_trace(
            go.Bar(
                name=str(column),
                x=frame["level"],
                y=frame[column],
                marker={
                    "color": color,
                    "line": {"color": "#333333", "width": 1},
                    "pattern": {"shape": shape, "fgcolor": "#333333", "fgopacity": 0.35},
                },
                text=[str(v) for v in frame[column]],
                textposition="outside",
                textfont={"color": "#222222"},
                cliponaxis=False,
                hovertemplate="%{x}: %{y} ties (" + str(column) + ")<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="ties between partners")
    fig = style(fig, title="Ties per level, then and now", height=330)
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0, "title": ""},
        margin={"b": 70},
    )
    return fig
