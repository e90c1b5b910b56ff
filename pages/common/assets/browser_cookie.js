// Keeps one small value in a cookie of this browser (no element is shown): what the app
// remembers across a reload (pages/common/browser_memory.py). Read back by the server
// (st.context.cookies) when the next session starts.
export default function (component) {
  const { data } = component;
  const value = encodeURIComponent(data.value);
  const current = document.cookie.split("; ").find((c) => c.startsWith(`${data.name}=`));
  if (current === `${data.name}=${value}`) return;
  document.cookie = `${data.name}=${value}; path=/; max-age=${data.maxAge}; SameSite=Strict`;
}
