"""Crash safety: an acknowledged event is never lost, even when the process is SIGKILLed.

Several clients drive solo sessions through the JSON API (every 2xx answer is an acknowledged
event, with the version it produced), and the receiver of a partner session sends live signals
over the WebSocket (every `ack` is a durable acknowledgement, docs/live-protocol.md). At seeded
random moments the real `tend` process is SIGKILLed, restarted on the same data directory and
unlocked, and every session is read back and compared with everything acknowledged for it.
The seed is printed; TEND_KILL_SEED repeats a run.
"""

import json
import os
import random
import re
import threading
import time

import pytest
import requests
import websocket

KILLS = int(os.environ.get("TEND_KILLS", "24"))
WORKERS = 4
BUDGET = 90  # seconds; the loop stops early (and says so) rather than run on


def figure(name: str, value) -> None:
    print(f"FIGURE: {name}: {value}", flush=True)


def comparable_step(step):
    return (step["position"], step["enteredAt"])


class Ledger:
    """Everything acknowledged, per session: the answers in order of version."""

    def __init__(self):
        self.lock = threading.Lock()
        self.created = {}   # session id -> the 201 body
        self.acks = {}      # session id -> [answer bodies], one per acknowledged event

    def create(self, body):
        with self.lock:
            self.created[body["id"]] = body
            self.acks.setdefault(body["id"], [])

    def ack(self, body):
        with self.lock:
            self.acks[body["id"]].append(body)

    def count(self):
        with self.lock:
            return sum(len(a) for a in self.acks.values())


def missing_from(reloaded, acked) -> int:
    """How many acknowledged answers `reloaded` (the session read back) fails to contain."""
    lost = 0
    for body in acked:
        if reloaded is None or reloaded["version"] < body["version"]:
            lost += 1
            continue
        steps, now = body["steps"], reloaded["steps"]
        ok = len(now) >= len(steps)
        for i, step in enumerate(steps if ok else []):
            later = now[i]
            if comparable_step(later) != comparable_step(step):
                ok = False
                break
            if later["ratings"][:len(step["ratings"])] != step["ratings"] or later["extensions"] < step["extensions"]:
                ok = False
                break
        if body.get("reflection") and reloaded.get("reflection") != body["reflection"]:
            ok = False
        if not ok:
            lost += 1
    return lost


class Worker(threading.Thread):
    """Drives one solo session after another until told to stop or the server dies."""

    def __init__(self, index, base, ledger, seed, stop):
        super().__init__(daemon=True)
        self.index = index
        self.base = base  # the TendClient to copy cookies from
        self.ledger = ledger
        self.rng = random.Random(seed)
        self.stop = stop
        self.session = None  # last known body
        self.died = False
        self.sent = 0

    def http(self):
        client = requests.Session()
        client.cookies.update(self.base.cookies.get_dict())
        return client

    def call(self, client, method, path, body=None):
        headers = {"X-CSRF-Token": self.base.csrf}
        return client.request(method, self.base.server.url + "/api/v1/" + path, json=body, headers=headers, timeout=5)

    def next_intent(self):
        s = self.session
        kind = s["position"]["kind"]
        if kind == "notStarted":
            return {"intent": "start"}
        roll = self.rng.random()
        if kind == "point":
            if roll < 0.5:
                return {"intent": "rate", "tension": self.rng.randint(0, 10), "pain": self.rng.randint(0, 10)}
            return {"intent": "next"} if roll < 0.75 else {"intent": "stayLonger"}
        if kind == "phase" and s["position"].get("phase") == "close":
            if not s.get("reflection") and roll < 0.5:
                return {"intent": "reflect", "reflection": {"howItFelt": "steady", "emotions": ["calm"],
                                                             "note": f"worker {self.index} v{s['version']}"}}
            return {"intent": "next"}
        if roll < 0.15 and s["version"] > 20:
            return {"intent": "enoughForToday"}
        return {"intent": "next"} if roll < 0.6 else {"intent": "stayLonger"}

    def run(self):
        client = self.http()
        try:
            if self.session is not None:  # carry on with the session as the server now has it
                response = self.call(client, "GET", f"sessions/{self.session['id']}")
                self.session = response.json() if response.status_code == 200 else None
            while not self.stop.is_set():
                if self.session is None or self.session["finished"]:
                    response = self.call(client, "POST", "sessions", {"mode": "solo"})
                    if response.status_code != 201:
                        raise AssertionError(f"start: {response.status_code} {response.text[:200]}")
                    self.session = response.json()
                    self.ledger.create(self.session)
                    continue
                intent = self.next_intent()
                intent["seenVersion"] = self.session["version"]
                self.sent += 1
                response = self.call(client, "POST", f"sessions/{self.session['id']}/events", intent)
                if 200 <= response.status_code < 300:
                    body = response.json()
                    if body["version"] == self.session["version"] + 1:
                        self.ledger.ack(body)
                    self.session = body
                elif response.status_code == 409:
                    self.session = self.call(client, "GET", f"sessions/{self.session['id']}").json()
                else:
                    raise AssertionError(f"event {intent}: {response.status_code} {response.text[:200]}")
        except (requests.ConnectionError, requests.Timeout, ValueError):
            self.died = True  # the server was killed under us; the last request was not acknowledged


