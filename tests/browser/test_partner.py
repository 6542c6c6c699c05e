"""A partner session on two phones: the receiver's signal pad and the giver's screen."""

import statistics
import time

import pytest
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
    button = browser.driver.find_element(By.CSS_SELECTOR, f".live-root button[data-intent='{intent}']")
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def title(browser):
    return browser.driver.find_element(By.CSS_SELECTOR, ".live-title").text


def status(browser):
    return browser.driver.find_element(By.CSS_SELECTOR, ".live-status").text


def signal_word(browser):
    """The giver's steady signal panel: (its data-signal, its big word, the whole panel's text)."""
    panel = browser.driver.find_element(By.CSS_SELECTOR, ".signal-word")
    if not panel.is_displayed():
        return (None, "", "")
    word = panel.find_elements(By.TAG_NAME, "strong")
    return (panel.get_attribute("data-signal"), word[0].text if word else "", panel.text)


def write_agreement(tend, meanings=None, ask_if_ready=False):
    """Fills the agreement form that is open (AGREEMENT, and `meanings` for pain levels 1–5 where
    given, by level), ticks "the giver may ask if ready" if `ask_if_ready`, and ticks the shared
    statement; does not save."""
    for selector, text in AGREEMENT.items():
        tend.fill(selector, text)
    if meanings:
        fields = pain_meaning_fields(tend)
        assert len(fields) == 5, f"the agreement form should offer a meaning for each pain level 1–5; found {len(fields)} fields"
        for level, text in meanings.items():
            fields[level - 1].clear()
            fields[level - 1].send_keys(text)
    if ask_if_ready:
        tend.driver.find_element(By.NAME, "giverMayAskIfReady").click()
    statement = tend.driver.find_element(By.NAME, "notForeplayAgreed")
    if not statement.is_selected():
        statement.click()


def pain_meaning_fields(tend):
    """The agreement form's fields for what pain levels 1–5 mean, in order."""
    return tend.driver.find_elements(By.CSS_SELECTOR, "form [name^=painMeaning]")


def pair_and_start(tend, partner, meanings=None, at=None, ask_if_ready=False):
    """The receiver writes the agreement and starts a partner session; the partner joins with the
    code, confirms the agreement, and the receiver begins. Both screens show the first step.
    `at(step)` is called at each step ("receiver-pairing", "giver-agreement", "giver-confirmed",
    "receiver-joined", "started") while both pages are as that step leaves them."""
    at = at or (lambda step: None)
    tend.set_up(PASSPHRASE)
    tend.open("/agreement/edit")
    write_agreement(tend, meanings, ask_if_ready)
    tend.press("Save our agreement")
    tend.open("/")
    tend.press("Start a session with a partner")
    assert tend.path().startswith("/live/"), tend.path()
    code = tend.driver.find_element(By.CSS_SELECTOR, ".pairing-code").text.replace(" ", "")
    tend.shot("receiver-pairing")
    at("receiver-pairing")
    join(partner, code, at)

    wait_for(tend, lambda: "confirmed the agreement" in tend.text())
    # The invite card folds away once the partner is here.
    assert not tend.driver.find_element(By.CSS_SELECTOR, ".pairing").is_displayed()
    at("receiver-joined")
    tap(tend, "start")
    wait_for(tend, lambda: title(tend) == "Make the space yours")
    wait_for(partner, lambda: title(partner) == "Make the space yours")
    at("started")


def join(partner, code, at=None):
    """The partner joins with the code and confirms the agreement."""
    at = at or (lambda step: None)
    partner.open("/join")
    partner.fill("#code", code)
    partner.press("Join")
    assert "Your agreement" in partner.text()
    assert "Remind me to breathe out slowly" in partner.text()
    at("giver-agreement")
    partner.press("I have read it and I agree")
    wait_for(partner, lambda: "Connected" in status(partner))
    partner.shot("giver-confirmed")
    at("giver-confirmed")


def test_pause_reaches_the_giver_and_end_closes_both_screens(tend, partner):
    pair_and_start(tend, partner)

    tap(tend, "pause")
    wait_for(partner, lambda: signal_word(partner)[:2] == ("pause", "Pause"))
    partner.shot("giver-sees-pause")
    wait_for(tend, lambda: tend.driver.find_element(By.CSS_SELECTOR, ".live-root").get_attribute("data-paused") == "true")

    # The agreement chose the 1–5 scale, so the pad shows it (and not softer/firmer), and says so.
    assert not tend.driver.find_elements(By.CSS_SELECTOR, "button[data-intent='softer']")
    assert "softer and firmer are not shown" in tend.text()
    tend.driver.find_element(By.CSS_SELECTOR, "button[data-intent='pain'][data-level='3']").click()
    # The receiver's pad says, quietly, that the signal arrived.
    wait_for(tend, lambda: status(tend) == "Sent: Pain 3", timeout=5)
    tend.shot("receiver-sent")
    wait_for(partner, lambda: signal_word(partner)[:2] == ("pain", "Pain 3 of 5"))
    # A steady word in a panel, not a screen-filling flash.
    panel = partner.rect(".signal-word")
    assert panel["height"] < 844 / 2, f"the signal panel is {panel['height']} px tall: a flash, not a word"
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


@pytest.mark.parametrize("asked_for", [False, True], ids=["not-agreed", "agreed"])
def test_the_giver_cannot_push(tend, partner, asked_for):
    """Only the receiver says when: the giver's main button is "I'm here, no hurry"; a "ready?"
    prompt exists only if the agreement turned it on, and is never the main button."""
    pair_and_start(tend, partner, ask_if_ready=asked_for)
    partner.shot("giver-buttons")
    buttons = {b.text.replace("’", "'"): b for b in partner.driver.find_elements(By.CSS_SELECTOR, ".live-root .pad button")
               if b.is_displayed()}
    assert "I'm here, no hurry" in buttons, list(buttons)
    assert "primary" in buttons["I'm here, no hurry"].get_attribute("class").split()
    ready = partner.driver.find_elements(By.CSS_SELECTOR, "button[data-intent='ready']")
    assert "Ready for the next point?" not in buttons, list(buttons)
    if not asked_for:
        assert not ready, "a 'ready?' prompt is on the giver's page though the agreement did not ask for one"
    else:
        assert len(ready) == 1 and ready[0].is_displayed(), "the agreement asked for a 'ready?' prompt; the giver has none"
        assert "primary" not in ready[0].get_attribute("class").split(), "the 'ready?' prompt is the giver's main button"
