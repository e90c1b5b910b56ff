// Decoders live in the browser (live_client.mjs's worker): a code chosen with sliders ("sliders"),
// a point between two codes chosen with a scrubber ("scrubber"), or under the pointer on a 2-d
// map ("map"), decoded while the pointer moves. Python hears the chosen values on release only.

const CLIENT = new URL("/live/app/live_client.mjs", window.location.origin).href; // full: this script is a blob
let client = null;
const SVG = "http://www.w3.org/2000/svg";

function picture(title) {
  const figure = document.createElement("figure");
  figure.className = "ae-live-figure";
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 28;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", title);
  const caption = document.createElement("figcaption");
  caption.textContent = title;
  figure.append(canvas, caption);
  return { figure, canvas, caption };
}

// Decode with the latest request winning: a drag never queues up stale frames.
function decoder(view) {
  let busy = false;
  let wanted = null;
  const key = client.pendingKey("decode");
  const run = async () => {
    if (busy || !wanted) return;
    busy = true;
    client.pending(key, true);
    const { jobs, done } = wanted;
    wanted = null;
    try {
      const images = await Promise.all(jobs.map((job) => client.ask(
        { type: "decode", url: job.url, codes: Float32Array.from(job.code), size: job.code.length })));
      done(images);
      view.parent.dataset.liveReady = "1";
      view.updates = (view.updates || 0) + 1;
      view.root.dataset.liveUpdates = String(view.updates); // the browser tests and the benchmark read them
      view.root.dataset.liveCodes = JSON.stringify(jobs.map((job) => Array.from(job.code)));
    } catch (error) {
      view.fail?.();
    } finally {
      busy = false;
      if (wanted) run();
      else client.pending(key, false);
    }
  };
  return (jobs, done) => {
    wanted = { jobs, done };
    run();
  };
}

function slerp(a, b, t) {
  const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const na = norm(a), nb = norm(b);
  const lerp = () => a.map((x, i) => (1 - t) * x + t * b[i]);
  if (na < 1e-6 || nb < 1e-6) return lerp();
  const cos = Math.min(Math.max(a.reduce((s, x, i) => s + (x / na) * (b[i] / nb), 0), -1), 1);
  const omega = Math.acos(cos);
  const sin = Math.sin(omega);
  if (sin < 1e-6) return lerp();
  return a.map((x, i) => (Math.sin((1 - t) * omega) / sin) * x + (Math.sin(t * omega) / sin) * b[i]);
}

function createSliders(view, data, send) {
  const layout = document.createElement("div");
  layout.className = "ae-live-walk";
  const controls = document.createElement("div");
  controls.className = "ae-live-sliders";
  const side = document.createElement("div");
  const shown = picture(data.labels.decoded);
  shown.figure.classList.add("ae-live-large");
  const distance = document.createElement("p");
  distance.className = "ae-live-caption";
  side.append(shown.figure, distance);
  const code = Float32Array.from(data.values);
  const number = client.numberFormat(data.lang, ".2f");
  const inputs = [];
  for (let i = 0; i < data.k; i++) {
    const label = document.createElement("label");
    label.className = "ae-live-slider";
    const name = document.createElement("span");
    const value = document.createElement("output");
    const input = document.createElement("input");
    input.type = "range";
    input.min = String(-data.limit);
    input.max = String(data.limit);
    input.step = String(data.step);
    input.value = String(code[i]);
    name.textContent = `z${i + 1}`;
    value.textContent = number.format(code[i]);
    input.setAttribute("aria-label", `z${i + 1}`);
    const head = document.createElement("span");
    head.className = "ae-live-slider-head";
    head.append(name, value);
    label.append(head, input);
    controls.append(label);
    inputs.push({ input, value });
  }
  if (data.k < data.values.length) {
    const rest = document.createElement("p");
    rest.className = "ae-live-caption";
    rest.textContent = data.labels.rest;
    controls.append(rest);
  }
  layout.append(controls, side);
  view.root.append(layout);
  const decode = decoder(view);
  const update = () => {
    decode([{ url: data.decoder, code }], ([image]) => client.paint(shown.canvas, image));
    if (data.start) {
      let sum = 0;
      for (let i = 0; i < code.length; i++) sum += (code[i] - data.start[i]) ** 2;
      distance.textContent = client.format(data.labels.distance, { value: Math.sqrt(sum) }, data.lang);
    }
  };
  inputs.forEach(({ input, value }, i) => {
    input.addEventListener("input", () => {
      code[i] = Number(input.value);
      value.textContent = number.format(code[i]);
      update();
    });
    input.addEventListener("change", () => send("values", Array.from(code, (v) => Math.round(v * 100) / 100)));
  });
  update();
}