class LiveWorker(threading.Thread):
    """The receiver of one partner session, sending signals over the live connection."""

    SIGNALS = ("holdStill", "softer", "firmer", "pain")

    def __init__(self, base, session_id, seed, stop):
        super().__init__(daemon=True)
        self.base = base
        self.session_id = session_id
        self.rng = random.Random(seed)
        self.stop = stop
        self.acked = {}  # ref -> version, for signals the server acknowledged
        self.pending = {}
        self.died = False
        self.error = None
        self.refs = 0

    def connect(self):
        """A ticket, the connection, and the state the server answers `hello` with."""
        ticket = self.base.post(f"/live/{self.session_id}/ticket", headers={"X-CSRF-Token": self.base.csrf}, timeout=5)
        assert ticket.status_code == 200, f"ticket: {ticket.status_code} {ticket.text[:200]}"
        ws_url = self.base.server.url.replace("http://", "ws://") + "/live/ws?ticket=" + ticket.json()["ticket"]
        socket_ = websocket.create_connection(ws_url, timeout=5, suppress_origin=True)
        socket_.send(json.dumps({"type": "hello", "lastVersion": 0}))
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            message = json.loads(socket_.recv())
            if message["type"] == "state":
                return socket_, message["state"]
        raise AssertionError("no state after hello")

    def read(self, socket_, seconds):
        socket_.settimeout(seconds)
        try:
            message = json.loads(socket_.recv())
        except websocket.WebSocketTimeoutException:
            return None
        if message["type"] == "ack" and message["ref"] in self.pending:
            self.pending.pop(message["ref"])
            self.acked[message["ref"]] = message["version"]
        elif message["type"] == "error" and message.get("code") != "slowDown":
            self.pending.pop(message.get("ref"), None)
            self.error = message
        return message

    def run(self):
        socket_ = None
        try:
            socket_, _ = self.connect()
            while not self.stop.is_set():
                self.refs += 1
                ref = f"r{self.refs}"
                name = self.rng.choice(self.SIGNALS)
                intent = {"type": "intent", "ref": ref, "intent": name}
                if name == "pain":
                    intent["level"] = self.rng.randint(1, 5)
                self.pending[ref] = name
                socket_.send(json.dumps(intent))
                until = time.monotonic() + 0.08  # 12 a second: under the 20 a second limit
                while time.monotonic() < until:
                    self.read(socket_, max(0.005, until - time.monotonic()))
        except (OSError, websocket.WebSocketException, requests.RequestException, ValueError):
            self.died = True
        finally:
            if socket_ is not None:
                try:
                    socket_.close(timeout=0.2)
                except Exception:
                    pass


def start_partner_session(client):
    """A partner session whose giver joined and confirmed the agreement, started by the receiver."""
    saved = client.post_form("/agreement", {
        "durationMinutes": "20", "positions": "side by side", "pauseSignal": "pause", "holdStillSignal": "still",
        "endSignal": "stop", "giverHelp": "breathe with me", "feedbackStyle": "painScale", "notForeplayAgreed": "yes"})
    assert saved.status_code == 303, f"agreement: {saved.status_code}"
    started = client.post_form("/sessions/new-partner", {})
    assert started.status_code == 303, f"new partner session: {started.status_code}"
    live_path = started.headers["Location"]
    session_id = live_path.rstrip("/").split("/")[-1]
    page = client.get(live_path)
    code = re.search(r'class="pairing-code"[^>]*>([0-9 ]+)<', page.text)
    assert code, "no pairing code on the receiver's page"
    giver = requests.Session()
    giver.get(client.server.url + "/join", timeout=5)
    token = giver.cookies.get("tend_csrf")
    joined = giver.post(client.server.url + "/join", data={"code": code.group(1).replace(" ", ""), "_csrf": token},
                        allow_redirects=False, timeout=5)
    assert joined.status_code == 303, f"join: {joined.status_code} {joined.text[:200]}"
    confirmed = giver.post(client.server.url + f"/live/{session_id}/confirm", data={"_csrf": token},
                           allow_redirects=False, timeout=5)
    assert confirmed.status_code == 303, f"confirm: {confirmed.status_code}"
    receiver = LiveWorker(client, session_id, 0, threading.Event())
    socket_, state = receiver.connect()
    try:
        socket_.send(json.dumps({"type": "intent", "ref": "start", "intent": "start"}))
        receiver.pending["start"] = "start"
        deadline = time.monotonic() + 5
        while "start" not in receiver.acked and time.monotonic() < deadline:
            receiver.read(socket_, 0.5)
            assert receiver.error is None, receiver.error
        assert "start" in receiver.acked, "the partner session did not start"
    finally:
        socket_.close()
    return session_id


