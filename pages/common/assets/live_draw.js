// The Draw page's live results, drawn from the models that run in the browser (live_client.mjs):
// one view per element ("grid": every model's card, "best": the best three, "classifier": its
// reading, "code": one model's code). All views of a page listen to its hub, so a frame's digit
// updates them together; cards are updated in place, never rebuilt.

// A full URL: the element's own script is loaded from a blob, against which "/live/..." does not resolve.
const CLIENT = new URL("/live/app/live_client.mjs", window.location.origin).href;
let client = null;

// Text with **bold** parts, as DOM nodes (never parsed as HTML).
function setRich(element, text) {
  element.replaceChildren();
  text.split("**").forEach((part, index) => {
    if (!part) return;
    if (index % 2) {
      const strong = document.createElement("strong");
      strong.textContent = part;
      element.append(strong);
    } else element.append(document.createTextNode(part));
  });
}

const pictures = new WeakMap(); // result -> {name: data URL}: one PNG per model per update, shared by the views

function pictureOf(results, model) {
  let urls = pictures.get(results);
  if (!urls) pictures.set(results, (urls = {}));
  if (!urls[model.name]) urls[model.name] = client.png(model.image);
  return urls[model.name];
}

function ranked(results) {
  return [...results.models].sort((a, b) => a.error - b.error);
}

// Save the grid as one PNG (for slides): the cards' pictures with their captions.
function exportGrid(view) {
  const figures = [...view.grid.children];
  if (!figures.length) return;
  const cell = 150, perRow = Math.min(6, figures.length), rows = Math.ceil(figures.length / perRow);
  const canvas = document.createElement("canvas");
  canvas.width = perRow * cell;
  canvas.height = rows * (cell + 44);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  figures.forEach((figure, index) => {
    const x = (index % perRow) * cell, y = Math.floor(index / perRow) * (cell + 44);
    ctx.drawImage(figure.firstChild, x + 11, y + 6, cell - 22, cell - 22);
    ctx.fillStyle = "#111111";
    ctx.font = "bold 12px sans-serif";
    ctx.textAlign = "center";
    const lines = [...figure.lastChild.childNodes].map((n) => n.textContent);
    ctx.fillText(lines[0].slice(0, 24), x + cell / 2, y + cell - 2);
    ctx.font = "11px sans-serif";
    lines.slice(1).forEach((line, i) => ctx.fillText(line, x + cell / 2, y + cell + 14 + 13 * i));
  });
  const link = document.createElement("a");
  link.download = `${view.data.exportName || "reconstructions"}.png`;
  link.href = canvas.toDataURL("image/png");
  link.click();
}

function renderGrid(view, results) {
  const { data } = view;
  const order = ranked(results);
  const rank = new Map(order.map((m, i) => [m.name, i + 1]));
  const shown = data.view === "best" ? order.slice(0, data.bestShown || 3)
    : data.sortByError ? order : data.order.map((name) => results.models.find((m) => m.name === name)).filter(Boolean);
  const wanted = new Set(shown.map((m) => m.name));
  for (const [name, figure] of view.cards) if (!wanted.has(name)) { figure.remove(); view.cards.delete(name); }
  shown.forEach((model, index) => {
    const title = data.titles[model.name] || model.name;
    if (!view.cards.has(model.name)) view.cards.set(model.name, client.card(title));
    const figure = view.cards.get(model.name);
    const error = client.format(data.labels.errorShort, { value: model.error }, data.lang);
    if (data.view === "best") client.fillCard(figure, pictureOf(results, model), `${rank.get(model.name)}. ${title}`, [error]);
    else client.fillCard(figure, pictureOf(results, model), title,
      [client.format(data.labels.rank, { rank: rank.get(model.name), total: order.length }, data.lang), error]);
    if (view.grid.children[index] !== figure) view.grid.insertBefore(figure, view.grid.children[index] || null);
  });
}

function renderClassifier(view, results) {
  const { data } = view;
  const p = results.probabilities;
  if (!p) return;
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  const key = p[best] >= 0.6 ? data.labels.guess : data.labels.unsure;
  setRich(view.line, client.format(key, { label: best, confidence: p[best] }, data.lang));
  const percent = client.numberFormat(data.lang, ".0%");
  view.bars.forEach((bar, i) => {
    bar.fill.style.height = `${(p[i] * 100).toFixed(1)}%`;
    bar.fill.classList.toggle("ae-live-top", i === best);
    bar.root.title = `${i}: ${percent.format(p[i])}`;
    bar.value.textContent = p[i] >= 0.01 ? percent.format(p[i]) : "";
  });
}

function renderCode(view, results) {
  const { data } = view;
  const model = results.models.find((m) => m.name === data.codeModel);
  if (!model) return;
  const code = model.code;
  view.caption.textContent = client.format(data.labels.codeTitle, { model: data.titles[model.name] || model.name, n: code.length }, data.lang);
  let top = 0;
  for (const v of code) top = Math.max(top, Math.abs(v));
  top = top || 1;
  const width = 600, height = 160, mid = height / 2, step = width / code.length;
  if (view.rects.length !== code.length) {
    view.svg.replaceChildren();
    const axis = document.createElementNS("http://www.w3.org/2000/svg", "line");
    axis.setAttribute("x1", 0); axis.setAttribute("x2", width); axis.setAttribute("y1", mid); axis.setAttribute("y2", mid);
    axis.setAttribute("class", "ae-live-axis");
    view.svg.append(axis);
    view.rects = Array.from(code, () => {
      const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      rect.setAttribute("class", "ae-live-bar");
      view.svg.append(rect);
      return rect;
    });
  }
  code.forEach((v, i) => {
    const h = (Math.abs(v) / top) * (mid - 2);
    const rect = view.rects[i];
    rect.setAttribute("x", (i * step + step * 0.1).toFixed(2));
    rect.setAttribute("width", Math.max(step * 0.8, 0.5).toFixed(2));
    rect.setAttribute("y", (v >= 0 ? mid - h : mid).toFixed(2));
    rect.setAttribute("height", Math.max(h, 0.5).toFixed(2));
  });
  view.svg.setAttribute("aria-label", view.caption.textContent);
}

