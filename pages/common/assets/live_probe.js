// Can this browser run the models itself? Loads onnxruntime-web and one small graph in the
// app's worker, once per page load, and tells Python (and a cookie, for the next session).

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  if (parentElement.__liveProbe === data.url) return;
  parentElement.__liveProbe = data.url;
  // The server read this cookie when the page loaded; the same answer again needs no rerun (one
  // would wipe a click or a one-time message of the run before it).
  const known = document.cookie.split("; ").find((c) => c.startsWith(`${data.cookie}=`))?.slice(data.cookie.length + 1);
  const answer = (ready) => {
    document.cookie = `${data.cookie}=${ready ? 1 : 0}; path=/; max-age=${30 * 24 * 3600}; SameSite=Lax`;
    if (known !== (ready ? "1" : "0")) setStateValue("ready", ready);
  };
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    answer(false);
    return;
  }
  import(new URL("/live/app/live_client.mjs", window.location.origin).href)
    .then((live) => live.canRunModels(data.url))
    .then(answer, () => answer(false));
}
