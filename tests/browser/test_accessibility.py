"""axe-core on every page Tend shows, in the low-light theme and the light one: no serious or critical violations."""

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from tend_browser import GATE_ONE

PASSPHRASE = "kettle violet harbour swim"
BLOCKING = {"serious", "critical"}


class Audit:
    """Runs axe on a page, screenshots it, and keeps every blocking violation for one report."""

    def __init__(self, tend):
        self.tend = tend
        self.axe = Axe(tend.driver)
        self.pages = []
        self.problems = []

    def check(self, page: str):
        self.tend.shot(page)
        self.axe.inject()
        results = self.axe.run()
        self.pages.append(page)
        for violation in results["violations"]:
            if violation["impact"] in BLOCKING:
                nodes = "".join(
                    f"\n    {' '.join(node['target'])}: "
                    + " ".join(check["message"] for kind in ("any", "all", "none") for check in node[kind])
                    for node in violation["nodes"])
                self.problems.append(
                    f"{page} ({self.tend.path()}): [{violation['impact']}] {violation['id']}: "
                    f"{violation['help']} ({violation['helpUrl']}){nodes}")

    def report(self) -> str:
        return f"{len(self.problems)} serious or critical violations:\n" + "\n".join(self.problems)


@pytest.mark.parametrize("theme", ["low-light", "light"])
def test_every_page_passes_axe(tend, theme):
    audit = Audit(tend)

    tend.open("/")
    if theme == "light":
        tend.press("Use the light theme")
        assert "light" in tend.driver.find_element(By.TAG_NAME, "body").get_attribute("class").split()
    audit.check("welcome")
    tend.follow("Set up my private space")
    audit.check("setup")
    tend.fill("#passphrase", PASSPHRASE)
    tend.fill("#confirmation", PASSPHRASE + " again")
    tend.press("Create my space")
    assert "not the same" in tend.error()
    audit.check("setup-error")
    tend.fill("#passphrase", PASSPHRASE)
    tend.fill("#confirmation", PASSPHRASE)
    tend.press("Create my space")
    audit.check("recovery-key")
    tend.driver.find_element(By.NAME, "saved").click()
    tend.press("Continue")
    audit.check("home-empty")

    tend.start_session()
    audit.check("session-set-up")
    tend.press("Begin the warm-up")
    audit.check("session-warm-up")
    tend.press("Pause")
    assert tend.button("Resume")
    audit.check("session-paused")
    tend.press("Resume")
    tend.press("Go on to holding")
    audit.check("session-full-hand")
    tend.press("Go on to the entrance")
    audit.check("session-entrance")
    tend.press("Go on to the clock face")
    audit.check("session-clock-point")
    tend.rate(tension=4, pain=1)
    audit.check("session-clock-point-rated")
    tend.press("Stay longer")
    audit.check("session-clock-point-stayed")
    tend.walk_clock_points(len(GATE_ONE) - 1)
    tend.press("Finish this gate")
    audit.check("session-check-in")
    tend.press("Rest and close for today")
    audit.check("session-close")
    tend.fill("#howItFelt", "Steadier than I expected.")
    tend.press("Save and finish")
    audit.check("session-summary")

    tend.open("/")
    audit.check("home-with-session")
    tend.follow("History")
    audit.check("history")
    tend.open("/nowhere")
    assert tend.heading() == "Not found"
    audit.check("not-found")
    tend.open("/")
    tend.lock()
    audit.check("unlock")
    tend.unlock("this is not my passphrase")
    audit.check("unlock-error")

    assert not audit.problems, audit.report()
