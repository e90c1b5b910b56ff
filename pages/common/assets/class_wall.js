// The class wall's cards, drawn incrementally. Every poll hands over the whole list (ids,
// pictures, captions, in the wall's order); a card already on the wall is kept as it is (its
// picture is not decoded again) and only moved, changed, added or removed where the list says.
// Redrawing all of them on every poll is what made a busy wall fall seconds behind.
function newCard(id) {
  const card = document.createElement("figure");
  card.className = "ae-card";
  card.dataset.id = id;
  const picture = document.createElement("img");
  const caption = document.createElement("figcaption");
  card.append(picture, caption);
  return card;
}

function fill(card, entry) {
  const [picture, caption] = card.children;
  if (picture.getAttribute("src") !== entry.src) picture.setAttribute("src", entry.src);
  picture.setAttribute("alt", entry.title);
  const title = document.createElement("strong");
  title.textContent = entry.title;  // text, never markup: nicknames are typed by students
  const lines = entry.lines.map((line) => {
    const span = document.createElement("span");
    span.textContent = line;
    return span;
  });
  caption.replaceChildren(title, ...lines);
  card.classList.toggle("ae-card-odd", Boolean(entry.odd));
}

export default function (component) {
  const { data, parentElement } = component;
  let grid = parentElement.querySelector(":scope > .ae-grid");
  if (!grid) {
    grid = document.createElement("div");
    parentElement.append(grid);
  }
  grid.className = `ae-grid ae-grid-${data.key}`;
  grid.style.setProperty("--card-min", `${data.minRem}rem`);
  const onWall = new Map();
  for (const card of grid.children) onWall.set(card.dataset.id, card);
  const wanted = new Set(data.cards.map((entry) => entry.id));
  for (const [id, card] of onWall) {
    if (!wanted.has(id)) {
      card.remove();
      onWall.delete(id);
    }
  }
  data.cards.forEach((entry, index) => {
    let card = onWall.get(entry.id);
    if (!card) card = newCard(entry.id);
    const signature = JSON.stringify(entry);
    if (card.__aeSignature !== signature) {
      fill(card, entry);
      card.__aeSignature = signature;
    }
    const there = grid.children[index];
    if (there !== card) grid.insertBefore(card, there || null);
  });
}
