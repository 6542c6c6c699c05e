"""Tend on the phone: installable, working offline with nothing personal cached (issue 17)."""

import json
import urllib.request

from selenium.webdriver.support.ui import WebDriverWait

PASSPHRASE = "kettle violet harbour swim"


def test_the_manifest_is_valid_and_chromium_finds_nothing_in_the_way_of_installing(tend):
    with urllib.request.urlopen(tend.origin + "/manifest.webmanifest") as response:
        assert response.headers["Content-Type"].startswith("application/manifest+json")
        manifest = json.load(response)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])

    tend.open("/")
    WebDriverWait(tend.driver, 15).until(
        lambda d: d.execute_script("return navigator.serviceWorker.controller !== null || window.__swReady === true")
        or d.execute_async_script("const done = arguments[0]; navigator.serviceWorker.ready.then(() => done(true))"))
    errors = tend.driver.execute_cdp_cmd("Page.getInstallabilityErrors", {})["installabilityErrors"]
    assert errors == [], errors


def test_offline_the_neutral_page_shows_and_no_private_page_is_cached(tend, tend_server):
    tend.set_up(PASSPHRASE)
    tend.open("/journal")
    tend.driver.execute_async_script("const done = arguments[0]; navigator.serviceWorker.ready.then(() => done(true))")
    tend.open("/journal")  # now under the service worker's care
    cached = tend.driver.execute_async_script("""
        const done = arguments[0];
        caches.keys().then(async (keys) => {
          const urls = [];
          for (const key of keys) for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
          done(urls);
        });""")
    assert "/offline" in cached
    assert all(path == "/offline" or path.startswith("/assets/") for path in cached), cached

    tend_server.stop()
    tend.driver.get(tend.origin + "/journal")
    assert "Tend is not reachable right now" in tend.text()
    tend.shot("offline")
