"""The class wall: what the wall computes (ae_core.lab.classroom) and, under AppTest, the Class page
and the "send to the class" button: joining, sending, limits, a teacher's room, bad links."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image

from ae_core.classroom import open_store, rooms
from ae_core.classroom.rooms import Share
from ae_core.lab import classroom as wall_lab
from tests.apptest_support import as_server, open_page, texts, tr


def wall_cards(at) -> list[dict]:
    """The cards the wall's own element was given on the last run (its data, as the browser gets it)."""
    walls = [e.proto for e in at.get("bidi_component") if e.proto.component_name == "autoencoder_lab.class_wall"]
    return json.loads(walls[0].json)["cards"] if walls else []


def share_of(digit, share_id=1, nickname="", owner="0" * 32, hidden=False) -> Share:
    return Share(id=share_id, pixels=rooms.digit_bytes(digit), nickname=nickname, shared_at=1.0, hidden=hidden, owner=owner)


class Identity:
    def encode(self, x):
        return np.asarray(x).reshape(len(x), -1)

    def decode(self, z):
        return np.asarray(z).reshape(-1, 28, 28, 1)


class Blank(Identity):
    def decode(self, z):
        return np.zeros((len(z), 28, 28, 1), np.float32)


class Reads:
    """A 'classifier' that reads every digit as ``label``."""

    def __init__(self, label):
        self.label = label

    def predict_proba(self, x):
        p = np.full((len(x), 10), 0.01)
        p[:, self.label] = 0.91
        return p


class FirstPixels:
    """A 2-d 'map': the first two pixels."""

    def encode(self, x):
        return np.asarray(x).reshape(len(x), -1)[:, :2]


# --- what the wall computes ---


def test_read_shares_measures_every_model_and_places_every_digit(digits):
    shares = [share_of(digits[i, ..., 0], i + 1) for i in range(3)]
    read = wall_lab.read_shares(shares, {"same": Identity(), "blank": Blank()}, Reads(7), {"map": FirstPixels()})
    assert [d.share_id for d in read] == [1, 2, 3]
    for d, share in zip(read, shares):
        assert d.errors["same"] == pytest.approx(0.0, abs=1e-6)
        assert d.errors["blank"] == pytest.approx(float(np.sum(share.image() ** 2)), rel=1e-5)
        assert d.reading == 7 and d.confidence == pytest.approx(0.91)
        assert d.points["map"] == tuple(share.image().reshape(-1)[:2])
    assert wall_lab.read_shares([], {}, None, {}) == []


def test_updated_drops_what_was_taken_back_and_follows_hiding(digits):
    read = {d.share_id: d for d in wall_lab.read_shares([share_of(digits[i, ..., 0], i + 1) for i in range(3)],
                                                         {"same": Identity()}, None, {})}
    kept = wall_lab.updated(read, {1: False, 3: True})
    assert sorted(kept) == [1, 3] and kept[3].hidden and not kept[1].hidden
    assert kept[1] is read[1]  # unchanged ones are the same objects (no work)


def test_shown_filters_by_reading_and_sorts_by_error(digits):
    shares = [share_of(digits[i, ..., 0], i + 1) for i in range(4)]
    read = wall_lab.read_shares(shares, {"blank": Blank()}, Reads(3), {})
    read[1] = wall_lab.WallDigit(**{**read[1].__dict__, "reading": 5})
    read[2] = wall_lab.WallDigit(**{**read[2].__dict__, "hidden": True})
    assert [d.share_id for d in wall_lab.shown(read)] == [4, 2, 1]
    assert [d.share_id for d in wall_lab.shown(read, readings={5})] == [2]
    by_error = wall_lab.shown(read, order="error", model="blank")
    errors = [d.errors["blank"] for d in by_error]
    assert errors == sorted(errors, reverse=True)
    assert 3 in [d.share_id for d in wall_lab.shown(read, include_hidden=True)]


def test_the_challenge_summary_counts_the_class_s_readings(digits):
    read = wall_lab.read_shares([share_of(digits[i, ..., 0], i + 1) for i in range(5)],
                                {"same": Identity(), "blank": Blank()}, Reads(3), {})
    read[0] = wall_lab.WallDigit(**{**read[0].__dict__, "reading": 8})
    summary = wall_lab.challenge_summary(read, 3)
    assert (summary.count, summary.read_as_asked, summary.other_readings) == (5, 4, {8: 1})
    assert list(summary.mean_errors) == ["same", "blank"]  # best first