function createScrubber(view, data, send) {
  const wrap = document.createElement("div");
  wrap.className = "ae-live-scrub";
  const label = document.createElement("label");
  label.className = "ae-live-slider";
  const head = document.createElement("span");
  head.className = "ae-live-slider-head";
  const name = document.createElement("span");
  name.textContent = data.labels.scrubber;
  const value = document.createElement("output");
  head.append(name, value);
  const input = document.createElement("input");
  input.type = "range";
  input.min = "0";
  input.max = "1";
  input.step = "0.01";
  input.value = String(data.t);
  input.setAttribute("aria-label", data.labels.scrubber);
  label.append(head, input);
  const row = document.createElement("div");
  row.className = "ae-live-row";
  const figures = data.rows.map((r) => picture(r.title));
  const blend = picture(data.labels.pixels);
  row.append(...figures.map((f) => f.figure), blend.figure);
  wrap.append(label, row);
  view.root.append(wrap);
  const decode = decoder(view);
  const a = Float32Array.from(data.pixelsA), b = Float32Array.from(data.pixelsB);
  const update = () => {
    const t = Number(input.value);
    value.textContent = client.format(data.labels.step, { t }, data.lang);
    const mixed = new Float32Array(784);
    for (let i = 0; i < 784; i++) mixed[i] = (1 - t) * a[i] + t * b[i];
    client.paint(blend.canvas, mixed);
    decode(data.rows.map((r) => ({ url: r.decoder, code: data.method === "slerp" ? slerp(r.a, r.b, t) : r.a.map((x, i) => (1 - t) * x + t * r.b[i]) })),
      (images) => images.forEach((image, i) => client.paint(figures[i].canvas, image)));
  };
  input.addEventListener("input", update);
  input.addEventListener("change", () => send("t", Number(input.value)));
  update();
}

