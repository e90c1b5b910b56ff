// What the app's live elements share in one page: a Web Worker running the models with
// onnxruntime-web (so drawing never waits for them), the canvas-to-digit recipe of
// ae_core.preprocess.to_mnist, and per-page hubs that keep the latest digit and its results.
// Served by the app at /live/app/live_client.mjs; one copy per page (ES modules load once). The
// elements' drawing helpers (live_view.mjs) come with it.

export * from "./live_view.mjs";

const WORKER_URL = "/live/app/live_worker.mjs";
const INK_THRESHOLD = 0.2;
const MIN_INK_FRACTION = 0.0015;
const LANCZOS_SUPPORT = 3.0;
const f32 = Math.fround;

// Python's round(): halves to the even neighbour, as numpy and the server do.
export function roundHalfEven(v) {
  const floor = Math.floor(v);
  const diff = v - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

// Canvas pixels (RGBA, 0-255) to ink in [0, 1]: luminance composited onto black by alpha.
export function inkFromRgba(rgba, width, height) {
  const ink = new Float32Array(width * height);
  for (let i = 0, p = 0; i < ink.length; i++, p += 4) {
    const lum = f32(f32(f32(rgba[p] / 255) * f32(0.299)) + f32(f32(rgba[p + 1] / 255) * f32(0.587))
      + f32(f32(rgba[p + 2] / 255) * f32(0.114)));
    ink[i] = f32(lum * f32(rgba[p + 3] / 255));
  }
  return ink;
}

function lanczos(x) {
  const sinc = (v) => (v === 0 ? 1 : Math.sin(v * Math.PI) / (v * Math.PI));
  return x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0;
}

// Pillow's resampling weights along one axis (its precompute_coeffs), in doubles.
function weights(inSize, outSize) {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = LANCZOS_SUPPORT * filterScale;
  const rows = [];
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const last = Math.min(Math.trunc(center + support + 0.5), inSize);
    const k = [];
    let total = 0;
    for (let x = first; x < last; x++) {
      const w = lanczos((x - center + 0.5) / filterScale);
      k.push(w);
      total += w;
    }
    rows.push({ first, k: total !== 0 ? k.map((w) => w / total) : k });
  }
  return rows;
}

// Pillow's Image.resize(LANCZOS) of a float ("F") image: horizontal pass, then vertical; a pass
// is skipped when its size does not change; each pass sums in doubles and stores float32.
function resizeLanczos(src, width, height, newWidth, newHeight) {
  let data = src;
  let w = width;
  if (newWidth !== width) {
    const horizontal = weights(width, newWidth);
    const out = new Float32Array(newWidth * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < newWidth; x++) {
        const { first, k } = horizontal[x];
        let sum = 0;
        for (let i = 0; i < k.length; i++) sum += data[y * w + first + i] * k[i];
        out[y * newWidth + x] = sum;
      }
    }
    data = out;
    w = newWidth;
  }
  if (newHeight !== height) {
    const vertical = weights(height, newHeight);
    const out = new Float32Array(w * newHeight);
    for (let y = 0; y < newHeight; y++) {
      const { first, k } = vertical[y];
      for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let i = 0; i < k.length; i++) sum += data[(first + i) * w + x] * k[i];
        out[y * w + x] = sum;
      }
    }
    data = out;
  }
  return data;
}