def live_state(client, session_id):
    """The partner session as the server has it now: (version, signalCount)."""
    worker = LiveWorker(client, session_id, 0, threading.Event())
    socket_, state = worker.connect()
    socket_.close()
    return state["version"], state["signalCount"]


def unlock(client):
    response = client.api("POST", "space/unlock", {"passphrase": client.passphrase})
    assert response.status_code == 204, f"unlock: {response.status_code} {response.text[:300]}"


def test_no_acknowledged_event_is_lost_across_sigkills(start_tend, set_up_space):
    seed = int(os.environ.get("TEND_KILL_SEED", random.SystemRandom().randrange(2 ** 32)))
    print(f"forced-kill seed: {seed} (repeat with TEND_KILL_SEED={seed})")
    rng = random.Random(seed)
    server = start_tend()
    client = set_up_space(server)
    ledger = Ledger()
    partner_session = start_partner_session(client)
    live_acked = {}  # ref -> version, over all rounds (refs are made unique per round below)
    live_lost_total = 0
    workers = [None] * WORKERS
    began = time.monotonic()
    kills = lost_total = interrupted = 0
    restart_times = []
    while kills < KILLS:
        if time.monotonic() - began > BUDGET:
            print(f"time budget of {BUDGET} s reached after {kills} kills")
            break
        stop = threading.Event()
        for i in range(WORKERS):
            previous = workers[i]
            worker = Worker(i, client, ledger, rng.randrange(2 ** 32), stop)
            worker.session = previous.session if previous else None
            workers[i] = worker
            worker.start()
        live = LiveWorker(client, partner_session, rng.randrange(2 ** 32), stop)
        live.start()
        time.sleep(rng.uniform(0.05, 0.8))
        server.kill()
        kills += 1
        stop.set()
        for worker in [*workers, live]:
            worker.join(timeout=10)
            assert not worker.is_alive(), "a client did not stop"
        assert live.error is None, f"live connection refused a signal: {live.error}"
        live_acked.update({f"{kills}-{ref}": version for ref, version in live.acked.items()})
        interrupted += sum(1 for worker in [*workers, live] if worker.died)
        started = time.monotonic()
        server.start()
        client.server = server
        unlock(client)
        restart_times.append(time.monotonic() - started)
        # Read every session back and compare with what was acknowledged.
        lost = 0
        for session_id, acked in list(ledger.acks.items()):
            response = client.api("GET", f"sessions/{session_id}")
            assert response.status_code in (200, 404), f"{response.status_code} {response.text[:200]}"
            reloaded = response.json() if response.status_code == 200 else None
            if reloaded is None:
                lost += 1  # the session itself was acknowledged (201) and is gone
            lost += missing_from(reloaded, acked)
        if lost:
            print(f"kill {kills}: {lost} acknowledged events missing")
        lost_total = max(lost_total, lost)  # each check covers everything acknowledged so far
        # The partner session: every acknowledged signal is in its log, at its version or later.
        version, signal_count = live_state(client, partner_session)
        live_lost = max(sum(1 for v in live_acked.values() if v > version), len(live_acked) - signal_count)
        if live_lost:
            print(f"kill {kills}: {live_lost} acknowledged live signals missing (version {version}, "
                  f"{signal_count} signals; {len(live_acked)} acknowledged)")
        live_lost_total = max(live_lost_total, live_lost)
    acknowledged = ledger.count()
    figure("forced kills survived", f"{kills} SIGKILLs, {acknowledged} acknowledged events, "
           f"{len(ledger.created)} sessions, {lost_total} lost (seed {seed})")
    figure("restart + unlock after SIGKILL, median s", f"{sorted(restart_times)[len(restart_times) // 2]:.2f}")
    figure("forced kills survived, live signals over WebSocket",
           f"{len(live_acked)} acknowledged signals, {live_lost_total} lost (seed {seed})")
    print(f"{interrupted} clients were cut off by a kill")
    assert kills >= 20, f"only {kills} kills within {BUDGET} s"
    assert acknowledged > kills, "too few events were acknowledged to mean anything"
    assert lost_total == 0, f"{lost_total} acknowledged events lost (seed {seed})"
    assert len(live_acked) > kills, "too few live signals were acknowledged to mean anything"
    assert live_lost_total == 0, f"{live_lost_total} acknowledged live signals lost (seed {seed})"
