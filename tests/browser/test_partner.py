"""A partner session on two phones: the receiver's signal pad and the giver's screen."""

import statistics
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PASSPHRASE = "kettle violet harbour swim"
AGREEMENT = {
    "#positions": "Lying on my back, a pillow under my knees",
    "#pauseSignal": "I say pause",
    "#holdStillSignal": "Two taps on your arm",
    "#endSignal": "I say end",
    "#giverHelp": "Remind me to breathe out slowly",
}


def wait_for(browser, predicate, timeout=10):
    WebDriverWait(browser.driver, timeout).until(lambda _: predicate())


def tap(browser, intent):
    browser.driver.find_element(By.CSS_SELECTOR, f".live-root button[data-intent='{intent}']").click()


def title(browser):
    return browser.driver.find_element(By.CSS_SELECTOR, ".live-title").text


def pair_and_start(tend, partner):
    """The receiver writes the agreement and starts a partner session; the partner joins with the
    code, confirms the agreement, and the receiver begins. Both screens show the first step."""
    tend.set_up(PASSPHRASE)
    tend.open("/agreement/edit")
    for selector, text in AGREEMENT.items():
        tend.fill(selector, text)
    tend.driver.find_element(By.NAME, "notForeplayAgreed").click()
    tend.press("Save our agreement")
    tend.open("/")
    tend.press("Start a session with a partner")
    code = tend.driver.find_element(By.CSS_SELECTOR, ".pairing-code").text.replace(" ", "")
    tend.shot("receiver-pairing")

    partner.open("/join")
    partner.fill("#code", code)
    partner.press("Join")
    assert "Your agreement" in partner.text()
    assert "Remind me to breathe out slowly" in partner.text()
    partner.press("I have read it and I agree")
    wait_for(partner, lambda: "Connected" in partner.driver.find_element(By.CSS_SELECTOR, ".live-status").text)
    partner.shot("giver-confirmed")

    wait_for(tend, lambda: "confirmed the agreement" in tend.text())
    tap(tend, "start")
    wait_for(tend, lambda: title(tend) == "Make the space yours")
    wait_for(partner, lambda: title(partner) == "Make the space yours")


def test_pause_reaches_the_giver_and_end_closes_both_screens(tend, partner):
    pair_and_start(tend, partner)

    tap(tend, "pause")
    flash = partner.driver.find_element(By.CSS_SELECTOR, ".signal-flash")
    wait_for(partner, lambda: flash.is_displayed() and flash.text == "Pause")
    partner.shot("giver-sees-pause")
    wait_for(tend, lambda: tend.driver.find_element(By.CSS_SELECTOR, ".live-root").get_attribute("data-paused") == "true")

    # The agreement chose the 1–5 scale, so the pad shows it (and not softer/firmer).
    assert not tend.driver.find_elements(By.CSS_SELECTOR, "button[data-intent='softer']")
    tend.driver.find_element(By.CSS_SELECTOR, "button[data-intent='pain'][data-level='3']").click()
    wait_for(partner, lambda: flash.is_displayed() and flash.text == "Pain 3 of 5")
    partner.shot("giver-sees-pain")

    tap(tend, "end")
    wait_for(tend, lambda: title(tend) == "Rest and come back")
    wait_for(partner, lambda: title(partner) == "Rest and come back")
    tend.shot("receiver-close")
    partner.shot("giver-close")


def timer_seconds(browser):
    return browser.driver.execute_script("return window.tendTimerSeconds()")


def test_both_timers_agree_when_the_givers_clock_is_wrong(tend, partner):
    # Given a giver's phone whose clock runs seven seconds fast
    skew_ms = 7000
    partner.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": f"""
        (() => {{ const realNow = Date.now; Date.now = () => realNow() + {skew_ms}; }})();
    """})

    # When the session starts and the giver's page has measured its offset from the server
    pair_and_start(tend, partner)
    assert partner.driver.execute_script("return Date.now()") - time.time() * 1000 > skew_ms - 1000
    wait_for(partner, lambda: abs(partner.driver.execute_script("return window.tendClockOffset") + skew_ms) < 500)
    time.sleep(1.5)

    # Then both screens count the step's time within 100 ms of each other. Each reading is taken
    # inside its own call, so the two are compared as if read at the middle of their calls.
    differences = []
    for _ in range(5):
        t0 = time.monotonic()
        receiver = timer_seconds(tend)
        t1 = time.monotonic()
        giver = timer_seconds(partner)
        t2 = time.monotonic()
        differences.append((giver - receiver) - ((t1 + t2) / 2 - (t0 + t1) / 2))
    assert receiver > 1
    assert abs(statistics.median(differences)) < 0.1, differences
