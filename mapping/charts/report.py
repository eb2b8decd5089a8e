"""Charts for the offline meeting report: partner locations without a basemap, and Plotly
figures as inert JSON for a self-contained HTML file.

The report must open later with no network at all, so there are no map tiles and no
``scattergeo`` (which fetches its outlines from a CDN): partners are drawn as a plain
scatter of longitude and latitude, scaled so distances look right at the region's
latitude, over the centres of the region's ZIP areas for a sense of its shape.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from mapping.charts.base import style
from mapping.charts.network import SECTOR_SYMBOLS
from mapping.charts.palette import GREY, sector_color
from mapping.data import schema as s

CONFIG = {"displaylogo": False, "responsive": True}


def plotly_js() -> str:
    """The whole plotly.js library (about 4.8 MB), to inline in a ``<script>``."""
    return str(get_plotlyjs())


def figure_json(fig: go.Figure) -> str:
    """The figure's data and layout as JSON that is safe inside an HTML ``<script>``:
    every '<' is written as its JSON escape, so no text can close the script element."""
    text = str(fig.to_json(validate=False))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028")


def _esc(text: object) -> str:
    return html.escape(str(text), quote=False)


def partner_locations(points: pd.DataFrame, areas: pd.DataFrame | None = None) -> go.Figure:
    """Partners on longitude/latitude axes, by sector (colour and shape); approximate
    places (confidential locations, or partners placed by ZIP or city) are open markers.

    ``points``: name, sector, latitude, longitude, approximate (bool), where (how it was
    placed, in words). ``areas``: optional ZIP-area centres (latitude, longitude), drawn as
    small grey dots.
    """
    fig = go.Figure()
    lats = list(points[s.LATITUDE])
    if areas is not None and len(areas):
        lats += list(areas[s.LATITUDE])
        fig.add_trace(
            go.Scatter(
                x=areas[s.LONGITUDE],
                y=areas[s.LATITUDE],
                mode="markers",
                name="ZIP areas of the region (centres)",
                marker={"color": GREY, "size": 4, "opacity": 0.6},
                hoverinfo="skip",
            )
        )
    for sector in dict.fromkeys(points[s.SECTOR]):
        shown = False
        for approximate in (False, True):
            d = points[(points[s.SECTOR] == sector) & (points["approximate"] == approximate)]
            if d.empty:
                continue
            symbol = SECTOR_SYMBOLS.get(str(sector), "circle")
            if approximate and not symbol.endswith("-open"):
                symbol += "-open"
            fig.add_trace(
                go.Scatter(
                    x=d[s.LONGITUDE],
                    y=d[s.LATITUDE],
                    mode="markers",
                    name=_esc(sector),
                    legendgroup=_esc(sector),
                    showlegend=not shown,
                    marker={
                        "color": sector_color(str(sector)),
                        "symbol": symbol,
                        "size": 12,
                        "line": {"color": "#333333", "width": 2 if approximate else 1},
                    },
                    customdata=[
                        [_esc(n), _esc(w)] for n, w in zip(d[s.NAME], d["where"], strict=True)
                    ],
                    hovertemplate="%{customdata[0]}<br>"
                    + _esc(sector)
                    + "<br>%{customdata[1]}<extra></extra>",
                )
            )
            shown = True
    if points["approximate"].any():  # the key to open marks, once for every sector
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name="open mark: approximate place (ZIP or city centre)",
                marker={"color": "#333333", "symbol": "circle-open", "size": 12},
                hoverinfo="skip",
            )
        )
    mid = sum(lats) / len(lats) if lats else 40.0
    style(fig, title="Partners by longitude and latitude (no streets or borders)", height=720)
    fig.update_xaxes(title="longitude (°)", showgrid=False, zeroline=False)
    fig.update_yaxes(
        title="latitude (°)",
        showgrid=False,
        zeroline=False,
        scaleanchor="x",
        scaleratio=1 / max(math.cos(math.radians(mid)), 0.1),
    )
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": 13}},
        margin={"r": 10, "b": 40},
    )
    return fig
