// On every page: lets an installed Tend open offline (the service worker keeps only Tend's own
// static files and a neutral offline page). Everything works without this script.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // Not allowed here (no secure context): Tend works the same, just not offline.
  });
}
