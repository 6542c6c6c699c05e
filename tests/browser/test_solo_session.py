"""A person practising alone, in a real browser at phone size."""

import re
import time

from selenium.webdriver.common.by import By

from tend_browser import GATE_ONE

PASSPHRASE = "kettle violet harbour swim"
REFLECTION = "Calmer than last time; the 9 o'clock point eased after a long breath."


def test_solo_session_through_gate_one(tend):
    key = tend.set_up(PASSPHRASE, shots=True)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){7}", key), key
    assert tend.path() == "/"
    tend.shot("home-empty")

    tend.lock()
    assert tend.path() == "/unlock"
    tend.unlock("this is not my passphrase")
    assert "That passphrase does not open this space" in tend.error()
    tend.shot("unlock-wrong-passphrase")
    tend.unlock(PASSPHRASE)
    assert tend.path() == "/"
    assert tend.heading() == "Welcome"  # nothing practised yet: not "Welcome back"

    session = tend.start_session()
    tend.walk_to("clock", shots=True)
    for step, hour in enumerate(GATE_ONE):
        assert tend.heading() == f"Gate 1 · {hour} o'clock"
        if step == 0:
            tend.rate(tension=6, pain=2)
            assert tend.chosen("tension") == [6] and tend.chosen("pain") == [2]
            assert tend.heading() == "Gate 1 · 6 o'clock"  # rating keeps you where you are
            tend.shot("clock-point-rated")
        if step == 4:
            tend.rate(tension=3, pain=0)
        last = step == len(GATE_ONE) - 1
        tend.press("Finish this gate" if last else "Next point")

    assert tend.heading() == "A pause after gate 1"
    assert tend.button("Go on to gate 2")
    assert tend.actions()[0] == "Rest and close for today"
    tend.shot("check-in")
    tend.press("Rest and close for today")

    tend.fill("#howItFelt", REFLECTION)
    tend.fill("#emotions", "relief, tiredness")
    tend.fill("#note", "Warmer room next time.")
    tend.shot("close")
    tend.press("Save and finish")
    assert tend.path() == session

    tend.follow("History")
    assert tend.path() == "/sessions"
    tend.shot("history")
    links = tend.driver.find_elements(By.CSS_SELECTOR, ".session-list a")
    assert len(links) == 1
    tend.navigate_by(links[0])
    assert tend.path() == session
    tend.shot("summary")

    rows = tend.point_rows()
    assert [row[0] for row in rows] == [f"{hour} o'clock" for hour in GATE_ONE]
    assert rows[0][2:] == ["6", "2"]
    assert rows[4][2:] == ["3", "0"]
    assert rows[1][2:] == ["—", "—"]
    reflection = tend.driver.find_element(By.CLASS_NAME, "reflection").text
    assert REFLECTION in reflection
    assert "relief, tiredness" in reflection
    assert "Warmer room next time." in reflection
    assert "stopped when you chose" in tend.text()


def test_end_from_the_warm_up_is_one_tap(tend):
    tend.set_up(PASSPHRASE)
    tend.start_session()
    tend.walk_to("warm-up")
    assert tend.heading() == "Warm-up: the whole body first"
    end = tend.driver.find_element(By.CSS_SELECTOR, "button.end[data-intent=end]")
    assert end.text == "End" and end.is_displayed()
    tend.shot("warm-up")

    tend.press_intent("end")
    tend.assert_no_dialog()
    assert tend.heading() == "Rest and come back"
    assert tend.driver.find_element(By.CSS_SELECTOR, "label[for=howItFelt]").text == "How did it feel?"
    assert tend.driver.find_element(By.ID, "howItFelt").is_displayed()
    tend.shot("close")


def test_warm_up_timer_ticks_under_the_content_security_policy(tend):
    tend.set_up(PASSPHRASE)
    tend.start_session()
    tend.walk_to("warm-up")
    first = tend.timer_seconds()
    time.sleep(2.2)
    second = tend.timer_seconds()
    assert second > first, f"the timer did not move: {first} s, then {second} s"
    # The chime switch exists only when session.js ran; the chime is a clock, and off until chosen.
    toggle = tend.driver.find_element(By.CLASS_NAME, "chime-toggle")
    assert toggle.text == "Clock chime: off" and toggle.get_attribute("aria-pressed") == "false"
    tend.shot("warm-up-ticking")


def test_session_survives_a_crash(tend, tend_server):
    tend.set_up(PASSPHRASE)
    session = tend.start_session()
    tend.walk_to("clock")
    tend.rate(tension=5, pain=1)
    tend.walk_clock_points(2)
    heading = tend.heading()
    assert heading == "Gate 1 · 8 o'clock"
    tend.shot("before-crash")

    tend_server.kill()
    tend_server.start()

    tend.open("/")
    assert tend.path() == "/unlock"
    tend.unlock(PASSPHRASE)
    assert tend.path() == "/"
    card = tend.driver.find_element(By.XPATH, "//section[h2='Carry on where you left off']")
    assert "Gate 1 · 8 o'clock (point 3 of 9)" in card.text
    tend.shot("home-carry-on")
    tend.navigate_by(card.find_element(By.LINK_TEXT, "Carry on"))
    assert tend.path() == session
    assert tend.heading() == heading
    tend.shot("after-crash")

    tend.walk_clock_points(1)
    tend.press_intent("end")
    tend.press("Save and finish")
    rows = tend.point_rows()
    assert [row[0] for row in rows] == ["6 o'clock", "7 o'clock", "8 o'clock", "9 o'clock"]
    assert rows[0][2:] == ["5", "1"]
    assert "ended when you chose" in tend.text()


def test_no_page_reaches_beyond_tend(tend):
    """Every resource on every page comes from Tend itself, and nothing breaks the CSP."""
    tend.set_up(PASSPHRASE)
    tend.lock()
    tend.unlock("this is not my passphrase")
    tend.unlock(PASSPHRASE)
    tend.start_session()
    tend.walk_to("clock")
    tend.rate(tension=2, pain=0)
    tend.walk_clock_points(len(GATE_ONE) - 1)
    tend.press("Finish this gate")
    tend.press("Rest and close for today")
    tend.press("Save and finish")
    tend.follow("History")
    tend.open("/nowhere")

    assert len(tend.visits) >= 20
    fetched = {url for _, resources in tend.visits for url in resources}
    assert tend.origin + "/assets/tend.css" in fetched
    assert tend.origin + "/assets/session.js" in fetched
    elsewhere = [(page, url) for page, resources in tend.visits for url in [page, *resources]
                 if not url.startswith(tend.origin + "/")]
    assert not elsewhere, f"requests beyond {tend.origin}: {elsewhere}"

    csp = [entry["message"] for entry in tend.console
           if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]
    assert not csp, "CSP violations:\n" + "\n".join(csp)
