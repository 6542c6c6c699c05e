"""A small vocabulary for driving Tend's pages: press a button by its text, set up a space,
walk a session to a phase. Every page load records the resources the page fetched and the
browser's console messages, so a test can check nothing came from elsewhere."""

import re

from selenium.common.exceptions import (
    JavascriptException, NoAlertPresentException, UnexpectedAlertPresentException, WebDriverException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# The clock face of gate 1: the points in order (the return to six is a point of its own).
GATE_ONE = [6, 7, 8, 9, 10, 6, 5, 4, 3]

# The phases before the clock face, and the way on from each (its `next` button).
PHASES = [
    ("set-up", "Begin the warm-up"),
    ("warm-up", "Go on to holding"),
    ("full-hand", "Go on to the entrance"),
    ("entrance", "Go on to the clock face"),
]

# Words a solo session never says: it speaks to one person, and Tend never assumes a gender.
NOT_SOLO = re.compile(r"\b(partner|partners|giver|givers|receiver|receivers|both of you|each other|you two)\b", re.IGNORECASE)
GENDERED = re.compile(r"\b(she|her|hers|herself|he|him|his|himself|woman|women|man|men|girlfriend|boyfriend|wife|husband)\b",
                      re.IGNORECASE)

# Every element a person can act on, and how small it may be (CSS px).
INTERACTIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary"
SMALLEST_TARGET = 44

# Measures every visible interactive element; a checkbox or radio inside a label is measured by
# its label (the label is what the finger hits). Returns [{what, width, height}].
MEASURE_TARGETS = r"""
const selector = arguments[0];
const seen = new Set();
const out = [];
for (const element of document.querySelectorAll(selector)) {
  let target = element;
  if (element.matches("input[type=checkbox], input[type=radio]") && element.closest("label")) target = element.closest("label");
  if (seen.has(target)) continue;
  seen.add(target);
  const style = getComputedStyle(target);
  const box = target.getBoundingClientRect();
  if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || style.display === "none") continue;
  const text = (target.innerText || target.textContent || target.value || target.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 40);
  const classes = [...target.classList].map(c => "." + c).join("");
  const name = target.getAttribute("name") ? `[name=${target.getAttribute("name")}]` : "";
  const value = target.matches("button[value]") ? `[value=${target.value}]` : "";
  out.push({what: `${target.tagName.toLowerCase()}${classes}${name}${value} "${text}"`,
            width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10});
}
return out;
"""


def gone(element) -> bool:
    """Whether an element has left the page (stale, or its document replaced mid-check)."""
    try:
        element.is_enabled()
    except UnexpectedAlertPresentException:
        raise
    except WebDriverException:
        return True
    return False


def xpath_literal(text: str) -> str:
    return f'"{text}"' if '"' not in text else f"'{text}'"


class TendBrowser:
    def __init__(self, driver, server, screenshot):
        self.driver = driver
        self.server = server
        self.shot = screenshot
        self.visits = []  # (page URL, [resource URLs]) for every page loaded
        self.console = []  # every browser log entry seen

    # --- Pages ------------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        return self.server.url

    def open(self, path: str):
        self.driver.get(self.origin + path)
        self._loaded()

    def _loaded(self):
        WebDriverWait(self.driver, 15, ignored_exceptions=[JavascriptException]).until(
            lambda d: d.execute_script("return document.readyState") == "complete")
        resources = self.driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        self.visits.append((self.driver.current_url, resources))
        self.console.extend(self.driver.get_log("browser"))

    def navigate_by(self, element):
        """Clicks something that loads a new page, and waits for that page."""
        old_page = self.driver.find_element(By.TAG_NAME, "html")
        # As a thumb would: bring it to the middle of the screen, clear of the sticky session bar.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        WebDriverWait(self.driver, 15).until(lambda _: gone(old_page))
        self._loaded()
        if self.driver.title.startswith("Form expired"):
            raise AssertionError(f"Tend refused this form post as forged (403 \"Form expired\") at {self.path()}")

    def button(self, text: str):
        return self.driver.find_element(By.XPATH, f"//button[normalize-space()={xpath_literal(text)}]")

    def press(self, text: str):
        """Presses the button with exactly this visible text (every button is a form post)."""
        self.navigate_by(self.button(text))

    def press_button_in_page(self, text: str):
        """Presses a script-driven button that does not load a new page."""
        self.button(text).click()

    def press_intent(self, intent: str):
        self.navigate_by(self.driver.find_element(By.CSS_SELECTOR, f"button[data-intent='{intent}']"))

    def follow(self, link_text: str):
        self.navigate_by(self.driver.find_element(By.LINK_TEXT, link_text))

    def fill(self, css: str, text: str):
        field = self.driver.find_element(By.CSS_SELECTOR, css)
        field.clear()
        field.send_keys(text)

    def heading(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    def use_theme(self, theme: str):
        """For "light", presses the footer's theme switch (it sticks for this browser); "low-light" is the default."""
        if theme == "light":
            if "light" not in self.driver.find_element(By.TAG_NAME, "body").get_attribute("class").split():
                self.press("Use the light theme")
            assert "light" in self.driver.find_element(By.TAG_NAME, "body").get_attribute("class").split()

    def small_targets(self, smallest: int = SMALLEST_TARGET) -> list:
        """Every visible interactive element on the page smaller than smallest×smallest CSS px."""
        return [f"{t['what']}: {t['width']}×{t['height']}" for t in self.driver.execute_script(MEASURE_TARGETS, INTERACTIVE)
                if t["width"] < smallest - 0.01 or t["height"] < smallest - 0.01]

    def rect(self, css: str) -> dict:
        return self.driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()",
                                          self.driver.find_element(By.CSS_SELECTOR, css))

    def error(self) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, ".form-error[role=alert]").text

    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.origin)

    def assert_no_dialog(self):
        try:
            alert = self.driver.switch_to.alert
        except NoAlertPresentException:
            return
        raise AssertionError(f"unexpected dialog: {alert.text!r}")

    # --- The space --------------------------------------------------------------------------

    def set_up(self, passphrase: str, shots: bool = False) -> str:
        """From the welcome page to home: chooses the passphrase, ticks "saved", returns the recovery key."""
        self.open("/")
        if shots:
            self.shot("welcome")
        self.follow("Set up my private space")
        if shots:
            self.shot("setup")
        self.fill("#passphrase", passphrase)
        self.fill("#confirmation", passphrase)
        self.press("Create my space")
        key = self.driver.find_element(By.CLASS_NAME, "recovery-key").text
        if shots:
            self.shot("recovery-key")
        self.driver.find_element(By.NAME, "saved").click()
        self.press("Continue")
        return key

    def lock(self):
        self.press("Lock")

    def unlock(self, passphrase: str):
        self.fill("#passphrase", passphrase)
        self.press("Unlock")

    # --- Sessions ---------------------------------------------------------------------------

    def start_session(self) -> str:
        """Starts a session from home; returns its path."""
        self.press("Start a session")
        assert re.fullmatch(r"/sessions/[^/]+", self.path()), self.path()
        return self.path()

    def walk_to(self, phase: str, shots: bool = False, each=None):
        """From the set-up checklist to a phase ("warm-up", "full-hand", "entrance") or "clock",
        by each screen's way on. `each(name)` is called on every screen passed."""
        names = [name for name, _ in PHASES] + ["clock"]
        for name, leave in PHASES[: names.index(phase)]:
            if shots:
                self.shot(name)
            if each:
                each(name)
            onward = self.driver.find_element(By.CSS_SELECTOR, ".actions button[data-intent=next]")
            assert onward.text == leave, f"on {name}, the way on says {onward.text!r}, expected {leave!r}"
            self.navigate_by(onward)

    def walk_clock_points(self, count: int):
        """Moves on `count` points along the clock face."""
        for _ in range(count):
            self.press("Next point")

    def actions(self) -> list:
        """The texts of the session page's main choices, in order."""
        return [button.text for button in self.driver.find_elements(By.CSS_SELECTOR, ".actions button")]

    def chip(self, scale: str, value: int):
        return self.driver.find_element(By.CSS_SELECTOR, f"form.chips button[name={scale}][value='{value}']")

    def tap_chip(self, scale: str, value: int):
        """One tap on a rating chip (a form post; the page comes back)."""
        self.navigate_by(self.chip(scale, value))

    def rate(self, tension: int, pain: int):
        self.tap_chip("tension", tension)
        self.tap_chip("pain", pain)

    def chosen(self, scale: str) -> list:
        """The values of the chips shown as chosen on one scale (class and aria-pressed agree)."""
        chips = self.driver.find_elements(By.CSS_SELECTOR, f"form.chips button[name={scale}]")
        chosen = [int(chip.get_attribute("value")) for chip in chips if "chosen" in chip.get_attribute("class").split()]
        pressed = [int(chip.get_attribute("value")) for chip in chips if chip.get_attribute("aria-pressed") == "true"]
        assert chosen == pressed, f"{scale}: chosen {chosen} but aria-pressed {pressed}"
        return chosen

    def version(self) -> int:
        """The session version the page's forms carry."""
        return int(self.driver.find_element(By.CSS_SELECTOR, "form input[name=version]").get_attribute("value"))

    def timer_seconds(self) -> int:
        minutes, seconds = self.driver.find_element(By.CLASS_NAME, "timer").text.split(":")
        return int(minutes) * 60 + int(seconds)

    def point_rows(self) -> list:
        """The rows of the summary's points tables: [point, time, tension, pain]."""
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table.points tr")
        cells = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]
        return [row for row in cells if row]
