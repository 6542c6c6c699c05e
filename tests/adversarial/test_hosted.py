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

from conftest import SESSION_COOKIE, TendClient, new_passphrase, totp

POSTGRES = os.environ.get("TEND_TEST_POSTGRES_URL")
PG_BIN = os.environ.get("TEND_TEST_PG_BIN", "")
PG_DATA = os.environ.get("TEND_TEST_PG_DATA", "")

# Every instance of one hosted Tend is given the same secret: it seals what they tell each other.
INSTANCES = {"TEND_INSTANCE_SECRET": secrets.token_urlsafe(32)}

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
    scan_for_canary(url, name, canary)
    scan_for_canary(url, name, "sore but calmer")
    scan_for_canary(url, name, willow.passphrase)


NGINX = os.environ.get("TEND_TEST_NGINX", "/usr/sbin/nginx")
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(tmp_path):
    """Starts nginx with docs/hosting/nginx.conf (addresses, port and certificate rewritten);
    stop it by calling the returned function's .stop()."""
    if not Path(NGINX).exists():
        pytest.skip(f"nginx is not installed at {NGINX} (scripts/test installs it)")
    processes = []

    def start(first: str, second: str):
        certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)
        port = free_port()
        site = (REPO / "docs" / "hosting" / "nginx.conf").read_text()
        site = (site.replace("127.0.0.1:8081", first).replace("127.0.0.1:8082", second)
                .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;")
                .replace("/etc/ssl/tend/fullchain.pem", str(certificate)).replace("/etc/ssl/tend/privkey.pem", str(key)))
        temp = tmp_path / "nginx-temp"
        temp.mkdir(mode=0o777, exist_ok=True)
        os.chmod(temp, 0o777)
        (tmp_path / "site.conf").write_text(site)
        (tmp_path / "nginx.conf").write_text(f"""
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    include {tmp_path}/site.conf;
}}
""")
        process = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        processes.append(process)
        import time
        import requests
        for _ in range(100):
            try:
                if requests.get(f"https://127.0.0.1:{port}/healthz", verify=False, timeout=1).status_code == 200:
                    return f"https://127.0.0.1:{port}"
            except requests.RequestException:
                time.sleep(0.05)
        log = tmp_path / "nginx-error.log"
        pytest.fail("nginx did not answer: " + (log.read_text() if log.exists() else process.stderr.read().decode()))

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def test_two_instances_behind_nginx_over_tls_as_docs_hosting_says(start_tend, database, nginx):
    import json
    import time
    import requests
    import urllib3
    import websocket
    urllib3.disable_warnings()
    url, _ = database
    hosted = ("--hosted", "--sign-up", "open", "--database", url, "--tls-at-proxy", "--trusted-proxy", "127.0.0.1")
    a = start_tend(*hosted, env=INSTANCES)
    b = start_tend(*hosted, env=INSTANCES)
    proxy = nginx(f"127.0.0.1:{a.address[1]}", f"127.0.0.1:{b.address[1]}")

    person = requests.Session()
    person.verify = False
    person.trust_env = False  # a CA bundle in the environment would override verify=False

    def csrf():
        return person.cookies.get("__Host-tend_csrf")

    def post(path, fields=None):
        return person.post(proxy + path, data={**(fields or {}), "_csrf": csrf()}, allow_redirects=False, timeout=10)

    assert person.get(proxy + "/setup", timeout=10).status_code == 200
    assert csrf(), person.cookies
    passphrase = new_passphrase()
    made = post("/setup", {"name": "willow", "passphrase": passphrase, "confirmation": passphrase})
    assert made.status_code == 200, made.text[:300]
    assert person.cookies.get("__Host-tend_session"), "no secure session cookie behind a TLS proxy"
    assert made.headers.get("Strict-Transport-Security")

    # Round robin: these land on both instances, and every one is served from the shared unlock.
    for _ in range(8):
        assert person.get(proxy + "/journal", allow_redirects=False, timeout=10).status_code == 200
    served = [TendClient(server).get("/metrics").text for server in (a, b)]
    assert all('http_route="/journal"' in text for text in served), "both instances should have served /journal"
    assert requests.get(proxy + "/metrics", verify=False, timeout=10).status_code == 404

    # A partner session through the proxy, which sends each request to either instance: pages,
    # the join and both live connections may land anywhere, and the room is relayed to them.
    saved = post("/agreement", {
        "durationMinutes": "20", "positions": "side by side", "pauseSignal": "pause", "holdStillSignal": "still",
        "endSignal": "stop", "giverHelp": "breathe with me", "feedbackStyle": "painScale", "notForeplayAgreed": "yes"})
    assert saved.status_code == 303, saved.status_code
    started = post("/sessions/new-partner")
    live_path = started.headers["Location"]
    session_id = live_path.rstrip("/").split("/")[-1]
    code = re.search(r'class="pairing-code"[^>]*>([0-9 ]+)<', person.get(proxy + live_path, timeout=10).text).group(1)
    giver = requests.Session()
    giver.verify = False
    giver.trust_env = False
    giver.get(proxy + "/join", timeout=10)
    giver_csrf = giver.cookies.get("__Host-tend_csrf")
    joined = giver.post(proxy + "/join", data={"code": code.replace(" ", ""), "_csrf": giver_csrf}, allow_redirects=False, timeout=10)
    assert joined.status_code == 303, joined.text[:300]
    for _ in range(2):  # the partner's page and confirmation, from both instances
        assert "Your agreement" in giver.get(proxy + f"/live/{session_id}/giver", timeout=10).text
    assert giver.post(proxy + f"/live/{session_id}/confirm", data={"_csrf": giver_csrf}, allow_redirects=False, timeout=10).status_code == 303

    def connect(session, token):
        ticket = session.post(proxy + f"/live/{session_id}/ticket", headers={"X-CSRF-Token": token}, timeout=10).json()["ticket"]
        socket_ = websocket.create_connection(proxy.replace("https://", "wss://") + "/live/ws?ticket=" + ticket,
                                              timeout=10, sslopt={"cert_reqs": 0}, suppress_origin=True)
        socket_.send(json.dumps({"type": "hello", "lastVersion": 0}))
        return socket_

    def wait_for(socket_, kind, ref=None):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            message = json.loads(socket_.recv())
            if message["type"] == kind and (ref is None or message.get("ref") == ref):
                return message
        raise AssertionError(f"no {kind} message")

    def reconnect(session, token):
        """As the live page does: a fresh ticket and connection until the room answers."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket_ = connect(session, token)
                return socket_, wait_for(socket_, "state")["state"]
            except Exception:
                time.sleep(0.5)
        raise AssertionError("no instance answered the reconnect")

    receiver_socket = connect(person, csrf())
    giver_socket = connect(giver, giver_csrf)
    receiver_socket.send(json.dumps({"type": "intent", "ref": "s", "intent": "start"}))
    wait_for(receiver_socket, "ack", "s")
    receiver_socket.send(json.dumps({"type": "intent", "ref": "soft", "intent": "softer"}))
    relayed = wait_for(giver_socket, "signal")
    assert relayed["signal"]["signal"] == "softer"
    acked = wait_for(receiver_socket, "ack", "soft")["version"]

    # One instance is killed mid-session. Both screens reconnect through the proxy to the other,
    # which opens the room from what was saved once the killed one is known to be gone. Nothing
    # acknowledged is lost; the partner's join and confirmation are kept in the database.
    a.process.send_signal(signal.SIGKILL)
    a.process.wait()
    receiver_socket.close()
    giver_socket.close()
    receiver_socket, state = reconnect(person, csrf())
    assert state["version"] >= acked and state["signalCount"] == 1 and state["agreementConfirmed"]
    giver_socket, _ = reconnect(giver, giver_csrf)
    receiver_socket.send(json.dumps({"type": "intent", "ref": "still", "intent": "holdStill"}))
    assert wait_for(giver_socket, "signal")["signal"]["signal"] == "holdStill"
    assert wait_for(receiver_socket, "ack", "still")["version"] > acked
    receiver_socket.close()
    giver_socket.close()


def test_a_partner_on_one_instance_and_the_room_on_another_with_a_sigkill(start_tend, database):
    """Receiver on A, giver on B, with no proxy choosing: the giver's frames are relayed to the
    room on A through PostgreSQL. A is killed; both carry on through B with nothing acknowledged lost."""
    import json
    import time
    import websocket
    from test_forced_kill import start_partner_session

    url, name = database
    # PostgreSQL logs every statement on this database, with its values: the relay's messages
    # must reach even the server's log sealed.
    psql(url, name, f'ALTER DATABASE "{name}" SET log_statement = \'all\'')
    hosted = ("--hosted", "--sign-up", "open", "--database", url)
    a = start_tend(*hosted, env=INSTANCES)
    b = start_tend(*hosted, env=INSTANCES)
    willow = sign_up(a, "willow", "")
    session_id = start_partner_session(willow)
    # The agreement changes, and a new code is made for a partner whose phone reaches B: what their
    # screen shows is sealed under the code, then under their own token.
    canary = "canary-" + secrets.token_hex(8)
    saved = willow.post_form("/agreement", {
        "durationMinutes": "20", "positions": "side by side", "pauseSignal": "pause", "holdStillSignal": "still",
        "endSignal": "stop", "giverHelp": f"breathe with me {canary}", "feedbackStyle": "painScale", "notForeplayAgreed": "yes"})
    assert saved.status_code == 303
    assert willow.post_form(f"/live/{session_id}/invite").status_code == 303
    code = re.search(r'class="pairing-code"[^>]*>([0-9 ]+)<', willow.get(f"/live/{session_id}").text).group(1)
    partner = TendClient(b)
    assert partner.post_form("/join", {"code": code.replace(" ", "")}).status_code == 303
    assert canary in partner.get(f"/live/{session_id}/giver").text
    assert partner.post_form(f"/live/{session_id}/confirm").status_code == 303

    def connect(client):
        ticket = client.post(f"/live/{session_id}/ticket", headers={"X-CSRF-Token": client.csrf}, timeout=5).json()["ticket"]
        socket_ = websocket.create_connection(client.server.url.replace("http://", "ws://") + "/live/ws?ticket=" + ticket,
                                              timeout=10, suppress_origin=True)
        socket_.send(json.dumps({"type": "hello", "lastVersion": 0}))
        return socket_

    def wait_for(socket_, kind, ref=None, seconds=15):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            opcode, data = socket_.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise ConnectionError(int.from_bytes(data[:2], "big"))
            if opcode != websocket.ABNF.OPCODE_TEXT:
                continue
            message = json.loads(data)
            if message["type"] == kind and (ref is None or message.get("ref") == ref):
                return message
        raise AssertionError(f"no {kind} message")

    receiver_socket = connect(willow)
    giver_socket = connect(partner)
    assert wait_for(giver_socket, "state", None)["state"]["agreementConfirmed"]
    receiver_socket.send(json.dumps({"type": "intent", "ref": "soft", "intent": "softer"}))
    assert wait_for(giver_socket, "signal")["signal"]["signal"] == "softer"
    wait_for(receiver_socket, "ack", "soft")
    # The frame's ref carries the canary through the relay, both ways (the ack echoes it).
    giver_socket.send(json.dumps({"type": "intent", "ref": canary, "intent": "here"}))
    assert wait_for(receiver_socket, "signal")["signal"]["signal"] == "here"
    acked = wait_for(giver_socket, "ack", canary)["version"]

    a.process.send_signal(signal.SIGKILL)
    a.process.wait()
    # B notices that A is gone (ten seconds of silence) and tells the partner's screen to reconnect (4011).
    giver_socket.settimeout(30)
    with pytest.raises(ConnectionError) as closed:
        wait_for(giver_socket, "never", seconds=30)
    assert closed.value.args[0] == 4011
    willow.rebind(b)
    deadline = time.monotonic() + 30
    state = None
    while state is None and time.monotonic() < deadline:
        try:
            receiver_socket = connect(willow)
            state = wait_for(receiver_socket, "state")["state"]
        except Exception:
            time.sleep(0.5)
    assert state and state["version"] >= acked and state["signalCount"] == 2
    giver_socket = connect(partner)
    wait_for(giver_socket, "state")
    receiver_socket.send(json.dumps({"type": "intent", "ref": "still", "intent": "holdStill"}))
    assert wait_for(giver_socket, "signal")["signal"]["signal"] == "holdStill"
    receiver_socket.close()
    giver_socket.close()

    # What the instances told each other, and what they kept for the partner, is sealed: the
    # canary is in no dump and in none of the cluster's files (the notification queue included).
    scan_for_canary(url, name, canary)
    server_log = Path(PG_DATA).parent / "log"
    if PG_DATA and server_log.exists():
        logged = server_log.read_bytes()
        assert b"pg_notify" in logged, "the statement log should show the relay's messages (sealed)"
        assert canary.encode() not in logged, "the canary reached PostgreSQL's statement log in the clear"


def psql(url, name, command):
    parts = urlsplit(url)
    subprocess.run([str(Path(PG_BIN) / "psql"), "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username, "-d", name,
                    "-c", command], check=True, capture_output=True)


def scan_for_canary(url, name, canary):
    parts = urlsplit(url)
    dump = subprocess.run([str(Path(PG_BIN) / "pg_dump"), "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username, name],
                          check=True, capture_output=True).stdout
    assert canary.encode() not in dump
    if PG_DATA:
        subprocess.run([str(Path(PG_BIN) / "psql"), "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username, "-d", name,
                        "-c", "CHECKPOINT"], check=True, capture_output=True)
        for path in Path(PG_DATA).rglob("*"):
            if path.is_file():
                assert canary.encode() not in path.read_bytes(), f"the canary was found in {path}"


def test_locking_on_one_instance_closes_the_live_room_on_the_other(start_tend, database):
    """The key lives as long as the unlock, across instances: a lock through B closes the live room
    that A holds (PostgreSQL NOTIFY), and the receiver's screen on A hears why (4012)."""
    import json
    import time
    import websocket
    from test_forced_kill import start_partner_session

    url, _ = database
    hosted = ("--hosted", "--sign-up", "open", "--database", url)
    a = start_tend(*hosted)
    b = start_tend(*hosted)
    willow = sign_up(a, "willow", "")
    session_id = start_partner_session(willow)
    ticket = willow.post(f"/live/{session_id}/ticket", headers={"X-CSRF-Token": willow.csrf}, timeout=5).json()["ticket"]
    socket_ = websocket.create_connection(a.url.replace("http://", "ws://") + "/live/ws?ticket=" + ticket, timeout=10,
                                          suppress_origin=True)
    socket_.send(json.dumps({"type": "hello", "lastVersion": 0}))

    willow.rebind(b)
    assert willow.post_form("/lock").status_code == 303

    deadline = time.monotonic() + 10
    code = None
    while time.monotonic() < deadline and code is None:
        opcode, data = socket_.recv_data(control_frame=True)
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            code = int.from_bytes(data[:2], "big")
    assert code == 4012, f"the room on A was not closed by the lock on B (close code {code})"


