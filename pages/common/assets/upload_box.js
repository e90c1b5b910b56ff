// Autoencoder Lab's own upload control: a drop zone and a button, labelled in the page's
// language (Streamlit's uploader speaks English only). The chosen file goes to Python as a
// data URL with its name; a file over the size limit is refused here with the page's message.

function createView(root, data) {
  root.querySelector(".ub-root")?.remove();
  const wrap = document.createElement("div");
  wrap.className = "ub-root";
  const label = document.createElement("label");
  label.className = "ub-zone";
  const input = document.createElement("input");
  input.type = "file";
  input.className = "ub-input";
  const button = document.createElement("span");
  button.className = "ub-button";
  const hint = document.createElement("span");
  hint.className = "ub-hint";
  const status = document.createElement("span");
  status.className = "ub-status";
  status.setAttribute("role", "status");
  label.append(input, button, hint);
  wrap.append(label, status);
  root.append(wrap);
  const view = { instance: data.instance, settings: data, send: null };

  const take = (file) => {
    const s = view.settings;
    if (!file) return;
    if (file.size > s.maxBytes) {
      status.textContent = s.labels.tooLarge;
      view.send("file", { name: file.name, size: file.size, data: null, refused: "file_too_large" });
      return;
    }
    status.textContent = s.labels.reading;
    const reader = new FileReader();
    reader.onload = () => {
      status.textContent = "";
      view.send("file", { name: file.name, size: file.size, data: reader.result, refused: null });
    };
    reader.onerror = () => {
      status.textContent = s.labels.unreadable;
      view.send("file", { name: file.name, size: file.size, data: null, refused: "not_an_image" });
    };
    reader.readAsDataURL(file);
  };
  input.addEventListener("change", () => {
    take(input.files && input.files[0]);
    input.value = ""; // the same file chosen again is read again
  });
  for (const kind of ["dragenter", "dragover"]) {
    label.addEventListener(kind, (event) => {
      event.preventDefault();
      label.classList.add("ub-over");
    });
  }
  for (const kind of ["dragleave", "drop"]) {
    label.addEventListener(kind, () => label.classList.remove("ub-over"));
  }
  label.addEventListener("drop", (event) => {
    event.preventDefault();
    take(event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0]);
  });

  view.apply = (settings, send) => {
    view.settings = settings;
    view.send = send;
    input.accept = settings.accept;
    input.setAttribute("aria-label", settings.labels.button);
    button.textContent = settings.labels.button;
    hint.textContent = settings.labels.hint;
  };
  return view;
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let view = parentElement.__uploadBox;
  if (!view || view.instance !== data.instance) {
    view = createView(parentElement, data);
    parentElement.__uploadBox = view;
  }
  view.apply(data, setStateValue);
}
