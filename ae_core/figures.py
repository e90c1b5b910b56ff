"""Plotly figures the pages show. Inputs are arrays and already-translated labels."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

GREYS = [[0.0, "black"], [1.0, "white"]]


def _image_trace(image, **kwargs):
    return go.Heatmap(z=np.asarray(image)[::-1], colorscale=GREYS, zmin=0, zmax=1, showscale=False, **kwargs)


def autoencoder_diagram(image, code, reconstruction, labels: dict) -> go.Figure:
    """Input digit -> encoder -> code bars -> decoder -> reconstruction, in one row."""
    fig = make_subplots(
        rows=1, cols=3, column_widths=[0.28, 0.44, 0.28], horizontal_spacing=0.17,
        subplot_titles=(labels["input"], labels["code"], labels["output"]),
    )
    fig.add_trace(_image_trace(image, hoverinfo="skip"), row=1, col=1)
    code = np.asarray(code)
    fig.add_trace(
        go.Bar(x=np.arange(len(code)), y=code, marker_color=np.where(code >= 0, "#4c9be8", "#e8744c"), hoverinfo="y"),
        row=1, col=2,
    )
    fig.add_trace(_image_trace(reconstruction, hoverinfo="skip"), row=1, col=3)
    for col in (1, 3):
        fig.update_xaxes(visible=False, row=1, col=col)
        fig.update_yaxes(visible=False, scaleanchor=f"x{col if col > 1 else ''}", row=1, col=col)
    fig.update_xaxes(showticklabels=False, row=1, col=2)
    for x, text in ((0.285, labels["encoder"] + " →"), (0.715, "→ " + labels["decoder"])):
        fig.add_annotation(x=x, y=0.5, xref="paper", yref="paper", text=f"<b>{text}</b>", showarrow=False, font_size=16)
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=40, b=10), showlegend=False)
    return fig


def line_chart(x, series: dict, x_title: str, y_title: str, title: str = "", marker_x=None) -> go.Figure:
    """Several named lines over the same x; an optional vertical marker (the current value)."""
    fig = go.Figure()
    for name, values in series.items():
        fig.add_trace(go.Scatter(x=list(x), y=list(values), mode="lines+markers", name=name))
    if marker_x is not None:
        fig.add_vline(x=marker_x, line_dash="dot", line_color="grey")
    fig.update_layout(
        title=title, xaxis_title=x_title, yaxis_title=y_title, height=320,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10), legend=dict(orientation="h", y=-0.25),
    )
    return fig
