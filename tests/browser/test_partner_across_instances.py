"""A partner session in two real browsers, each on a different instance of one hosted Tend: the
receiver's browser on A, the partner's on B, and the room relayed between them through the
throwaway PostgreSQL that scripts/test starts. Skipped, saying why, without it."""

import os
import secrets
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO, save_screenshot
from tend_browser import TendBrowser
from tend_server import TendServer
from test_partner import PASSPHRASE, join, signal_word, status, tap, title, wait_for, write_agreement

POSTGRES = os.environ.get("TEND_TEST_POSTGRES_URL")
PG_BIN = os.environ.get("TEND_TEST_PG_BIN", "")

pytestmark = pytest.mark.skipif(
    not POSTGRES or not PG_BIN, reason="TEND_TEST_POSTGRES_URL and TEND_TEST_PG_BIN are not set: scripts/test starts a throwaway PostgreSQL")


@pytest.fixture
def instances(tmp_path):
    """Two hosted instances on a fresh database, sharing the instances' secret."""
    name = "browser_" + secrets.token_hex(6)
    parts = urlsplit(POSTGRES)
    subprocess.run([str(Path(PG_BIN) / "createdb"), "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username, name],
                   check=True, capture_output=True)
    url = urlunsplit(parts._replace(path="/" + name))
    binary = Path(os.environ.get("TEND_BINARY", REPO / ".build" / "debug" / "tend"))
    env = {"TEND_INSTANCE_SECRET": secrets.token_urlsafe(32)}
    servers = []
    for index in range(2):
        logs = tmp_path / f"logs{index}"
        logs.mkdir()
        server = TendServer(binary, tmp_path / f"data{index}", logs, env=env, name=f"instance{index}",
                            args=("--hosted", "--sign-up", "open", "--database", url))
        server.start()
        servers.append(server)
    yield servers
    for server in servers:
        server.stop()
        print(server.logs())


def test_the_receiver_on_one_instance_and_the_partner_on_another(driver, second_driver, instances, request):
    a, b = instances
    tend = TendBrowser(driver, a, lambda step: save_screenshot(driver, request.node.name, step))
    partner = TendBrowser(second_driver, b, lambda step: save_screenshot(second_driver, request.node.name, "partner-" + step))

    tend.open("/setup")
    tend.fill("#name", "willow")
    tend.fill("#passphrase", PASSPHRASE)
    tend.fill("#confirmation", PASSPHRASE)
    tend.press("Create my account")
    tend.driver.find_element(By.NAME, "saved").click()
    tend.press("Continue")
    tend.open("/agreement/edit")
    write_agreement(tend)
    tend.press("Save our agreement")
    tend.open("/")
    tend.press("Start a session with a partner")
    code = tend.driver.find_element(By.CSS_SELECTOR, ".pairing-code").text.replace(" ", "")

    # The partner's phone reaches B: the code, the agreement and the live screen all work there.
    join(partner, code)
    wait_for(tend, lambda: "confirmed the agreement" in tend.text())
    tap(tend, "start")
    wait_for(tend, lambda: title(tend) == "Make the space yours")
    wait_for(partner, lambda: title(partner) == "Make the space yours")

    tap(tend, "pause")
    wait_for(partner, lambda: signal_word(partner)[:2] == ("pause", "Pause"))
    partner.shot("giver-on-b-sees-pause")
    tap(partner, "here")
    wait_for(tend, lambda: "I'm here, no hurry" in status(tend))
    tend.shot("receiver-on-a-hears-here")

    tap(tend, "end")
    wait_for(partner, lambda: signal_word(partner)[:2] == ("end", "End"))
    partner.shot("giver-on-b-sees-end")
