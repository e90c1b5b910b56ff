"""The live path: the student's browser runs the models itself (onnxruntime-web in a Web Worker,
assets/live_client.mjs and live_worker.mjs) and redraws as the pen or a slider moves; the server
hears only the finished digit.

Whether a browser can is found out on every page load by a hidden element (assets/live_probe.js)
that loads the runtime and one small graph in the worker; its answer is kept in a cookie, so the
next session's first run already knows (and the probe reruns the page only when it finds
otherwise). A browser that cannot (no WebAssembly, no module
workers) gets the server path, as before, with a one-line note.
"""

from __future__ import annotations

import streamlit as st

from ae_core import zoo
from pages.common import own_components
from pages.common.i18n import t

PROBE_KEY = "live_probe"
FAILED = "live_failed_here"  # a live element could not run its models: the server path from now on
COOKIE = "ae_lab_live"  # "1" or "0": what this browser's last probe found
MODEL_URL = "/live/models/{name}"


def graph_url(model, name: str, part: str) -> str | None:
    """The URL of one part of a loaded model as ONNX; None when ``zoo prepare`` has not written it."""
    digest = getattr(model, "file_digest", None)
    path = zoo.onnx_cache_path(name, digest, part) if digest else None
    return MODEL_URL.format(name=path.name) if path is not None and path.is_file() else None


def autoencoder_parts(model, name: str, *, keep: int | None = None) -> dict | None:
    """What the worker needs to run one autoencoder (or PCA, cut to ``keep`` components)."""
    encoder, decoder = graph_url(model, name, "encoder"), graph_url(model, name, "decoder")
    if encoder is None or decoder is None:
        return None
    return {"name": name, "encoder": encoder, "decoder": decoder, "keep": keep}


def _reported():
    """Whether this browser runs the models: its probe's answer on this page load, else the cookie
    the page loaded with (the probe says nothing when it agrees, sparing the page a rerun), else
    None (a first visit, no answer yet)."""
    value = st.session_state.get(PROBE_KEY)
    try:
        reported = value.get("ready")
    except AttributeError:
        reported = None
    if reported is None and COOKIE in st.context.cookies:
        return st.context.cookies.get(COOKIE) == "1"
    return reported


def ready() -> bool:
    """True when this browser runs the models itself (its probe said so, this session or the last)."""
    return not st.session_state.get(FAILED) and _reported() is True


def unavailable_note() -> None:
    """The one line a browser on the server path sees, where a page would be live."""
    if st.session_state.get(FAILED):
        st.caption(t("live_failed"))
    elif _reported() is False:
        st.caption(t("live_unavailable"))


def watch(value) -> None:
    """A live element's state: when it says its models failed, this session is served from then on."""
    try:
        failed = value.get("failed")
    except AttributeError:
        return
    if failed:
        st.session_state[FAILED] = True


def probe_url() -> str | None:
    """A small graph to try: the first digit model's decoder (None when no graph is prepared)."""
    from pages.common import cache

    for name in cache.available(tag="reconstruct", dataset="mnist"):
        try:
            url = graph_url(cache.model(name), name, "decoder")
        except zoo.WeightsProblem:
            continue
        if url:
            return url
    return None


def probe() -> None:
    """The hidden element that asks this browser whether it can run the models (every run; it
    answers once per page load, and reruns the page only when the answer is not the cookie's)."""
    url = probe_url()
    if url is None:
        return
    with st.container(key="live_probe_box", height=1, border=False):
        own_components.component("live_probe")(
            data={"url": url, "cookie": COOKIE}, key=PROBE_KEY, default={"ready": None},
            on_ready_change=lambda: None, width="content", height="content")


def digit_text(digit) -> str | None:
    """The 8-bit digit as the live elements read it: base64 of its 784 bytes."""
    import base64

    import numpy as np

    if digit is None:
        return None
    pixels = np.round(np.clip(np.asarray(digit, "float32").reshape(784), 0, 1) * 255).astype("uint8")
    return base64.b64encode(pixels.tobytes()).decode("ascii")


def element(component: str, key: str, data: dict, events=()) -> dict:
    """One of the app's live elements (assets/<component>.js); returns the values it sent on
    release, by event name (None before the first)."""
    callbacks = {f"on_{event}_change": (lambda: None) for event in ("failed", *events)}
    result = own_components.component(component, isolate_styles=False)(
        data=data, key=key, default={event: None for event in ("failed", *events)}, width="stretch",
        height="content", **callbacks)
    watch(result)
    try:
        return {event: result.get(event) for event in events}
    except AttributeError:
        return {event: None for event in events}


def decoder_element(mode: str, key: str, identity: str, data: dict, events=()) -> dict:
    """A decoder that runs in the browser while its slider, scrubber or pointer moves
    (assets/live_decode.js); its value holds what the student left it at, sent on release.
    ``identity`` names what makes a new element (a model, a start code, a reset)."""
    from pages.common.i18n import current_language

    return element("live_decode", key, {"mode": mode, "identity": identity, "lang": current_language(), **data},
                   events)
