"""Two weeks of made-up history, brought in through the set-up page's file chooser, then read back
on the progress page and in the report with the figures the history was made from."""

import json
import sys
from pathlib import Path

from selenium.webdriver.common.by import By

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
import synthetic_history  # noqa: E402

PASSPHRASE = "kettle violet harbour swim"

# Week 1 (the earlier one), then week 2: easier, and the sessions go on to gate 2.
FIGURES = [
    {"point_pain": 4, "point_tension": 6, "release_seconds": 120, "anxiety": 6, "pain": 5},
    {"point_pain": 2, "point_tension": 3, "release_seconds": 60, "anxiety": 4, "pain": 3},
]
GATES = [1, 2]


def table_rows(table) -> list:
    """Cell texts of a table's body, row by row, whether or not it is folded away in <details>."""
    return [[cell.get_attribute("textContent").strip() for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]


def chart_table(tend, title: str) -> list:
    chart = tend.driver.find_element(By.XPATH, f"//div[@class='chart'][h3[normalize-space()='{title}']]")
    return table_rows(chart.find_element(By.TAG_NAME, "table"))


def test_two_weeks_of_history_read_back_on_progress_and_report(tend, tmp_path):
    export = synthetic_history.export(2, week_figures=lambda week: FIGURES[week], gates_in_week=lambda week: GATES[week])
    file = tmp_path / "tend-export.json"
    file.write_text(json.dumps(export))
    assert len(export["sessions"]) == 6 and len(export["checkIns"]) == 14

    # Bring it in from the browser, as someone moving to a new computer would.
    tend.open("/setup")
    tend.driver.find_element(By.ID, "export").send_keys(str(file))
    tend.fill("#import-passphrase", PASSPHRASE)
    tend.fill("#import-confirmation", PASSPHRASE)
    tend.press("Create my space from this file")
    assert tend.heading() == "Write down your recovery key", tend.text()
    tend.shot("history-imported")
    tend.driver.find_element(By.NAME, "saved").click()
    tend.press("Continue")

    tend.open("/progress")
    tend.shot("history-progress")
    text = tend.text()
    assert "6 sessions on 6 days" in text
    assert "Your first practice session" in text
    assert "First time at gate" not in text and "all the way" not in text  # comfort and choice, never depth

    # Week by week, in the order the weeks came; empty weeks of the twelve are left out of tables.
    assert [row[1] for row in chart_table(tend, "Minutes for a point to soften")] == ["2.0", "1.0"]
    # Progress speaks of comfort, not depth: no chart counts the points reached.
    assert not tend.driver.find_elements(By.XPATH, "//div[@class='chart'][h3[contains(., 'points reached')]]")
    assert [row[1:] for row in chart_table(tend, "A tampon: anxiety and pain (0–10)")] == [["6.0", "5.0"], ["4.0", "3.0"]]

    # The clock face over the last four weeks: gate 1 was rated 4 then 2 (mean 3), tension 6 then 3;
    # gate 2 only in the second week.
    gates = tend.driver.find_elements(By.CLASS_NAME, "gate-maps")
    assert [g.find_element(By.TAG_NAME, "h3").text for g in gates] == ["Gate 1", "Gate 2"]
    gate_one = table_rows(gates[0].find_element(By.CSS_SELECTOR, "table.figures"))
    assert {row[0] for row in gate_one} == {f"{hour} o'clock" for hour in (3, 4, 5, 6, 7, 8, 9, 10)}
    assert all(row[1:3] == ["4.5", "3.0"] for row in gate_one), gate_one
    gate_two = table_rows(gates[1].find_element(By.CSS_SELECTOR, "table.figures"))
    assert all(row[1:3] == ["3.0", "2.0"] for row in gate_two), gate_two

    # The report is one tap from progress (and from home), and shows only what is ticked, with the same figures.
    assert tend.driver.find_elements(By.CSS_SELECTOR, "main a[href='/report']"), "progress does not link to the report"
    tend.open("/")
    assert tend.driver.find_elements(By.CSS_SELECTOR, "main a[href='/report']"), "home does not link to the report"
    tend.open("/progress")
    tend.navigate_by(tend.driver.find_element(By.CSS_SELECTOR, "main a[href='/report']"))
    assert tend.path() == "/report"
    for name in ("trends", "frequency", "notes"):
        tend.driver.find_element(By.NAME, name).click()
    tend.press("Show the report")
    tend.shot("history-report")
    text = tend.text()
    assert "6 sessions on 6 days." in text
    assert "Tender points by clock position" not in text and "Self-assessment" not in text
    practice = tend.driver.find_element(By.XPATH, "//section[h2='Practice']//table")
    # Sessions and minutes for a point to soften, week by week; no column for depth.
    assert [row[1:] for row in table_rows(practice)] == [["3", "2.0"], ["3", "1.0"]]
    headers = [th.text for th in practice.find_elements(By.TAG_NAME, "th")]
    assert not any("gate" in h.lower() or "points" in h.lower() for h in headers), headers
    tampon = tend.driver.find_element(By.XPATH, "//section[h2='Pain and anxiety by kind of penetration']//table")
    assert [row[1:] for row in table_rows(tampon)] == [["7", "6.0", "5.0"], ["7", "4.0", "3.0"]]
    notes = tend.driver.find_elements(By.CSS_SELECTOR, "ul.notes li")
    assert len(notes) == 2 and all("Slow breaths helped" in note.text for note in notes)
