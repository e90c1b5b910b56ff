"""Class: a teacher opens a room and projects the class's digits on a wall, live; students join
with the room's code and send the digits they choose."""

import html

import numpy as np
import streamlit as st

from ae_core.classroom import rooms
from ae_core.classroom.rooms import ClassProblem
from ae_core.imaging import data_url, png_data_url
from ae_core.lab import classroom as wall_lab
from ae_core.lab.draw import reconstruct_all, with_pca_at
from ae_core.lab.latent_map import map_codes, map_ranges
from ae_core.registry import get_spec
from pages.common import cache, classroom_session as session, digit_input, own_components, shell, state, ui
from pages.common.i18n import current_language, labeller, number, t

shell.require_shell()

WALL_POLL_SECONDS = 0.5  # the wall asks the store for news this often (target: a share shows within 2 s)
PCA_K = 30  # as on the Draw page
OWN_SHOWN = 12  # a student's own shares listed, newest first
WALL_SHOWN_MAX = 240  # cards on the wall at once (in the chosen order); the maps show every digit
DIGITS = "wall_digits"  # {share id: WallDigit} the wall has read (kept when the store goes away)
VERSION = "wall_version"
ROOM = "wall_room"  # the last Room the store returned
PICTURES = "wall_pictures"  # {(model, share id): PNG data URL of its card's picture}
PROBLEM = "wall_problem"  # the store's last refusal, or None
FIGURES = "wall_figure"  # (what the map shows, its Plotly figure)
MAP_KEPT = "wall_map_kept"  # the map shown (kept while another tab is open)
MAP_HEIGHT = {False: 560, True: 620}  # px: the one map on the wall, in the normal and the projector view
PICKED = "wall_picked_kept"  # the digit up close (kept while another tab is open)

st.title(t("class_title"))


def adopt_link() -> str | None:
    """A teacher's secret link (?teacher=...) is kept by this browser and leaves the address bar
    at once (a projected URL must not show it); ?join=CODE fills in the code field."""
    token = st.query_params.get("teacher")
    if token is not None:
        del st.query_params["teacher"]
        try:
            session.store().teacher_room(rooms.check_token(token))
        except ClassProblem as problem:
            session.notice("warning", session.problem_text(problem))
        else:
            session.keep_teacher_token(token)
    return rooms.clean_code(st.query_params.get("join") or "")


def start_room() -> None:
    try:
        room, token = session.store().create_room()
    except ClassProblem as problem:
        session.notice("warning", session.problem_text(problem))
        return
    session.forget_teacher()
    session.keep_teacher_token(token)
    session.clear_notice()  # an older message (a bad link, an ended room) no longer applies
    st.session_state[ROOM] = room


# --- a student's side ---


def join_form(prefilled: str | None) -> None:
    with st.form("class_join", border=True):
        st.subheader(t("class_join_heading"))
        code = st.text_input(t("class_code"), value=prefilled or "", max_chars=12, key="class_join_code",
                             placeholder="ABCDE", help=t("class_code_help"))
        nick = st.text_input(t("class_nickname"), max_chars=rooms.NICKNAME_MAX, key="class_join_nick",
                             help=t("class_nickname_help"))
        if st.form_submit_button(t("class_join"), type="primary", icon=":material/login:"):
            if not rooms.clean_code(code):
                st.warning(t("class_problem_wrong_code"))
            else:
                try:
                    session.join(code, nick)
                except ClassProblem as problem:
                    st.warning(session.problem_text(problem))
                else:
                    st.rerun()


def student_room(room) -> None:
    place = session.joined()
    who = t("class_as", nick=session.plain_markdown(place["nick"])) if place["nick"] else t("class_anonymous")
    st.success(t("class_in_room", code=room.code, who=who))
    if room.challenge is not None:
        st.info(t("class_challenge_student", digit=room.challenge), icon=":material/flag:")
    st.caption(t("class_privacy"))
    left, right = st.columns([1, 2], gap="large")
    with left:
        digit = digit_input.digit_panel("class", default_mode="draw")
        digit_input.show_current(digit, scale=4)
        if digit is None:
            st.caption(t("class_nothing_to_send"))
    with right:
        own_shares(room)
    if st.button(t("class_leave"), key="class_leave", icon=":material/logout:"):
        session.leave()
        st.rerun()


