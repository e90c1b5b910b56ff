"""One language end to end: with the app in Spanish, no English text is visible on any page (its
folded parts opened, the upload control and a bad link included): neither Streamlit's own
("Browse files", "No results", "Page not found") nor the app's (a word of the English catalog
that the Spanish one never uses)."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tests.browser import layout_checks
from tests.browser.helpers import open_app, wait_idle
from tests.launch import REPO_ROOT

pytestmark = pytest.mark.browser

# Streamlit's English that a page could show (its uploader, inputs, dialogs, menus, placeholders).
STREAMLIT_ENGLISH = (
    "Browse files", "Drag and drop", "per file", "Press Enter", "Number is outside", "No results",
    "Page not found", "Choose an option", "Choose options", "Select all", "Running...", "Deploy",
    "View more", "View less", "Made with Streamlit", "Download as CSV", "Fullscreen", "Clear all",
)
WORD = re.compile(r"[A-Za-zÀ-ÿ]{4,}")
PLACEHOLDER = re.compile(r"\{[^}]*\}|:material/\w+:")  # placeholders and icons are not words


def catalog_words(lang: str) -> set[str]:
    with open(REPO_ROOT / "pages" / "locale" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=lang)
    return {w.lower() for m in catalog if m.id for w in WORD.findall(PLACEHOLDER.sub("", m.string))}


# Words of the app's English texts that its Spanish texts never use: seen on a Spanish page, one of
# them is an untranslated text.
ENGLISH_ONLY = catalog_words("en") - catalog_words("es")

# Every text node a student can see: through the components' shadow roots, not icons' ligature
# names ("arrow_forward", a label's ":material/label:"), not code; inputs' placeholders too.
VISIBLE_TEXT_JS = """
() => {
  const texts = [];
  // Icons are glyphs of an icon font whose ligature names ("label", "upload") are not shown as text.
  const skip = '[data-testid="stIconMaterial"], [role="img"][translate="no"], pre, code, script, style, noscript, svg title';
  const visit = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.currentNode; node; node = walker.nextNode()) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.shadowRoot) visit(node.shadowRoot);
        if ((node.tagName === 'INPUT' || node.tagName === 'TEXTAREA') && node.placeholder && node.checkVisibility())
          texts.push(node.placeholder);
        continue;
      }
      const parent = node.parentElement;
      if (!parent || !node.textContent.trim() || parent.closest(skip)) continue;
      if (!parent.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
      const box = parent.getBoundingClientRect();
      if (box.width < 1 || box.height < 1) continue;
      texts.push(node.textContent.trim());
    }
  };
  visit(document.body);
  return texts;
}
"""


def open_every_expander(tab) -> None:
    # One at a time: opening one changes which are still folded (and may rerun the page).
    folded = tab.locator("[data-testid=stMain] [data-testid=stExpander] details:not([open]) > summary:visible")
    for _ in range(30):
        if not folded.count():
            break
        folded.first.click()
        wait_idle(tab)


def english_on_screen(tab) -> list[str]:
    """The English texts seen: Streamlit's phrases and the app's English-only words, with their text."""
    found = []
    for text in tab.evaluate(VISIBLE_TEXT_JS):
        found += [f"{phrase!r} in {text[:80]!r}" for phrase in STREAMLIT_ENGLISH if phrase in text]
        found += [f"{word!r} in {text[:80]!r}" for word in WORD.findall(text) if word.lower() in ENGLISH_ONLY]
    return found


def test_the_word_list_finds_english_and_passes_spanish():
    assert {"reconstructions", "noise", "upload", "because"} <= ENGLISH_ONLY
    assert not {"reconstrucciones", "ruido", "subir", "porque", "mnist", "fashion"} & ENGLISH_ONLY


@pytest.fixture(scope="module")
def spanish_session(browser, app_url):
    session = layout_checks.ViewSession(browser, app_url, "desktop", "es")
    yield session
    session.close()


@pytest.mark.parametrize("path", layout_checks.PATHS)
def test_a_spanish_page_shows_no_english(spanish_session, path):
    spanish_session.check(path)
    tab = spanish_session.tab
    open_every_expander(tab)
    assert not english_on_screen(tab), f"/{path} in Spanish shows English: " + "; ".join(english_on_screen(tab))


def test_the_spanish_upload_control_and_a_bad_link_show_no_english(browser, app_url):
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    open_app(tab, app_url, "draw")
    tab.locator(".st-key-draw_input_mode").get_by_text("Subir", exact=True).click()
    wait_idle(tab)
    tab.locator(".st-key-draw_upload").wait_for(timeout=30_000)
    assert not english_on_screen(tab), "; ".join(english_on_screen(tab))
    tab.set_input_files(".st-key-draw_upload input[type=file]", files=[
        {"name": "notas.txt", "mimeType": "text/plain", "buffer": b"no es una imagen"}])
    wait_idle(tab)
    tab.locator("[data-testid=stAlert]").first.wait_for(timeout=30_000)  # the "not an image" message
    assert not english_on_screen(tab), "; ".join(english_on_screen(tab))

    open_app(tab, app_url, "esta_leccion_no_existe")
    tab.get_by_role("heading", name="Página no encontrada").wait_for(timeout=60_000)
    assert not english_on_screen(tab), "; ".join(english_on_screen(tab))
    context.close()


def test_sliders_write_decimals_with_the_language_s_sign(browser, app_url):
    """Streamlit writes "0.50" in every language: in Spanish the slider shows "0,50", in English
    "0.50", and moving it keeps the sign (the shown value follows the slider)."""
    shown = {}
    for locale in ("es-ES", "en-US"):
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 720})
        tab = context.new_page()
        open_app(tab, app_url, "noise_lab")
        thumb = tab.locator(".st-key-noise_sigma [data-testid=stSliderThumbValue]")
        thumb.wait_for(timeout=60_000)
        tab.wait_for_timeout(300)
        before = thumb.inner_text()
        tab.locator(".st-key-noise_sigma input[type=range]").focus()
        tab.keyboard.press("ArrowRight")
        wait_idle(tab)
        tab.wait_for_timeout(300)
        shown[locale] = (before, thumb.inner_text())
        context.close()
    assert shown["es-ES"] == ("0,50", "0,55"), shown
    assert shown["en-US"] == ("0.50", "0.55"), shown
