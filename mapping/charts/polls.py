"""The live tally of a Gradients of Agreement vote."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mapping.charts.base import style
from mapping.charts.palette import gradient_color


def tally_bar(df: pd.DataFrame) -> go.Figure:
    """Horizontal bars of votes per point, 1 (full endorsement) at the top to 8 (veto)
    at the bottom, each labelled with its count and share (from
    :func:`mapping.meeting.polls.tally_frame`)."""
    d = df.iloc[::-1]
    labels = [f"{p} · {g}" for p, g in zip(d["point"], d["gradient"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=d["votes"],
            y=labels,
            orientation="h",
            marker={
                "color": [gradient_color(int(p)) for p in d["point"]],
                "line": {"color": "#333333", "width": 1},
            },
            text=[
                f"{n} ({s:g}%)" if n else "0" for n, s in zip(d["votes"], d["share %"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} votes<extra></extra>",
        )
    )
    top = int(d["votes"].max()) if len(d) else 0
    fig.update_xaxes(title="votes", range=[0, max(top * 1.25, 1)], dtick=max(1, top // 6 or 1))
    return style(fig, title="How the group rates the proposal", height=60 + 44 * len(d))