def own_shares(room) -> None:
    st.subheader(t("class_your_shares"))
    try:
        mine = session.store().own_shares(room.code, session.owner())
    except ClassProblem as problem:
        st.warning(session.problem_text(problem))
        return
    if not mine:
        st.caption(t("class_none_sent"))
        return
    st.caption(t("class_sent_count", n=len(mine), cap=rooms.SHARES_PER_STUDENT))
    newest = mine[::-1][:OWN_SHOWN]
    columns = st.columns(4)
    for index, share in enumerate(newest):
        with columns[index % 4]:
            ui.image(share.image(), scale=3)
            if st.button(t("class_take_back"), key=f"class_take_back_{share.id}", icon=":material/undo:"):
                try:
                    session.take_back(share.id)
                except ClassProblem as problem:
                    session.notice("warning", session.problem_text(problem))
                st.rerun()


def student_side(prefilled: str | None) -> None:
    try:
        room = session.current_room()
    except ClassProblem as problem:
        st.warning(session.problem_text(problem))
        return
    if room is not None:
        student_room(room)
        return
    session.show_ended_room()
    st.markdown(t("class_explain"))
    join_col, teacher_col = st.columns(2, gap="large")
    with join_col:
        join_form(prefilled)
    with teacher_col, st.container(border=True):
        st.subheader(t("class_teacher_heading"))
        st.markdown(t("class_teacher_explain", hours=number(rooms.ROOM_HOURS)))
        st.button(t("class_start"), key="class_start", on_click=start_room, type="primary", icon=":material/co_present:")


# --- the teacher's wall ---


def wall_models():
    """(reconstructing models, classifier, 2-d map models) the wall reads every digit with."""
    names = cache.available(tag="draw", dataset="mnist")
    models = with_pca_at(ui.load_models(names), PCA_K)
    classifiers = cache.available(tag="classifier", dataset="mnist")
    classifier = ui.load_model(classifiers[0]) if classifiers else None
    maps = {name: cache.model(name) for name in cache.available(tag="latent2d", dataset="mnist")}
    return models, classifier, maps


def model_title(name: str, lang: str | None = None) -> str:
    return f"PCA (k={PCA_K})" if get_spec(name).kind == "pca" else ui.model_title(name, lang)


def poll(token: str, models, classifier, maps) -> None:
    """Bring the wall's digits up to date with the store (only what changed is read)."""
    kept = st.session_state.setdefault(DIGITS, {})
    try:
        room, held = session.store().wall_state(token)
        if room.version != st.session_state.get(VERSION):
            fresh = session.store().wall_shares(token, after_id=max(kept, default=0))
            kept.update({d.share_id: d for d in wall_lab.read_shares(fresh, models, classifier, maps)})
            st.session_state[DIGITS] = wall_lab.updated(kept, held)
            st.session_state[VERSION] = room.version
        st.session_state[ROOM] = room
        st.session_state[PROBLEM] = None
    except ClassProblem as problem:
        st.session_state[PROBLEM] = problem


def card_pictures(digits, name: str, model) -> dict:
    """{share id: PNG data URL of the digit beside its ``name`` reconstruction}, made once per
    digit and model (a poll sends the wall's cards again; their pictures are not re-made)."""
    done = st.session_state.setdefault(PICTURES, {})
    missing = [d for d in digits if (name, d.share_id) not in done]
    if missing:
        x = np.stack([d.image for d in missing]).reshape(-1, 28, 28, 1)
        x_hat = np.clip(model.decode(model.encode(x)), 0.0, 1.0)
        for d, image in zip(missing, x_hat):
            rebuilt = np.round(image[..., 0] * 255).astype(np.uint8)
            done[(name, d.share_id)] = png_data_url(wall_lab.side_by_side(d.image, rebuilt))
    return {d.share_id: done[(name, d.share_id)] for d in digits}


