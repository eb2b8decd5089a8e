"""Shared figure settings: fonts, margins, and the look for a shared screen."""

from __future__ import annotations

import html
import re
from typing import Any

import plotly.graph_objects as go

from mapping.charts.palette import TOL_YLORBR, high_contrast

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
    fig.update_xaxes(gridcolor="#E5E5E5", zerolinecolor="#999999", automargin=True)
    fig.update_yaxes(gridcolor="#E5E5E5", automargin=True)
    return fit_margins(fig, BASE_FONT)


BASE_FONT = 15
# Average width of a character of the house font, as a share of its size (Source Sans
# Pro and Arial are narrower; a little room to spare is better than a cut label).
CHAR_WIDTH = 0.56
_TAG = re.compile(r"<[^>]+>")


def text_width(text: object, size: float) -> float:
    """Estimated width in pixels of a label's longest line at ``size`` px."""
    lines = re.split(r"<br\s*/?>", str(text))
    return max(len(html.unescape(_TAG.sub("", line))) for line in lines) * CHAR_WIDTH * size


def fit_margins(fig: go.Figure, size: float) -> go.Figure:
    """Widen the margins so labels drawn outside the plot are not cut off: the value
    labels of horizontal bars (``textposition="outside"``, drawn past the bar's end) and
    the dimension names around a radar. Margins that are wide enough already stay."""
    right = left = 0.0
    for trace in fig.data:
        kind = getattr(trace, "type", "")
        if kind == "bar" and trace.orientation == "h" and trace.textposition == "outside":
            texts = list(trace.text) if trace.text is not None else []
            font = (trace.textfont.size if trace.textfont else None) or size
            if texts:
                right = max(right, max(text_width(x, font) for x in texts) + 12)
        if kind == "scatterpolar" and trace.theta is not None:
            widest = max((text_width(x, size) for x in trace.theta), default=0.0) + 16
            left, right = max(left, widest), max(right, widest)
    margin = fig.layout.margin
    fig.update_layout(
        margin={
            "l": max(int(margin.l or 0), int(left)),
            "r": max(int(margin.r or 0), int(right)),
        }
    )
    return fig


# Sizes for a projector or a shared screen at 1280x720, read from the back of a room.
PRESENT_FONT = 22
PRESENT_TITLE = 28
PRESENT_MIN_HEIGHT = 420


def _swap_colors(value: object) -> object:
    if isinstance(value, str):
        return high_contrast(value)
    if isinstance(value, (list, tuple)):
        return [high_contrast(v) if isinstance(v, str) else v for v in value]
    return value


def for_presenting(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` for presentation mode: larger type everywhere, a taller plot,
    the high-contrast palette (:data:`mapping.charts.palette.HIGH_CONTRAST`) and darker outlines.

    Works on any figure built with the house palette, so pages need not build two.
    """
    out = go.Figure(fig)
    height = out.layout.height
    old = out.layout.margin
    grow = PRESENT_FONT / BASE_FONT  # margins made for labels grow with them
    out.update_layout(
        font={"size": PRESENT_FONT, "color": "#000000"},
        title_font={"size": PRESENT_TITLE},
        hoverlabel={"font": {"size": PRESENT_FONT}},
        legend={"font": {"size": PRESENT_FONT}},
        height=max(PRESENT_MIN_HEIGHT, int((height or 360) * 1.35)),
        margin={
            "l": max(10, int((old.l or 0) * grow)),
            "r": max(30, int((old.r or 0) * grow)),
            "t": max(70, int((old.t or 0) * grow)),
            "b": max(10, int((old.b or 0) * grow)),
        },
    )
    # automargin: the axis labels push the margin out instead of being cut off (Streamlit's
    # own theme sets it; presentation figures are drawn with theme=None).
    axes = {
        "tickfont_size": PRESENT_FONT,
        "title_font_size": PRESENT_FONT,
        "gridcolor": "#BBBBBB",
        "automargin": True,
    }
    out.update_xaxes(**axes)
    out.update_yaxes(**axes)
    for note in out.layout.annotations:  # subplot titles and labels set as annotations
        note.font.size = max(note.font.size or BASE_FONT, PRESENT_FONT)
    for trace in out.data:
        if "textfont" in trace:
            trace.textfont.size = PRESENT_FONT
        marker = getattr(trace, "marker", None)
        if marker is not None and "color" in marker and marker.color is not None:
            marker.color = _swap_colors(marker.color)
            if "line" in marker:
                marker.line.color = "#000000"
                marker.line.width = max(1.5, marker.line.width or 0)
        line = getattr(trace, "line", None)
        if line is not None and "color" in line and line.color is not None:
            line.color = _swap_colors(line.color)
    return fit_margins(out, PRESENT_FONT)


# Paul Tol's YlOrBr as a Plotly colour scale: light = few or none, dark = many.
YLORBR_SCALE = [[i / (len(TOL_YLORBR) - 1), c] for i, c in enumerate(TOL_YLORBR)]


def labelled_heatmap(
    z: list[list[Any]],
    x: list[Any],
    y: list[Any],
    *,
    text: list[list[str]] | None = None,
    hover: list[list[str]] | None = None,
    hovertemplate: str | None = None,
    zmin: float | None = 0,
    zmax: float | None = None,
    gap: int = 2,
    colorbar: dict[str, Any] | None = None,
    colorscale: Any = None,
) -> go.Figure:
    """A heatmap whose cells carry their value as text (so colour is never the only cue),
    first row on top. ``hover`` gives a sentence per cell; without a ``colorbar`` the
    scale is hidden (the numbers in the cells say it all)."""
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}" if text is not None else None,
            customdata=hover,
            hovertemplate=hovertemplate
            or ("%{customdata}<extra></extra>" if hover is not None else None),
            colorscale=colorscale or YLORBR_SCALE,
            zmin=zmin,
            zmax=zmax,
            xgap=gap,
            ygap=gap,
            showscale=colorbar is not None,
            colorbar=colorbar,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return fig
