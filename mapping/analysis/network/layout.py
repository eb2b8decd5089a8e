"""Where each partner sits in the network picture: a seeded spring layout per component,
fitted side by side, so the same data always gives the same picture."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from mapping.data import schema as s


# ------------------------------------------------------------------------------ layout
def _start(pid: str) -> tuple[float, float]:
    digest = hashlib.sha256(pid.encode("utf-8")).digest()
    return (digest[0] / 127.5 - 1.0, digest[1] / 127.5 - 1.0)


def _fit(
    laid: Mapping[str, Sequence[float]], box: tuple[float, float, float, float]
) -> dict[str, tuple[float, float]]:
    """Scale positions into box (x0, y0, x1, y1), keeping their aspect ratio, centred."""
    xy = np.array([laid[n] for n in laid], dtype=float)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = float(max((hi - lo).max(), 1e-9))
    x0, y0, x1, y1 = box
    scale = min(x1 - x0, y1 - y0) / span
    mid = (lo + hi) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return {
        str(n): (float(cx + (p[0] - mid[0]) * scale), float(cy + (p[1] - mid[1]) * scale))
        for n, p in zip(laid, xy, strict=True)
    }


def _lay_out(component: nx.Graph, seed: int) -> dict[str, Sequence[float]]:
    start: dict[str, Sequence[float]] = {str(n): _start(str(n)) for n in component.nodes}
    if component.number_of_nodes() <= 2:
        return start
    if component.number_of_nodes() <= 150:
        # Kamada-Kawai keeps graph distance as drawn distance; a force pass after it
        # spreads the partners around a hub so their names can be read.
        start = dict(nx.kamada_kawai_layout(component, pos=start))
    k = 2.0 / np.sqrt(component.number_of_nodes())
    return dict(nx.spring_layout(component, pos=start, k=k, iterations=100, seed=seed))


def network_layout(graph: nx.Graph, *, seed: int = 7) -> pd.DataFrame:
    """Stable positions for drawing: columns partner_id, x, y.

    The largest connected group fills the square -1..1; the other groups stand in a
    column to its right, largest first; partners without a relationship line up below.
    Each partner starts from a point derived from its id, so the same network always draws
    the same way and adding one partner moves the others little.
    """
    if graph.number_of_nodes() == 0:
        return pd.DataFrame({s.PARTNER_ID: [], "x": [], "y": []})
    groups = sorted(
        (c for c in nx.connected_components(graph) if len(c) > 1),
        key=lambda c: (-len(c), min(c)),
    )
    pos: dict[str, tuple[float, float]] = {}
    if groups:
        pos |= _fit(_lay_out(graph.subgraph(groups[0]).copy(), seed), (-1.0, -1.0, 1.0, 1.0))
    others = groups[1:]
    if others:
        weights = [np.sqrt(len(c)) for c in others]
        top = 1.0
        for comp, w in zip(others, weights, strict=True):
            height = 2.0 * w / sum(weights)
            side = min(height, 0.7)
            box = (1.25, top - side, 1.25 + side, top)
            pos |= _fit(_lay_out(graph.subgraph(comp).copy(), seed), box)
            top -= height
    isolates = sorted(n for n in graph.nodes if graph.degree(n) == 0)
    right = 1.95 if others else 1.0
    for i, node in enumerate(isolates):
        x = -1.0 + (right + 1.0) * ((i + 0.5) / len(isolates))
        pos[node] = (x, -1.25)
    ids = list(graph.nodes)
    return pd.DataFrame(
        {
            s.PARTNER_ID: ids,
            "x": [pos[n][0] for n in ids],
            "y": [pos[n][1] for n in ids],
        }
    )