def test_anomalies_flag_the_digit_far_from_the_class_s_usual_error(digits):
    base = wall_lab.read_shares([share_of(digits[i, ..., 0], i + 1) for i in range(8)], {"same": Identity()}, None, {})
    values = [1.0, 1.1, 0.9, 1.05, 0.95, 1.0, 1.02, 9.0]
    digits_with_errors = [wall_lab.WallDigit(**{**d.__dict__, "errors": {"m": v}}) for d, v in zip(base, values)]
    assert wall_lab.anomalies(digits_with_errors, "m") == {8}
    assert wall_lab.anomalies(digits_with_errors[:4], "m") == set()  # too few to know what is usual


@pytest.mark.parametrize("page_url, link, address", [
    ("http://192.168.1.5:8501/classroom", "http://192.168.1.5:8501/classroom?join=ACDEF", "192.168.1.5:8501/classroom"),
    ("https://aula.example.org/lab/classroom?x=1", "https://aula.example.org/lab/classroom?join=ACDEF",
     "aula.example.org/lab/classroom"),
])
def test_join_link_and_typed_address(page_url, link, address):
    assert wall_lab.join_link(page_url, "ACDEF") == link
    assert wall_lab.typed_address(page_url) == address


def test_loopback_pages_are_told_apart():
    assert wall_lab.is_loopback("http://localhost:8501/classroom")
    assert wall_lab.is_loopback("http://127.0.0.1:8501/classroom")
    assert not wall_lab.is_loopback("http://10.0.0.7:8501/classroom")
    found = wall_lab.network_url("http://localhost:8501/classroom?join=ACDEF")
    assert found is None or ("localhost" not in found and found.endswith(":8501/classroom?join=ACDEF"))


def test_the_qr_code_is_the_segno_matrix_of_the_link():
    import segno

    link = "http://192.168.1.5:8501/classroom?join=ACDEF"
    picture = np.asarray(Image.open(io.BytesIO(wall_lab.qr_png(link, scale=1))).convert("L"))
    matrix = np.array(segno.make(link, error="m", micro=False).matrix, dtype=bool)
    assert picture.shape == (matrix.shape[0] + 8, matrix.shape[1] + 8)  # the 4-module quiet zone
    assert np.array_equal(picture[4:-4, 4:-4] < 128, matrix)


# --- the page, under AppTest ---


@pytest.fixture
def class_db(tmp_path, monkeypatch):
    """A fresh SQLite store for the app under test (its cached store is reopened)."""
    from pages.common import cache

    path = tmp_path / "class.sqlite3"
    monkeypatch.setenv("AE_LAB_CLASS_DB", str(path))
    monkeypatch.delenv("AE_LAB_CLASS_REDIS", raising=False)
    cache.class_store.clear()
    yield open_store(redis_url="", sqlite_path=path)
    cache.class_store.clear()


def joined_page(page, code, lang="es", nick=""):
    """An AppTest whose browser already joined room ``code`` (as its cookie would say)."""
    at = open_page(page, lang, run=False)
    at.session_state["browser_memory"] = {"jobs": {}, "shown": [], "class": {"room": code, "nick": nick,
                                                                           "owner": rooms.new_owner()}}
    return at


PANEL = {"classroom": "class", "draw": "draw", "noise_lab": "noise"}  # each page's digit panel


def picked_digit(at, index=3, page="draw"):
    """The session's current digit: test digit ``index``, picked (the panel in pick mode)."""
    from pages.common import cache

    x, _, _ = cache.gallery("mnist")
    at.session_state[f"{PANEL[page]}_input_mode"] = "pick"
    at.session_state["digit"] = x[index, ..., 0]
    at.session_state["digit_source"] = {"kind": "picked", "dataset": "mnist", "index": index}


def submit_join(at):
    """Press the join form's button (its value is read by the page: run as a server would)."""
    (button,) = [b for b in at.button if b.key.startswith("FormSubmitter:class_join")]
    with as_server():
        button.click().run()


slow = pytest.mark.slow


