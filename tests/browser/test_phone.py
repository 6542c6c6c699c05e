"""A phone-first pass: every page fits a 320 px wide screen without sideways scrolling (issue 17)."""

PASSPHRASE = "kettle violet harbour swim"

PAGES = ["/", "/journal", "/cycle", "/progress", "/report", "/settings", "/reminders", "/agreement", "/agreement/edit",
         "/intake", "/practice", "/practice/breath", "/practice/pelvic-floor", "/library", "/library/dilators-at-home",
         "/your-data", "/appointments", "/sessions"]

OVERFLOW = """
const width = document.documentElement.clientWidth;
const wide = [...document.querySelectorAll('body *')].filter(e => {
  const box = e.getBoundingClientRect();
  return box.width > 0 && box.right > width + 1 && getComputedStyle(e).position !== 'fixed';
}).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
return {scroll: document.documentElement.scrollWidth, width, wide};
"""


def test_every_page_fits_320_px_without_sideways_scrolling(tend):
    tend.set_up(PASSPHRASE)
    tend.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True})
    problems = []
    for path in PAGES + [tend.start_session()]:
        tend.open(path)
        found = tend.driver.execute_script(OVERFLOW)
        assert found["width"] <= 320, f"the window did not shrink to a phone's width ({found['width']} px)"
        if found["scroll"] > found["width"]:
            problems.append(f"{path}: {found['scroll']} px wide in {found['width']} px ({', '.join(found['wide'])})")
    tend.shot("phone-320")
    assert not problems, "\n".join(problems)
