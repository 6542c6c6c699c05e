"""Join by camera: the pairing screen's QR code, read by a real decoder (zxing-cpp), is the join
link with the code; opening it puts the code in the form (issue 17)."""

import io

import zxingcpp
from PIL import Image
from selenium.webdriver.common.by import By

from test_partner import PASSPHRASE, write_agreement


def test_the_qr_code_decodes_to_the_join_link_with_the_code(tend):
    tend.set_up(PASSPHRASE)
    tend.open("/agreement/edit")
    write_agreement(tend, None, False)
    tend.press("Save our agreement")
    tend.open("/")
    tend.press("Start a session with a partner")
    code = tend.driver.find_element(By.CSS_SELECTOR, ".pairing-code").text.replace(" ", "")
    qr = tend.driver.find_element(By.CSS_SELECTOR, ".qr svg")
    tend.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", qr)
    image = Image.open(io.BytesIO(qr.screenshot_as_png))
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code could be read from the pairing screen"
    link = found[0].text
    assert link == f"{tend.origin}/join?code={code}", link
    assert tend.driver.find_element(By.CSS_SELECTOR, ".join-link").text == link
    tend.shot("pairing-qr")

    tend.driver.get(link)
    assert tend.driver.find_element(By.ID, "code").get_attribute("value") == code
