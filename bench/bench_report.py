"""Meeting-report benchmark: building the offline HTML file, time and size.

The baseline is the usual way to make Plotly charts work offline: each figure's own
``to_html(include_plotlyjs=True)``, which inlines plotly.js with every chart. Ours inlines
plotly.js once and each chart as its JSON. Both are measured on the sample community's full
report in the same run (the analyses behind it are computed once, outside the timings, as
the app's cache holds them).
"""

from __future__ import annotations

import re
import time

from bench.common import median_seconds, print_table
from mapping.analysis import coverage as cov
from mapping.analysis import network as net
from mapping.analysis.departure import find_departure_risks
from mapping.data.sample import load_sample
from mapping.meeting import meeting_report as mr
from mapping.partnership.recommend import prefill_answers, recommend_collaboration


def _content() -> mr.ReportContent:
    ws = load_sample()
    placed = cov.place_services(ws.services)
    areas = cov.region_areas(counties=cov.counties_present(placed))
    gaps = cov.find_coverage_gaps(placed, areas, {})
    graph = net.build_graph(ws.partners, ws.relationships)
    return mr.ReportContent(
        ws=ws,
        partnership="Sample partnership",
        areas=areas,
        gaps=gaps,
        network={
            "metrics": net.relationship_metrics(ws.partners, ws.relationships),
            "pairs": net.relationship_pairs(ws.relationships),
            "layout": net.network_layout(graph),
            "summary": net.network_summary(ws.partners, ws.relationships),
        },
        recommendation=recommend_collaboration(
            {k: p.value for k, p in prefill_answers(ws).items()}
        ),
        risks=find_departure_risks(placed, ws.partners, ws.relationships, areas, {}, gaps=gaps),
    )


def _baseline(content: mr.ReportContent, figures: list[object]) -> str:
    """The same report, each chart as its own self-contained Plotly HTML."""
    return "".join(f.to_html(full_html=False, include_plotlyjs=True) for f in figures)  # type: ignore[attr-defined]


def run() -> None:
    content = _content()
    html = mr.meeting_report_html(content)
    charts = html.count("Plotly.newPlot")
    t_ours = median_seconds(lambda: mr.meeting_report_html(content), repeat=5)
    # Rebuild the same figures for the baseline by catching them as the report draws them.
    caught: list[object] = []
    original = mr._Html.chart

    def catch(self, fig, reading, table=None):  # type: ignore[no-untyped-def]
        caught.append(fig)
        return original(self, fig, reading, table)

    mr._Html.chart = catch  # type: ignore[method-assign]
    try:
        mr.meeting_report_html(content)
    finally:
        mr._Html.chart = original  # type: ignore[method-assign]
    assert len(caught) == charts
    start = time.perf_counter()
    base = _baseline(content, caught)
    t_base = time.perf_counter() - start
    t_base = min(t_base, median_seconds(lambda: _baseline(content, caught), repeat=3))
    libraries = len(re.findall(r"plotly\.js v\d", base))
    print_table(
        "Meeting report of the sample community, all sections: inline plotly.js once "
        "(ours) against each chart's own to_html(include_plotlyjs=True); median of 5 / 3",
        ["method", "charts", "copies of plotly.js", "build s", "file MB"],
        [
            ("to_html per chart (baseline)", len(caught), libraries, t_base, len(base) / 1e6),
            ("meeting_report_html (ours)", charts, 1, t_ours, len(html.encode()) / 1e6),
        ],
    )


if __name__ == "__main__":
    run()
