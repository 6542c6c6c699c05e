"""Steps in a real browser: arrange a ladder, practise a step three times with low numbers and see
"ready when you are", practise once with pain 7 and see the kind suggestion, then find it all in
Progress and the report. axe checks the three steps pages on the way."""

from selenium.webdriver.common.by import By

from test_accessibility import Audit

PASSPHRASE = "kettle violet harbour swim"


def choose(tend, name: str, value: int):
    """Taps a 0–10 chip of the practice form, as a thumb would."""
    chip = tend.driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")
    label = chip.find_element(By.XPATH, "..")
    tend.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
    label.click()
    assert chip.is_selected()


def practise(tend, step_title: str, before: int, after: int, pain: int, note: str = ""):
    card = tend.driver.find_element(By.XPATH, f"//li[h2[normalize-space()='{step_title}']]")
    tend.navigate_by(card.find_element(By.LINK_TEXT, "Practise this step"))
    assert tend.heading() == step_title
    choose(tend, "anxietyBefore", before)
    choose(tend, "anxietyAfter", after)
    choose(tend, "painAfter", pain)
    if note:
        tend.fill("#note", note)
    tend.press("Save this practice")
    assert tend.path() == "/steps", tend.text()


def test_a_ladder_arranged_practised_and_read_back(tend):
    audit = Audit(tend)
    tend.set_up(PASSPHRASE)
    tend.follow("My steps")
    assert tend.heading() == "My steps"
    audit.check("steps-usual")

    # Arrange: the mirror does not apply; a step of one's own; a dilator from one's own set.
    tend.follow("Arrange my steps")
    audit.check("steps-arrange")
    mirror = tend.driver.find_element(By.XPATH, "//li[h2[normalize-space()='Looking, with a mirror']]")
    tend.navigate_by(mirror.find_element(By.XPATH, ".//button[normalize-space()='Hide']"))
    tend.fill("#new-title", "Warm hand on my belly, breathing")
    tend.press("Add it at the end")
    tend.fill("#diameter", "14")
    tend.press("Add this dilator")
    assert "Dilator, 14 mm" in tend.text()
    tend.follow("Back to my steps")
    text = tend.text()
    assert "Looking, with a mirror" not in text
    assert "Warm hand on my belly, breathing" in text
    assert text.index("A slim tampon") < text.index("Dilator, 14 mm") < text.index("A partner's fingertip")

    # Three practices within the person's own limits: the next step is ready when they are.
    tend.navigate_by(tend.driver.find_element(By.LINK_TEXT, "Practise this step"))
    audit.check("step-practice")
    timer = tend.driver.find_element(By.ID, "step-timer")
    assert timer.is_displayed()
    tend.open("/steps")
    for before, after in [(5, 3), (4, 2), (3, 1)]:
        practise(tend, "Touching the outside", before, after, 0)
    tend.shot("steps-ready")
    suggestion = tend.driver.find_element(By.CSS_SELECTOR, ".suggestion").text
    assert "ready when you are" in suggestion
    touching = tend.driver.find_element(By.XPATH, "//li[h2[normalize-space()='Touching the outside']]")
    assert "Ready when you are" in touching.text
    tend.press("Move on to “A fingertip at the entrance”")
    current = tend.driver.find_element(By.CSS_SELECTOR, ".ladder-step.current h2").text
    assert current == "A fingertip at the entrance"

    # A practice that hurt: the calm answer, the step before offered kindly, and help to read.
    practise(tend, "A fingertip at the entrance", 6, 6, 7, note="sharp at the start")
    tend.shot("steps-after-pain")
    suggestion = tend.driver.find_element(By.CSS_SELECTOR, ".suggestion")
    assert "That practice hurt" in suggestion.text
    assert "never a setback" in suggestion.text
    links = [link.get_attribute("href") for link in suggestion.find_elements(By.TAG_NAME, "a")]
    assert any(link.endswith("/library/after-practice") for link in links)
    assert any(link.endswith("/library/getting-help") for link in links)
    assert tend.button("Go back to “Touching the outside”")
    assert "Move on to" not in tend.text()

    # Progress and the report show the ladder, where the person is, and the numbers per step.
    tend.open("/progress")
    tend.shot("steps-progress")
    section = tend.driver.find_element(By.CSS_SELECTOR, ".steps-progress")
    assert "Touching the outside — Ready when you are" in section.text
    assert "first felt manageable" in section.text
    assert section.find_elements(By.CSS_SELECTOR, "svg.weekly-chart")
    tend.open("/report")
    tend.driver.find_element(By.NAME, "steps").click()
    tend.press("Show the report")
    assert "Graded practice (steps)" in tend.text()
    assert "A fingertip at the entrance" in tend.text()
    assert audit.problems == [], audit.report()