@slow
@pytest.mark.usefixtures("prepared_zoo")
@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_student_joins_with_the_code_and_a_nickname(class_db, lang):
    room, token = class_db.create_room()
    at = open_page("classroom", lang)
    assert not at.exception
    at.text_input(key="class_join_code").set_value(room.code.lower())
    at.text_input(key="class_join_nick").set_value("Ana")
    submit_join(at)
    assert not at.exception
    assert tr("class_in_room", lang, code=room.code, who=tr("class_as", lang, nick="Ana")) in texts(at)
    assert at.session_state["browser_memory"]["class"]["room"] == room.code


@slow
@pytest.mark.usefixtures("prepared_zoo")
def test_a_wrong_code_gets_a_message_and_joins_nothing(class_db):
    class_db.create_room()
    at = open_page("classroom", "es")
    at.text_input(key="class_join_code").set_value("ZZZZZ")  # Z is not in the codes' alphabet
    submit_join(at)
    assert tr("class_problem_wrong_code", "es") in texts(at)
    at.text_input(key="class_join_code").set_value("ACDEF")  # well formed, no such room
    submit_join(at)
    assert tr("class_problem_wrong_code", "es") in texts(at)
    assert not at.session_state["browser_memory"]["class"].get("room")


@slow
@pytest.mark.usefixtures("prepared_zoo")
@pytest.mark.parametrize("page", ["classroom", "draw", "noise_lab"])
def test_the_send_button_sends_the_current_digit_to_the_wall_only(class_db, page):
    room, token = class_db.create_room()
    at = joined_page(page, room.code, nick="Bea")
    picked_digit(at, page=page)
    at.run()
    assert not at.exception
    send = at.button(key="current_class_send")
    assert send.label == tr("class_send", "es", code=room.code)
    send.click().run()
    assert not at.exception
    assert tr("class_sent", "es", code=room.code) in texts(at)
    (shared,) = class_db.wall_shares(token)
    assert shared.nickname == "Bea"
    assert np.allclose(shared.image(), at.session_state["digit"], atol=1 / 255)
    at.button(key="current_class_undo").click().run()  # take it back
    assert class_db.wall_shares(token) == []


@slow
@pytest.mark.usefixtures("prepared_zoo")
def test_nothing_is_sent_without_joining_and_no_button_shows(class_db):
    room, token = class_db.create_room()
    at = open_page("draw", "es", run=False)
    picked_digit(at)
    at.run()
    assert not [b for b in at.button if b.key == "current_class_send"]
    assert class_db.wall_shares(token) == []


@slow
@pytest.mark.usefixtures("prepared_zoo")
def test_a_flood_of_sends_is_refused_with_a_message(class_db):
    room, token = class_db.create_room()
    at = joined_page("draw", room.code)
    picked_digit(at)
    at.run()
    for _ in range(rooms.SHARES_PER_WINDOW + 2):
        at.button(key="current_class_send").click().run()
    assert not at.exception
    assert tr("class_problem_rate_limited", "es", n=rooms.SHARES_PER_WINDOW,
              seconds=int(rooms.SHARE_WINDOW_SECONDS)) in texts(at)
    assert len(class_db.wall_shares(token)) == rooms.SHARES_PER_WINDOW


@slow
@pytest.mark.usefixtures("prepared_zoo")
def test_a_room_that_ended_mid_lesson_is_explained_to_the_student(class_db):
    room, token = class_db.create_room()
    at = joined_page("classroom", room.code)
    at.run()
    class_db.end_room(token)
    at.run()
    assert not at.exception
    assert tr("class_room_ended_student", "es", code=room.code) in texts(at)
    assert not at.session_state["browser_memory"]["class"].get("room")


@slow
@pytest.mark.usefixtures("prepared_zoo")
@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_teacher_opens_a_room_and_gets_the_wall(class_db, lang):
    at = open_page("classroom", lang)
    at.button(key="class_start").click().run()
    assert not at.exception and not at.error
    token = at.session_state["browser_memory"]["class"]["teacher"]
    room = class_db.teacher_room(token)
    assert any(room.code in element.proto.body for element in at.get("html"))
    assert tr("class_wall_empty", lang) in texts(at)
    student = class_db.share(room.code, rooms.new_owner(), np.pad(np.ones((14, 4)), ((7, 7), (12, 12))), "Caro")
    at.run()
    assert not at.exception
    cards = wall_cards(at)
    assert [card["id"] for card in cards] == [str(student.id)] and cards[0]["title"] == f"#{student.id} · Caro"
    assert cards[0]["src"].startswith("data:image/png;base64,")


