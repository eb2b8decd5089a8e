"""Network names: only those that fit, never off an edge, never over each other."""

from __future__ import annotations

import html

import pytest

from mapping.analysis import network
from mapping.charts import network as charts
from mapping.charts.base import PRESENT_FONT, for_presenting
from mapping.data.workspace import Workspace


def _boxes(labels, pos, font=PRESENT_FONT):  # type: ignore[no-untyped-def]
    """Each name's box in plot pixels, as fit_labels estimates it."""
    xs = charts._padded([x for x, _ in pos.values()])
    ys = charts._padded([y for _, y in pos.values()])
    sx = charts.PLOT_WIDTH_PX / (xs[1] - xs[0])
    sy = charts.PLOT_HEIGHT_PX / (ys[1] - ys[0])
    gap, tall = 8.0, font * 1.25
    out = {}
    for p, (text, side) in labels.items():
        wide = 0.56 * font * len(html.unescape(text))
        px, py = (pos[p][0] - xs[0]) * sx, (ys[1] - pos[p][1]) * sy
        out[p] = {
            "middle right": (px + gap, py - tall / 2, px + gap + wide, py + tall / 2),
            "middle left": (px - gap - wide, py - tall / 2, px - gap, py + tall / 2),
            "top center": (px - wide / 2, py - gap - tall, px + wide / 2, py - gap),
            "bottom center": (px - wide / 2, py + gap, px + wide / 2, py + gap + tall),
        }[side]
    return out


@pytest.fixture
def sample_network(sample_ws: Workspace):  # type: ignore[no-untyped-def]
    graph = network.build_graph(sample_ws.partners, sample_ws.relationships)
    return (
        network.network_layout(graph),
        network.relationship_metrics(sample_ws.partners, sample_ws.relationships),
        network.relationship_pairs(sample_ws.relationships),
    )


def test_names_fit_inside_the_plot_and_clear_of_each_other(sample_network) -> None:  # type: ignore[no-untyped-def]
    layout, metrics, _ = sample_network
    pos = {
        p: (x, y) for p, x, y in zip(layout["partner_id"], layout["x"], layout["y"], strict=True)
    }
    names = dict(zip(metrics["partner_id"], metrics["name"], strict=True))
    ranked = list(metrics.sort_values("degree", ascending=False)["partner_id"])
    labels = charts.fit_labels(ranked, pos, {p: charts.short_name(names[p]) for p in ranked})
    assert 3 <= len(labels) < len(ranked)  # some fit, the rest are named on hover
    assert ranked[0] in labels  # the best connected partner is named
    boxes = list(_boxes(labels, pos).values())
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        assert x0 >= 0 and y0 >= 0
        assert x1 <= charts.PLOT_WIDTH_PX and y1 <= charts.PLOT_HEIGHT_PX
        for a, b, c, d in boxes[i + 1 :]:
            assert x1 <= a or x0 >= c or y1 <= b or y0 >= d  # no two names overlap
    for p, (_, side) in labels.items():  # names point inwards, never off the nearer edge
        left_half = pos[p][0] <= sum(charts._padded([x for x, _ in pos.values()])) / 2
        assert side != ("middle left" if left_half else "middle right")


def test_a_long_name_that_cannot_fit_is_left_to_hover() -> None:
    pos = {"A": (0.0, 0.5), "B": (0.01, 0.5), "C": (1.0, 1.0), "D": (0.0, 0.0)}
    text = {"A": "Short", "B": "A very long name that overlaps A", "C": "C", "D": "D"}
    labels = charts.fit_labels(["A", "B", "C", "D"], pos, text, width_px=600, height_px=400)
    assert labels["A"] == ("Short", "middle right")  # inwards from the left edge
    assert labels["C"] == ("C", "middle left")  # inwards from the right edge
    assert "B" not in labels  # no side of B is clear of A's name or inside the plot
    assert labels["D"][1] in ("middle right", "top center")


def test_the_figure_uses_the_fitted_names_in_both_modes(sample_network) -> None:  # type: ignore[no-untyped-def]
    layout, metrics, pairs = sample_network
    fig = charts.network_graph(layout, metrics, pairs)
    named = [t for tr in fig.data if tr.mode == "markers+text" for t in tr.text if t]
    assert 3 <= len(named) <= charts.LABELLED
    assert all(tr.textfont.size == PRESENT_FONT for tr in for_presenting(fig).data if tr.text)
