"""Plotly figures and Vega-Lite specs the pages show. Inputs are arrays and already-translated labels."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots


# Legends sit above the plot, never below: under it they ran into the x axis's title as soon as
# the text grew (the projector view's 16 px), since both push the margin from the same edge.
LEGEND_ON_TOP = dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0)


def line_chart(x, series: dict, x_title: str, y_title: str, title: str = "", marker_x=None) -> go.Figure:
    """Several named lines over the same x; an optional vertical marker (the current value).

    Built in one ``go.Figure`` call: adding traces one by one and ``add_vline`` made the same
    figure 4-5x slower (~30-120 ms of the GIL per rerun of the Noise lab; see load.md)."""
    x = list(x)
    data = [go.Scatter(x=x, y=list(values), mode="lines+markers", name=name) for name, values in series.items()]
    layout = dict(
        title=title, xaxis_title=x_title, yaxis_title=y_title, height=320,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10), legend=LEGEND_ON_TOP,
    )
    if marker_x is not None:  # what add_vline writes, without its per-call subplot validation
        layout["shapes"] = [dict(type="line", x0=marker_x, x1=marker_x, xref="x", y0=0, y1=1, yref="y domain",
                                 line=dict(dash="dot", color="grey"))]
    return go.Figure(data=data, layout=layout)


# --- latent map, VAE, search ---

CLASS_COLOURS = (
    "#4c9be8", "#f28e2b", "#59c26e", "#e15759", "#b07aa1", "#9c755f", "#ff9da7", "#bab0ac", "#edc948", "#76d7c4",
)


def latent_scatter(
    embedding, labels, indices, class_names, *, x_range, y_range, grid=None, star=None, star_name: str = "",
    hover: str = "", x_title: str = "z₁", y_title: str = "z₂", height: int = 430,
) -> go.Figure:
    """A 2-d embedding as a WebGL scatter, one trace per class (the legend toggles classes).

    Each point's ``customdata`` is its index in the shown digits, so a selection names digits.
    ``grid`` (M, 2): invisible points under the data, trace 0, that make a click on an empty
    spot selectable (it then shows as a red dot). ``star``: (x, y) of the current digit.
    """
    embedding = np.asarray(embedding, dtype="float32")
    labels, indices = np.asarray(labels), np.asarray(indices)
    fig = go.Figure()
    if grid is not None:
        fig.add_trace(go.Scattergl(
            x=grid[:, 0], y=grid[:, 1], mode="markers", hoverinfo="none", showlegend=False, name="",
            marker=dict(size=9, opacity=0, color="#ff4b4b"),
            selected=dict(marker=dict(opacity=1, size=12, color="#ff4b4b")), unselected=dict(marker=dict(opacity=0)),
        ))
    size = 4 if len(embedding) <= 3000 else 3
    for label in range(len(class_names)):
        mask = labels == label
        if not mask.any():
            continue
        fig.add_trace(go.Scattergl(
            x=embedding[mask, 0], y=embedding[mask, 1], customdata=indices[mask].astype("int32"), mode="markers",
            name=str(class_names[label]), hovertemplate=hover,
            marker=dict(size=size, color=CLASS_COLOURS[label % len(CLASS_COLOURS)]),
            selected=dict(marker=dict(size=11, color="white")), unselected=dict(marker=dict(opacity=0.85)),
        ))
    if star is not None:
        fig.add_trace(go.Scatter(
            x=[float(star[0])], y=[float(star[1])], mode="markers", name=star_name, hoverinfo="name",
            marker=dict(symbol="star", size=22, color="gold", line=dict(color="black", width=1.5)),
        ))
    fig.update_layout(
        # clickmode/hovermode as Streamlit would set them for a selectable chart: set here, its
        # frontend does not re-render the (slow to draw) WebGL scatter to apply them.
        height=height, margin=dict(l=10, r=10, t=34, b=10), dragmode="zoom", uirevision="latent",
        clickmode="event+select", hovermode="closest",
        legend=dict(orientation="h", yanchor="top", y=-0.16, itemsizing="constant", font_size=11,
                    entrywidth=28 + 7 * max(len(str(n)) for n in class_names), entrywidthmode="pixels"),
        xaxis=dict(range=list(x_range), title=x_title, zeroline=False),
        yaxis=dict(range=list(y_range), title=y_title, zeroline=False),
    )
    return fig


def points_picture(points, labels, *, x_range, y_range, size: int = 600, radius: float = 3.0,
                   opacity: float = 0.35) -> np.ndarray:
    """Points as faint dots in their class colours on a transparent (size, size, 4) uint8 picture
    spanning ``x_range`` x ``y_range`` (y upwards): a map's fixed background, drawn once instead
    of re-sent and re-drawn as thousands of markers with every change of the points on top."""
    from PIL import Image, ImageDraw

    points, labels = np.asarray(points, dtype="float64").reshape(-1, 2), np.asarray(labels)
    picture = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(picture)
    (x0, x1), (y0, y1) = x_range, y_range
    columns = (points[:, 0] - x0) / (x1 - x0) * (size - 1)
    rows = (y1 - points[:, 1]) / (y1 - y0) * (size - 1)
    alpha = int(round(255 * opacity))
    for column, row, label in zip(columns, rows, labels):
        colour = CLASS_COLOURS[int(label) % len(CLASS_COLOURS)]
        fill = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) + (alpha,)
        pen.ellipse((column - radius, row - radius, column + radius, row + radius), fill=fill)
    return np.asarray(picture)


def points_png_url(points, labels, *, x_range, y_range) -> str:
    """:func:`points_picture` as a PNG data URL (64 colours are plenty for ten classes' faint dots
    and make it a third of the size: pages re-send it with each change of their map)."""
    import io

    from PIL import Image

    from ae_core.imaging import data_url

    picture = Image.fromarray(points_picture(points, labels, x_range=x_range, y_range=y_range))
    buffer = io.BytesIO()
    picture.quantize(64, method=Image.Quantize.FASTOCTREE).save(buffer, format="PNG", compress_level=9)
    return data_url(buffer.getvalue())


def class_map(background_url: str, points, point_text, *, x_range, y_range, odd=(), picked=None,
              legend_names=("", "", ""), x_title: str = "z₁", y_title: str = "z₂", height: int = 430) -> go.Figure:
    """The class wall's map: test digits faint in their class colours (``background_url``: a
    :func:`points_picture` over the same ranges as a PNG data URL), the class's own digits on
    top as large dark points (the odd ones out red, the picked one a gold star).

    ``points`` (N, 2) with ``point_text`` (N,) for their hover; ``odd``/``picked``: positions in
    ``points``; ``legend_names``: (class's digits, odd ones out, picked digit).
    """
    points = np.asarray(points, dtype="float32").reshape(-1, 2)
    odd = set(int(i) for i in odd)
    groups = ((legend_names[0], [i for i in range(len(points)) if i not in odd and i != picked], "circle", 13, "#1b1b1b"),
              (legend_names[1], [i for i in range(len(points)) if i in odd and i != picked], "circle", 15, "#e03131"),
              (legend_names[2], [] if picked is None else [int(picked)], "star", 24, "gold"))
    data = []
    for name, chosen, symbol, size, colour in groups:
        if chosen:
            data.append(go.Scatter(x=points[chosen, 0], y=points[chosen, 1], mode="markers", name=name,
                                   text=[point_text[i] for i in chosen], hovertemplate="%{text}<extra></extra>",
                                   marker=dict(symbol=symbol, size=size, color=colour, line=dict(color="white", width=2))))
    (x0, x1), (y0, y1) = x_range, y_range
    background = dict(source=background_url, xref="x", yref="y", x=x0, y=y1, sizex=x1 - x0,
                      sizey=y1 - y0, sizing="stretch", layer="below")
    layout = dict(height=height, margin=dict(l=10, r=10, t=34, b=10), uirevision="class_map", hovermode="closest",
                  legend=LEGEND_ON_TOP, showlegend=True, images=[background],
                  xaxis=dict(range=[x0, x1], title=x_title, zeroline=False, showgrid=False),
                  yaxis=dict(range=[y0, y1], title=y_title, zeroline=False, showgrid=False))
    return go.Figure(data=data, layout=layout)


# --- lessons: PCA, compression, sparse, tied, recurrent ---

TOY_COLOURS = ("#e8744c", "#59c26e", "#b07aa1")


def toy_scene(x, layers, data_name: str, projection_name: str, height: int = 460) -> go.Figure:
    """Toy data in 2-d or 3-d with what each model can output and where it sends each point.

    ``layers``: dicts with "name", "k" (code size, 1 or 2), "manifold" (the decoded line (M, D) or
    grid (S*S, D) over the range of the codes) and optionally "recovered" (N, D): each point is then
    joined to its recovery by a thin line (its projection, for PCA and the linear AE).
    """
    x = np.asarray(x)
    three = x.shape[1] == 3
    fig = go.Figure()
    if three:
        fig.add_trace(go.Scatter3d(x=x[:, 0], y=x[:, 1], z=x[:, 2], mode="markers", name=data_name,
                                   marker=dict(size=3, color="#4c9be8")))
    else:
        fig.add_trace(go.Scatter(x=x[:, 0], y=x[:, 1], mode="markers", name=data_name, marker=dict(size=6, color="#4c9be8")))
    for index, layer in enumerate(layers):
        colour = TOY_COLOURS[index % len(TOY_COLOURS)]
        m = np.asarray(layer["manifold"])
        if three and layer["k"] == 2:
            side = int(round(np.sqrt(len(m))))
            grid = m.reshape(side, side, 3)
            fig.add_trace(go.Surface(x=grid[..., 0], y=grid[..., 1], z=grid[..., 2], name=layer["name"], showscale=False,
                                     opacity=0.45, colorscale=[[0, colour], [1, colour]], showlegend=True))
        elif three:
            fig.add_trace(go.Scatter3d(x=m[:, 0], y=m[:, 1], z=m[:, 2], mode="lines", name=layer["name"],
                                       line=dict(color=colour, width=6)))
        else:
            fig.add_trace(go.Scatter(x=m[:, 0], y=m[:, 1], mode="lines", name=layer["name"], line=dict(color=colour, width=3)))
        if layer.get("recovered") is not None:
            r = np.asarray(layer["recovered"])
            gaps = np.full((len(x), 1), np.nan)
            segments = np.concatenate([x[:, None], r[:, None], np.repeat(gaps, x.shape[1], axis=1)[:, None]], axis=1)
            segments = segments.reshape(-1, x.shape[1])
            name = f"{projection_name} ({layer['name']})"
            if three:
                fig.add_trace(go.Scatter3d(x=segments[:, 0], y=segments[:, 1], z=segments[:, 2], mode="lines", name=name,
                                           line=dict(color=colour, width=2), opacity=0.6, connectgaps=False))
            else:
                fig.add_trace(go.Scatter(x=segments[:, 0], y=segments[:, 1], mode="lines", name=name,
                                         line=dict(color=colour, width=1, dash="dot"), connectgaps=False))
    layout = dict(height=height, margin=dict(l=0, r=0, t=10, b=0), legend=dict(orientation="h", y=-0.05))
    if three:
        layout["scene"] = dict(aspectmode="data", xaxis_title="x₁", yaxis_title="x₂", zaxis_title="x₃")
    else:
        layout.update(xaxis=dict(title="x₁"), yaxis=dict(title="x₂", scaleanchor="x"))
    fig.update_layout(**layout)
    return fig


def bar_chart(labels, values, x_title: str, y_title: str, height: int = 260) -> go.Figure:
    """Plain bars (explained variance, row errors and the like)."""
    fig = go.Figure(go.Bar(x=list(labels), y=list(values), marker_color="#4c9be8"))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), xaxis_title=x_title, yaxis_title=y_title)
    return fig


def rate_distortion_chart(series: dict, x_title: str, y_title: str, height: int = 360) -> go.Figure:
    """Error against code size (log axis), one line per model family."""
    sizes = sorted({s for xs, _ in series.values() for s in xs})
    fig = line_chart([], {}, x_title, y_title)
    for name, (xs, ys) in series.items():
        fig.add_trace(go.Scatter(x=list(xs), y=list(ys), mode="lines+markers", name=name))
    fig.update_xaxes(type="log", tickvals=sizes, ticktext=[str(s) for s in sizes])
    fig.update_layout(height=height)
    return fig


def histogram_panels(panels: dict, x_title: str, y_title: str, panel_height: int = 170) -> go.Figure:
    """Histograms one above the other on a shared x axis: ``panels`` {title: (shares, bin edges)};
    log y so the rare large activations show next to the mass at 0.

    Stacked, not side by side: three panels in a column of a projector or a phone left each
    title and axis title too little width, and they ran into each other.
    """
    rows = max(len(panels), 1)
    fig = make_subplots(rows=rows, cols=1, subplot_titles=list(panels), shared_xaxes=True, vertical_spacing=0.12)
    for row, (shares, edges) in enumerate(panels.values(), start=1):
        centres = (np.asarray(edges[:-1]) + np.asarray(edges[1:])) / 2
        fig.add_trace(go.Bar(x=centres, y=shares, width=np.diff(edges), marker_color="#4c9be8", showlegend=False),
                      row=row, col=1)
    fig.update_xaxes(title_text=x_title, row=rows, col=1)
    fig.update_yaxes(type="log", dtick=1, exponentformat="power")  # one tick per power of 10
    # One y title, on the middle panel: one per panel would run into the next panel's.
    fig.update_yaxes(title_text=y_title, row=(rows + 1) // 2, col=1)
    fig.update_layout(height=80 + panel_height * rows, margin=dict(l=10, r=10, t=40, b=10), bargap=0)
    return fig


# --- lessons: pretraining, anomalies, train your own ---

SET_COLOURS = {"digits": "#4c9be8", "fashion": "#f28e2b", "noise": "#b07aa1"}
MODE_COLOURS = {"frozen": "#4c9be8", "fine_tuned": "#59c26e", "scratch": "#e15759"}


def score_histograms(groups: dict, *, threshold: float, x_title: str, y_title: str, colours: dict | None = None,
                     marker: float | None = None, marker_name: str = "", bins: int = 60) -> go.Figure:
    """Overlaid histograms of anomaly scores on a log axis (one step outline per group).

    ``groups``: {name: scores}; the dashed line is the threshold, the gold one ``marker``
    (the student's own image). Bins are log-spaced and shared by every group.
    """
    values = np.concatenate([np.asarray(v, "float64") for v in groups.values()] + ([np.array([marker])] if marker else []))
    low, high = max(values.min(), 1e-3) * 0.9, max(values.max(), 1e-3) * 1.1
    edges = np.geomspace(low, high, bins + 1)
    fig = go.Figure()
    for index, (name, scores) in enumerate(groups.items()):
        counts, _ = np.histogram(np.asarray(scores), bins=edges)
        x = np.repeat(edges, 2)[1:-1]
        y = np.repeat(counts, 2)
        colour = (colours or {}).get(name, CLASS_COLOURS[index % len(CLASS_COLOURS)])
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=name, fill="tozeroy", line=dict(color=colour, width=1.5),
                                 opacity=0.6, hovertemplate="%{x:.3g}: %{y}<extra>" + name + "</extra>"))
    fig.add_vline(x=threshold, line_dash="dash", line_color="#e15759", line_width=2)
    if marker is not None:
        fig.add_vline(x=marker, line_color="gold", line_width=3)
        fig.add_annotation(x=np.log10(marker), y=1, yref="paper", text=marker_name, showarrow=False,
                           yanchor="top", xanchor="left", xshift=4, font=dict(color="goldenrod"))
    fig.update_layout(
        height=340, margin=dict(l=10, r=10, t=30, b=10),
        # A tick per power of 10, written out: Plotly's in-between "2" and "5" labels of a log axis
        # are drawn at 3/4 of the font, too small on a projector.
        xaxis=dict(type="log", title=x_title, dtick=1, exponentformat="none"),
        yaxis=dict(title=y_title), legend=LEGEND_ON_TOP,
    )
    return fig


def roc_figure(curves: dict, x_title: str, y_title: str, point=None, point_name: str = "") -> go.Figure:
    """ROC curves {name: (fpr, tpr)} over the chance diagonal; ``point``: (fpr, tpr) now."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line=dict(dash="dot", color="grey"),
                             showlegend=False, hoverinfo="skip"))
    for name, (fpr, tpr) in curves.items():
        fig.add_trace(go.Scatter(x=list(fpr), y=list(tpr), mode="lines", name=name, line_shape="hv"))
    if point is not None:
        fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers", name=point_name,
                                 marker=dict(size=12, color="#e15759", symbol="x")))
    fig.update_layout(
        height=340, margin=dict(l=10, r=10, t=30, b=10), legend=LEGEND_ON_TOP,
        xaxis=dict(title=x_title, range=[-0.01, 1.01]), yaxis=dict(title=y_title, range=[-0.01, 1.01]),
    )
    return fig


