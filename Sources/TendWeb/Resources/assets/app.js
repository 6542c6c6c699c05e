// On every page: lets an installed Tend open offline (the service worker keeps only Tend's own
// static files and a neutral offline page). Everything works without this script.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // Not allowed here (no secure context): Tend works the same, just not offline.
  });
}

// Discreet mode's quick exit: the Exit button, or Escape pressed twice. Tend locks, and a blank
// notes page takes this page's place in the history (location.replace), so Back does not return here.
const exitForm = document.querySelector("form.quick-exit");
if (exitForm) {
  const leave = () => {
    fetch(exitForm.action, { method: "POST", body: new URLSearchParams(new FormData(exitForm)), credentials: "same-origin", keepalive: true })
      .catch(() => {})
      .finally(() => location.replace("/notes"));
    document.body.replaceChildren();
    document.title = "Notes";
  };
  exitForm.addEventListener("submit", (event) => { event.preventDefault(); leave(); });
  let lastEscape = 0;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEscape < 1500) leave();
    lastEscape = now;
  });
}