def room_banner(room, token: str) -> None:
    """The join code, the address and the QR code, big enough for the back row."""
    page_url = st.context.url or "http://localhost:8501/classroom"
    network = wall_lab.network_url(page_url) if wall_lab.is_loopback(page_url) else None
    shown_url = network or page_url
    code_col, qr_col = st.columns([3, 1], vertical_alignment="center")
    with code_col:
        label = html.escape(t("class_code"))
        st.html(f'<div class="ae-join"><span class="ae-join-label">{label}</span>'
                f'<span class="ae-join-code" data-code="{room.code}">{room.code}</span>'
                f'<span class="ae-join-address">{html.escape(wall_lab.typed_address(shown_url))}</span></div>')
        st.markdown(t("class_how_to_join", address=wall_lab.typed_address(shown_url), code=room.code))
        if wall_lab.is_loopback(page_url):
            st.caption(t("class_loopback_note") if network else t("class_no_network"))
    with qr_col:
        link = wall_lab.join_link(shown_url, room.code)
        alt = html.escape(t("class_qr_alt"))
        st.html(f'<img class="ae-qr" alt="{alt}" src="{data_url(wall_lab.qr_png(link))}">')
    with st.expander(t("class_secret_heading"), icon=":material/key:"):
        st.warning(t("class_secret_warning"))
        secret = wall_lab.join_link(page_url, room.code).split("?")[0] + f"?teacher={token}"
        st.code(secret, language=None)



def teacher_action(method, *args) -> bool:
    """Run one of the teacher's store calls; a refusal is kept for the wall to show (it keeps
    what it has). True when it went through."""
    try:
        method(*args)
    except ClassProblem as problem:
        st.session_state[PROBLEM] = problem
        return False
    return True


def wall_controls(token: str, room, models) -> dict:
    """The teacher's controls; returns the chosen view {order, model, readings, odd_k}."""
    order_col, model_col, challenge_col = st.columns(3)
    with order_col:
        order = st.segmented_control(t("class_order"), wall_lab.ORDERS, format_func=labeller("class_order_"),
                                     default="newest", key="wall_order", required=True, wrap=True)
    with model_col:
        names = list(models)
        lang = current_language()  # a format_func's labels are fixed when the widget is built
        chosen = st.selectbox(t("class_model"), names, format_func=lambda n: model_title(n, lang), key="wall_model",
                              filter_mode=None,
                              index=names.index("dense_ae_30") if "dense_ae_30" in names else 0,
                              placeholder=t("choose_option"))
    with challenge_col:
        challenges = [None, *range(10)]

        def challenge_changed():
            def set_challenge():
                st.session_state[ROOM] = session.store().set_challenge(token, st.session_state["wall_challenge"])

            teacher_action(set_challenge)

        st.selectbox(t("class_challenge"), challenges, key="wall_challenge", filter_mode=None,
                     index=challenges.index(room.challenge), on_change=challenge_changed,
                     format_func=lambda c: t("class_no_challenge", lang) if c is None else t("class_challenge_option", lang, digit=c),
                     placeholder=t("choose_option"))
    readings = st.pills(t("class_filter"), list(range(10)), selection_mode="multi", key="wall_filter",
                        help=t("class_filter_help"))
    return {"order": order, "model": chosen, "readings": set(readings) if readings else None}


def wall_grid(digits, view, models, odd) -> None:
    if not digits:
        st.info(t("class_wall_empty"))
        return
    if len(digits) > WALL_SHOWN_MAX:
        st.caption(t("class_wall_capped", shown=WALL_SHOWN_MAX, n=len(digits)))
        digits = digits[:WALL_SHOWN_MAX]
    model = view["model"]
    pictures = card_pictures(digits, model, models[model])
    cards = []
    for d in digits:
        lines = [t("class_card_reading", digit=d.reading) if d.reading is not None else "",
                 t("error_short", value=d.errors.get(model, 0.0))]
        if d.share_id in odd:
            lines.append(t("class_odd_one"))
        title = f"#{d.share_id}" + (f" · {d.nickname}" if d.nickname else "")
        cards.append({"id": str(d.share_id), "src": pictures[d.share_id], "title": title, "lines": lines,
                      "odd": d.share_id in odd})
    # Drawn by our own element, which adds only the new cards to the page (not st.html, which
    # replaces the whole grid on every poll); in the page's styles, like ui.card_grid's cards.
    own_components.component("class_wall", isolate_styles=False)(
        data={"key": "wall_grid", "minRem": 9.5, "cards": cards}, key="wall_grid", width="stretch", height="content")
    st.caption(t("class_card_help", model=model_title(model)))


