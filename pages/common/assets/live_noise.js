// The noise lab live: its sigma slider drags in the browser. The corruption is the server's
// (ae_core.lab.noise_lab.corrupt) on the same seeded noise and dropout draws, which Python sends;
// the median filter, PSNR and SSIM are ae_core's, and the AEs and PCA run in the app's worker.

const CLIENT = new URL("/live/app/live_client.mjs", window.location.origin).href; // full: this script is a blob
let client = null;
const f32 = Math.fround;

function corrupt(clean, noise, uniform, sigma, rate) {
  const out = new Float32Array(784);
  const s = f32(sigma);
  for (let i = 0; i < 784; i++) {
    let v = sigma > 0 ? Math.min(Math.max(f32(clean[i] + f32(s * noise[i])), 0), 1) : clean[i];
    if (rate > 0 && !(uniform[i] >= rate)) v = 0;
    out[i] = v;
  }
  return out;
}

// scipy.ndimage.median_filter, 3x3, zeros outside (mode "constant").
function median3(x) {
  const out = new Float32Array(784);
  const window = new Float32Array(9);
  for (let y = 0; y < 28; y++) for (let c = 0; c < 28; c++) {
    let n = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const yy = y + dy, xx = c + dx;
      window[n++] = yy < 0 || yy > 27 || xx < 0 || xx > 27 ? 0 : x[yy * 28 + xx];
    }
    window.sort();
    out[y * 28 + c] = window[4];
  }
  return out;
}

// ae_core.metrics.psnr: 10 log10(1 / mse), capped at 100 (identical images).
function psnr(a, b) {
  let sum = 0;
  for (let i = 0; i < 784; i++) sum += (a[i] - b[i]) ** 2;
  const mse = sum / 784;
  return mse === 0 ? 100 : Math.min(10 * Math.log10(1 / mse), 100);
}

// ae_core.metrics.ssim: Gaussian window sigma 1.5 (scipy's gaussian_filter, truncate 3.5,
// mode "reflect"), the mean map without the 5-pixel border.
const RADIUS = 5;
const KERNEL = (() => {
  const k = [];
  let total = 0;
  for (let i = -RADIUS; i <= RADIUS; i++) { const w = Math.exp(-0.5 * (i / 1.5) ** 2); k.push(w); total += w; }
  return k.map((w) => w / total);
})();
const reflect = (i) => (i < 0 ? -i - 1 : i > 27 ? 55 - i : i);

function blur(v) {
  const tmp = new Float64Array(784), out = new Float64Array(784);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    let s = 0;
    for (let k = -RADIUS; k <= RADIUS; k++) s += KERNEL[k + RADIUS] * v[y * 28 + reflect(x + k)];
    tmp[y * 28 + x] = s;
  }
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    let s = 0;
    for (let k = -RADIUS; k <= RADIUS; k++) s += KERNEL[k + RADIUS] * tmp[reflect(y + k) * 28 + x];
    out[y * 28 + x] = s;
  }
  return out;
}

function ssim(a, b) {
  const c1 = 0.01 ** 2, c2 = 0.03 ** 2;
  const aa = new Float64Array(784), bb = new Float64Array(784), ab = new Float64Array(784);
  for (let i = 0; i < 784; i++) { aa[i] = a[i] * a[i]; bb[i] = b[i] * b[i]; ab[i] = a[i] * b[i]; }
  const ma = blur(Float64Array.from(a)), mb = blur(Float64Array.from(b)), saa = blur(aa), sbb = blur(bb), sab = blur(ab);
  let total = 0, n = 0;
  for (let y = RADIUS; y < 28 - RADIUS; y++) for (let x = RADIUS; x < 28 - RADIUS; x++) {
    const i = y * 28 + x;
    const va = saa[i] - ma[i] ** 2, vb = sbb[i] - mb[i] ** 2, cov = sab[i] - ma[i] * mb[i];
    total += ((2 * ma[i] * mb[i] + c1) * (2 * cov + c2)) / ((ma[i] ** 2 + mb[i] ** 2 + c1) * (va + vb + c2));
    n++;
  }
  return total / n;
}

function create(root, data, send) {
  const wrap = document.createElement("div");
  wrap.className = "ae-live-noise";
  const label = document.createElement("label");
  label.className = "ae-live-slider";
  const head = document.createElement("span");
  head.className = "ae-live-slider-head";
  const name = document.createElement("span");
  name.textContent = data.labels.sigma;
  const value = document.createElement("output");
  head.append(name, value);
  const input = document.createElement("input");
  input.type = "range";
  input.min = "0";
  input.max = "1";
  input.step = "0.05";
  input.value = String(data.sigma);
  input.setAttribute("aria-label", data.labels.sigma);
  label.append(head, input);
  const grid = document.createElement("div");
  grid.className = "ae-grid ae-grid-noise_cards";
  grid.style.setProperty("--card-min", "8.5rem");
  const clean = client.card(data.labels.clean);
  client.fillCard(clean, client.png(data.clean), data.labels.clean, []);
  const cards = data.methods.map((m) => client.card(m.title));
  grid.append(clean, ...cards);
  wrap.append(label, grid);
  root.append(wrap);
  const view = { updates: 0, busy: false, wanted: null };
  const number = client.numberFormat(data.lang, ".2f");
  const models = data.methods.filter((m) => m.encoder);
  const show = (method, image) => {
    const p = psnr(data.clean, image);
    const line = p >= 100 ? data.labels.identical
      : client.format(data.labels.score, { psnr: p, ssim: ssim(data.clean, image) }, data.lang);
    client.fillCard(cards[data.methods.indexOf(method)], client.png(image), method.title, [line]);
  };
  const key = client.pendingKey("noise");
  const run = async () => {
    if (view.busy || view.wanted === null) return;
    view.busy = true;
    client.pending(key, true);
    const sigma = view.wanted;
    view.wanted = null;
    const corrupted = corrupt(data.clean, data.noise, data.uniform, sigma, data.rate);
    try {
      const result = models.length
        ? await client.ask({ type: "reconstruct", config: { models, classifier: null }, digit: corrupted })
        : { models: [] };
      for (const method of data.methods) {
        if (method.method === "noisy") show(method, corrupted);
        else if (method.method === "median") show(method, median3(corrupted));
        else show(method, result.models.find((m) => m.name === method.name).image);
      }
      view.updates++;
      root.dataset.liveUpdates = String(view.updates);
      root.dataset.liveReady = "1"; // its pictures are drawn (tests wait for no "0")
      root.dataset.liveSigma = String(sigma);
    } catch (error) {
      send("failed", true);
    } finally {
      view.busy = false;
      if (view.wanted !== null) run();
      else client.pending(key, false);
    }
  };
  const update = () => {
    value.textContent = number.format(Number(input.value));
    view.wanted = Number(input.value);
    run();
  };
  input.addEventListener("input", update);
  input.addEventListener("change", () => send("sigma", Number(input.value)));
  update();
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  if (parentElement.__liveNoise === data.identity) return; // the student's slider stays as dragged
  parentElement.__liveNoise = data.identity;
  parentElement.dataset.liveReady = "0"; // until its first pictures: set before the client loads
  parentElement.querySelector(".ae-live-noise")?.remove();
  const start = (module) => {
    client = module;
    create(parentElement, data, setStateValue);
  };
  if (client) start(client);
  else import(CLIENT).then(start, () => setStateValue("failed", true)); // no client: the server draws
}
