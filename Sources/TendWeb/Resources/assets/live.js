// Tend's live partner session. The server is authoritative: this script sends intents, draws
// whatever state arrives, and keeps the shared timer in step using the server's clock.

const root = document.querySelector(".live-root");
const role = root.dataset.role;
const status = root.querySelector(".live-status");
const title = root.querySelector(".live-title");
const guidance = root.querySelector(".live-guidance");
const timer = root.querySelector(".live-timer");
const signalWord = root.querySelector(".signal-word");
const pairing = root.querySelector(".pairing");
// What each pain level means, as the two people agreed, and what the giver does at each level.
const painMeanings = JSON.parse(root.dataset.painMeanings ?? "[]");
const painGuidance = JSON.parse(root.dataset.painGuidance ?? "[]");
const giverNote = root.querySelector(".live-giver");
const speak = root.querySelector(".speak-signals");

let socket = null;
let state = null;
let offset = 0; // server clock minus this device's clock, in ms
let bestRoundTrip = Infinity;
let nextRef = 1;
let retry = 500;
let finalClose = false;
const waiting = new Map(); // ref -> button

// --- Connection ------------------------------------------------------------------------------
async function connect() {
  status.textContent = "Connecting…";
  try {
    const response = await fetch(root.dataset.ticketUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": root.dataset.csrf },
    });
    if (!response.ok) throw new Error("ticket");
    const { ticket } = await response.json();
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/live/ws?ticket=${encodeURIComponent(ticket)}`);
  } catch {
    return reconnectLater();
  }
  socket.addEventListener("open", () => {
    retry = 500;
    status.textContent = "Connected";
    send({ type: "hello", lastVersion: state?.version ?? 0 });
    ping();
  });
  socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
  socket.addEventListener("close", (event) => {
    if (event.code === 4009 || event.code === 4010) {
      finalClose = true;
      status.textContent = event.reason || "Disconnected.";
      return;
    }
    reconnectLater();
  });
}

function reconnectLater() {
  if (finalClose) return;
  status.textContent = "Reconnecting…";
  setTimeout(connect, retry);
  retry = Math.min(retry * 2, 8000);
}

function send(message) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function ping() {
  send({ type: "ping", clientTime: Date.now() });
}
setInterval(ping, 10000);

// --- Incoming --------------------------------------------------------------------------------
function receive(message) {
  switch (message.type) {
    case "state":
      if (!state || message.state.version >= state.version) draw(message.state);
      break;
    case "signal":
      // Signals come only from the other device; they leave the rest of the state as it was.
      if (state && message.signal.version > state.version) {
        state.version = message.signal.version;
        root.dataset.version = String(state.version);
      }
      announce(message.signal);
      break;
    case "ack": {
      const button = waiting.get(message.ref);
      waiting.delete(message.ref);
      button?.classList.remove("sending");
      if (button && role === "receiver" && button.dataset.intent !== "start") confirmSent(button);
      break;
    }
    case "error": {
      const button = waiting.get(message.ref);
      waiting.delete(message.ref);
      button?.classList.remove("sending");
      status.textContent = message.message;
      break;
    }
    case "pong": {
      const now = Date.now();
      const roundTrip = now - message.clientTime;
      if (roundTrip <= bestRoundTrip) {
        bestRoundTrip = roundTrip;
        offset = message.serverTime - (message.clientTime + roundTrip / 2);
        window.tendClockOffset = offset;
      }
      break;
    }
  }
}

function draw(next) {
  const previous = state;
  state = next;
  root.dataset.version = String(next.version);
  root.dataset.kind = next.kind;
  root.dataset.paused = String(next.paused);
  title.textContent = next.title;
  guidance.textContent = next.guidance;
  document.body.classList.toggle("is-paused", next.paused);
  document.body.classList.toggle("not-started", next.kind === "notStarted");
  for (const button of document.querySelectorAll("button[data-intent='pause'], button[data-intent='resume']")) {
    button.dataset.intent = next.paused ? "resume" : "pause";
    button.textContent = next.paused ? "Resume" : "Pause";
  }
  if (pairing) pairing.hidden = next.giverPresent;
  if (giverNote) giverNote.textContent = next.giverPresent
    ? (next.agreementConfirmed ? "Your partner is here and has confirmed the agreement." : "Your partner is here, reading the agreement.")
    : "Waiting for your partner to join.";
  if (role === "giver" && previous && previous.paused !== next.paused) announce({ signal: next.paused ? "pause" : "resume", by: "receiver" });
  if (role === "giver" && previous && !previous.finished && next.kind === "phase" && next.phase === "close") announce({ signal: "end", by: "receiver" });
  status.textContent = next.finished ? "This session is finished." : next.paused ? "Paused" : "Connected";
}

// --- The shared timer ------------------------------------------------------------------------
// Seconds on the current step, counted on the server's clock (so both phones agree).
function timerSeconds() {
  let seconds = state.countedSeconds;
  if (state.runningSince !== null && state.runningSince !== undefined) seconds += (Date.now() + offset - state.runningSince) / 1000;
  return seconds;
}
window.tendTimerSeconds = () => (state ? timerSeconds() : null);

function tick() {
  if (!state) return;
  const whole = Math.max(0, Math.floor(timerSeconds()));
  timer.textContent = `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
setInterval(tick, 200);

// --- Signals, loud enough to notice without staring ------------------------------------------
const words = {
  holdStill: "Hold still", softer: "Softer", firmer: "Firmer", pain: "Pain", ready: "Ready for the next point?",
  here: "I'm here, no hurry",
  pause: "Pause", resume: "Carry on", end: "End",
};
const pitches = { holdStill: 330, softer: 392, firmer: 494, pain: 262, ready: 587, here: 0, pause: 294, resume: 440, end: 220 };
let audio = null;

function announce(signal) {
  if (signal.signal === "here") {
    // Presence, not a prompt: a quiet line, no sound, no buzz.
    status.textContent = "Your partner: “I'm here, no hurry.”";
    return;
  }
  const level = signal.level;
  const text = signal.signal === "pain" ? `Pain ${level} of 5` : (words[signal.signal] ?? signal.signal);
  if (signalWord) {
    // A steady word in low-light colours, there until the next signal: no flash in a dark room.
    const meaning = signal.signal === "pain" ? painMeanings[level - 1] : null;
    const todo = signal.signal === "pain" ? painGuidance[level - 1] : null;
    signalWord.replaceChildren();
    const word = document.createElement("strong");
    word.textContent = text;
    signalWord.append(word);
    for (const line of [meaning ? `“${meaning}”` : null, todo]) {
      if (!line) continue;
      const p = document.createElement("span");
      p.textContent = line;
      signalWord.append(p);
    }
    signalWord.dataset.signal = signal.signal;
    signalWord.hidden = false;
    signalWord.classList.add("fresh");
    clearTimeout(announce.timer);
    announce.timer = setTimeout(() => signalWord.classList.remove("fresh"), 4000);
  }
  try {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    const now = audio.currentTime;
    tone.frequency.value = pitches[signal.signal] ?? 440;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.15, now + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.9);
    tone.connect(gain).connect(audio.destination);
    tone.start(now);
    tone.stop(now + 1);
  } catch {
    // Sound may need a first tap on the page; the words still show.
  }
  navigator.vibrate?.(signal.signal === "end" || signal.signal === "pause" ? [200, 100, 200] : 150);
  if (speak?.checked && "speechSynthesis" in window) speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

// A quiet word on the receiver's phone that a signal reached the other screen.
function confirmSent(button) {
  const label = button.dataset.level ? `Pain ${button.dataset.level}` : button.textContent.trim();
  status.textContent = `Sent: ${label}`;
  clearTimeout(confirmSent.timer);
  confirmSent.timer = setTimeout(() => {
    if (state) status.textContent = state.finished ? "This session is finished." : state.paused ? "Paused" : "Connected";
  }, 2500);
}

// --- Outgoing --------------------------------------------------------------------------------
root.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-intent]");
  if (!button || button.closest("form")) return;
  const ref = `r${nextRef++}`;
  waiting.set(ref, button);
  button.classList.add("sending");
  const message = { type: "intent", ref, intent: button.dataset.intent };
  if (button.dataset.level) message.level = Number(button.dataset.level);
  send(message);
});

connect();
