// The app's Web Worker: runs the served models' ONNX graphs with onnxruntime-web (WebAssembly,
// one thread: threads need a cross-origin isolated page), off the page's main thread.
// Served by the app at /live/app/live_worker.mjs; the runtime and graphs come from /live/ too.

import * as ort from "/live/ort/ort.wasm.min.mjs";

ort.env.wasm.wasmPaths = "/live/ort/";
ort.env.wasm.numThreads = 1;
ort.env.logLevel = "error";

const sessions = new Map(); // graph URL -> Promise<InferenceSession>

function session(url) {
  if (!sessions.has(url)) {
    const created = ort.InferenceSession.create(url, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
    created.catch(() => sessions.delete(url)); // a failed download may succeed on the next try
    sessions.set(url, created);
  }
  return sessions.get(url);
}

async function run(url, data, shape) {
  const result = await (await session(url)).run({ x: new ort.Tensor("float32", data, shape) });
  return result.y.data;
}

// One digit through every model of a page: its code (PCA's cut to `keep` components), its
// reconstruction clipped to [0, 1] and the summed squared error; and the classifier's reading.
async function reconstruct({ config, digit }) {
  const models = [];
  const transfer = [];
  for (const model of config.models) {
    let code = await run(model.encoder, digit, [1, 28, 28, 1]);
    code = Float32Array.from(code);
    if (model.keep) code.fill(0, model.keep);
    const image = Float32Array.from(await run(model.decoder, code, [1, code.length]));
    let error = 0;
    for (let i = 0; i < image.length; i++) {
      image[i] = Math.min(Math.max(image[i], 0), 1);
      error += (image[i] - digit[i]) ** 2;
    }
    models.push({ name: model.name, image, code: model.keep ? code.slice(0, model.keep) : code, error });
    transfer.push(image.buffer);
  }
  const probabilities = config.classifier ? Float32Array.from(await run(config.classifier, digit, [1, 28, 28, 1])) : null;
  return { result: { models, probabilities }, transfer };
}

// Decode codes (a batch, flattened) with one decoder: the latent map and the VAE explorer.
async function decode({ url, codes, size }) {
  const images = Float32Array.from(await run(url, codes, [codes.length / size, size]));
  for (let i = 0; i < images.length; i++) images[i] = Math.min(Math.max(images[i], 0), 1);
  return { result: images, transfer: [images.buffer] };
}

// Any graph on any input: the browser tests compare it with the server's answer.
async function raw({ url, input, shape }) {
  const output = Float32Array.from(await run(url, input, shape));
  return { result: output, transfer: [output.buffer] };
}

// Fetch and compile a page's graphs before its first digit (the first stroke then runs at once).
async function load({ urls }) {
  for (const url of urls) await session(url);
  return { result: urls.length, transfer: [] };
}

async function probe({ url }) {
  if (url) await session(url);
  return { result: true, transfer: [] };
}

const HANDLERS = { reconstruct, decode, raw, probe, load };

self.onmessage = async ({ data }) => {
  try {
    const { result, transfer } = await HANDLERS[data.type](data);
    self.postMessage({ id: data.id, result }, transfer);
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error && error.message ? error.message : error) });
  }
};