function createView(root, data) {
  root.querySelector(".ae-live-root")?.remove();
  const wrap = document.createElement("div");
  wrap.className = `ae-live-root ae-live-${data.view}`;
  const empty = document.createElement("p");
  empty.className = "ae-live-empty";
  const view = { data, wrap, empty, cards: new Map(), rects: [] };
  if (data.view === "grid" || data.view === "best") {
    if (data.view === "best") {
      const heading = document.createElement("p");
      heading.className = "ae-live-heading";
      view.heading = heading;
      wrap.append(heading);
    }
    view.grid = document.createElement("div");
    view.grid.className = `ae-grid ae-grid-${data.key}`;
    wrap.append(view.grid);
    if (data.view === "grid") {
      view.save = document.createElement("button");
      view.save.type = "button";
      view.save.className = "ae-live-save";
      view.save.addEventListener("click", () => exportGrid(view));
      wrap.append(view.save);
    }
  } else if (data.view === "classifier") {
    view.line = document.createElement("p");
    const chart = document.createElement("div");
    chart.className = "ae-live-bars";
    chart.setAttribute("role", "img");
    view.bars = Array.from({ length: 10 }, (_, i) => {
      const bar = document.createElement("div");
      bar.className = "ae-live-column";
      const value = document.createElement("span");
      value.className = "ae-live-value";
      const track = document.createElement("div");
      track.className = "ae-live-track";
      const fill = document.createElement("div");
      fill.className = "ae-live-fill";
      track.append(fill);
      const label = document.createElement("span");
      label.className = "ae-live-label";
      label.textContent = String(i);
      bar.append(value, track, label);
      chart.append(bar);
      return { root: bar, fill, value };
    });
    view.chart = chart;
    wrap.append(view.line, chart);
  } else if (data.view === "code") {
    view.caption = document.createElement("p");
    view.caption.className = "ae-live-caption";
    view.svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    view.svg.setAttribute("viewBox", "0 0 600 160");
    view.svg.setAttribute("preserveAspectRatio", "none");
    view.svg.setAttribute("role", "img");
    view.svg.classList.add("ae-live-code");
    wrap.append(view.caption, view.svg);
  }
  if (data.view === "grid") wrap.append(empty);
  root.append(wrap);
  view.render = (results) => {
    const d = view.data;
    // Drawn once it shows results, or there is nothing to compute (tests wait for no "0").
    root.dataset.liveReady = results || !(view.hub && view.hub.digit) ? "1" : "0";
    const isEmpty = !results || results.empty || results.error;
    if (results && results.error) view.fail();
    if (d.view === "grid") { // the one view that says why there is nothing to see
      empty.hidden = !isEmpty;
      const loading = !results && view.hub && !view.hub.stats.loadMs && view.hub.digit;
      empty.textContent = !isEmpty ? "" : results && results.error ? d.labels.failed
        : loading ? d.labels.loading : d.labels.nothing;
    }
    for (const el of [view.grid, view.line, view.chart, view.caption, view.svg, view.heading, view.save]) {
      if (el) el.hidden = isEmpty;
    }
    if (isEmpty) return;
    if (d.view === "grid" || d.view === "best") renderGrid(view, results);
    else if (d.view === "classifier") renderClassifier(view, results);
    else if (d.view === "code") renderCode(view, results);
    root.dataset.liveSeq = String(results.seq); // the browser tests wait on it
  };
  return view;
}

export default function (component) {
  const { data, parentElement } = component;
  let view = parentElement.__liveDraw;
  if (!view) parentElement.dataset.liveReady = "0"; // set before the client loads
  if (!view || view.data.view !== data.view || view.data.key !== data.key) {
    view?.stop?.();
    view = createView(parentElement, data);
    parentElement.__liveDraw = view;
  }
  view.data = data;
  view.wrap.style.setProperty("--card-min", `${data.minRem || 8}rem`);
  if (view.heading) view.heading.textContent = data.labels.best;
  if (view.save) view.save.textContent = data.labels.save;
  if (view.chart) view.chart.setAttribute("aria-label", data.labels.chart);
  const { setStateValue } = component;
  view.fail = () => {
    if (view.failed) return;
    view.failed = true;
    document.cookie = "ae_lab_live=0; path=/; max-age=2592000; SameSite=Lax"; // the next visit is served too
    setStateValue("failed", true);
  };
  const start = (module) => {
    client = module;
    const hub = module.hub(data.hub);
    view.hub = hub;
    if (!view.stop) view.stop = hub.listen((results) => view.render(results));
    hub.setConfig(data.config);
    hub.setServerDigit(data.digit, data.stamp);
    view.render(hub.results); // none yet: "loading" or "nothing drawn"
  };
  if (client) start(client);
  else import(CLIENT).then(start, () => view.fail()); // no client (a failed download): the server draws
}
