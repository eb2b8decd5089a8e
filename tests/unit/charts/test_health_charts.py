"""Partnership-health charts and the offline map: what each draws, and nothing by colour alone."""

from __future__ import annotations

import math

import pandas as pd

from mapping.charts import assessment as charts
from mapping.charts import report
from mapping.charts.base import for_presenting
from mapping.charts.palette import high_contrast
from mapping.data import schema as s
from mapping.partnership import sustainability as sus
from mapping.partnership import trauma_informed as ti


def test_the_radar_draws_one_closed_outline_per_series() -> None:
    a = ti.score_dimensions(
        dict.fromkeys(ti.KEYS, 3)
        | {"safety_spaces": None, "safety_speak_up": None, "safety_planning": None}
    )
    b = ti.score_dimensions(dict.fromkeys(ti.KEYS, 5))
    table = ti.scores_frame({"Hope <b>House</b>": a, "Average": b}, ti.PRINCIPLES)
    fig = charts.radar(table, title="Six")
    first, second = fig.data
    assert first.name == "Hope &lt;b&gt;House&lt;/b&gt;" and second.name == "Average"
    assert list(first.r) == [None, 3.0, 3.0, 3.0, 3.0, 3.0, None]  # unscored safety left out
    assert first.theta[0] == first.theta[-1]  # closed
    assert first.fill == "toself" and second.fill == "none"
    assert first.line.dash != second.line.dash and first.marker.symbol != second.marker.symbol
    assert fig.layout.polar.radialaxis.range == (0, 5)
    shown = for_presenting(fig)
    assert shown.data[0].marker.color == high_contrast(first.marker.color)


def test_the_checklist_bar_stacks_three_patterned_answers() -> None:
    table = sus.checklist_frame([{"funding": True}, {"funding": False}], not_assessed=3)
    fig = charts.checklist_bar(table)
    # partners that did not answer are in the table, not in the bars (they would dwarf them)
    assert [t.name for t in fig.data] == ["in place", "not yet", "not sure"]
    assert len({t.marker.pattern.shape for t in fig.data}) == 3
    funding = list(table["item"]).index("Funding for partnership time")
    row = len(table) - 1 - funding  # bars are drawn bottom-up
    assert [t.x[row] for t in fig.data] == [1, 1, 0]


def _risks(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.NAME: [f"Partner {i} with a long name that is cut" for i in range(n)],
            "only_provider_count": [1 if i == 0 else 0 for i in range(n)],
            "gap_areas": list(range(n, 0, -1)),
            "cut_off": [0] * n,
            "losses": [1] * (n - 1) + [0],
        }
    )


def test_the_risk_chart_has_three_panels_for_partners_with_a_loss() -> None:
    fig = charts.risk_chart(_risks(5))
    assert [t.name for t in fig.data] == [title for _, title, _ in charts.RISK_PANELS]
    assert len(fig.data[0].y) == 4  # the partner without a loss is left out
    assert fig.data[0].y[-1].startswith("Partner 0")  # riskiest on top
    assert fig.data[0].y[0].endswith("…")
    assert list(fig.data[1].x) == [2, 3, 4, 5]
    assert len(charts.risk_chart(_risks(30)).data[0].y) == charts.MAX_RISK_ROWS


def test_the_offline_map_has_no_basemap_and_marks_approximate_places() -> None:
    points = pd.DataFrame(
        {
            s.NAME: ["Shelter <x>", "Clinic", "Center"],
            s.SECTOR: ["Victim services", "Victim services", "Health"],
            s.LATITUDE: [40.45, 40.44, 40.40],
            s.LONGITUDE: [-79.9, -80.0, -79.95],
            "approximate": [True, False, False],
            "where": [
                "approximate: ZIP centre (confidential location)",
                "exact place",
                "exact place",
            ],
        }
    )
    areas = pd.DataFrame({s.LATITUDE: [40.5, 40.3], s.LONGITUDE: [-80.1, -79.8]})
    fig = report.partner_locations(points, areas)
    kinds = {t.type for t in fig.data}
    assert kinds == {"scatter"}  # never scattergeo or a tile map: nothing to fetch
    names = [t.name for t in fig.data if t.showlegend is not False]
    assert names == [
        "ZIP areas of the region (centres)",
        "Victim services",
        "Health",
        "open mark: approximate place (ZIP or city centre)",
    ]
    approx = next(
        t
        for t in fig.data
        if t.marker.symbol and str(t.marker.symbol).endswith("-open") and t.x[0] is not None
    )
    assert approx.customdata[0][0] == "Shelter &lt;x&gt;"
    ratio = fig.layout.yaxis.scaleratio
    assert ratio == 1 / math.cos(math.radians(sum([40.45, 40.44, 40.40, 40.5, 40.3]) / 5))
    js = report.figure_json(fig)
    assert "<" not in js
