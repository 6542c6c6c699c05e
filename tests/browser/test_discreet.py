"""Discreet mode: a neutral name, nothing said of what Tend is for while locked, and a quick exit
that locks Tend and leaves a blank notes page in its place (issue 17)."""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

PASSPHRASE = "kettle violet harbour swim"
GIVEAWAY = re.compile(
    r"vaginismus|pelvic|penetrat|vagina|vulva|sex|tampon|dilator|physiotherap|massage|clock face|partner|pain|intimate",
    re.IGNORECASE)


def turn_on_discreet_mode(tend):
    tend.open("/settings")
    tend.driver.find_element(By.XPATH, "//label[contains(., 'Discreet mode on this device')]/input").click()
    tend.navigate_by(tend.driver.find_element(By.XPATH, "//form[@action='/settings/discreet']//button"))


def test_locked_pages_say_nothing_of_what_tend_is_for(tend):
    tend.set_up(PASSPHRASE)
    turn_on_discreet_mode(tend)
    assert tend.driver.title == "Notes"
    tend.lock()
    for path in ["/", "/unlock", "/recover", "/library", "/library/what-is-vaginismus", "/practice", "/practice/pelvic-floor",
                 "/notes", "/offline"]:
        tend.open(path)
        text = tend.text()
        found = GIVEAWAY.findall(text)
        assert not found, f"{path} ({tend.path()}) says {sorted(set(found))}: {text[:300]}"
        assert tend.driver.title == "Notes", (path, tend.driver.title)
    tend.shot("discreet-locked")
    tend.open("/unlock")
    tend.unlock(PASSPHRASE)
    assert tend.driver.title == "Notes"


def test_escape_twice_locks_and_leaves_a_blank_notes_page(tend):
    tend.set_up(PASSPHRASE)
    turn_on_discreet_mode(tend)
    tend.open("/journal")
    old = tend.driver.find_element(By.TAG_NAME, "html")
    body = tend.driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ESCAPE)
    body.send_keys(Keys.ESCAPE)
    WebDriverWait(tend.driver, 10).until(lambda d: d.current_url.endswith("/notes"))
    assert tend.driver.title == "Notes"
    assert "No notes yet" in tend.driver.find_element(By.TAG_NAME, "body").text
    del old
    tend.shot("quick-exit")
    # Locked: the journal is no longer open, and the page we left is not the one before us in history.
    tend.driver.back()
    WebDriverWait(tend.driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert "/journal" not in tend.driver.current_url or "Unlock" in tend.driver.page_source
    tend.open("/journal")
    assert tend.path() == "/unlock"
