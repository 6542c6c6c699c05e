"""Practices, the intake and the library in a real browser."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_accessibility import Audit

PASSPHRASE = "kettle violet harbour swim"

RECORD_PHASES = """
const practice = document.querySelector('.practice');
window.phases = [];
new MutationObserver(() => window.phases.push([practice.dataset.phase, performance.now()]))
  .observe(practice, {attributes: true, attributeFilter: ['data-phase']});
"""


def test_breath_pacer_keeps_time_for_two_cycles(tend):
    # 2 s in, 3 s out keeps the test short; the timing logic is the same at 4 and 6.
    tend.open("/practice/breath?inhale=2&exhale=3")
    assert "In for 2 seconds, out for 3 seconds." in tend.text()
    tend.driver.execute_script(RECORD_PHASES)
    tend.press_button_in_page("Start")
    WebDriverWait(tend.driver, 20).until(
        lambda d: len(d.execute_script("return window.phases")) >= 5)
    tend.shot("pacer-running")
    phases = tend.driver.execute_script("return window.phases")

    names = [name for name, _ in phases[:5]]
    assert names == ["inhale", "exhale", "inhale", "exhale", "inhale"], names
    durations = [later[1] - earlier[1] for earlier, later in zip(phases, phases[1:5])]
    for duration, expected in zip(durations, [2000, 3000, 2000, 3000]):
        assert abs(duration - expected) < 250, f"phase lasted {duration:.0f} ms, expected {expected} ms"
    assert "Breathe in through your nose" in tend.text() or "Breathe out" in tend.text()


def test_intake_that_calls_for_a_professional_says_so_kindly(tend):
    tend.set_up(PASSPHRASE)
    tend.open("/intake")
    tend.driver.find_element(By.XPATH, "//label[contains(., 'No, nothing can go in')]/input").click()
    Select(tend.driver.find_element(By.ID, "pain-tampon")).select_by_value("8")
    Select(tend.driver.find_element(By.ID, "anxiety-medicalExam")).select_by_value("9")
    tend.shot("intake-filled")
    tend.press("See what Tend suggests")

    text = tend.text()
    assert "Please see a GP and a pelvic-health physiotherapist" in text
    assert "This is not a diagnosis" in text
    assert "Begin on your own" in text
    tend.shot("intake-result")
    tend.follow("How to prepare for the appointment")
    assert tend.heading() == "Preparing for an appointment"
    assert "smallest speculum" in tend.text()


def test_new_pages_pass_axe(tend):
    audit = Audit(tend)
    for path, name in [("/practice", "practices"), ("/practice/breath", "breath"), ("/practice/pelvic-floor", "pelvic-floor"),
                       ("/practice/jaw", "jaw"), ("/appointments", "appointments"), ("/library", "library"),
                       ("/library/gates-and-clock-face", "article")]:
        tend.open(path)
        audit.check(name)
    tend.set_up(PASSPHRASE)
    tend.open("/intake")
    audit.check("intake")
    tend.press("See what Tend suggests")
    audit.check("intake-result")
    assert not audit.problems, audit.report()