// ae_core.preprocess.to_mnist (style "mnist"): the ink's box scaled to 20 px on its longer side,
// its centre of mass moved to pixel (14, 14), then rounded to 8 bits as the server keeps a digit.
// Null when there is too little ink to be a digit.
export function toMnist(ink, width, height) {
  let count = 0;
  let top = height, bottom = -1, left = width, right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > INK_THRESHOLD) {
        count++;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  if (count < Math.max(4, MIN_INK_FRACTION * width * height)) return null;
  const h = bottom - top + 1;
  const w = right - left + 1;
  const crop = new Float32Array(h * w);
  let cropMax = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = ink[(top + y) * width + left + x];
      crop[y * w + x] = v;
      if (v > cropMax) cropMax = v;
    }
  }
  const scale = 20 / Math.max(h, w);
  const newH = Math.max(1, Math.min(28, roundHalfEven(h * scale)));
  const newW = Math.max(1, Math.min(28, roundHalfEven(w * scale)));
  const small = resizeLanczos(crop, w, h, newW, newH);
  let peak = 0;
  for (let i = 0; i < small.length; i++) {
    small[i] = Math.min(Math.max(small[i], 0), 1);
    if (small[i] > peak) peak = small[i];
  }
  if (peak > 0) {
    const divisor = Math.max(peak, 1e-6);
    const top1 = Math.min(1, cropMax);
    for (let i = 0; i < small.length; i++) small[i] = f32(f32(small[i] / divisor) * top1);
  }
  const canvas = new Float32Array(784);
  const y0 = Math.floor((28 - newH) / 2);
  const x0 = Math.floor((28 - newW) / 2);
  for (let y = 0; y < newH; y++) for (let x = 0; x < newW; x++) canvas[(y0 + y) * 28 + x0 + x] = small[y * newW + x];
  let mass = 0, my = 0, mx = 0;
  for (let i = 0; i < 784; i++) mass += canvas[i];
  mass = f32(mass);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    my += canvas[y * 28 + x] * y;
    mx += canvas[y * 28 + x] * x;
  }
  const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
  const dy = clamp(roundHalfEven(14 - my / mass), -y0, 28 - (y0 + newH));
  const dx = clamp(roundHalfEven(14 - mx / mass), -x0, 28 - (x0 + newW));
  const digit = new Float32Array(784);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    const q = roundHalfEven(f32(Math.min(Math.max(canvas[y * 28 + x], 0), 1) * 255));
    digit[((y + dy + 28) % 28) * 28 + ((x + dx + 28) % 28)] = f32(q / 255);
  }
  return digit;
}

// The digit on a drawing canvas element (its pixels as the PNG the server would read).
export function digitFromCanvas(canvas) {
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return toMnist(inkFromRgba(data, canvas.width, canvas.height), canvas.width, canvas.height);
}

// An 8-bit digit as base64 of its 784 bytes: what the canvas sends the server at pen-up.
export function digitToBase64(digit) {
  let text = "";
  for (let i = 0; i < digit.length; i++) text += String.fromCharCode(Math.round(digit[i] * 255));
  return btoa(text);
}

export function digitFromBase64(text) {
  const bytes = atob(text);
  const digit = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) digit[i] = f32(bytes.charCodeAt(i) / 255);
  return digit;
}

// --- the worker ------------------------------------------------------------------------------

let worker = null;
let nextId = 1;
const waiting = new Map();

function theWorker() {
  if (!worker) {
    worker = new Worker(WORKER_URL, { type: "module" });
    worker.onmessage = ({ data }) => {
      const job = waiting.get(data.id);
      if (!job) return;
      waiting.delete(data.id);
      if (data.error) job.reject(new Error(data.error));
      else job.resolve(data.result);
    };
    worker.onerror = (event) => {
      for (const job of waiting.values()) job.reject(new Error(event.message || "worker failed"));
      waiting.clear();
      worker = null;
    };
  }
  return worker;
}

// Ask the worker; transferred buffers move, not copy.
export function ask(message, transfer = []) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    theWorker().postMessage({ ...message, id }, transfer);
  });
}

let readiness = null;

// True when this browser can run the models: WebAssembly, a module worker and onnxruntime-web
// loading its runtime there (once per page; a failure is remembered, not retried every stroke).
export function canRunModels(probeUrl) {
  if (!readiness) {
    readiness = (async () => {
      if (typeof WebAssembly !== "object" || typeof Worker !== "function") return false;
      try {
        const probe = await ask({ type: "probe", url: probeUrl });
        return probe === true;
      } catch (error) {
        return false;
      }
    })();
  }
  return readiness;
}

// --- what is still being computed ---------------------------------------------------------------

const busyParts = new Set();