def test_wrong_pairing_codes_count_on_every_instance(start_tend, database):
    """Guessing a partner's six-digit code through A, then B, is one count, kept in PostgreSQL."""
    url, _ = database
    hosted = ("--hosted", "--sign-up", "open", "--database", url)
    a = start_tend(*hosted)
    b = start_tend(*hosted)
    guesser = TendClient(a)
    statuses = [guesser.post_form("/join", {"code": "000000"}).status_code for _ in range(6)]
    assert statuses[0] == 401 and 429 in statuses, statuses
    guesser.rebind(b)
    assert guesser.post_form("/join", {"code": "000000"}).status_code == 429


def test_what_a_person_shares_with_a_practitioner_is_in_no_dump_file_or_log(start_tend, database):
    """A practitioner on PostgreSQL: a person links and shares a note holding a canary, and takes
    on a programme whose words hold it. Each side reads it; the canary is in no pg_dump, no file of
    the cluster and not in PostgreSQL's statement log (every statement logged, with its values,
    for this database)."""
    import time

    url, name = database
    psql(url, name, f'ALTER DATABASE "{name}" SET log_statement = \'all\'')
    server = start_tend("--hosted", "--sign-up", "open", "--database", url)

    sam = TendClient(server)
    page = sam.get("/practitioners/sign-up").text
    key = re.search(r'name="codeSecret" value="([A-Z2-7 ]+)"', page).group(1)
    code = totp(key)
    passphrase = new_passphrase()
    made = sam.post_form("/practitioners/sign-up", {
        "name": "sam", "displayName": "Sam, physiotherapist", "passphrase": passphrase, "confirmation": passphrase,
        "codeSecret": key, "code": code})
    assert made.status_code == 200, made.text[:300]
    link_code = re.search(r'link-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', sam.post_form("/practitioner/link-code").text).group(1)

    canary = "canary-" + secrets.token_hex(8)
    willow = sign_up(server, "willow", "")
    today = time.strftime("%Y-%m-%d")
    assert willow.post_form("/journal", {"day": today, "note": f"sore but calmer {canary}"}).status_code == 303
    assert willow.post_form("/sharing/link/confirm", {"linkCode": link_code, "pseudonym": f"W {canary}"}).status_code == 303
    link = re.search(r'action="/sharing/([^/"]+)/share"', willow.get("/sharing").text).group(1)
    # The last year (a share covers at most ten years).
    year_ago = time.strftime("%Y-%m-%d", time.localtime(time.time() - 365 * 86400))
    shared = willow.post_form(f"/sharing/{link}/share", {"from": year_ago, "to": today, "notes": "on"})
    assert shared.status_code == 303, shared.text[:300]
    assert canary in sam.get(f"/practitioner/people/{link}").text

    # A programme the practitioner writes goes the other way, sealed to the person: its words are
    # in the clear nowhere either, nor the copy the practitioner keeps, nor the one the person takes on.
    program = willow.api("GET", "/api/v1/programmes").json()["programmes"][0]["program"]
    program["name"] = f"Gentle start {canary}"
    program["phases"][1]["guidance"]["alone"] = f"Slow, kind touch first {canary}"
    offered = sam.api("POST", f"/api/v1/practitioner/people/{link}/offers", {"program": program})
    assert offered.status_code == 201, offered.text[:300]
    offer = willow.api("GET", "/api/v1/sharing").json()["offers"][0]["id"]
    assert willow.api("POST", f"/api/v1/sharing/offers/{offer}", {"answer": "accept"}).status_code == 204
    assert canary in willow.get("/programmes").text

    scan_for_canary(url, name, canary)
    server_log = Path(PG_DATA).parent / "log"
    if PG_DATA and server_log.exists():
        assert canary.encode() not in server_log.read_bytes(), "the canary reached PostgreSQL's statement log in the clear"
