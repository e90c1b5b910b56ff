"""Our upload control (pages/common/upload_box.py): whatever a client sends as the chosen file,
``read_upload`` gives its bytes or a refusal the page can translate, never a traceback; the
control's own texts are the page's language."""

from __future__ import annotations

import base64

import pytest

from ae_core.preprocess import MAX_UPLOAD_BYTES
from pages.common.upload_box import Upload, read_upload
from tests.apptest_support import png_bytes, refused_upload, upload_payload


def sent(name: str, data: bytes, mime: str = "image/png") -> dict:
    """The ``file`` part of the control's value, as its frontend sends a chosen file."""
    return upload_payload(name, data, mime)["file"]


@pytest.fixture(scope="module")
def png():
    import numpy as np

    paper = np.full((40, 30), 245, np.uint8)
    paper[5:35, 12:18] = 20
    return png_bytes(paper)


def test_nothing_chosen_is_none():
    for value in (None, "", 0, [], "data:image/png;base64,AAAA"):
        assert read_upload(value) is None


def test_a_good_file_gives_its_bytes_and_an_id_per_choice(png):
    upload = read_upload(sent("seven.png", png))
    assert isinstance(upload, Upload)
    assert (upload.name, upload.data, upload.refused) == ("seven.png", png, None)
    assert read_upload(sent("seven.png", png)).file_id == upload.file_id  # the same file: the same id
    assert read_upload(sent("other.png", png)).file_id != upload.file_id
    assert read_upload(sent("seven.png", png + b"\0")).file_id != upload.file_id
    # Any mime type, with parameters: the bytes decide what the file is (digit_from_upload).
    assert read_upload(sent("x.jpg", png, "image/jpeg;charset=binary")).data == png
    assert read_upload(sent("x", png, "")).data == png
    assert read_upload(sent("x", b"")).data == b""  # empty: digit_from_upload says "empty_file"


def test_a_name_is_kept_short_and_never_missing(png):
    assert read_upload(sent("7" * 1000 + ".png", png)).name == "7" * 200
    for name in (None, "", 12):
        value = sent("x", png)
        value["name"] = name
        assert read_upload(value).name == "?"
    assert read_upload(sent("../../etc/passwd", png)).name == "../../etc/passwd"  # only ever shown, escaped


@pytest.mark.parametrize("why", ["file_too_large", "not_an_image"])
def test_a_file_the_control_refused_in_the_browser_keeps_its_reason(why):
    upload = read_upload(refused_upload("huge.tif", MAX_UPLOAD_BYTES + 1, why)["file"])
    assert (upload.name, upload.data, upload.refused) == ("huge.tif", None, why)
    assert upload.file_id == read_upload(refused_upload("huge.tif", MAX_UPLOAD_BYTES + 1, why)["file"]).file_id
    other = read_upload(refused_upload("huge.tif", MAX_UPLOAD_BYTES + 2, why)["file"])
    assert other.file_id != upload.file_id  # choosing another refused file is a new choice
    odd_size = refused_upload("huge.tif", 0, why)["file"] | {"size": "lots"}
    assert read_upload(odd_size).refused == why


def test_an_unknown_refusal_is_not_trusted(png):
    value = sent("seven.png", png) | {"refused": "<script>"}
    assert read_upload(value).data == png  # read like any file
    assert read_upload({"name": "x", "refused": "<script>", "data": None}).refused == "not_an_image"


def test_an_oversized_file_a_client_sent_anyway_is_refused():
    over = b"\0" * (MAX_UPLOAD_BYTES + 1)
    upload = read_upload(sent("big.png", over))
    assert (upload.data, upload.refused) == (None, "file_too_large")
    small_limit = read_upload(sent("big.png", b"\0" * 101), max_bytes=100)
    assert small_limit.refused == "file_too_large"
    assert read_upload(sent("ok.png", b"\0" * 100), max_bytes=100).data == b"\0" * 100


def test_a_huge_text_is_refused_on_its_length_before_decoding(monkeypatch):
    import pages.common.upload_box as upload_box

    decoded = []
    monkeypatch.setattr(upload_box.base64, "b64decode", lambda *a, **k: decoded.append(a) or b"")
    value = {"name": "big.png", "data": "data:image/png;base64," + "A" * (4 * (100 // 3 + 4) + 300)}
    assert read_upload(value, max_bytes=100).refused == "file_too_large"
    assert decoded == []


@pytest.mark.parametrize("data", [
    None, 12, b"data:image/png;base64,AAAA", ["data:..."], {"data": "x"},
    "", "AAAA", "data:image/png,AAAA", "data:image/png;base64", "data:image/png;base64;AAAA",
    "data:image/png;base64,AAA", "data:image/png;base64,****", "data:image/png;base64,AA AA",
    "data:image/png;base64,QUJD\nREVG", "data:text/html;<b>;base64,AAAA", "javascript:alert(1)",
])
def test_malformed_values_are_not_an_image_never_an_error(data):
    upload = read_upload({"name": "x.png", "size": 3, "data": data, "refused": None})
    assert upload is not None and upload.data is None and upload.refused == "not_an_image"


def test_the_data_url_may_carry_padding_and_any_mime(png):
    text = base64.b64encode(png).decode()
    assert read_upload({"name": "a", "data": "data:application/octet-stream;base64," + text}).data == png
    assert read_upload({"name": "a", "data": "data:image/svg+xml;base64," + text}).data == png


# --- the control in a page -----------------------------------------------------------------------


def _box_script():
    import streamlit as st

    from pages.common import upload_box

    found = upload_box.upload_box("box_upload", "Sube tu dígito", help="ayuda")
    st.session_state["found"] = None if found is None else (found.name, found.refused, found.data)


@pytest.mark.parametrize("lang", ["en", "es", "pt_BR"])
def test_the_control_gets_its_texts_in_the_page_s_language_and_returns_the_file(monkeypatch, lang, png):
    from streamlit.testing.v1 import AppTest

    from pages.common import i18n, upload_box

    seen = []

    def component(*, data, key, default, **options):  # stands in for the frontend: returns what it stored
        import streamlit as st

        seen.append(data)
        return st.session_state.get(key, default)

    monkeypatch.setattr(upload_box, "_registered", lambda: component)
    at = AppTest.from_function(_box_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    labels = seen[-1]["labels"]
    assert labels["button"] == i18n.t("upload_button", lang)
    assert len({i18n.t("upload_button", other) for other in i18n.LANGUAGES}) == 3  # not Streamlit's "Browse files"
    assert labels["hint"] == i18n.t("upload_hint", lang, megabytes=i18n.number(10, "", lang))
    assert labels["tooLarge"] == i18n.t("upload_too_large", lang, megabytes=i18n.number(10, "", lang))
    assert seen[-1]["maxBytes"] == MAX_UPLOAD_BYTES and "image/*" in seen[-1]["accept"]
    assert at.session_state["found"] is None
    assert [m.value for m in at.markdown] == ["**Sube tu dígito**"]
    at.session_state["box_upload"] = upload_payload("uno.png", png)
    at.run()
    assert at.session_state["found"] == ("uno.png", None, png)
    at.session_state["box_upload"] = "not a mapping"
    at.run()
    assert not at.exception and at.session_state["found"] is None
