"""A small vocabulary for driving Tend's pages: press a button by its text, set up a space,
walk a session to a phase. Every page load records the resources the page fetched and the
browser's console messages, so a test can check nothing came from elsewhere."""

import re

from selenium.common.exceptions import (
    JavascriptException, NoAlertPresentException, UnexpectedAlertPresentException, WebDriverException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

# The clock face of gate 1: the points in order (the return to six is a point of its own).
GATE_ONE = [6, 7, 8, 9, 10, 6, 5, 4, 3]

# The phases before the clock face, and the button that leaves each.
PHASES = [
    ("set-up", "Begin the warm-up"),
    ("warm-up", "Move on to holding"),
    ("full-hand", "Move on to the entrance"),
    ("entrance", "Move on to the clock face"),
]


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

    def walk_to(self, phase: str, shots: bool = False):
        """From the set-up checklist to a phase ("warm-up", "full-hand", "entrance") or "clock"."""
        names = [name for name, _ in PHASES] + ["clock"]
        for name, leave in PHASES[: names.index(phase)]:
            if shots:
                self.shot(name)
            self.press(leave)

    def walk_clock_points(self, count: int):
        """Moves on `count` points along the clock face."""
        for _ in range(count):
            self.press("Relaxed — next point")

    def rate(self, tension: int, pain: int):
        details = self.driver.find_element(By.CSS_SELECTOR, "details.rating")
        if not details.get_attribute("open"):
            details.find_element(By.TAG_NAME, "summary").click()
        self._select("#tension", tension)
        self._select("#pain", pain)
        self.press("Save rating")

    def _select(self, css: str, value: int):
        Select(self.driver.find_element(By.CSS_SELECTOR, css)).select_by_value(str(value))

    def timer_seconds(self) -> int:
        minutes, seconds = self.driver.find_element(By.CLASS_NAME, "timer").text.split(":")
        return int(minutes) * 60 + int(seconds)

    def point_rows(self) -> list:
        """The rows of the summary's points tables: [point, time, tension, pain]."""
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table.points tr")
        cells = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]
        return [row for row in cells if row]
