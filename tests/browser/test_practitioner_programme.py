"""A practitioner writes a session programme in one browser; the person takes it on in another,
and their next session follows it, with a way back to Tend's own. axe checks each new page."""

from selenium.webdriver.common.by import By

from conftest import save_screenshot
from tend_browser import TendBrowser
from test_accessibility import Audit
from test_hosted_pages import tend_server  # noqa: F401  (this module's Tend is hosted, with open sign-up)
from test_practitioners import sign_up_person, sign_up_practitioner

RESTING_HAND = "A warm, resting hand, for as long as you like"


def test_an_accepted_programme_drives_the_persons_session(driver, second_driver, tend_server, request):
    sam = TendBrowser(driver, tend_server, lambda step: save_screenshot(driver, request.node.name, "practitioner-" + step))
    willow = TendBrowser(second_driver, tend_server, lambda step: save_screenshot(second_driver, request.node.name, "person-" + step))
    audit_sam, audit_willow = Audit(sam), Audit(willow)

    # Given Sam, a practitioner, and Willow, linked
    sign_up_practitioner(sam, "Sam Rivera, pelvic-health physiotherapist")
    sam.press("Make a link code")
    code = sam.driver.find_element(By.CSS_SELECTOR, ".link-code").text
    sign_up_person(willow)
    willow.follow("Sharing with a practitioner")
    willow.fill("#linkCode", code)
    willow.press("Look up")
    willow.fill("#pseudonym", "Willow")
    willow.press("Link with them")

    # When Sam writes a programme: a word meant for someone alone that names a partner is refused,
    # named and marked, with everything typed still there
    sam.open("/practitioner")
    sam.follow("Willow")
    sam.follow("Write a programme")
    assert sam.heading() == "A programme for Willow"
    audit_sam.check("programme-form")
    sam.fill("#name", "Gentle start")
    sam.fill("#title-fullHandHolding", RESTING_HAND)
    sam.fill("#alone-warmUp", "Slow touch over the whole body, with your partner nearby.")
    sam.fill("#depth-1", "just the very tip")
    sam.fill("#sequence-1", "12 1 2")
    for field in ("#depth-2", "#sequence-2", "#depth-3", "#sequence-3"):
        sam.driver.find_element(By.CSS_SELECTOR, field).clear()
    sam.press("Offer it to Willow")
    assert sam.error().startswith("The warm-up: the words for someone practising alone:"), sam.error()
    assert sam.driver.find_element(By.ID, "alone-warmUp").get_attribute("aria-invalid") == "true"
    assert sam.driver.find_element(By.ID, "name").get_attribute("value") == "Gentle start"
    audit_sam.check("programme-refused")
    sam.fill("#alone-warmUp", "Slow, kind touch over the whole body first, {warmUpMinutes} minutes or more.")
    sam.press("Preview")
    assert "Preview: Gentle start" in sam.text()
    assert "Gate 1, just the very tip: 12 → 1 → 2" in sam.text()
    audit_sam.check("programme-preview")
    sam.fill("#note", "Slowly does it.")
    sam.press("Offer it to Willow")
    assert "Offered. It waits for their answer." in sam.text()

    # Then Willow reads it, takes it on, and her next session follows it
    willow.open("/sharing")
    assert "suggests a programme for your sessions: Gentle start" in willow.text()
    audit_willow.check("programme-offered")
    willow.press("Take this programme on")
    assert willow.heading() == "Programmes"
    assert "Your new sessions follow this one." in willow.text()
    audit_willow.check("programmes")
    willow.open("/")
    assert "Your sessions follow “Gentle start”, from Sam Rivera" in willow.text()
    willow.start_session()
    seen = {}
    willow.walk_to("clock", each=lambda name: seen.setdefault(name, willow.heading()))
    assert seen["full-hand"] == RESTING_HAND, seen
    assert "12 o'clock" in willow.text(), willow.text()
    audit_willow.check("session-following-programme")
    willow.press_intent("end")

    # And a way back: Tend's own programme again
    willow.open("/programmes")
    willow.press("Follow this one")
    willow.open("/")
    assert "Your sessions follow Tend's own programme." in willow.text()
    willow.start_session()
    seen.clear()
    willow.walk_to("entrance", each=lambda name: seen.setdefault(name, willow.heading()))
    assert seen["full-hand"] == "Holding with a still, full hand", seen
    assert audit_sam.problems == [] and audit_willow.problems == [], audit_sam.report() + audit_willow.report()
