#!/usr/bin/env python3
"""First paint of Tend's pages in headless Chromium. Prints figures; asserts nothing.

    swift build -c release --product tend
    .venv/bin/python scripts/bench-first-paint.py [--binary .build/release/tend] [--runs 10]

(.venv is created by scripts/test; or: python3 -m venv .venv && .venv/bin/pip install -r tests/browser/requirements.txt)
"""
import argparse
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=".build/release/tend")
parser.add_argument("--runs", type=int, default=10)
args = parser.parse_args()

with tempfile.TemporaryDirectory() as data:
    server = subprocess.Popen([args.binary, "serve", "--port", "0", "--data-dir", data], stdout=subprocess.PIPE, text=True)
    try:
        base = re.search(r"(http://127\.0\.0\.1:\d+)", server.stdout.readline()).group(1)
        options = Options()
        options.binary_location = shutil.which("chromium")
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844"]:
            options.add_argument(flag)
        # Debian's driver, named explicitly, so Selenium never tries to download one.
        driver = webdriver.Chrome(options=options, service=Service(executable_path=shutil.which("chromedriver")))
        wait = WebDriverWait(driver, 30)
        try:
            driver.get(base + "/setup")
            for field in ["passphrase", "confirmation"]:
                driver.find_element(By.ID, field).send_keys("benchmark passphrase")
            driver.find_element(By.CSS_SELECTOR, "button.primary").click()
            wait.until(ready.presence_of_element_located((By.CLASS_NAME, "recovery-key")))
            driver.get(base + "/")
            driver.find_element(By.XPATH, "//button[normalize-space()='Start a session']").click()
            for step in range(5):
                wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, f"input[name='version'][value='{step + 1}']")))
                driver.find_element(By.CSS_SELECTOR, "button[data-intent='next']").click()
            wait.until(ready.presence_of_element_located((By.CLASS_NAME, "point-row")))
            session_page = driver.current_url
            pages = {"home": base + "/", "clock-point session page": session_page, "history": base + "/sessions"}
            print(f"first contentful paint, headless Chromium at 390x844, {args.runs} loads each (release build, loopback):")
            for name, url in pages.items():
                paints = []
                for _ in range(args.runs):
                    driver.get(url)
                    # The paint entry appears a moment after load; wait for it rather than guess.
                    paint = wait.until(lambda d: d.execute_script(
                        "const e = performance.getEntriesByName('first-contentful-paint'); return e.length ? e[0].startTime : null"))
                    paints.append(paint)
                print(f"  {name}: median {statistics.median(paints):.0f} ms, max {max(paints):.0f} ms")
        finally:
            driver.quit()
    finally:
        server.terminate()
        server.wait()
