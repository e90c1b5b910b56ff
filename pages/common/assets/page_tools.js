// Small browser-side helpers of Autoencoder Lab, one component (no visible element of its own):
//  - "theme": buttons that reload the page in the light or the dark theme (the theme stays in
//    the URL as Streamlit's own embed_options=light_theme / dark_theme, read when a page loads);
//  - "save chart": a button that saves the Vega chart just above it as a PNG;
//  - on a phone, the sidebar closes once a page has been chosen in it;
//  - sliders show the language's decimal sign.
function closeSidebarOnPhone() {
  if (window.__aeLabSidebarHook) return;
  window.__aeLabSidebarHook = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest('[data-testid="stSidebarNav"] a');
    if (!link || window.innerWidth > 768) return;
    setTimeout(() => {
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebar"] [data-testid="baseButton-headerNoPadding"]');
      if (close) close.click();
    }, 150);
  }, true);
}

// Streamlit writes a slider's value with a decimal point whatever the language ("0.50"): show
// the page language's sign instead ("0,50"). The text node itself is changed, not replaced, so
// React keeps updating the same node (and this puts the sign back after each update).
const SLIDER_NUMBERS = '[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBarMin"], [data-testid="stSliderTickBarMax"]';

function localDecimalsOnSliders(decimal) {
  window.__aeLabDecimal = decimal || ".";
  const fix = () => {
    if (window.__aeLabDecimal === ".") return;
    for (const el of document.querySelectorAll(SLIDER_NUMBERS)) {
      const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        if (/^[-−]?\d+\.\d+$/.test(node.nodeValue.trim())) node.nodeValue = node.nodeValue.replace(".", window.__aeLabDecimal);
      }
    }
  };
  if (!window.__aeLabSliderHook) {
    window.__aeLabSliderHook = new MutationObserver(fix);
    window.__aeLabSliderHook.observe(document.body, { subtree: true, childList: true, characterData: true });
  }
  fix();
}

function themeButtons(root, data) {
  const wrap = document.createElement("div");
  wrap.className = "pt-row";
  for (const choice of data.choices) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = choice.label;
    button.className = choice.active ? "pt-button pt-active" : "pt-button";
    button.setAttribute("aria-pressed", choice.active ? "true" : "false");
    button.addEventListener("click", () => {
      if (choice.active) return;
      const url = new URL(window.location.href);
      url.searchParams.set("embed_options", choice.value === "light" ? "light_theme" : "dark_theme");
      window.location.assign(url.toString());
    });
    wrap.append(button);
  }
  root.append(wrap);
}

function saveChartButton(root, data, host) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "pt-button pt-small";
  button.textContent = data.label;
  button.addEventListener("click", () => {
    let box = host.closest('[data-testid="stElementContainer"]');
    let canvas = null;
    for (let el = box && box.previousElementSibling; el && !canvas; el = el.previousElementSibling) {
      canvas = el.querySelector(".stVegaLiteChart canvas, canvas.marks, [data-testid='stVegaLiteChart'] canvas");
    }
    if (!canvas) return;
    const link = document.createElement("a");
    link.href = canvas.toDataURL("image/png");
    link.download = data.fileName;
    document.body.append(link);
    link.click();
    link.remove();
  });
  root.append(button);
}

export default function (component) {
  const { data, parentElement } = component;
  closeSidebarOnPhone();
  parentElement.querySelector(".pt-root")?.remove();
  const root = document.createElement("div");
  root.className = "pt-root";
  parentElement.append(root);
  if (data.kind === "theme") {
    themeButtons(root, data);
    localDecimalsOnSliders(data.decimal);
  }
  if (data.kind === "save_chart") saveChartButton(root, data, parentElement);
}
