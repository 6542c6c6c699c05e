"""Fixtures for Tend's real-browser suite: a Tend server on a throwaway data directory, and a
headless Chromium at phone size (390×844) that saves a screenshot of each step.

The binary under test comes from TEND_BINARY (default: <repo>/.build/debug/tend).
"""

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tend_browser import TendBrowser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tend_server import TendServer  # noqa: E402  (shared with the adversarial suite)

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
WINDOW = (390, 844)


@pytest.fixture
def tend_server(tmp_path):
    """A running Tend with an empty data directory of its own. Stopped at the end of the test."""
    binary = Path(os.environ.get("TEND_BINARY", REPO / ".build" / "debug" / "tend"))
    if not binary.is_file():
        pytest.fail(f"No Tend binary at {binary}. Build it (swift build --product tend) or set TEND_BINARY.")
    logs = tmp_path / "logs"
    logs.mkdir()
    server = TendServer(binary, tmp_path / "data", logs)
    server.start()
    yield server
    server.stop()
    print(server.logs())  # shown by pytest only when the test fails


def make_driver():
    """Headless Chromium with a 390×844 page, with the browser log enabled."""
    chromium = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        missing = " and ".join(name for name, path in (("chromium", chromium), ("chromedriver", chromedriver)) if not path)
        pytest.skip(f"browser suite needs {missing} on PATH (Debian: apt-get install chromium chromium-driver)")

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", f"--window-size={WINDOW[0]},{WINDOW[1]}", "--no-sandbox",
                     "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                     "--autoplay-policy=no-user-gesture-required"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    # Headless Chromium keeps windows at least 500 px wide; this makes the page itself 390×844.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": WINDOW[0], "height": WINDOW[1], "deviceScaleFactor": 1, "mobile": True})
    return browser


def quit_driver(browser, request, label: str):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        try:
            save_screenshot(browser, request.node.name, f"{label}failure")
        except Exception:
            pass
    browser.quit()


@pytest.fixture
def driver(request):
    browser = make_driver()
    try:
        yield browser
    finally:
        quit_driver(browser, request, "")


@pytest.fixture
def second_driver(request):
    """A second, separate browser: the partner's phone."""
    browser = make_driver()
    try:
        yield browser
    finally:
        quit_driver(browser, request, "partner-")


def save_screenshot(browser, test_name: str, step: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', test_name).strip('-')}-{step}.png"
    browser.save_screenshot(str(path))
    return path


@pytest.fixture
def screenshot(driver, request):
    """screenshot("step") saves <repo>/artifacts/screenshots/<test>-NN-step.png, numbered in order."""
    count = 0

    def take(step: str) -> Path:
        nonlocal count
        count += 1
        return save_screenshot(driver, request.node.name, f"{count:02d}-{step}")

    return take


@pytest.fixture
def tend(driver, tend_server, screenshot):
    """The page helper most tests use: a browser pointed at the test's own Tend."""
    return TendBrowser(driver, tend_server, screenshot)


@pytest.fixture
def partner(second_driver, tend_server, request):
    """The partner's browser, on the same Tend, with its own cookies."""
    count = 0

    def take(step: str) -> Path:
        nonlocal count
        count += 1
        return save_screenshot(second_driver, request.node.name, f"partner-{count:02d}-{step}")

    return TendBrowser(second_driver, tend_server, take)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
