#!/usr/bin/env python3
"""The session page on a phone (headless Chromium at 390x844): taps from home to a rated point at
gate 1, taps to End from every solo session screen, the smallest interactive target and the
smallest rendered text on the session screens, and the session page's bytes with its assets.
Prints figures; asserts nothing.

    swift build --product tend          (or -c release; the figures do not depend on it)
    .venv/bin/python scripts/bench-session-page.py [--binary .build/debug/tend] [--theme light]

(.venv is created by scripts/test; or: python3 -m venv .venv && .venv/bin/pip install -r tests/browser/requirements.txt)
"""
import argparse
import gzip
import re
import sys
import tempfile
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "browser"))
from conftest import make_driver  # noqa: E402  (the browser suite's 390x844 headless Chromium)
from tend_browser import INTERACTIVE, MEASURE_TARGETS, TendBrowser  # noqa: E402
from tend_server import TendServer  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402

PASSPHRASE = "benchmark passphrase session page"
VIEWPORT = (390, 844)

# Every visible, non-blank text node and the size it is drawn at. SVG text is scaled by its
# drawing's transform (the clock face's 24-unit numbers are drawn smaller than 24 px).
SMALLEST_TEXT = r"""
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const out = [];
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const text = node.textContent.trim();
  const element = node.parentElement;
  if (!text || !element || element.closest("script, style, noscript, title")) continue;
  const style = getComputedStyle(element);
  if (style.visibility === "hidden" || style.display === "none" || element.getClientRects().length === 0) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  const box = range.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) continue;
  let size = parseFloat(style.fontSize);
  if (element instanceof SVGElement && element.getScreenCTM) {
    const m = element.getScreenCTM();
    size *= Math.sqrt(m.a * m.a + m.b * m.b);
  }
  const classes = [...element.classList].map(c => "." + c).join("");
  out.push({size: Math.round(size * 10) / 10, what: `${element.tagName.toLowerCase()}${classes} "${text.slice(0, 30)}"`});
}
return out;
"""

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=".build/debug/tend")
parser.add_argument("--theme", choices=["low-light", "light"], default="low-light")
args = parser.parse_args()


class Taps:
    """Clicks that count: each tap, and whether the thumb had to scroll to reach it first."""

    def __init__(self, tend):
        self.tend = tend
        self.count = 0
        self.scrolled = []

    def tap(self, element, label):
        self.tend.driver.execute_script("window.scrollTo(0, 0)")
        box = self.tend.driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", element)
        if box["bottom"] > VIEWPORT[1] or box["top"] < 0:
            self.scrolled.append(f"{label} (top {box['top']:.0f} px)")
        self.count += 1
        self.tend.navigate_by(element)


def fresh_space(tend, server):
    tend.open("/")
    tend.use_theme(args.theme)
    tend.set_up(PASSPHRASE)


SCREENS = ["set-up", "warm-up", "full-hand", "entrance", "clock point", "clock point after pain 8", "paused", "gate check-in"]


def session_screens(tend):
    """Walks one solo session and yields (screen name) on each screen, End not pressed."""
    tend.start_session()
    for name in ("set-up", "warm-up", "full-hand", "entrance"):
        yield name
        tend.press_intent("next")
    yield "clock point"
    tend.tap_chip("pain", 8)
    yield "clock point after pain 8"
    tend.press_intent("pause")
    yield "paused"
    tend.press("Resume")
    tend.press_intent("next")
    tend.walk_clock_points(7)
    tend.press("Finish this gate")
    yield "gate check-in"


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and ({"stylesheet", "icon"} & set((attrs.get("rel") or "").split())):
            self.urls.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def fetch(url, cookie, gzip_ok=False):
    headers = {"Cookie": cookie}
    if gzip_ok:
        headers["Accept-Encoding"] = "gzip"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        body = response.read()
        return body, response.headers.get("Content-Encoding")


