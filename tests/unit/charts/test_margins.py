"""Labels drawn outside the plot get a margin wide enough for them, in both modes."""

from __future__ import annotations

import pandas as pd

from mapping.charts import assessment, network
from mapping.charts.base import BASE_FONT, PRESENT_FONT, for_presenting, text_width


def _metrics() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partner_id": ["P1", "P2"],
            "name": ["Allegheny Anti-Trafficking Coalition", "Job Center"],
            "sector": ["Victim services", "Workforce development"],
            "degree": [15, 3],
        }
    )


def test_bar_value_labels_have_room_on_the_right() -> None:
    fig = network.metric_bar(_metrics(), "degree", "relationships")
    widest = text_width("3 · Workforce development", BASE_FONT)
    assert fig.layout.margin.r >= widest
    shown = for_presenting(fig)
    assert shown.layout.margin.r >= text_width("3 · Workforce development", PRESENT_FONT)


def test_radar_names_have_room_on_both_sides() -> None:
    table = pd.DataFrame(
        {"dimension": ["Safety", "Resist re-traumatization", "Choice"], "Partnership": [3, 4, 5]}
    )
    fig = assessment.radar(table, title="Six principles")
    theta = fig.data[0].theta
    widest = max(text_width(t, BASE_FONT) for t in theta)
    assert fig.layout.margin.l >= widest and fig.layout.margin.r >= widest
    shown = for_presenting(fig)
    assert shown.layout.margin.l >= max(text_width(t, PRESENT_FONT) for t in theta)


def test_text_width_reads_the_longest_line_without_tags() -> None:
    assert text_width("Resist<br>re-traumatization", 10) == text_width("re-traumatization", 10)
    assert text_width("<b>A&amp;B</b>", 10) == text_width("A&B", 10)