def map_title(name: str, lang: str | None = None) -> str:
    return t("latent_pca_title", lang) if get_spec(name).kind == "pca" else ui.model_title(name, lang)


def wall_maps(digits, maps, odd, picked) -> None:
    """One 2-d map at a time, large: read from the back row, and a third of the drawing of
    three side by side on every poll (what kept a busy wall's maps seconds behind)."""
    if not maps:
        st.caption(t("class_no_maps"))
        return
    names = list(maps)
    lang = current_language()
    kept = st.session_state.get(MAP_KEPT)
    name = st.segmented_control(t("class_map_choice"), names, format_func=lambda n: map_title(n, lang),
                                default=kept if kept in names else names[0], key="wall_map_choice", required=True,
                                help=t("class_map_help"))
    st.session_state[MAP_KEPT] = name
    codes = cache.memo(map_codes, maps[name], cache.dataset("mnist"), persist=True)
    position = {d.share_id: i for i, d in enumerate(digits)}
    signature = (name, tuple(position), tuple(sorted(odd)), picked, lang, state.projector())
    built = st.session_state.get(FIGURES)
    if built is None or built[0] != signature:  # rebuilt only when what it shows changed
        points = np.array([d.points[name] for d in digits]).reshape(-1, 2)
        text = [f"#{d.share_id} {html.escape(d.nickname)} · " + t("class_card_reading", digit=d.reading) for d in digits]
        x_range, y_range = map_ranges(codes)
        figure = wall_lab_figure(codes, points, text, x_range, y_range, [position[i] for i in odd if i in position],
                                 position.get(picked), height=MAP_HEIGHT[state.projector()])
        st.session_state[FIGURES] = built = (signature, figure)
    ui.plotly(built[1], key="wall_map", file_name=f"class_map_{name}")


def wall_lab_figure(codes, points, text, x_range, y_range, odd, picked, *, height: int):
    from ae_core.figures import class_map

    count = wall_lab.BACKGROUND_DIGITS
    background = cache.memo(wall_lab.map_background, codes["test"][:count], codes["test_labels"][:count],
                            x_range=tuple(float(v) for v in x_range), y_range=tuple(float(v) for v in y_range))
    return class_map(background, points, text, x_range=x_range, y_range=y_range, odd=odd, picked=picked, height=height,
                     legend_names=(t("class_map_class"), t("class_map_odd"), t("class_map_picked")))


def wall_closer_look(digits, models, token: str) -> int | None:
    """One digit enlarged with every model's reconstruction; hide it from the wall."""
    if not digits:
        return None
    ids = [d.share_id for d in digits]
    by_id = {d.share_id: d for d in digits}
    kept = st.session_state.get(PICKED)
    picked = st.selectbox(t("class_pick"), ids, key="wall_picked", filter_mode=None, placeholder=t("choose_option"),
                          index=ids.index(kept) if kept in ids else 0,
                          format_func=lambda i: f"#{i}" + (f" · {by_id[i].nickname}" if by_id[i].nickname else ""))
    st.session_state[PICKED] = picked
    if picked is None:
        return None
    d = by_id[picked]
    big, rest = st.columns([1, 3], gap="large")
    with big:
        ui.image(d.image, caption=t("class_picked_caption", id=d.share_id, nick=d.nickname or t("class_no_nick")), scale=6)
        if d.reading is not None:
            st.markdown(t("class_picked_reading", digit=d.reading, confidence=d.confidence))

        st.button(t("class_hide"), key="wall_hide", on_click=teacher_action, icon=":material/visibility_off:",
                  args=(session.store().set_hidden, token, [picked], True))
    with rest:
        ranked = reconstruct_all(d.image, models)
        ui.card_grid([ui.Card(r.image, model_title(r.name), (t("error_short", value=r.squared_error),)) for r in ranked],
                     key="wall_closer", min_rem=7.5, export_name="class_digit")
    return picked


