"""Meeting report: one offline HTML file for the stakeholders who missed the meeting."""

from ui import layout, loaders
from ui.panels import report as panels

ws = loaders.current_workspace()
layout.page_header(
    "Meeting report",
    "One file for the partners who could not be at the meeting: the workspace, the map, the "
    "gaps, the relationships, the recommendation, the votes, the notes and the partnership's "
    "health, with every chart inside. It opens in any browser, also offline.",
)
layout.sample_notice(ws)
if ws.is_empty:
    layout.empty_notice()
else:
    with layout.guard():
        panels.download(ws)
        panels.contents(ws)