def accuracy_curve(counts, series: dict, x_title: str, y_title: str, colours: dict | None = None) -> go.Figure:
    """Accuracy against the number of labels (log axis, a tick at each count), one line per mode."""
    fig = go.Figure()
    for name, values in series.items():
        fig.add_trace(go.Scatter(x=list(counts)[: len(values)], y=list(values), mode="lines+markers", name=name,
                                 line=dict(color=(colours or {}).get(name)),
                                 hovertemplate="n=%{x}: %{y:.1%}<extra>" + name + "</extra>"))
    fig.update_layout(
        height=340, margin=dict(l=10, r=10, t=30, b=10), legend=LEGEND_ON_TOP,
        xaxis=dict(type="log", title=x_title, tickvals=list(counts), ticktext=[str(c) for c in counts]),
        yaxis=dict(title=y_title, range=[0, 1], tickformat=".0%"),
    )
    return fig


def hover_map_spec(label_title: str, classes=None, x_title: str = "z₁", y_title: str = "z₂", height: int = 460) -> dict:
    """Vega-Lite scatter of rows from :func:`ae_core.lab.latent_map.hover_rows`: the tooltip shows
    the digit's picture (Vega's tooltip renders a field named "image" as an image), and clicking a
    legend entry shows or hides that class. ``classes``: the legend's order (class names).
    Plotly charts cannot show images on hover."""
    return {
        "height": height,
        "params": [{"name": "classes", "select": {"type": "point", "fields": ["label"]}, "bind": "legend"}],
        "mark": {"type": "circle", "size": 36},
        "encoding": {
            "x": {"field": "x", "type": "quantitative", "title": x_title, "scale": {"zero": False}},
            "y": {"field": "y", "type": "quantitative", "title": y_title, "scale": {"zero": False}},
            "color": {"field": "label", "type": "nominal", "title": label_title,
                      "sort": list(classes) if classes is not None else None},
            "opacity": {"condition": {"param": "classes", "value": 0.8}, "value": 0.05},
            "tooltip": [
                {"field": "image", "type": "nominal"},
                {"field": "label", "type": "nominal", "title": label_title},
                {"field": "number", "type": "quantitative", "title": "#"},
            ],
        },
    }


def lines_spec(x, series: dict, x_title: str, y_title: str, title: str = "", marker_x=None, height: int = 320) -> dict:
    """Vega-Lite spec, data inline: one line with points per entry of ``series`` {name: y values
    over ``x``}, the legend below, and an optional dotted vertical rule at ``marker_x`` (the current
    value). The Noise lab redraws this chart on every slider move: as a Plotly figure it cost about
    100 ms more in the browser per move."""
    rows = [{"x": float(xv), "y": float(yv), "series": name} for name, values in series.items()
            for xv, yv in zip(x, values)]
    lines = {
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": "x", "type": "quantitative", "title": x_title},
            "y": {"field": "y", "type": "quantitative", "title": y_title},
            "color": {"field": "series", "type": "nominal", "title": None, "sort": list(series),
                      "legend": {"orient": "bottom", "columns": 3, "labelLimit": 260}},
        },
    }
    layers = [lines]
    if marker_x is not None:
        layers.append({"mark": {"type": "rule", "strokeDash": [4, 4], "color": "grey"},
                       "encoding": {"x": {"datum": float(marker_x), "type": "quantitative"}}})
    spec = {"height": height, "data": {"values": rows}, "layer": layers}
    if title:
        spec["title"] = title
    return spec
