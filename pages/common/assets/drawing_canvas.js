// The drawing canvas of Autoencoder Lab: freehand strokes, undo and clear.
// It sends the drawing to Python once per finished stroke (pointer up), with no debounce: a
// stroke's reconstructions are the round trip students wait for. The exported PNG holds only
// the strokes (transparent elsewhere), so a brush mask is its alpha and a digit is white ink.
// With the app's live client loaded it also sends the finished 28x28 digit (the server's own
// recipe, run here), and on a live page it hands every frame's digit to the page's hub while
// the pen moves, so the models in the browser redraw at once.

const ROUND = (v) => Math.round(v * 10) / 10;

function paint(ctx, strokes) {
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  for (const stroke of strokes) {
    const pts = stroke.points;
    if (!pts.length) continue;
    ctx.strokeStyle = stroke.color;
    ctx.fillStyle = stroke.color;
    ctx.lineWidth = stroke.width;
    if (pts.length === 1) {
      ctx.beginPath();
      ctx.arc(pts[0][0], pts[0][1], stroke.width / 2, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(pts[0][0], pts[0][1]);
    for (let i = 1; i < pts.length; i++) ctx.lineTo(pts[i][0], pts[i][1]);
    ctx.stroke();
  }
}

function validStrokes(objects) {
  if (!Array.isArray(objects)) return [];
  return objects
    .filter((o) => o && Array.isArray(o.points) && typeof o.width === "number" && typeof o.color === "string")
    .map((o) => ({ type: "stroke", color: o.color, width: o.width, points: o.points.filter((p) => Array.isArray(p) && p.length === 2) }));
}

function createView(root, data) {
  root.querySelector(".dc-root")?.remove();
  const wrap = document.createElement("div");
  wrap.className = "dc-root";
  const stage = document.createElement("div");
  stage.className = "dc-stage";
  const background = document.createElement("canvas");
  background.className = "dc-background";
  const ink = document.createElement("canvas");
  ink.className = "drawing-canvas";
  ink.setAttribute("role", "img");
  for (const c of [background, ink]) {
    c.width = data.width;
    c.height = data.height;
  }
  stage.style.aspectRatio = `${data.width} / ${data.height}`;
  stage.style.width = `${data.width}px`;
  stage.append(background, ink);
  const toolbar = document.createElement("div");
  toolbar.className = "dc-toolbar";
  const undo = document.createElement("button");
  const clear = document.createElement("button");
  undo.type = clear.type = "button";
  undo.className = "dc-undo";
  clear.className = "dc-clear";
  toolbar.append(undo, clear);
  wrap.append(stage, toolbar);
  root.append(wrap);

  const view = {
    instance: data.instance,
    strokes: validStrokes(data.initial),
    current: null, // the stroke being drawn
    pointerId: null, // the pointer drawing it
    settings: data,
    send: null,
    backgroundKey: null,
    live: null, // assets/live_client.mjs, once loaded
    sent: 0,
  };
  import(new URL("/live/app/live_client.mjs", window.location.origin).href).then((module) => { view.live = module; }, () => {});
  const liveHub = () => (view.live && view.settings.live ? view.live.hub(view.settings.live) : null);
  const currentDigit = () => {
    if (!view.live) return undefined;
    try {
      return view.live.digitFromCanvas(ink);
    } catch (error) {
      return undefined; // read-back refused: the server reads the PNG instead
    }
  };
  const ctx = ink.getContext("2d");
  let frame = 0;
  const redraw = () => {
    frame = 0;
    paint(ctx, view.current ? [...view.strokes, view.current] : view.strokes);
    undo.disabled = clear.disabled = view.strokes.length === 0 && !view.current;
    const hub = view.current ? liveHub() : null;
    if (hub) hub.setDigit(currentDigit() ?? null, false); // the pen is moving: a frame's digit
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(redraw);
  };
  const publish = () => {
    const png = view.strokes.length ? ink.toDataURL("image/png") : null;
    const digit = view.strokes.length ? currentDigit() : null;
    const hub = liveHub();
    if (hub && digit !== undefined) hub.setDigit(digit, true); // final, before the server hears of it
    const text = digit ? view.live.digitToBase64(digit) : null;
    const stamp = `${Math.round(performance.timeOrigin)}-${++view.sent}`; // this page load's n-th drawing
    if (hub) hub.ownStamp(stamp, text);
    view.send("drawing", { raw: { objects: view.strokes }, data: png, digit: text, stamp });
  };
  const point = (event) => {
    const box = ink.getBoundingClientRect();
    const x = ((event.clientX - box.left) * ink.width) / box.width;
    const y = ((event.clientY - box.top) * ink.height) / box.height;
    return [ROUND(Math.min(Math.max(x, 0), ink.width)), ROUND(Math.min(Math.max(y, 0), ink.height))];
  };

  ink.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || view.current) return;
    event.preventDefault();
    try {
      ink.setPointerCapture(event.pointerId); // keep the stroke when it leaves the canvas
    } catch (error) {
      // not an active pointer (a synthetic event): draw without capture
    }
    const s = view.settings;
    view.current = { type: "stroke", color: s.strokeColor, width: s.strokeWidth, points: [point(event)] };
    view.pointerId = event.pointerId;
    schedule();
  });
  // One stroke at a time: a second finger or pen neither draws nor ends the stroke.
  const mine = (event) => view.current && event.pointerId === view.pointerId;
  ink.addEventListener("pointermove", (event) => {
    if (!mine(event)) return;
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (const e of events.length ? events : [event]) view.current.points.push(point(e));
    schedule();
  });
  const finish = (event) => {
    if (!mine(event)) return;
    if (ink.hasPointerCapture(event.pointerId)) ink.releasePointerCapture(event.pointerId);
    view.pointerId = null;
    view.strokes.push(view.current);
    view.current = null;
    if (frame) cancelAnimationFrame(frame);
    redraw(); // synchronously, so the PNG holds the finished stroke
    publish();
  };
  ink.addEventListener("pointerup", finish);
  ink.addEventListener("pointercancel", finish);
  undo.addEventListener("click", () => {
    view.strokes.pop();
    redraw();
    publish();
  });
  clear.addEventListener("click", () => {
    view.strokes = [];
    redraw();
    publish();
  });

  view.apply = (settings, send) => {
    view.settings = settings;
    view.send = send;
    undo.textContent = settings.labels.undo;
    clear.textContent = settings.labels.clear;
    ink.setAttribute("aria-label", settings.labels.canvas);
    const key = `${settings.background}|${settings.backgroundImage ?? ""}`;
    if (key !== view.backgroundKey) {
      view.backgroundKey = key;
      const bctx = background.getContext("2d");
      bctx.fillStyle = settings.background;
      bctx.fillRect(0, 0, background.width, background.height);
      if (settings.backgroundImage) {
        const image = new Image();
        image.onload = () => {
          bctx.imageSmoothingEnabled = false;
          bctx.drawImage(image, 0, 0, background.width, background.height);
        };
        image.src = settings.backgroundImage;
      }
    }
    redraw();
  };
  return view;
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let view = parentElement.__drawingCanvas;
  if (!view || view.instance !== data.instance) {
    view = createView(parentElement, data);
    parentElement.__drawingCanvas = view;
  }
  view.apply(data, setStateValue);
}
