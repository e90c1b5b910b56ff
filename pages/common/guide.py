"""The guided path through the lessons: the course's order, a one-line "what you will see" at the
top of each lesson, a "predict first" question answered before the result is revealed, and
"previous / next lesson" at the bottom.

A prediction is kept per page: once answered (or skipped), the page shows its results, and says
whether the guess was right from the numbers the page computed; the browser remembers which
lessons were answered (pages.common.browser_memory), so a reload shows the results again.
"""

from __future__ import annotations

import streamlit as st

from pages.common import browser_memory
from pages.common.i18n import N_, option, t

# The course's order: (page file, its key in the page_ family of titles).
COURSE = (
    ("draw", "draw"), ("pca_linear_ae", "pca"), ("compression", "compression"), ("noise_lab", "noise"),
    ("inpainting", "inpainting"), ("sparse", "sparse"), ("tied", "tied"), ("recurrent", "recurrent"),
    ("latent_map", "latent"), ("vae_explorer", "vae"), ("anomalies", "anomalies"), ("image_search", "search"),
    ("pretraining", "pretraining"), ("train_your_own", "train_own"),
)
PAGE_KEYS = dict(COURSE)


def header(page: str, title_key: str, explain_key: str) -> None:
    """The lesson's title, its number on the path, one line of what the student will see, and the
    longer explanation folded away (on a phone the digit input stays near the top)."""
    number = [name for name, _ in COURSE].index(page) + 1
    st.title(t(title_key))
    st.markdown(t("guide_see", number=number, total=len(COURSE), see=option("see_", page)))
    with st.expander(t("guide_more")):
        st.markdown(t(explain_key))


def predict(page: str, question: str, options: dict, answer=None, *, reveal_note: str | None = None) -> bool:
    """Ask ``question`` before the page shows its result; True once it may be shown.

    ``options``: {value: label}. ``answer``: the value the page's own numbers give (None when it is
    not known yet, e.g. before a training): after the student answers, the page says whether the
    guess matches it.
    """
    choice_key, shown_key, guess_key = f"guide_{page}_choice", f"guide_{page}_shown", f"guide_{page}_guess"
    answered = browser_memory.memory()["shown"]
    if shown_key not in st.session_state and page in answered:  # answered before a reload
        st.session_state[shown_key] = True
        st.session_state[guess_key] = _FORGOTTEN
    with st.container(border=True, key=f"guide_{page}_box"):
        if not st.session_state.get(shown_key, False):
            st.markdown("**" + t("guide_predict") + "** " + question)
            choice = st.radio(question, list(options), format_func=options.get, index=None, key=choice_key,
                              label_visibility="collapsed", horizontal=True)
            # A callback, not the button's return value: a click that lands while the page is still
            # running (an upload, the live path's switch) would otherwise be lost with that run.
            st.button(t("guide_reveal") if choice is not None else t("guide_skip"), key=f"guide_{page}_reveal",
                      type="primary" if choice is not None else "secondary", on_click=_reveal, args=(page,))
            return False
        # Answered: the question folds to one line, so the result is on screen sooner.
        guess = st.session_state.get(guess_key)
        if guess is _FORGOTTEN:
            said = t("guide_answered_before")
        elif guess in options:
            said = t("guide_your_guess", guess=options[guess])
        else:
            said = t("guide_skipped")
        st.markdown("**" + t("guide_predict") + "** " + question + " " + said)
        if guess in options and answer is not None:
            right = guess == answer
            (st.success if right else st.info)(
                t(N_("guide_right") if right else N_("guide_wrong"), answer=options.get(answer, str(answer))))
        elif answer is None and reveal_note:
            st.caption(reveal_note)
        st.button(t("guide_again"), key=f"guide_{page}_again", type="tertiary", on_click=_ask_again, args=(page,))
    return True


_FORGOTTEN = "__answered_before_a_reload__"  # the guess itself is not kept across a reload


def predict_training(page: str, question: str, options: dict, answer=None) -> None:
    """The same question for a lesson that trains live: asked before the training, answered from
    its result (``answer`` None while there is none); the page itself is never hidden."""
    choice_key = f"guide_{page}_choice"
    with st.container(border=True, key=f"guide_{page}_box"):
        st.markdown("**" + t("guide_predict") + "** " + question)
        choice = st.radio(question, list(options), format_func=options.get, index=None, key=choice_key,
                          label_visibility="collapsed", horizontal=True)
        if answer is None:
            st.caption(t("guide_after_training"))
        elif choice is not None:
            right = choice == answer
            (st.success if right else st.info)(
                t(N_("guide_right") if right else N_("guide_wrong"), answer=options.get(answer, str(answer))))


def _reveal(page: str) -> None:
    st.session_state[f"guide_{page}_shown"] = True
    # The radio goes away once answered: its value is kept as the guess.
    st.session_state[f"guide_{page}_guess"] = st.session_state.get(f"guide_{page}_choice")
    answered = browser_memory.memory()["shown"]
    if page not in answered:
        answered.append(page)


def _ask_again(page: str) -> None:
    st.session_state.pop(f"guide_{page}_choice", None)
    st.session_state.pop(f"guide_{page}_guess", None)
    st.session_state[f"guide_{page}_shown"] = False
    answered = browser_memory.memory()["shown"]
    if page in answered:
        answered.remove(page)


# Plain-language meanings of the jargon a page uses (term, meaning), by term.
GLOSSARY = {
    "code": (N_("term_code"), N_("meaning_code")), "knn": (N_("term_knn"), N_("meaning_knn")),
    "silhouette": (N_("term_silhouette"), N_("meaning_silhouette")), "psnr": (N_("term_psnr"), N_("meaning_psnr")),
    "ssim": (N_("term_ssim"), N_("meaning_ssim")), "bce": (N_("term_bce"), N_("meaning_bce")),
    "elbo": (N_("term_elbo"), N_("meaning_elbo")), "prior": (N_("term_prior"), N_("meaning_prior")),
    "auc": (N_("term_auc"), N_("meaning_auc")), "pca": (N_("term_pca"), N_("meaning_pca")),
}


def glossary(terms, *, title_key: str = N_("glossary_title")) -> None:
    """An expander with the plain-language meaning of the page's jargon."""
    with st.expander(t(title_key)):
        st.markdown("\n".join("- " + t("glossary_entry", term=t(GLOSSARY[term][0]), meaning=t(GLOSSARY[term][1]))
                               for term in terms))


def footer(page: str) -> None:
    """Links to the previous and the next lesson of the course."""
    names = [name for name, _ in COURSE]
    index = names.index(page)
    left, right = st.columns(2)
    if index > 0:
        name, key = COURSE[index - 1]
        left.page_link(f"pages/{name}.py", label=t("guide_previous", title=option("page_", key)),
                       icon=":material/arrow_back:")
    if index + 1 < len(COURSE):
        name, key = COURSE[index + 1]
        right.page_link(f"pages/{name}.py", label=t("guide_next", title=option("page_", key)),
                        icon=":material/arrow_forward:")


def guessed(page: str, options: dict) -> bool:
    """True when the student's guess on ``page`` is one of ``options``: the page then owes its verdict
    (a page whose answer costs work computes it only then)."""
    return st.session_state.get(f"guide_{page}_guess") in options


def revealed(page: str) -> bool:
    """True once the page's question was answered or skipped (its results are on screen)."""
    return bool(st.session_state.get(f"guide_{page}_shown")) or page in browser_memory.memory()["shown"]