@slow
@pytest.mark.usefixtures("prepared_zoo")
def test_the_maps_tab_draws_one_map_with_every_class_digit_and_sends_no_cards(class_db):
    at = open_page("classroom", "es")
    at.button(key="class_start").click().run()
    room = class_db.teacher_room(at.session_state["browser_memory"]["class"]["teacher"])
    sent = [class_db.share(room.code, rooms.new_owner(), np.pad(np.ones((14, 4 + i)), ((7, 7), (12, 12 - i))))
            for i in range(3)]
    at.session_state["wall_view"] = tr("class_tab_maps", "es")
    at.run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 1 and wall_cards(at) == []
    figure = json.loads(charts[0].proto.spec)
    shown = {text.split()[0] for trace in figure["data"] for text in trace.get("text", [])}
    assert shown == {f"#{share.id}" for share in sent}
    assert figure["layout"]["images"][0]["source"].startswith("data:image/png;base64,")  # the test digits


@slow
@pytest.mark.usefixtures("prepared_zoo")
def test_a_wrong_teacher_link_opens_no_wall(class_db):
    room, token = class_db.create_room()
    at = open_page("classroom", "es", run=False)
    at.query_params["teacher"] = token[:-2] + "xx"
    at.run()
    assert not at.exception
    assert tr("class_problem_not_teacher", "es") in texts(at)
    assert "teacher" not in at.session_state["browser_memory"]["class"]
    assert not [e for e in at.get("html") if room.code in e.proto.body]
    assert "teacher" not in at.query_params  # never left in the address bar


@slow
@pytest.mark.usefixtures("prepared_zoo")
def test_joining_a_room_clears_the_message_about_a_wrong_teacher_link(class_db):
    room, token = class_db.create_room()
    at = open_page("classroom", "es", run=False)
    at.query_params["teacher"] = token[:-2] + "xx"
    at.run()
    assert tr("class_problem_not_teacher", "es") in texts(at)
    at.text_input(key="class_join_code").set_value(room.code)
    submit_join(at)
    assert not at.exception
    assert tr("class_in_room", "es", code=room.code, who=tr("class_anonymous", "es")) in texts(at)
    assert tr("class_problem_not_teacher", "es") not in texts(at)  # it no longer applies


@slow
@pytest.mark.usefixtures("prepared_zoo")
def test_the_teacher_link_opens_the_wall_and_leaves_the_address_bar(class_db):
    room, token = class_db.create_room()
    at = open_page("classroom", "es", run=False)
    at.query_params["teacher"] = token
    at.run()
    assert not at.exception
    assert at.session_state["browser_memory"]["class"]["teacher"] == token
    assert "teacher" not in at.query_params
    assert any(room.code in e.proto.body for e in at.get("html"))


@slow
@pytest.mark.usefixtures("prepared_zoo")
def test_the_wall_keeps_its_digits_when_the_store_goes_away(class_db, tmp_path, monkeypatch):
    from ae_core.classroom.rooms import ClassProblem
    from pages.common import cache

    at = open_page("classroom", "es")
    at.button(key="class_start").click().run()
    token = at.session_state["browser_memory"]["class"]["teacher"]
    room = class_db.teacher_room(token)
    class_db.share(room.code, rooms.new_owner(), np.pad(np.ones((14, 4)), ((7, 7), (12, 12))))
    at.run()
    store = cache.class_store()

    def unavailable(*args, **kwargs):
        raise ClassProblem("store_unavailable", "test")

    for name in ("teacher_room", "wall_state", "wall_shares"):
        monkeypatch.setattr(store, name, unavailable)
    at.run()
    assert not at.exception
    assert tr("class_problem_store_unavailable", "es") + " " + tr("class_wall_keeps", "es") in texts(at)
    assert len(wall_cards(at)) == 1


def test_a_card_picture_is_the_digit_a_grey_line_and_its_reconstruction(digits):
    digit = digits[0, ..., 0]
    rebuilt = np.full((28, 28), 7, np.uint8)
    picture = wall_lab.side_by_side(digit, rebuilt)
    assert picture.shape == (28, 57) and picture.dtype == np.uint8
    np.testing.assert_array_equal(picture[:, :28], np.round(digit * 255).astype(np.uint8))
    assert (picture[:, 28] == 110).all() and (picture[:, 29:] == 7).all()