def challenge_panel(digits, asked: int) -> None:
    summary = wall_lab.challenge_summary(digits, asked)
    st.markdown("**" + t("class_challenge_heading", digit=asked) + "**")
    if not summary.count:
        st.caption(t("class_challenge_waiting", digit=asked))
        return
    others = ", ".join(t("class_reading_count", digit=label, n=n) for label, n in summary.other_readings.items())
    st.markdown(t("class_challenge_read", read=summary.read_as_asked, n=summary.count, digit=asked,
                  share=summary.read_as_asked / summary.count)
                + (" " + t("class_challenge_others", others=others) if others else ""))
    best = list(summary.mean_errors.items())[:3]
    st.markdown(t("class_challenge_best", models=", ".join(f"{model_title(n)} ({number(v, '.1f')})" for n, v in best)))


def wall_footer(token: str, digits_all) -> None:
    hidden = [d.share_id for d in digits_all if d.hidden]
    clear_col, unhide_col, end_col = st.columns(3)
    with unhide_col:
        if hidden and st.button(t("class_unhide", n=len(hidden)), key="wall_unhide", icon=":material/visibility:"):
            teacher_action(session.store().set_hidden, token, hidden, False)
    with clear_col, st.popover(t("class_clear"), icon=":material/delete_sweep:"):
        st.markdown(t("class_clear_confirm"))
        if st.button(t("class_clear_yes"), key="wall_clear", type="primary"):
            teacher_action(session.store().clear, token)
    with end_col, st.popover(t("class_end"), icon=":material/stop_circle:"):
        st.markdown(t("class_end_confirm"))
        if st.button(t("class_end_yes"), key="wall_end", type="primary"):
            try:
                session.store().end_room(token)
            except ClassProblem as problem:
                if problem.code not in ("room_gone", "not_teacher"):
                    st.session_state[PROBLEM] = problem
                    return
            session.forget_teacher()
            session.notice("info", t("class_ended"))
            st.rerun(scope="app")


@st.fragment(run_every=WALL_POLL_SECONDS)
def live_wall(token: str) -> None:
    with ui.guard():
        models, classifier, maps = wall_models()
        poll(token, models, classifier, maps)
        problem = st.session_state.get(PROBLEM)
        if problem is not None:
            if problem.code in ("room_gone", "not_teacher"):
                session.forget_teacher()
                session.notice("warning", t("class_room_ended_teacher"))
                st.rerun(scope="app")
            st.warning(session.problem_text(problem) + " " + t("class_wall_keeps"))
        room = st.session_state.get(ROOM)
        digits_all = list(st.session_state.get(DIGITS, {}).values())
        view = wall_controls(token, room, models)
        digits = wall_lab.shown(digits_all, order=view["order"], model=view["model"], readings=view["readings"])
        owners = len({d.owner for d in digits_all if not d.hidden})
        st.markdown(t("class_wall_count", n=len([d for d in digits_all if not d.hidden]), students=owners,
                      hidden=len([d for d in digits_all if d.hidden])))
        odd = wall_lab.anomalies(digits_all, view["model"])
        if room is not None and room.challenge is not None:
            challenge_panel(digits_all, room.challenge)
        # Only the open tab is computed and sent: three maps redrawn in hidden tabs on every poll
        # kept the teacher's browser seconds behind a busy class.
        grid_tab, maps_tab, closer_tab = st.tabs([t("class_tab_wall"), t("class_tab_maps"), t("class_tab_closer")],
                                                 key="wall_view", on_change="rerun")
        if closer_tab.open:
            with closer_tab:
                wall_closer_look(digits, models, token)
        if grid_tab.open:
            with grid_tab:
                wall_grid(digits, view, models, odd)
        if maps_tab.open:
            with maps_tab:
                wall_maps(digits, maps, odd, st.session_state.get(PICKED))
        wall_footer(token, digits_all)


def teacher_side(token: str) -> bool:
    """The wall, when this browser holds a live room's token; False when it does not (any more)."""
    room = st.session_state.get(ROOM)
    try:
        room = session.store().teacher_room(token)
    except ClassProblem as problem:
        if problem.code in ("room_gone", "not_teacher"):
            session.forget_teacher()
            st.warning(t("class_room_ended_teacher"))
            return False
        st.warning(session.problem_text(problem) + " " + t("class_wall_keeps"))
        if room is None:
            return True
    st.session_state[ROOM] = room
    room_banner(room, token)
    live_wall(token)
    return True


with ui.guard():
    prefilled = adopt_link()
    token = session.teacher_token()
    session.show_notice()
    if not (token and teacher_side(token)):
        student_side(prefilled)
