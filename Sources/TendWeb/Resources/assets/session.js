// Tend's live session page: keeps timers ticking between server updates, plays an optional soft
// chime once a suggested time has passed, and keeps the screen awake. Everything works without
// this script; it only adds comfort.

const timers = [...document.querySelectorAll(".timer[data-counted]")];
const loadedAt = performance.now();

function format(seconds) {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function elapsed(timer) {
  const counted = Number(timer.dataset.counted);
  if (timer.dataset.running !== "yes") return counted;
  const since = timer.dataset.since ? Number(timer.dataset.since) : loadedAt;
  return counted + (performance.now() - since) / 1000;
}

// --- A timer the page pauses itself (graded practice has no server clock): its button stops and
// restarts it, and the minutes it counted fill the form's field if that is still empty. ---------
for (const button of document.querySelectorAll("button[data-pauses]")) {
  const timer = document.getElementById(button.dataset.pauses);
  if (!timer) continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    const running = timer.dataset.running === "yes";
    timer.dataset.counted = String(elapsed(timer));
    timer.dataset.since = String(performance.now());
    timer.dataset.running = running ? "no" : "yes";
    button.textContent = running ? "Carry on with the timer" : "Pause the timer";
  });
}
for (const timer of document.querySelectorAll(".timer[data-fills]")) {
  const field = document.getElementById(timer.dataset.fills);
  field?.form?.addEventListener("submit", () => {
    if (field.value === "") field.value = String(Math.round(elapsed(timer) / 60));
  });
}

// --- A soft chime, off unless the person turns it on: a clock that says "this much time has
// passed", never a cue to move on. ------------------------------------------------------------
const chimeKey = "tend.chime";
let audio;
function chimeEnabled() {
  return localStorage.getItem(chimeKey) === "on";
}
function chime() {
  if (!chimeEnabled()) return;
  audio ??= new AudioContext();
  const now = audio.currentTime;
  for (const [frequency, delay] of [[528, 0], [660, 0.35]]) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = "sine";
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, now + delay);
    gain.gain.exponentialRampToValueAtTime(0.12, now + delay + 0.08);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + delay + 1.6);
    tone.connect(gain).connect(audio.destination);
    tone.start(now + delay);
    tone.stop(now + delay + 1.7);
  }
}

function tick() {
  for (const timer of timers) {
    const seconds = elapsed(timer);
    timer.textContent = format(seconds);
    const chimeAfter = Number(timer.dataset.chimeAfter);
    if (chimeAfter && !timer.dataset.chimed && seconds >= chimeAfter && timer.dataset.running === "yes") {
      timer.dataset.chimed = "yes";
      timer.classList.add("suggested-time-passed");
      chime();
    }
  }
}
if (timers.length) {
  for (const timer of timers) {
    if (Number(timer.dataset.chimeAfter) && elapsed(timer) >= Number(timer.dataset.chimeAfter)) timer.dataset.chimed = "yes";
  }
  tick();
  setInterval(tick, 250);
}

// --- A switch for the chime, added only when the script runs. -------------------------------
const toggle = document.createElement("button");
toggle.type = "button";
toggle.className = "quiet chime-toggle";
function labelToggle() {
  toggle.textContent = chimeEnabled() ? "Clock chime: on" : "Clock chime: off";
  toggle.title = "A soft chime when the suggested time has passed: a clock, not a cue to move on.";
  toggle.setAttribute("aria-pressed", String(chimeEnabled()));
}
toggle.addEventListener("click", () => {
  localStorage.setItem(chimeKey, chimeEnabled() ? "off" : "on");
  labelToggle();
});
labelToggle();
document.querySelector(".live-bar")?.append(toggle);

// --- Keep the screen awake while the page is visible, where the browser allows it. ----------
async function stayAwake() {
  try {
    if ("wakeLock" in navigator && document.visibilityState === "visible") await navigator.wakeLock.request("screen");
  } catch {
    // Not allowed here (no secure context, low battery): the session works the same without it.
  }
}
document.addEventListener("visibilitychange", stayAwake);
stayAwake();

// --- Jaw and throat reminders, if chosen: one at a time, by active (unpaused) time. ---------
const jaw = document.querySelector(".jaw-cue[data-interval]");
if (jaw && timers.length) {
  const interval = Number(jaw.dataset.interval);
  const phrases = JSON.parse(jaw.dataset.phrases);
  let shownIndex = Math.floor(elapsed(timers[0]) / interval);
  setInterval(() => {
    const index = Math.floor(elapsed(timers[0]) / interval);
    if (index > shownIndex && index >= 1) {
      shownIndex = index;
      jaw.textContent = phrases[(index - 1) % phrases.length];
      setTimeout(() => { jaw.textContent = ""; }, 20000);
    }
  }, 1000);
}

// --- While a session page is open, the space stays unlocked: a long, still hold on one point
// must not end in the unlock page. Walking away (closing the page) lets auto-lock work again. --
setInterval(() => fetch("/healthz", { credentials: "same-origin", cache: "no-store" }).catch(() => {}), 4 * 60 * 1000);
