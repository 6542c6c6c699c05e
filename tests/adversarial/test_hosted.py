"""Hosted Tend on the throwaway PostgreSQL that scripts/test starts: two instances share one
database. Sign up on A and be served by B; locking on one locks on both; a killed instance loses
nothing; two people never see each other's anything; nothing intimate in a pg_dump or in the
cluster's files. Skipped, saying why, when TEND_TEST_POSTGRES_URL is not set."""

import os
import re
import secrets
import signal
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from conftest import SESSION_COOKIE, TendClient, new_passphrase

POSTGRES = os.environ.get("TEND_TEST_POSTGRES_URL")
PG_BIN = os.environ.get("TEND_TEST_PG_BIN", "")
PG_DATA = os.environ.get("TEND_TEST_PG_DATA", "")

pytestmark = pytest.mark.skipif(
    not POSTGRES, reason="TEND_TEST_POSTGRES_URL is not set: scripts/test starts a throwaway PostgreSQL and sets it")


@pytest.fixture
def database():
    """A fresh PostgreSQL database on the throwaway cluster, and its URL."""
    name = "hosted_" + secrets.token_hex(6)
    parts = urlsplit(POSTGRES)
    subprocess.run([str(Path(PG_BIN) / "createdb"), "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username, name],
                   check=True, capture_output=True)
    return urlunsplit(parts._replace(path="/" + name)), name


def tend(binary, *args):
    return subprocess.run([str(binary), *args], check=True, capture_output=True, text=True).stdout


def sign_up(server, name: str, invitation: str) -> TendClient:
    client = TendClient(server)
    assert "Create your account" in client.get("/setup").text
    passphrase = new_passphrase()
    response = client.post_form("/setup", {"name": name, "invitation": invitation, "passphrase": passphrase, "confirmation": passphrase})
    assert response.status_code == 200, response.text[:400]
    assert client.cookies.get(SESSION_COOKIE)
    client.passphrase = passphrase
    return client


def test_two_instances_serve_one_person_and_keep_two_people_apart(start_tend, tend_binary, database, tmp_path):
    url, name = database
    hosted = ("--hosted", "--sign-up", "invitation", "--database", url)
    a = start_tend(*hosted)
    b = start_tend(*hosted)
    codes = tend(tend_binary, "invites", "create", "--count", "2", "--database", url).split()
    assert len(codes) == 2 and all(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code) for code in codes)
    assert b.url and "ready" in TendClient(b).get("/readyz").text

    # Without an invitation, or with a made-up one, no account is made.
    stranger = TendClient(a)
    refused = stranger.post_form("/setup", {"name": "stranger", "invitation": "AAAA-BBBB-CCCC",
                                            "passphrase": "long enough passphrase", "confirmation": "long enough passphrase"})
    assert refused.status_code == 400 and "by invitation" in refused.text

    # Signed up on A, served by B: the same cookie opens the same space on either instance.
    canary = "canary-" + secrets.token_hex(8)
    willow = sign_up(a, "Willow", codes[0])
    willow.rebind(b)
    saved = willow.post_form("/journal", {"day": "2026-12-01", "note": f"sore but calmer {canary}"})
    assert saved.status_code == 303, saved.text[:300]
    willow.rebind(a)
    assert canary in willow.get("/journal?day=2026-12-01").text

    # A second person: the same instances, never the first one's anything.
    rowan = sign_up(b, "rowan", codes[1])
    started = willow.post_form("/sessions/new")
    session_path = started.headers["location"]
    for path in (session_path, session_path.replace("/sessions/", "/live/"), "/journal?day=2026-12-01"):
        page = rowan.get(path, allow_redirects=False)
        assert canary not in page.text and page.status_code in (200, 303, 404), (path, page.status_code)
        if path.startswith("/sessions") or path.startswith("/live"):
            assert page.status_code == 404, (path, page.status_code)
    assert rowan.post_form(session_path + "/events", {"intent": "end"}).status_code == 404

    # Locking on B locks on A too: the unlock is gone from the database.
    willow.rebind(b)
    assert willow.post_form("/lock").status_code == 303
    willow.rebind(a)
    assert willow.get("/journal", allow_redirects=False).headers.get("location") == "/unlock"
    wrong = willow.post_form("/unlock", {"name": "willow", "passphrase": "not the passphrase at all"})
    unknown = willow.post_form("/unlock", {"name": "nobody-here", "passphrase": "not the passphrase at all"})
    assert wrong.status_code == unknown.status_code == 401
    assert "That name and passphrase do not open a space here" in wrong.text and "That name and passphrase" in unknown.text

    # Unlocked through A, A is killed: B carries on with everything saved.
    ok = willow.post_form("/unlock", {"name": "willow", "passphrase": willow.passphrase})
    assert ok.status_code == 303, ok.text[:300]
    a.process.send_signal(signal.SIGKILL)
    a.process.wait()
    willow.rebind(b)
    assert canary in willow.get("/journal?day=2026-12-01").text

    # The operator sees counts, nothing else.
    counts = tend(tend_binary, "invites", "--database", url)
    assert "accounts: 2" in counts and "invitations waiting: 0" in counts

    # Nothing intimate in a dump of the database, or in the cluster's files.
    parts = urlsplit(url)
    dump = subprocess.run([str(Path(PG_BIN) / "pg_dump"), "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username, name],
                          check=True, capture_output=True).stdout
    assert canary.encode() not in dump and b"sore but calmer" not in dump
    assert willow.passphrase.encode() not in dump
    if PG_DATA:
        subprocess.run([str(Path(PG_BIN) / "psql"), "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username, "-d", name,
                        "-c", "CHECKPOINT"], check=True, capture_output=True)
        for path in Path(PG_DATA).rglob("*"):
            if path.is_file():
                assert canary.encode() not in path.read_bytes(), f"the canary was found in {path}"
