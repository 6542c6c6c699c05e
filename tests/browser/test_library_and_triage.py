"""What people need to know: the intake suggests a check-up for severe pain of any kind, and the
library is searchable and reached from where it matters (issue 15)."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_accessibility import Audit

PASSPHRASE = "kettle violet harbour swim"


def test_partner_pain_of_ten_suggests_a_check_up_with_somewhere_to_read_next(tend):
    tend.set_up(PASSPHRASE)
    tend.open("/intake")
    tend.driver.find_element(By.XPATH, "//label[contains(., 'Yes, but it hurts')]/input").click()
    Select(tend.driver.find_element(By.ID, "pain-partner")).select_by_value("10")
    tend.shot("intake-partner-pain")
    tend.press("See what Tend suggests")

    text = tend.text()
    assert "Please see a GP and a pelvic-health physiotherapist" in text
    assert "This is not a diagnosis" in text
    assert "nothing calls for anything special" not in text.lower()
    tend.shot("intake-partner-pain-result")


def test_the_library_search_finds_dilators_and_topics_group_the_rest(tend):
    tend.open("/library")
    headings = [h.text for h in tend.driver.find_elements(By.CSS_SELECTOR, "main h2")]
    assert headings[:2] == ["Understanding", "The practice"], headings
    tend.fill("#q", "dilator")
    tend.press("Search")
    links = [a.get_attribute("href") for a in tend.driver.find_elements(By.CSS_SELECTOR, "main .session-list a")]
    assert any(link.endswith("/library/dilators-at-home") for link in links), links
    tend.shot("library-search-dilator")
    tend.open("/library?q=xylophone")
    assert "No article mentions" in tend.text()


def test_library_pages_pass_axe(tend):
    audit = Audit(tend)
    for path, name in [("/library", "library-topics"), ("/library?q=dilator", "library-search"),
                       ("/library/dilators-at-home", "article-dilators"), ("/library/examinations-and-smear-tests", "article-exams")]:
        tend.open(path)
        audit.check(name)
    assert not audit.problems, audit.report()
