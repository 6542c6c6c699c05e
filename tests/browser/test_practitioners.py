"""A practitioner and a person on one hosted Tend, in two real browsers: the practitioner signs up
with an authenticator code, the person links and shares, the practitioner reads it, the person
ends the link. axe checks each new page on the way."""

import base64
import hashlib
import hmac
import struct
import time

from selenium.webdriver.common.by import By

from conftest import save_screenshot
from tend_browser import TendBrowser
from test_accessibility import Audit
from test_hosted_pages import tend_server  # noqa: F401  (this module's Tend is hosted, with open sign-up)

PASSPHRASE = "kettle violet harbour swim"


def totp(key: str, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for this base32 key (RFC 6238)."""
    secret = base64.b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    mac = hmac.new(secret, counter, hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def sign_up_practitioner(sam: TendBrowser, shown: str, audit: "Audit | None" = None):
    """Signs a practitioner up through the real form, typing the code an authenticator app would show."""
    sam.open("/unlock")
    sam.follow("A practitioner? Create a practitioner's account")
    assert sam.heading() == "A practitioner's account"
    if audit:
        audit.check("sign-up")
    key = sam.driver.find_element(By.NAME, "codeSecret").get_attribute("value")
    sam.fill("#name", "sam")
    sam.fill("#displayName", shown)
    sam.fill("#passphrase", PASSPHRASE)
    sam.fill("#confirmation", PASSPHRASE)
    sam.fill("#code", totp(key))
    sam.press("Create my practitioner's account")
    assert sam.heading() == "Write down your recovery key", sam.text()
    sam.driver.find_element(By.NAME, "saved").click()
    sam.press("Continue")
    assert sam.heading() == "The people you work with", sam.text()


def sign_up_person(willow: TendBrowser):
    willow.open("/setup")
    willow.fill("#name", "willow")
    willow.fill("#passphrase", PASSPHRASE)
    willow.fill("#confirmation", PASSPHRASE)
    willow.press("Create my account")
    willow.driver.find_element(By.NAME, "saved").click()
    willow.press("Continue")


def test_a_person_shares_with_a_practitioner_who_reads_it_until_the_link_ends(driver, second_driver, tend_server, request):
    sam = TendBrowser(driver, tend_server, lambda step: save_screenshot(driver, request.node.name, "practitioner-" + step))
    willow = TendBrowser(second_driver, tend_server, lambda step: save_screenshot(second_driver, request.node.name, "person-" + step))
    audit_sam, audit_willow = Audit(sam), Audit(willow)

    sign_up_practitioner(sam, "Sam Rivera, pelvic-health physiotherapist", audit_sam)
    sam.press("Make a link code")
    code = sam.driver.find_element(By.CSS_SELECTOR, ".link-code").text
    audit_sam.check("home-with-code")

    sign_up_person(willow)
    willow.follow("Sharing with a practitioner")
    audit_willow.check("sharing-empty")
    willow.fill("#linkCode", code)
    willow.press("Look up")
    assert "Sam Rivera, pelvic-health physiotherapist" in willow.text()
    audit_willow.check("confirm-link")
    willow.fill("#pseudonym", "W from Tuesdays")
    willow.press("Link with them")
    willow.driver.find_element(By.TAG_NAME, "summary").click()
    for name in ("frequency", "steps"):
        willow.driver.find_element(By.CSS_SELECTOR, f"details[open] input[name='{name}']").click()
    willow.press("Share this once")
    assert "how often you practised, your steps" in willow.text(), willow.text()
    audit_willow.check("sharing-with-one")

    sam.open("/practitioner")
    sam.follow("W from Tuesdays")
    assert "Graded practice (steps)" in sam.text(), sam.text()
    audit_sam.check("person")

    willow.press("End this link (they will see nothing more)")
    assert "Sam Rivera" not in willow.text()
    sam.open("/practitioner")
    assert "Nobody yet" in sam.text()
    assert audit_sam.problems == [] and audit_willow.problems == [], audit_sam.report() + audit_willow.report()
