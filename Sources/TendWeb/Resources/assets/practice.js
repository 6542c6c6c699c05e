// Tend's practice runner: breath pacer, pelvic-floor letting-go and jaw release. Each
// `.practice` element lists its steps in data-steps; this script walks through them on the
// page's own clock, grows the circle on in-breaths, softens it on out-breaths, and can add soft
// tones and a short vibration at each change. The page's words work without it.

for (const practice of document.querySelectorAll(".practice[data-steps]")) {
  const steps = JSON.parse(practice.dataset.steps);
  const forever = practice.dataset.repeat === "forever";
  const label = practice.querySelector(".practice-label");
  const circle = practice.querySelector(".pacer-circle");
  const start = practice.querySelector(".practice-start");
  const sound = practice.querySelector(".practice-sound");
  const vibrate = practice.querySelector(".practice-vibrate");
  const idle = label.textContent;
  for (const hidden of practice.querySelectorAll("[hidden]")) hidden.hidden = false;

  const total = steps.reduce((sum, step) => sum + step.seconds, 0);
  let startedAt = null;
  let current = -1;
  let frame = null;
  let audio = null;

  function tone(kind) {
    if (!sound?.checked) return;
    audio ??= new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    const now = audio.currentTime;
    oscillator.type = "sine";
    oscillator.frequency.value = kind === "inhale" ? 396 : kind === "contract" ? 440 : 330;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.08, now + 0.1);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 1.2);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(now);
    oscillator.stop(now + 1.3);
  }

  function stop(message) {
    cancelAnimationFrame(frame);
    startedAt = null;
    current = -1;
    practice.dataset.phase = "idle";
    practice.style.setProperty("--breath", "0");
    label.textContent = message;
    start.textContent = "Start";
  }

  // With an anchor (a partner session), the rhythm counts from a shared server moment, so both
  // phones breathe in step; live.js keeps window.tendClockOffset current.
  const anchor = Number(practice.dataset.anchor);

  function step(now) {
    const elapsed = anchor && forever
      ? (Date.now() + (window.tendClockOffset ?? 0) - anchor) / 1000
      : (now - startedAt) / 1000;
    if (!forever && elapsed >= total) return stop("Done. Notice how your body feels now.");
    let into = forever ? elapsed % total : elapsed;
    let index = 0;
    while (into >= steps[index].seconds) {
      into -= steps[index].seconds;
      index += 1;
    }
    const { kind, seconds } = steps[index];
    const progress = into / seconds;
    if (index !== current) {
      current = index;
      practice.dataset.phase = kind;
      practice.dataset.stepIndex = String(index);
      label.textContent = steps[index].label;
      tone(kind);
      if (vibrate?.checked) navigator.vibrate?.(kind === "inhale" || kind === "contract" ? 60 : [30, 60, 30]);
    }
    // 0 = small, 1 = full: grows on in-breath and squeeze, softens on out-breath and release.
    const size = kind === "inhale" || kind === "contract" ? progress : kind === "rest" ? 0 : 1 - progress;
    practice.style.setProperty("--breath", size.toFixed(3));
    if (circle) circle.dataset.size = size.toFixed(2);
    frame = requestAnimationFrame(step);
  }

  start.addEventListener("click", () => {
    if (startedAt !== null) return stop(idle);
    startedAt = performance.now();
    start.textContent = "Stop";
    frame = requestAnimationFrame(step);
  });
}
