"""Home-page charts: partners by sector and services by category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mapping.charts.base import style
from mapping.charts.palette import CATEGORY_GROUP_COLORS, GREY, sector_color


def sector_bar(df: pd.DataFrame) -> go.Figure:
    """Horizontal bars of partners per sector (from :func:`overview.partners_by_sector`)."""
    d = df.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=d["partners"],
            y=d["sector"],
            orientation="h",
            marker={
                "color": [sector_color(x) for x in d["sector"]],
                "line": {"color": "#333333", "width": 1},
            },
            text=d["partners"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} partners<extra></extra>",
        )
    )
    fig.update_xaxes(title="partners")
    return style(fig, title="Partners by sector", height=60 + 32 * len(d))


def category_bar(df: pd.DataFrame) -> go.Figure:
    """Horizontal bars of services per category, coloured and labelled by group (from
    :func:`overview.services_by_category`); categories nobody offers show as 0."""
    d = df.iloc[::-1]
    labels = [f"{c} ({g})" if c != g else c for g, c in zip(d["group"], d["category"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=d["services"],
            y=labels,
            orientation="h",
            marker={
                "color": [CATEGORY_GROUP_COLORS.get(g, GREY) for g in d["group"]],
                "line": {"color": "#333333", "width": 1},
            },
            text=[
                f"{n} ({p} partner{'s' if p != 1 else ''})"
                for n, p in zip(d["services"], d["partners"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=d["partners"],
            hovertemplate="%{y}: %{x} services from %{customdata} partners<extra></extra>",
        )
    )
    fig.update_xaxes(title="services")
    return style(fig, title="Services by category", height=60 + 22 * len(d))
