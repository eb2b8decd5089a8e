"""Shared figure settings: fonts, margins, and the look for a shared screen."""

from __future__ import annotations

import plotly.graph_objects as go

FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"


def style(fig: go.Figure, *, title: str, height: int | None = None) -> go.Figure:
    """Apply the house look: a plain title, readable type, no chart junk."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 15},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        plot_bgcolor="white",
        showlegend=False,
        **({"height": height} if height else {}),
    )
    fig.update_xaxes(gridcolor="#E5E5E5", zerolinecolor="#999999")
    fig.update_yaxes(gridcolor="#E5E5E5")
    return fig
