"""The session listens (issue 14), on a phone at 390×844 in both themes: pain is answered and rest
comes first, a solo session speaks to one person, the session screen is a room with End at the
top, rating is one tap per scale, a partner session with no agreement goes to it and comes back,
the giver's screen says what a pain level means, every target is at least 44×44 px, and axe-core
finds nothing serious on the session, live, journal and reminder pages."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By

from tend_browser import GATE_ONE, GENDERED, NOT_SOLO, SMALLEST_TARGET
from test_accessibility import Audit
from test_partner import (PASSPHRASE, join, pair_and_start, signal_word, status, tap, title, wait_for,
                          write_agreement)

THEMES = ["low-light", "light"]
EASE_OFF = re.compile(r"\b(ease off|ease right off|slow down|stop|rest)\b", re.IGNORECASE)
VIEWPORT_HEIGHT = 844

# Counts form posts across page loads (installed before each new document).
COUNT_SUBMITS = """
addEventListener("submit", () => {
  sessionStorage.setItem("tend.test.submits", String(Number(sessionStorage.getItem("tend.test.submits") || 0) + 1));
}, true);
"""


def begin(tend, theme):
    """The theme first (it sticks to this browser), then a new space; ends at home."""
    tend.open("/")
    tend.use_theme(theme)
    tend.set_up(PASSPHRASE)
    if theme == "light":
        assert "light" in tend.driver.find_element(By.TAG_NAME, "body").get_attribute("class").split()


def partner_theme(partner, theme):
    partner.open("/join")
    partner.use_theme(theme)


def pain_answer(tend):
    answers = tend.driver.find_elements(By.CSS_SELECTOR, ".pain-answer")
    return answers[0] if answers else None


# --- Pain is answered ---------------------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_pain_of_eight_is_answered_and_rest_comes_first(tend, theme):
    begin(tend, theme)
    tend.start_session()
    tend.walk_to("clock")

    # No pain: no alarm, and the way on is where it was.
    tend.tap_chip("pain", 0)
    assert pain_answer(tend) is None
    assert tend.actions()[0] == "Next point", tend.actions()

    tend.tap_chip("pain", 8)
    tend.shot("pain-8")
    answer = pain_answer(tend)
    assert answer is not None, f"no .pain-answer after a pain of 8; the page says:\n{tend.text()}"
    assert answer.is_displayed() and answer.get_attribute("role") == "alert"
    assert EASE_OFF.search(answer.text), f"the answer does not say to ease off, slow down or stop: {answer.text!r}"
    assert tend.actions() == ["Leave this point for today", "Enough for today", "Pause and rest"], tend.actions()
    assert tend.chosen("pain") == [8]

    # Leaving the point is a calm step on, with no alarm left behind.
    tend.press("Leave this point for today")
    assert tend.heading() == f"Gate 1 · {GATE_ONE[1]} o'clock"
    assert pain_answer(tend) is None


# --- Solo words for solo sessions -----------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_a_solo_session_speaks_to_one_person(tend, theme):
    screens = {}

    def read(name):
        screens[name] = tend.text()
        tend.shot(name)

    begin(tend, theme)
    tend.start_session()
    tend.walk_to("clock", each=read)
    read("point")
    tend.press("Stay longer")
    assert tend.driver.find_element(By.CSS_SELECTOR, ".stayed").is_displayed()
    read("point-stayed")
    tend.tap_chip("pain", 8)
    read("point-pain-answer")
    tend.press_intent("pause")
    read("paused")
    tend.press("Resume")
    tend.press_intent("next")
    for hour in GATE_ONE[1:-1]:
        read(f"point-{hour}")
        tend.press("Next point")
    read(f"point-{GATE_ONE[-1]}-last")
    tend.press("Finish this gate")
    read("gate-check-in")
    tend.press("Rest and close for today")
    read("close")
    tend.fill("#howItFelt", "Quiet.")
    tend.press("Save and finish")
    read("summary")

    found = []
    for name, text in screens.items():
        for pattern in (NOT_SOLO, GENDERED):
            for match in pattern.finditer(text):
                start = max(0, match.start() - 50)
                found.append(f"{name}: {match.group(0)!r} in …{text[start:match.end() + 50]!r}…")
    assert not found, f"{len(found)} words a solo session should not say:\n" + "\n".join(found)


# --- A room of its own ---------------------------------------------------------------------------

def check_room(browser, name, end_required=True):
    """No site menu, only a quiet way home in the header; End within the top 100 px, at the top
    and after scrolling to the bottom. Returns End's and Pause's (left, top) at the top."""
    driver = browser.driver
    problems = []
    if driver.find_elements(By.CSS_SELECTOR, "nav.masthead-links"):
        problems.append("the site menu (nav.masthead-links) is on the page")
    for css in ("a[href='/settings']", "a[href='/progress']", "a[href='/sessions']", "a[href='/journal']", "form[action='/lock']"):
        if driver.find_elements(By.CSS_SELECTOR, css):
            problems.append(f"{css} is on the page")
    headers = driver.find_elements(By.CSS_SELECTOR, "header.masthead")
    if len(headers) != 1 or "room" not in headers[0].get_attribute("class").split():
        problems.append("the header is not header.masthead.room")
    else:
        inside = headers[0].find_elements(By.CSS_SELECTOR, "a, button, input, select, textarea, summary")
        if len(inside) != 1 or "quiet-home" not in inside[0].get_attribute("class").split():
            held = [f"{e.tag_name}.{e.get_attribute('class')} {e.text!r}" for e in inside]
            problems.append(f"the header holds {held}, not just the quiet way home (a.quiet-home)")
    places = {}
    ends = driver.find_elements(By.CSS_SELECTOR, ".live-bar button[data-intent=end]")
    if not ends:
        if end_required:
            problems.append("no End button in .live-bar")
    else:
        for where, script in (("top", "window.scrollTo(0, 0)"), ("bottom", "window.scrollTo(0, document.body.scrollHeight)")):
            driver.execute_script(script)
            box = browser.rect(".live-bar button[data-intent=end]")
            if not (0 <= box["top"] < 100 and box["bottom"] <= VIEWPORT_HEIGHT):
                problems.append(f"End's top is {box['top']:.0f} px with the page scrolled to the {where}")
            if where == "top":
                places["end"] = (round(box["left"]), round(box["top"]))
                pauses = driver.find_elements(By.CSS_SELECTOR, ".live-bar button[data-intent=pause], .live-bar button[data-intent=resume]")
                if pauses:
                    pause = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", pauses[0])
                    places["pause"] = (round(pause["left"]), round(pause["top"]))
        driver.execute_script("window.scrollTo(0, 0)")
    return [f"{name}: {p}" for p in problems], places


@pytest.mark.parametrize("theme", THEMES)
def test_the_session_screen_is_a_room_with_end_at_the_top(tend, theme):
    problems, places = [], {}

    def visit(name, end_required=True):
        found, where = check_room(tend, name, end_required)
        problems.extend(found)
        if where:
            places[name] = where
        tend.shot(name)

    begin(tend, theme)
    tend.start_session()
    tend.walk_to("clock", each=visit)
    visit("point")
    tend.tap_chip("pain", 8)
    visit("point-pain-answer")
    tend.press_intent("pause")
    visit("paused")
    tend.press("Resume")
    tend.press_intent("next")  # "Leave this point for today" after pain
    tend.walk_clock_points(len(GATE_ONE) - 2)
    tend.press("Finish this gate")
    visit("gate-check-in")
    tend.press("Rest and close for today")
    visit("close", end_required=False)

    # End and Pause stay where the thumb rests: the same place on every screen.
    for button in ("end", "pause"):
        spots = {name: where[button] for name, where in places.items() if button in where}
        if len(set(spots.values())) > 1:
            problems.append(f"{button} moves between screens: {spots}")
    assert not problems, "\n".join(problems)


# --- Rating in one tap ---------------------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_rating_takes_one_tap_per_scale(tend, theme):
    begin(tend, theme)
    tend.start_session()
    tend.walk_to("clock")
    tend.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_SUBMITS})
    tend.open(tend.path())
    tend.driver.execute_script("sessionStorage.setItem('tend.test.submits', '0')")

    # In view without opening anything, with what the ends of the scale mean.
    rating = tend.driver.find_element(By.CSS_SELECTOR, "section.rating")
    assert not tend.driver.find_elements(By.CSS_SELECTOR, "details form.chips"), "the chips are folded inside <details>"
    legends = [legend.text for legend in rating.find_elements(By.TAG_NAME, "legend")]
    assert legends == ["Tension here", "Pain here"], legends
    assert rating.text.count("0 none") == 2 and rating.text.count("10 worst you can imagine") == 2, rating.text
    for scale in ("tension", "pain"):
        chips = tend.driver.find_elements(By.CSS_SELECTOR, f"form.chips button[name={scale}]")
        assert [int(c.get_attribute("value")) for c in chips] == list(range(11))
        assert all(c.is_displayed() for c in chips)
    assert tend.chosen("tension") == [] and tend.chosen("pain") == []
    before = tend.version()
    heading = tend.heading()

    tend.tap_chip("tension", 3)
    assert tend.chosen("tension") == [3] and tend.chosen("pain") == []
    tend.tap_chip("pain", 2)
    tend.shot("rated-in-two-taps")
    assert tend.chosen("tension") == [3] and tend.chosen("pain") == [2]
    assert tend.heading() == heading
    submits = int(tend.driver.execute_script("return sessionStorage.getItem('tend.test.submits')"))
    assert submits == 2, f"{submits} form posts for two taps"
    assert tend.version() - before == 2, f"the session moved {tend.version() - before} versions for two taps"


# --- Partner start without dead ends ---------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_a_partner_session_with_no_agreement_goes_to_it_and_back(tend, theme):
    begin(tend, theme)
    assert tend.heading() == "Welcome"
    tend.press("Start a session with a partner")
    tend.shot("agreement-for-the-session")
    url = urlsplit(tend.driver.current_url)
    assert url.path == "/agreement/edit", tend.path()
    then = parse_qs(url.query).get("then", [""])[0]
    assert re.fullmatch(r"/live/[^/?#]+", then), f"then={then!r}"

    write_agreement(tend)
    tend.navigate_by(tend.driver.find_element(By.CSS_SELECTOR, "form[action='/agreement'] button[type=submit]"))
    assert tend.path() == then, f"saving the agreement led to {tend.path()}, not back to {then}"
    assert tend.driver.find_element(By.CSS_SELECTOR, ".live-root").get_attribute("data-role") == "receiver"
    assert tend.driver.find_element(By.CSS_SELECTOR, ".pairing-code").is_displayed()
    assert "Write your boundaries agreement" not in tend.text()
    problems, _ = check_room(tend, "receiver")
    assert not problems, "\n".join(problems)
    tend.shot("back-at-the-session")

    # Nobody began it: it is neither "still open" at home nor in history.
    tend.open("/")
    assert "Carry on where you left off" not in tend.text() and "still open" not in tend.text()
    tend.open("/sessions")
    assert not tend.driver.find_elements(By.CSS_SELECTOR, ".session-list a"), tend.text()


# --- The giver's screen says what a level means -----------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_the_givers_screen_says_what_a_pain_level_means(tend, partner, theme):
    meaning = "Tender now; slow right down"
    tend.open("/")
    tend.use_theme(theme)
    partner_theme(partner, theme)
    pair_and_start(tend, partner, meanings={3: meaning})

    # Shown in the agreement, on the pad, and on the giver's screen.
    assert meaning in partner.text(), "the giver's copy of the agreement does not show the meaning of level 3"
    legend = [item.text for item in tend.driver.find_elements(By.CSS_SELECTOR, ".pain-legend li")]
    assert len(legend) == 5 and meaning in legend[2], legend
    tend.driver.find_element(By.CSS_SELECTOR, "button[data-intent='pain'][data-level='3']").click()
    wait_for(partner, lambda: signal_word(partner)[0] == "pain")
    partner.shot("giver-sees-meaning")
    kind, word, text = signal_word(partner)
    assert word == "Pain 3 of 5", word
    assert meaning in text, f"the giver's screen says {text!r}, without the agreed meaning {meaning!r}"
    assert re.search(r"ease off|hold still|stop", text, re.IGNORECASE), f"no word on what to do: {text!r}"
    for browser, name in ((tend, "receiver"), (partner, "giver")):
        problems, _ = check_room(browser, name)
        assert not problems, "\n".join(problems)


# --- Targets and axe on the session, live, journal and reminder pages --------------------------------

def tour(tend, partner, theme, visit):
    """Every screen of a solo session, the journal, the reminders, and both phones of a partner
    session that starts without an agreement. `visit(browser, name)` is called on each."""
    tend.open("/")
    tend.use_theme(theme)
    partner_theme(partner, theme)
    tend.set_up(PASSPHRASE)

    tend.start_session()
    tend.walk_to("clock", each=lambda name: visit(tend, f"session-{name}"))
    visit(tend, "session-point")
    tend.tap_chip("tension", 3)
    visit(tend, "session-point-rated")
    tend.press("Stay longer")
    visit(tend, "session-point-stayed")
    tend.tap_chip("pain", 8)
    visit(tend, "session-point-pain-answer")
    tend.press_intent("pause")  # "Pause and rest" after pain, or the bar's Pause
    visit(tend, "session-paused")
    tend.press("Resume")
    summary = tend.driver.find_element(By.CSS_SELECTOR, "details.pacer-panel summary")
    tend.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    visit(tend, "session-point-pacer-open")
    tend.press_intent("next")  # "Leave this point for today" after pain
    tend.walk_clock_points(len(GATE_ONE) - 2)
    tend.press("Finish this gate")
    visit(tend, "session-gate-check-in")
    tend.press("Rest and close for today")
    visit(tend, "session-close")
    tend.press("Save and finish")
    visit(tend, "session-summary")

    tend.open("/journal")
    visit(tend, "journal")
    tend.open("/reminders")
    visit(tend, "reminders")
    tend.driver.find_element(By.XPATH, "//label[contains(@class, 'check')][contains(., 'Monday')]").click()
    tend.press("Turn on my calendar link")
    visit(tend, "reminders-link-on")

    tend.open("/")
    tend.press("Start a session with a partner")
    visit(tend, "agreement-for-the-session")
    write_agreement(tend)
    tend.navigate_by(tend.driver.find_element(By.CSS_SELECTOR, "form[action='/agreement'] button[type=submit]"))
    wait_for(tend, lambda: status(tend) != "Connecting…")
    visit(tend, "live-receiver-invite")
    code = tend.driver.find_element(By.CSS_SELECTOR, ".pairing-code").text.replace(" ", "")
    join(partner, code, at=lambda step: visit(partner, f"live-{step}"))
    wait_for(tend, lambda: "confirmed the agreement" in tend.text())
    visit(tend, "live-receiver-joined")
    tap(tend, "start")
    wait_for(tend, lambda: title(tend) == "Make the space yours")
    wait_for(partner, lambda: title(partner) == "Make the space yours")
    visit(tend, "live-receiver-started")
    tend.driver.find_element(By.CSS_SELECTOR, "button[data-intent='pain'][data-level='3']").click()
    wait_for(partner, lambda: signal_word(partner)[0] == "pain")
    visit(partner, "live-giver-signal")


@pytest.mark.parametrize("theme", THEMES)
def test_every_target_is_at_least_44_px(tend, partner, theme):
    offenders = {}

    def visit(browser, name):
        browser.shot(name)
        small = browser.small_targets()
        if small:
            offenders[f"{name} ({browser.path()})"] = small

    tour(tend, partner, theme, visit)
    assert not offenders, f"targets under {SMALLEST_TARGET}×{SMALLEST_TARGET} px:\n" + "\n".join(
        f"{page}:\n    " + "\n    ".join(small) for page, small in offenders.items())


@pytest.mark.parametrize("theme", THEMES)
def test_session_live_journal_and_reminder_pages_pass_axe(tend, partner, theme):
    audits = {tend: Audit(tend), partner: Audit(partner)}
    tour(tend, partner, theme, lambda browser, name: audits[browser].check(name))
    problems = [problem for audit in audits.values() for problem in audit.problems]
    pages = sum(len(audit.pages) for audit in audits.values())
    assert pages >= 20
    assert not problems, f"{len(problems)} serious or critical violations:\n" + "\n".join(problems)
