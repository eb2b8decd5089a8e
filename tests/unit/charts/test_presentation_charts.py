"""Presentation-mode figures: larger type and the high-contrast palette; the tally chart."""

from __future__ import annotations

import pytest

from mapping.analysis import overview
from mapping.charts import base, palette
from mapping.charts import overview as charts
from mapping.charts.polls import tally_bar
from mapping.data.workspace import Workspace
from mapping.meeting import polls


def _luminance(color: str) -> float:
    rgb = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_on_white(color: str) -> float:
    return 1.05 / (_luminance(color) + 0.05)


ALL_PRESENTED = {
    palette.high_contrast(c)
    for c in (
        *palette.SECTOR_COLORS.values(),
        *palette.CATEGORY_GROUP_COLORS.values(),
        *palette.GRADIENT_COLORS,
        *(str(v["color"]) for v in palette.LEVEL_STYLES.values()),
    )
}


@pytest.mark.parametrize("color", sorted(ALL_PRESENTED))
def test_every_presented_colour_has_3_to_1_contrast_on_white(color: str) -> None:
    assert contrast_on_white(color) >= 3.0


def test_the_swap_keeps_categories_apart() -> None:
    for colors in (palette.SECTOR_COLORS, palette.CATEGORY_GROUP_COLORS):
        assert len({palette.high_contrast(c) for c in colors.values()}) == len(set(colors.values()))
    assert [palette.high_contrast(c) for c in palette.GRADIENT_COLORS] == list(
        palette.GRADIENT_COLORS_HIGH_CONTRAST
    )
    assert palette.high_contrast("#123456") == "#123456"
    assert palette.high_contrast("#88ccee") == "#0077BB"


def test_for_presenting_enlarges_type_and_swaps_colours(sample_ws: Workspace) -> None:
    df = overview.partners_by_sector(sample_ws.partners)
    fig = charts.sector_bar(df)
    shown = base.for_presenting(fig)
    assert shown.layout.font.size == base.PRESENT_FONT > fig.layout.font.size
    assert shown.layout.title.font.size == base.PRESENT_TITLE
    assert shown.layout.height >= max(base.PRESENT_MIN_HEIGHT, fig.layout.height)
    assert shown.data[0].textfont.size == base.PRESENT_FONT
    assert shown.layout.yaxis.tickfont.size == base.PRESENT_FONT
    before = list(fig.data[0].marker.color)
    after = list(shown.data[0].marker.color)
    assert after == [palette.high_contrast(c) for c in before]
    assert "#BBBBBB" in before and "#BBBBBB" not in after
    # the original figure is left alone
    assert fig.layout.font.size == 15 and list(fig.data[0].marker.color) == before


def test_the_tally_chart_lists_the_scale_top_down_with_labels() -> None:
    df = polls.tally_frame(polls.counts_from({1: 3, 5: 1}))
    fig = tally_bar(df)
    bar = fig.data[0]
    assert list(bar.y)[::-1] == [polls.point_label(p) for p in polls.POINTS]
    assert list(bar.x)[::-1] == [3, 0, 0, 0, 1, 0, 0, 0]
    assert list(bar.text)[::-1][:5] == ["3 (75%)", "0", "0", "0", "1 (25%)"]
    assert list(bar.marker.color)[::-1] == list(palette.GRADIENT_COLORS)
    presented = base.for_presenting(fig)
    assert list(presented.data[0].marker.color)[::-1] == list(palette.GRADIENT_COLORS_HIGH_CONTRAST)


def test_axis_labels_push_the_margin_instead_of_being_cut_off(sample_ws: Workspace) -> None:
    """Presentation figures are drawn without Streamlit's theme, which sets automargin."""
    fig = charts.sector_bar(overview.partners_by_sector(sample_ws.partners))
    for figure in (fig, base.for_presenting(fig)):
        assert figure.layout.yaxis.automargin is True
        assert figure.layout.xaxis.automargin is True


# issue 17: the network shows where two sides see a tie differently
def test_the_network_marks_ties_seen_differently(sample_ws: Workspace) -> None:
    from mapping.analysis import network as net
    from mapping.charts import network as network_charts

    pairs = net.relationship_pairs(sample_ws.relationships)
    metrics = net.relationship_metrics(sample_ws.partners, sample_ws.relationships)
    layout = net.network_layout(net.build_graph(sample_ws.partners, sample_ws.relationships))
    fig = network_charts.network_graph(layout, metrics, pairs)
    (marks,) = [t for t in fig.data if t.name == network_charts.SEEN_DIFFERENTLY]
    both = pairs[(pairs["level_a"] != "") & (pairs["level_b"] != "")]
    assert len(marks.x) == int((both["level_a"] != both["level_b"]).sum()) == 3
    assert marks.showlegend and "trust" in marks.customdata[0]


def test_subplot_titles_grow_while_presenting() -> None:
    """Small multiples carry their titles as annotations (Sustainability's risk panels):
    they grow with the rest of the type."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=3, subplot_titles=["Only provider", "Gaps", "Bridges"])
    fig.update_annotations(font={"size": 14})
    shown = base.for_presenting(fig)
    assert [a.font.size for a in shown.layout.annotations] == [base.PRESENT_FONT] * 3
    assert [a.font.size for a in fig.layout.annotations] == [14] * 3  # the original is kept