// Mark one element's work as in flight (or done): <html data-live-pending> is there while any is,
// so a test or a benchmark can wait for the page's live pictures as for a script run.
export function pending(key, on) {
  if (on) busyParts.add(key);
  else busyParts.delete(key);
  if (busyParts.size) document.documentElement.dataset.livePending = String(busyParts.size);
  else delete document.documentElement.dataset.livePending;
}

let pendingKeys = 0;
export function pendingKey(prefix) {
  pendingKeys += 1;
  return `${prefix}-${pendingKeys}`;
}

// --- hubs: the latest digit of one page and what the models made of it -----------------------

const hubs = new Map();

// One page's live state. A new digit while the worker is busy replaces any older waiting one:
// the pen is never more than one update behind, however slow the models are.
export function hub(name) {
  if (!hubs.has(name)) {
    const state = {
      name, config: null, digit: null, digitSeq: 0, final: false, results: null, listeners: new Set(),
      busy: false, pending: false, stats: { updates: 0, lastMs: 0, finals: [], times: [], at: [] }, penUp: 0,
    };
    const run = async () => {
      if (state.busy || !state.config) return;
      if (!state.digit) { // an empty canvas: nothing to run, every view says so
        state.results = { empty: true, seq: state.digitSeq, final: state.final };
        for (const listener of state.listeners) listener(state.results);
        return;
      }
      state.busy = true;
      state.pending = false;
      pending(`hub-${name}`, true);
      const seq = state.digitSeq;
      const final = state.final;
      const started = performance.now();
      try {
        const result = await ask({ type: "reconstruct", config: state.config, digit: state.digit.slice() });
        state.results = { ...result, seq, final, digit: state.digit };
        state.stats.updates++;
        state.stats.lastMs = performance.now() - started;
        state.stats.times.push(state.stats.lastMs); // every model once, in the worker, per update
        state.stats.at.push(performance.now());
        for (const listener of state.listeners) listener(state.results);
        if (final && state.penUp) {
          state.stats.finals.push(performance.now() - state.penUp);
          state.penUp = 0;
        }
      } catch (error) {
        for (const listener of state.listeners) listener({ error: String(error) });
      } finally {
        state.busy = false;
        if (state.pending || seq !== state.digitSeq) run();
        else pending(`hub-${name}`, false);
      }
    };
    state.setDigit = (digit, final = false) => {
      state.digit = digit;
      state.digitSeq++;
      state.final = final;
      if (final) {
        state.penUp = performance.now();
        state.shownText = digit ? digitToBase64(digit) : null;
      }
      if (state.busy) state.pending = true;
      else run();
    };
    // The canvas' own drawings, by stamp: when the server echoes one, the browser has shown it
    // (or a newer one) already, and a late echo must not bring an older digit back.
    state.own = new Set();
    state.ownStamp = (stamp) => state.own.add(stamp);
    // The digit the server holds (picked, uploaded, from a link, or the canvas' own).
    state.setServerDigit = (text, stamp) => {
      const key = `${stamp}|${text}`;
      if (key === state.serverKey) return;
      state.serverKey = key;
      if (stamp && state.own.has(stamp)) return;
      if (text === state.shownText && state.results) return;
      state.setDigit(text ? digitFromBase64(text) : null, true);
      state.penUp = 0; // not a stroke: no pen-up time to measure
    };
    state.setConfig = (config) => {
      const same = state.config && JSON.stringify(state.config) === JSON.stringify(config);
      state.config = config;
      if (!same) {
        const urls = config.models.flatMap((m) => [m.encoder, m.decoder]).concat(config.classifier ? [config.classifier] : []);
        const started = performance.now();
        ask({ type: "load", urls }).then(() => { state.stats.loadMs = performance.now() - started; }, () => {});
        if (state.busy) state.pending = true;
        else run();
      }
    };
    state.listen = (listener) => {
      state.listeners.add(listener);
      if (state.results) listener(state.results);
      return () => state.listeners.delete(listener);
    };
    hubs.set(name, state);
    (window.__aeLive ??= {})[name] = state; // the benchmark and the browser tests read its stats
  }
  return hubs.get(name);
}