with tempfile.TemporaryDirectory() as temporary:
    temporary = Path(temporary)
    server = TendServer(REPO / args.binary if not Path(args.binary).is_absolute() else args.binary,
                        temporary / "data", temporary / "logs")
    server.start()
    driver = make_driver()
    try:
        tend = TendBrowser(driver, server, lambda step: None)
        fresh_space(tend, server)
        print(f"Session page figures, headless Chromium at {VIEWPORT[0]}x{VIEWPORT[1]}, {args.theme} theme, {args.binary}:")

        # --- Taps from home to a rated point at gate 1 --------------------------------------------
        taps = Taps(tend)
        taps.tap(tend.button("Start a session"), "Start a session")
        while not tend.driver.find_elements(By.CSS_SELECTOR, "form.chips"):
            onward = tend.driver.find_element(By.CSS_SELECTOR, ".actions button[data-intent=next]")
            taps.tap(onward, onward.text)
        to_point = taps.count
        taps.tap(tend.chip("tension", 3), "tension 3")
        taps.tap(tend.chip("pain", 2), "pain 2")
        print(f"  taps from home to a rated point at gate 1: {taps.count} "
              f"({to_point} to reach the first point, {taps.count - to_point} to rate it: tension and pain)")
        print(f"    of which needed a scroll first: {len(taps.scrolled)}" + (f" ({', '.join(taps.scrolled)})" if taps.scrolled else ""))
        session_url = tend.driver.current_url

        # --- The page's bytes with its assets ------------------------------------------------------
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        html, _ = fetch(session_url, cookie)
        found = Assets()
        found.feed(html.decode("utf-8", "replace"))
        sizes = {"HTML": len(html)}
        compressed = {"HTML": len(gzip.compress(html))}
        for path in found.urls:
            body, _ = fetch(server.url + path, cookie)
            sizes[path] = len(body)
            compressed[path] = len(gzip.compress(body))
        _, encoding = fetch(session_url, cookie, gzip_ok=True)
        total = sum(sizes.values())
        parts = ", ".join(f"{name.rsplit('/', 1)[-1]} {size:,}" for name, size in sizes.items())
        print(f"  session page (a rated clock point) with its assets: {total:,} B uncompressed ({parts}); "
              f"gzip -9 would be {sum(compressed.values()):,} B; the server {'sends ' + encoding if encoding else 'sends it uncompressed'}; "
              f"target under 50 KB")

        # --- Smallest target and smallest text, on every screen ------------------------------------
        targets, texts, ends = [], [], {}
        tend.open("/")
        for screen in session_screens(tend):
            for t in driver.execute_script(MEASURE_TARGETS, INTERACTIVE):
                targets.append((min(t["width"], t["height"]), t["width"], t["height"], screen, t["what"]))
            for t in driver.execute_script(SMALLEST_TEXT):
                texts.append((t["size"], screen, t["what"]))
        smallest = min(targets)
        print(f"  smallest interactive target on the session screens: {smallest[1]:.1f}x{smallest[2]:.1f} px, "
              f"{smallest[4]} on the {smallest[3]} screen")
        under = sorted({(w, h, what) for _, w, h, _, what in targets if min(w, h) < 44})
        print(f"    targets under 44 px: {len(under)}" + "".join(f"\n      {w:.1f}x{h:.1f} {what}" for w, h, what in under))
        least = min(texts)
        print(f"  smallest rendered text on the session screens: {least[0]:.1f} px, {least[2]} on the {least[1]} screen")
        under = sorted({(size, what) for size, _, what in texts if size < 14})
        print(f"    text under 14 px: {len(under)}" + "".join(f"\n      {size:.1f} px {what}" for size, what in under))

        # --- Taps to End from every screen ---------------------------------------------------------
        results = []
        for name in SCREENS:
            tend.open("/")
            for screen in session_screens(tend):
                if screen == name:
                    break
            end = driver.find_element(By.CSS_SELECTOR, ".live-bar button[data-intent=end]")
            top = driver.execute_script("window.scrollTo(0, 0); return arguments[0].getBoundingClientRect().top", end)
            taps = Taps(tend)
            taps.tap(end, "End")
            reached = bool(driver.find_elements(By.ID, "howItFelt"))
            results.append((name, taps.count if reached else None, top))
        print("  taps to End (to the closing screen) from every solo session screen:")
        for name, count, top in results:
            print(f"    {name}: {count if count is not None else 'did not reach the close in one tap'} (End's top at {top:.0f} px)")
    finally:
        driver.quit()
        server.stop()

print(f"\nReproduce (from the repository): .venv/bin/python scripts/bench-session-page.py --binary {args.binary} --theme {args.theme}")
