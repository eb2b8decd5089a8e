"""Network charts: the partner network, partner rankings, brokers, overlaps, the
sector-by-sector matrix and the referral Sankey.

Sectors differ by marker shape as well as colour and the legend names them; relationship
levels differ by line width and dash as well as colour (``palette.LEVEL_STYLES``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from mapping.analysis.network import sector_order
from mapping.charts.base import PRESENT_FONT, labelled_heatmap, style
from mapping.charts.palette import GREY, LEVEL_STYLES, sector_color
from mapping.data import schema as s

# One marker shape per sector, in taxonomy order (then "Unknown").
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "pentagon",
    "hexagon",
    "star",
    "triangle-down",
    "cross",
    "x",
    "circle-open",
    "square-open",
    "diamond-open",
)
SECTOR_SYMBOLS = {label: SYMBOLS[i] for i, label in enumerate((*s.SECTORS.labels, "Unknown"))}
FADED = 0.15
LABEL_ALL = 25  # try to name every node up to this many partners
LABELLED = 12  # else try the best-connected dozen (fit_labels keeps those that fit)
LABEL_FONT = 14
PAD = 0.06  # of the layout's extent, around the nodes
# The network's plot area as drawn (a full-width chart less its legend), for fitting names.
PLOT_WIDTH_PX = 820
PLOT_HEIGHT_PX = 560


def esc(text: object) -> str:
    """User text for Plotly labels and hovers, which read a subset of HTML (<b>, <a>...)."""
    return html.escape(str(text), quote=False)


def short_name(name: str, limit: int = 22) -> str:
    """A name short enough to label a node, HTML-escaped: 'Allegheny Anti-Traffick…'."""
    return esc(name if len(name) <= limit else name[: limit - 1].rstrip() + "…")


def network_graph(
    layout: pd.DataFrame,
    metrics: pd.DataFrame,
    pairs: pd.DataFrame,
    *,
    focus: str | None = None,
) -> go.Figure:
    """The partner network: nodes at ``layout`` (partner_id, x, y), coloured and shaped by
    sector and sized by degree (from relationship_metrics), ties drawn by level (from
    relationship_pairs). With ``focus``, that partner and its partners stand out and the
    rest fade."""
    pos: dict[str, tuple[float, float]] = {
        str(p): (float(x), float(y))
        for p, x, y in zip(
            layout[s.PARTNER_ID].tolist(), layout["x"].tolist(), layout["y"].tolist(), strict=True
        )
    }
    names = dict(zip(metrics[s.PARTNER_ID].tolist(), metrics[s.NAME].tolist(), strict=True))
    m = metrics.set_index(s.PARTNER_ID)
    near: set[str] = set()
    if focus is not None and focus in m.index:
        near = {focus}
        for a, b in zip(pairs["partner_a"], pairs["partner_b"], strict=True):
            if focus in (a, b):
                near |= {a, b}
    fig = go.Figure()
    for level in s.LEVELS.labels:
        look = LEVEL_STYLES[level]
        sub = pairs[pairs["level"] == level]
        for faded in (False, True):
            xs: list[float | None] = []
            ys: list[float | None] = []
            for a, b in zip(sub["partner_a"], sub["partner_b"], strict=True):
                touches = not near or focus in (a, b)
                if touches == faded:
                    continue
                xs += [pos[a][0], pos[b][0], None]
                ys += [pos[a][1], pos[b][1], None]
            if not xs:
                continue
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    name=level,
                    legendgroup=level,
                    showlegend=False,
                    opacity=FADED if faded else 1.0,
                    line={
                        "color": look["color"],
                        "width": look["width"],
                        "dash": look["dash"],
                    },
                    hoverinfo="skip",
                )
            )
    _seen_differently(fig, pairs, pos, names)
    top_degree = max(int(m["degree"].max()), 1) if len(m) else 1
    # Name the best-connected partners (or a focus and its partners) whose names fit
    # without overlapping each other or leaving the plot; hovering names the others, and
    # the table beside the chart lists everyone.
    degree = {str(p): int(d) for p, d in zip(m.index, m["degree"], strict=True)}
    ranked = sorted(degree, key=lambda p: (-degree[p], p))
    if near:
        ranked = [p for p in ranked if p in near]
    elif len(m) > LABEL_ALL:
        ranked = ranked[:LABELLED]
    labels = fit_labels(ranked, pos, {p: short_name(str(names[p])) for p in ranked})

    for sector in sector_order(m[s.SECTOR]):
        sub = m[m[s.SECTOR] == sector]
        ids = list(sub.index)
        size = [10 + 22 * math.sqrt(int(d) / top_degree) for d in sub["degree"]]
        opacity = [1.0 if not near or p in near else FADED for p in ids]
        fig.add_trace(
            go.Scatter(
                x=[pos[p][0] for p in ids],
                y=[pos[p][1] for p in ids],
                mode="markers+text",
                name=sector,
                legendgroup=sector,
                showlegend=False,
                marker={
                    "color": sector_color(sector) if sector in s.SECTORS.labels else GREY,
                    "symbol": SECTOR_SYMBOLS.get(sector, "circle"),
                    "size": size,
                    "opacity": opacity,
                    "line": {"color": "#333333", "width": 1},
                },
                text=[labels[p][0] if p in labels else "" for p in ids],
                textposition=[labels[p][1] if p in labels else "top center" for p in ids],
                textfont={"size": LABEL_FONT, "color": "#222222"},
                customdata=[
                    [esc(n), esc(sector), int(d), float(b)]
                    for n, d, b in zip(sub[s.NAME], sub["degree"], sub["betweenness"], strict=True)
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                    "%{customdata[2]} relationships · betweenness %{customdata[3]:.2f}"
                    "<extra></extra>"
                ),
            )
        )
    _legend(fig, sector_order(m[s.SECTOR]))
    if pos:
        all_x = [x for x, _ in pos.values()]
        all_y = [y for _, y in pos.values()]
        fig.update_xaxes(range=_padded(all_x))
        fig.update_yaxes(range=_padded(all_y))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    title = "Partner network"
    if near and focus is not None:
        title += f": {esc(names[focus])} and its {len(near) - 1} partners"
    style(fig, title=title, height=700)
    fig.update_layout(
        showlegend=True,
        legend={"groupclick": "toggleitem", "font": {"size": 13}},
        plot_bgcolor="white",
        dragmode="pan",
    )
    return fig


SEEN_DIFFERENTLY = "two sides see it differently"


def _seen_differently(
    fig: go.Figure,
    pairs: pd.DataFrame,
    pos: dict[str, tuple[float, float]],
    names: dict[str, str],
) -> None:
    """A marked point halfway along each tie whose two sides recorded different levels or
    trust ratings s.TRUST_GAP or more apart (issue 17), named in the legend and on hover."""
    if pairs.empty or "level_a" not in pairs.columns:
        return
    both = pairs[(pairs["level_a"] != "") & (pairs["level_b"] != "")]
    gap = (both["trust_a"] - both["trust_b"]).abs() >= s.TRUST_GAP
    differ = both[(both["level_a"] != both["level_b"]) | gap.fillna(False)]
    differ = differ[differ["partner_a"].isin(pos) & differ["partner_b"].isin(pos)]
    if differ.empty:
        return
    xs: list[float] = []
    ys: list[float] = []
    hover: list[str] = []
    columns = ("partner_a", "partner_b", "level_a", "level_b", "trust_a", "trust_b")
    for a, b, level_a, level_b, trust_a, trust_b in zip(
        *(differ[c].tolist() for c in columns), strict=True
    ):
        (ax, ay), (bx, by) = pos[str(a)], pos[str(b)]
        xs.append((ax + bx) / 2)
        ys.append((ay + by) / 2)
        hover.append(
            f"{esc(names.get(a, a))}: {esc(level_a)}, trust {_trust_text(float(trust_a))}"
            f"<br>{esc(names.get(b, b))}: {esc(level_b)}, trust {_trust_text(float(trust_b))}"
        )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            name=SEEN_DIFFERENTLY,
            meta="differs",
            showlegend=True,
            marker={
                "symbol": "x-thin-open",
                "size": 14,
                "color": "#222222",
                "line": {"color": "#222222", "width": 3},
            },
            customdata=hover,
            hovertemplate="%{customdata}<extra>seen differently</extra>",
        )
    )


def _trust_text(value: float) -> str:
    return "not rated" if math.isnan(value) else f"{value:g}"


def _legend(fig: go.Figure, sectors: list[str]) -> None:
    """Legend entries of their own, so they stay at full strength when a focus fades the
    rest (meta "legend": they draw nothing)."""
    for i, level in enumerate(s.LEVELS.labels):
        look = LEVEL_STYLES[level]
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name=level,
                legendgroup=level,
                legendgrouptitle={"text": "Relationship level"} if i == 0 else None,
                line={"color": look["color"], "width": look["width"], "dash": look["dash"]},
                meta="legend",
                hoverinfo="skip",
            )
        )
    for i, sector in enumerate(sectors):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=sector,
                legendgroup=sector,
                legendgrouptitle={"text": "Sector"} if i == 0 else None,
                marker={
                    "color": sector_color(sector) if sector in s.SECTORS.labels else GREY,
                    "symbol": SECTOR_SYMBOLS.get(sector, "circle"),
                    "size": 12,
                    "line": {"color": "#333333", "width": 1},
                },
                meta="legend",
                hoverinfo="skip",
            )
        )


def _padded(values: list[float]) -> list[float]:
    """An axis range with a margin of :data:`PAD` of the extent (room for the markers)."""
    low, high = min(values), max(values)
    pad = max(high - low, 1e-9) * PAD
    return [low - pad, high + pad]


def fit_labels(
    ranked: list[str],
    pos: Mapping[str, tuple[float, float]],
    text: Mapping[str, str],
    *,
    width_px: float = PLOT_WIDTH_PX,
    height_px: float = PLOT_HEIGHT_PX,
    font_px: float = PRESENT_FONT,
) -> dict[str, tuple[str, str]]:
    """Which nodes get a name on the chart, and on which side: ``{partner: (name,
    textposition)}``.

    Nodes are taken in ``ranked`` order (best connected first). A name is placed towards
    the middle of the chart (so it never runs off an edge: "ssault Respon..." was a name
    cut at the left edge), or above or below its node, and only where its box, estimated
    at ``font_px`` (the presentation size, so the same names fit on a projector) on a plot
    of ``width_px`` by ``height_px``, stays inside the plot and clear of the names already
    placed. The others are named on hover and in the table.
    """
    if not pos:
        return {}
    xs = _padded([x for x, _ in pos.values()])
    ys = _padded([y for _, y in pos.values()])
    sx = width_px / (xs[1] - xs[0])
    sy = height_px / (ys[1] - ys[0])
    mid_x = (xs[0] + xs[1]) / 2
    gap, tall = 8.0, font_px * 1.25
    boxes: list[tuple[float, float, float, float]] = []
    out: dict[str, tuple[str, str]] = {}
    for p in ranked:
        if p not in pos or not text.get(p):
            continue
        label = text[p]
        wide = 0.56 * font_px * len(html.unescape(label))
        px, py = (pos[p][0] - xs[0]) * sx, (ys[1] - pos[p][1]) * sy  # from the top left
        inward = "middle right" if pos[p][0] <= mid_x else "middle left"
        sides = {
            "middle right": (px + gap, py - tall / 2, px + gap + wide, py + tall / 2),
            "middle left": (px - gap - wide, py - tall / 2, px - gap, py + tall / 2),
            "top center": (px - wide / 2, py - gap - tall, px + wide / 2, py - gap),
            "bottom center": (px - wide / 2, py + gap, px + wide / 2, py + gap + tall),
        }
        for side in (inward, "top center", "bottom center"):
            x0, y0, x1, y1 = sides[side]
            inside = x0 >= 0 and y0 >= 0 and x1 <= width_px and y1 <= height_px
            if inside and all(x1 <= a or x0 >= c or y1 <= b or y0 >= d for a, b, c, d in boxes):
                boxes.append((x0, y0, x1, y1))
                out[p] = (label, side)
                break
    return out


def metric_bar(metrics: pd.DataFrame, metric: str, label: str, *, top: int = 15) -> go.Figure:
    """The partners ranking highest on one metric, with their sector named beside the value."""
    d = metrics.sort_values([metric, s.PARTNER_ID], ascending=[False, True]).head(top).iloc[::-1]

    def fmt(value: float) -> str:
        return f"{int(value)}" if metric == "degree" else f"{float(value):.2f}"

    fig = go.Figure(
        go.Bar(
            x=d[metric],
            y=[short_name(str(n), 36) for n in d[s.NAME]],
            orientation="h",
            marker={
                "color": [sector_color(x) for x in d[s.SECTOR]],
                "line": {"color": "#333333", "width": 1},
            },
            text=[f"{fmt(v)} · {esc(sec)}" for v, sec in zip(d[metric], d[s.SECTOR], strict=True)],
            textposition="outside",
            cliponaxis=False,
            customdata=[esc(n) for n in d[s.NAME]],
            hovertemplate=f"%{{customdata}}: {label} %{{x}}<extra></extra>",
        )
    )
    fig.update_xaxes(title=label, range=[0, float(d[metric].max() or 1) * 1.45])
    fig.update_layout(margin={"r": 20})
    return style(fig, title=f"Partners by {label}", height=100 + 30 * len(d))


def broker_bar(metrics: pd.DataFrame, *, top: int = 10) -> go.Figure:
    """Partners linking the most pairs of partners from different sectors that have no tie."""
    d = metrics[metrics["cross_sector_pairs"] > 0]
    d = d.sort_values(["cross_sector_pairs", "betweenness"], ascending=False).head(top).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=d["cross_sector_pairs"],
            y=[short_name(str(n), 36) for n in d[s.NAME]],
            orientation="h",
            marker={
                "color": [sector_color(x) for x in d[s.SECTOR]],
                "line": {"color": "#333333", "width": 1},
            },
            text=[
                f"{int(p)} pairs · {int(k)} other sectors"
                for p, k in zip(d["cross_sector_pairs"], d["sectors_reached"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=[[esc(n), esc(x)] for n, x in zip(d[s.NAME], d[s.SECTOR], strict=True)],
            hovertemplate="%{customdata[0]} (%{customdata[1]}): links %{x} cross-sector "
            "pairs<extra></extra>",
        )
    )
    top_value = float(d["cross_sector_pairs"].max()) if len(d) else 1.0
    fig.update_xaxes(
        title="pairs of partners from different sectors it links", range=[0, top_value * 1.6]
    )
    fig.update_layout(margin={"r": 20})
    return style(fig, title="Brokers across sectors", height=100 + 34 * max(len(d), 1))


def overlap_heatmap(
    overlap: pd.DataFrame, names: Mapping[str, str], sectors: Mapping[str, str], *, top: int = 20
) -> go.Figure:
    """Partner-by-partner overlap (Jaccard of category-area pairs, from partner_overlap)
    for the partners in the most-overlapping pairs, grouped by sector."""
    chosen: list[str] = []
    for a, b in zip(overlap["partner_a"], overlap["partner_b"], strict=True):
        for p in (a, b):
            if p not in chosen and len(chosen) < top:
                chosen.append(p)
    rank = {label: i for i, label in enumerate(SECTOR_SYMBOLS)}
    chosen.sort(key=lambda p: (rank.get(sectors.get(p, ""), 99), names.get(p, p)))
    value: dict[tuple[str, str], tuple[float, str, str]] = {}
    for a, b, j, cats, related in zip(
        overlap["partner_a"].tolist(),
        overlap["partner_b"].tolist(),
        overlap["jaccard"].tolist(),
        overlap["shared_categories"].tolist(),
        overlap["related"].tolist(),
        strict=True,
    ):
        info = (float(j), str(cats).replace("|", ", "), str(related))
        value[(str(a), str(b))] = info
        value[(str(b), str(a))] = info
    labels = [f"{short_name(names.get(p, p), 28)} ({esc(p)})" for p in chosen]
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for a in chosen:
        zr: list[float | None] = []
        tr: list[str] = []
        hr: list[str] = []
        for b in chosen:
            if a == b:
                zr.append(None)
                tr.append("")
                hr.append(esc(names.get(a, a)))
                continue
            j, cats, related = value.get((a, b), (0.0, "", ""))
            zr.append(round(100 * j))
            tr.append(f"{100 * j:.0f}" if j else "")
            tie = f"related: {related}" if related else "no recorded relationship"
            hr.append(
                f"{esc(names.get(a, a))} and {esc(names.get(b, b))}: {100 * j:.0f}% overlap"
                + (f" in {cats}" if cats else "")
                + f" · {tie}"
            )
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    fig = labelled_heatmap(
        z,
        labels,
        labels,
        text=text,
        hover=hover,
        zmax=100,
        gap=1,
        colorbar={"title": {"text": "% overlap"}, "ticksuffix": "%"},
    )
    fig.update_xaxes(tickangle=-45)
    return style(
        fig,
        title="Overlap: the same categories to the same ZIP areas (%)",
        height=260 + 26 * len(chosen),
    )


def sector_heatmap(matrix: pd.DataFrame) -> go.Figure:
    """Ties between sectors (from sector_matrix), counts in every cell."""
    order = sector_order(matrix["sector_a"])
    t = matrix.set_index(["sector_a", "sector_b"])["ties"]
    z = [[int(t.get((a, b), 0)) for b in order] for a in order]
    fig = labelled_heatmap(
        z,
        order,
        order,
        text=[[str(v) for v in row] for row in z],
        hovertemplate="%{y} – %{x}: %{z} relationships<extra></extra>",
        colorbar={"title": {"text": "ties"}},
    )
    fig.update_xaxes(tickangle=-35)
    return style(fig, title="Relationships between sectors", height=200 + 40 * len(order))


def referral_sankey(flows: pd.DataFrame) -> go.Figure:
    """Referral relationships from sector to sector (from referral_flows)."""
    sources = sector_order(flows["from_sector"])
    targets = sector_order(flows["to_sector"])
    labels = [f"{esc(x)} →" for x in sources] + [f"→ {esc(x)}" for x in targets]
    colors = [sector_color(x) for x in sources] + [sector_color(x) for x in targets]
    src = [sources.index(x) for x in flows["from_sector"]]
    dst = [len(sources) + targets.index(x) for x in flows["to_sector"]]
    link_colors = [_alpha(sector_color(x), 0.45) for x in flows["from_sector"]]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": labels,
                "color": colors,
                "pad": 14,
                "thickness": 18,
                "line": {"color": "#333333", "width": 0.5},
                "hovertemplate": "%{label} %{value} referral relationships<extra></extra>",
            },
            link={
                "source": src,
                "target": dst,
                "value": flows["relationships"].tolist(),
                "color": link_colors,
                "hovertemplate": "%{source.label} → %{target.label}: %{value}<extra></extra>",
            },
        )
    )
    return style(
        fig,
        title="Referral relationships between sectors",
        height=160 + 34 * max(len(sources), len(targets)),
    )


def _alpha(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
