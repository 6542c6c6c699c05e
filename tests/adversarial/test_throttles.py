"""Guessing is slowed per client and remembered across a restart, and never turned on the owner
(issue 13, decision 014). The guesser speaks from 127.0.0.2, the owner from 127.0.0.1: two
addresses on this machine's loopback, so two clients as Tend sees them.
"""

import http.client
import re
import time
from urllib.parse import urlencode

GUESSER = "127.0.0.2"


class Guesser:
    """A client on another loopback address, with its own anti-forgery cookie."""

    def __init__(self, server):
        self.server = server
        self.token = None

    def request(self, method, path, fields=None):
        host, port = self.server.address
        connection = http.client.HTTPConnection(host, port, timeout=10, source_address=(GUESSER, 0))
        headers = {"Host": f"127.0.0.1:{port}"}
        body = None
        if self.token:
            headers["Cookie"] = f"tend_csrf={self.token}"
        if fields is not None:
            body = urlencode({**fields, "_csrf": self.token or ""})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookie = re.search(r"tend_csrf=([^;]+)", response.getheader("Set-Cookie") or "")
        if cookie and not self.token:
            self.token = cookie.group(1)
        connection.close()
        return response.status, text

    def unlock(self, passphrase):
        if not self.token:
            self.request("GET", "/healthz")
        return self.request("POST", "/unlock", {"passphrase": passphrase})


def test_a_guesser_on_another_address_never_makes_the_owner_wait(tend_server, set_up_space):
    owner = set_up_space(tend_server)
    assert owner.post_form("/lock").status_code == 303
    guesser = Guesser(tend_server)
    statuses = [guesser.unlock("not the passphrase at all")[0] for _ in range(6)]
    assert statuses[:3] == [401, 401, 401], statuses
    assert 429 in statuses[3:], statuses

    began = time.monotonic()
    owner.unlock()  # asserts 303 and a space cookie
    assert time.monotonic() - began < 5

    # The count is stored: after a restart (longer than the one-second wait it had earned) the
    # guesser's next wrong try is its fourth, so the one after it must wait again. Counted afresh,
    # both would be answered 401.
    assert owner.post_form("/lock").status_code == 303
    tend_server.restart()
    guesser.server = tend_server
    assert guesser.unlock("not the passphrase at all")[0] == 401
    status, text = guesser.unlock("not the passphrase at all")
    assert status == 429, (status, text[:300])
    assert "try again in" in text
    owner.rebind(tend_server)
    owner.unlock()


def test_wrong_recovery_keys_never_lock_out_the_passphrase(tend_server, set_up_space):
    owner = set_up_space(tend_server)
    assert owner.post_form("/lock").status_code == 303
    wrong = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"
    for _ in range(6):
        owner.post_form("/recover", {"recoveryKey": wrong, "passphrase": "another passphrase here",
                                     "confirmation": "another passphrase here"})
    refused = owner.post_form("/recover", {"recoveryKey": wrong, "passphrase": "another passphrase here",
                                           "confirmation": "another passphrase here"})
    assert refused.status_code == 429
    owner.unlock()


def forwarded_unlock(client, address: str, passphrase: str = "not the passphrase at all") -> int:
    """A wrong unlock as a reverse proxy would pass it on, naming the client in X-Forwarded-For."""
    return client.post_form("/unlock", {"passphrase": passphrase}, headers={"X-Forwarded-For": address}).status_code


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(start_tend, set_up_space):
    proxied = start_tend("--trusted-proxy", "127.0.0.1")
    owner = set_up_space(proxied)
    assert owner.post_form("/lock").status_code == 303
    statuses = [forwarded_unlock(owner, "203.0.113.9") for _ in range(6)]
    assert 429 in statuses[3:], statuses
    # Another person behind the same proxy is not made to wait for the first one's guesses.
    assert forwarded_unlock(owner, "203.0.113.10") == 401


def test_without_a_trusted_proxy_the_header_cannot_choose_a_fresh_limit(tend_server, set_up_space):
    owner = set_up_space(tend_server)
    assert owner.post_form("/lock").status_code == 303
    statuses = [forwarded_unlock(owner, f"203.0.113.{n}") for n in range(6)]
    # Each try names a new address, but Tend counts the connection's own: the guesser waits.
    assert 429 in statuses[3:], statuses
