"""Plotly figures. This package is the only place that imports plotly.

Every figure is built from a tidy table that the page also shows beside it (the
accessible alternative), with a colour-blind-safe palette and text labels, so that no
meaning rests on colour alone.
"""
