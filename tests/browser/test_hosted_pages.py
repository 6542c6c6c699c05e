"""A hosted Tend in a real browser: create an account with a chosen name, lock, sign in again with
a wrong passphrase and then the right one. axe checks each hosted page on the way."""

import os
from pathlib import Path

import pytest

from conftest import REPO
from tend_server import TendServer
from test_accessibility import Audit

PASSPHRASE = "kettle violet harbour swim"


@pytest.fixture
def tend_server(tmp_path):
    """This module's Tend is hosted, with open sign-up (SQLite, one instance)."""
    binary = Path(os.environ.get("TEND_BINARY", REPO / ".build" / "debug" / "tend"))
    logs = tmp_path / "logs"
    logs.mkdir()
    server = TendServer(binary, tmp_path / "data", logs, args=("--hosted", "--sign-up", "open"))
    server.start()
    yield server
    server.stop()
    print(server.logs())


def test_an_account_is_made_locked_and_opened_again_by_name(tend):
    audit = Audit(tend)
    tend.open("/")
    assert tend.heading() == "Welcome back", tend.text()
    audit.check("hosted-sign-in")
    tend.follow("New here? Create an account")
    assert tend.heading() == "Create your account"
    assert "no e-mail is needed" in tend.text()
    audit.check("hosted-sign-up")
    tend.fill("#name", "Willow")
    tend.fill("#passphrase", PASSPHRASE)
    tend.fill("#confirmation", PASSPHRASE)
    tend.press("Create my account")
    assert tend.heading() == "Write down your recovery key", tend.text()
    tend.driver.find_element("name", "saved").click()
    tend.press("Continue")
    assert tend.path() == "/"

    tend.lock()
    tend.fill("#name", "willow")
    tend.fill("#passphrase", "not the passphrase at all")
    tend.press("Unlock")
    assert "That name and passphrase do not open a space here" in tend.error()
    audit.check("hosted-sign-in-error")
    tend.fill("#name", "willow")
    tend.fill("#passphrase", PASSPHRASE)
    tend.press("Unlock")
    assert tend.path() == "/", tend.text()
    assert audit.problems == [], audit.report()