// A 2-d map (its picture and axes from Python): the digit decoded under the pointer as it moves;
// near a test digit's point (within a few pixels) that digit itself is shown.
function createMap(view, data, send) {
  const layout = document.createElement("div");
  layout.className = "ae-live-map";
  const stage = document.createElement("div");
  stage.className = "ae-live-map-stage";
  const img = document.createElement("img");
  img.src = data.background;
  img.alt = data.labels.map;
  img.draggable = false;
  const marker = document.createElement("div");
  marker.className = "ae-live-marker";
  marker.hidden = true;
  stage.append(img, marker);
  const side = document.createElement("div");
  const shown = picture(data.labels.decoded);
  shown.figure.classList.add("ae-live-large");
  const where = document.createElement("p");
  where.className = "ae-live-caption";
  side.append(shown.figure, where);
  layout.append(stage, side);
  view.root.append(layout);
  const decode = decoder(view);
  // PCA's decoder takes all its components: the map's two, then zeros (its first two kept).
  const padded = (code) => { const full = new Array(data.size || 2).fill(0); full[0] = code[0]; full[1] = code[1]; return full; };
  const points = data.points || []; // [[x, y, label], ...] in code units, with their images on demand
  const toCode = (event) => {
    const box = img.getBoundingClientRect();
    const fx = (event.clientX - box.left) / box.width, fy = (event.clientY - box.top) / box.height;
    const [x0, x1] = data.xRange, [y0, y1] = data.yRange;
    return { fx, fy, code: [x0 + fx * (x1 - x0), y1 - fy * (y1 - y0)] };
  };
  const nearest = (code, box) => {
    const [x0, x1] = data.xRange, [y0, y1] = data.yRange;
    const px = box.width / (x1 - x0), py = box.height / (y1 - y0);
    let best = -1, bestD = 36; // within 6 screen pixels
    for (let i = 0; i < points.length; i++) {
      const dx = (points[i][0] - code[0]) * px, dy = (points[i][1] - code[1]) * py;
      const d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  };
  const number = client.numberFormat(data.lang, ".2f");
  const show = (event) => {
    const { fx, fy, code } = toCode(event);
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return;
    marker.hidden = false;
    marker.style.left = `${fx * 100}%`;
    marker.style.top = `${fy * 100}%`;
    const hit = data.images ? nearest(code, img.getBoundingClientRect()) : -1;
    if (hit >= 0) {
      client.paint(shown.canvas, client.digitFromBase64(data.images[hit]));
      shown.caption.textContent = client.format(data.labels.point, { label: points[hit][2] }, data.lang);
      where.textContent = "";
      return;
    }
    shown.caption.textContent = data.labels.decoded;
    where.textContent = `z = (${number.format(code[0])}, ${number.format(code[1])})`;
    view.lastCode = code;
    decode([{ url: data.decoder, code: padded(code) }], ([image]) => client.paint(shown.canvas, image));
  };
  stage.addEventListener("pointermove", show);
  stage.addEventListener("pointerdown", (event) => {
    show(event);
    try { stage.setPointerCapture(event.pointerId); } catch (error) { /* a synthetic pointer */ }
  });
  stage.addEventListener("pointerup", () => {
    if (view.lastCode) send("code", view.lastCode.map((v) => Math.round(v * 1000) / 1000));
  });
  // A spot chosen elsewhere (a click on the big map): decode it, unless it is where the pointer left it.
  view.update = (next) => {
    const key = JSON.stringify(next.code);
    if (!next.code || key === view.appliedCode) return;
    view.appliedCode = key;
    if (view.lastCode && JSON.stringify(view.lastCode.map((v) => Math.round(v * 1000) / 1000)) === key) return;
    where.textContent = `z = (${number.format(next.code[0])}, ${number.format(next.code[1])})`;
    shown.caption.textContent = data.labels.decoded;
    decode([{ url: data.decoder, code: padded(next.code) }], ([image]) => client.paint(shown.canvas, image));
  };
  view.appliedCode = JSON.stringify(data.code);
  if (data.code) {
    where.textContent = `z = (${number.format(data.code[0])}, ${number.format(data.code[1])})`;
    decode([{ url: data.decoder, code: padded(data.code) }], ([image]) => client.paint(shown.canvas, image));
  }
}

const MODES = { sliders: createSliders, scrubber: createScrubber, map: createMap };

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  // What makes a new element (Python names it: a model, a start code, a reset); the values the
  // student set are the element's own until then, so the rerun after a release rebuilds nothing.
  const identity = JSON.stringify([data.mode, data.identity, data.labels, data.lang]);
  const view = parentElement.__liveDecode;
  if (view && view.identity === identity) { // the same element: keep what the student is dragging
    view.update?.(data);
    return;
  }
  parentElement.querySelector(".ae-live-decode")?.remove();
  const root = document.createElement("div");
  root.className = "ae-live-decode";
  parentElement.append(root);
  const fresh = { identity, root, updates: 0, parent: parentElement };
  parentElement.dataset.liveReady = "0"; // until its first decode: set before the client loads
  fresh.fail = () => setStateValue("failed", true);
  parentElement.__liveDecode = fresh;
  const start = (module) => {
    client = module;
    MODES[data.mode](fresh, data, setStateValue);
  };
  if (client) start(client);
  else import(CLIENT).then(start, () => fresh.fail()); // no client (a failed download): the server draws
}
