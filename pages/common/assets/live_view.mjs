// What the live elements (live_draw.js, live_decode.js, live_noise.js) draw with: catalog messages
// with numbers in the page's language, 28x28 digits as pictures, and the cards of a card grid
// (pages.common.ui.card_grid's markup). Re-exported by live_client.mjs, which every element loads.

// A number format for a catalog placeholder's spec: ".2f" (two decimals) or ".0%" (a percentage).
export function numberFormat(lang, spec) {
  const match = /^\.(\d+)([f%])$/.exec(spec || "");
  if (!match) return null;
  const digits = Number(match[1]);
  return new Intl.NumberFormat(lang.replace("_", "-"), {
    style: match[2] === "%" ? "percent" : "decimal", minimumFractionDigits: digits, maximumFractionDigits: digits,
  });
}

// A catalog message ("error {value:.1f}") with its values, numbers in the page's language.
export function format(template, values, lang) {
  return template.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, name, spec) => {
    if (!(name in values)) return whole;
    const formatter = numberFormat(lang, spec);
    return formatter ? formatter.format(values[name]) : String(values[name]);
  });
}

// A digit's 784 values in [0, 1] (clipped), grey on a 28x28 canvas.
export function paint(canvas, pixels) {
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(Math.min(Math.max(pixels[i], 0), 1) * 255);
    image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = v;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

// The same digit as a PNG data URL, for an <img>.
export function png(pixels) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 28;
  paint(canvas, pixels);
  return canvas.toDataURL("image/png");
}

// An empty card: a picture and a caption (its title in bold, then a line per detail), filled by fillCard.
export function card(title) {
  const figure = document.createElement("figure");
  figure.className = "ae-card";
  const img = document.createElement("img");
  img.alt = title;
  const caption = document.createElement("figcaption");
  figure.append(img, caption);
  return figure;
}

// Updates a card in place, touching only what changed (a card is redrawn many times a second).
export function fillCard(figure, src, title, lines) {
  const img = figure.firstChild;
  if (img.src !== src) img.src = src;
  img.alt = title;
  const caption = figure.lastChild;
  const texts = [title, ...lines];
  if (caption.childNodes.length !== texts.length) {
    caption.replaceChildren(document.createElement("strong"), ...lines.map(() => document.createElement("span")));
  }
  texts.forEach((text, i) => {
    if (caption.childNodes[i].textContent !== text) caption.childNodes[i].textContent = text;
  });
}
