"""A mutated export must never crash Tend.

A real export is made through the real binary (set-up, a finished solo session with ratings and a
reflection, open sessions, journal check-ins, the cycle, two agreement versions, an intake,
settings and reminders — all through the web forms and the JSON API — then Settings → Your data
→ Download). It is then mutated: every leaf of the JSON gets a few hostile values (seeded), and a
list of structural mutants is added (empty steps with pausedAt set, a step past its gate's
sequence, duplicate ids, an intake id equal to an agreement id, …).

For every mutant, `tend import MUTANT --data-dir NEWDIR` (NEWDIR fresh and empty) must either
exit 0, or exit non-zero with one clear line on standard error — never a crash signal, never a
raw Swift error (`staleWrite(`, `DecodingError`, …) — and a refusal must leave NEWDIR empty.
For a seeded sample of the mutants that imported, `tend serve` is started on NEWDIR, unlocked,
and every main page, both exports and the API's session list are fetched, and a few actions are
posted to each open session: the process must stay alive and nothing may answer 5xx.

The web upload path (set-up from an export) is tried with crafted mutants: 4xx naming the field,
never 500, and nothing set up.

    .venv-adv/bin/pytest tests/adversarial/test_fuzzed_import.py -q -s

Environment: TEND_FUZZ_SEED (default 1509), TEND_FUZZ_PER_LEAF (hostile values per leaf,
default 3), TEND_FUZZ_SERVED (mutants served, default 40), TEND_FUZZ_WORKERS (parallel imports,
default 2), TEND_FUZZ_BUDGET (seconds for the CLI imports, default 240).
"""

import copy
import datetime as dt
import errno
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import SESSION_COOKIE, TendClient, TendServer, set_up_space_on, wait_for_binary

SEED = int(os.environ.get("TEND_FUZZ_SEED", "1509"))
PER_LEAF = int(os.environ.get("TEND_FUZZ_PER_LEAF", "3"))
SERVED = int(os.environ.get("TEND_FUZZ_SERVED", "40"))
WORKERS = int(os.environ.get("TEND_FUZZ_WORKERS", "2"))
CLI_BUDGET = float(os.environ.get("TEND_FUZZ_BUDGET", "240"))
IMPORT_TIMEOUT = 60
PASSPHRASE = "fuzzed-import-passphrase"

INT_MAX = 9223372036854775807
BIG_STRING = "x" * 100_000
REMOVE = object()  # the key is taken out
HOSTILE = [
    ("Int.max", INT_MAX), ("-1", -1), ("-7", -7), ("11", 11), ("1e308", 1e308),
    ("100kB string", BIG_STRING), ("null", None), ("wrong type", "WRONG-TYPE"),
    ("[]", []), ("{}", {}), ("removed", REMOVE),
]

# What a raw Swift error looks like when it leaks: an enum case with a payload, type names,
# Foundation's decoding internals, a trap.
RAW_ERROR = re.compile(
    r"\b[a-z]+[A-Z]\w*\(|DecodingError|codingPath|debugDescription|underlyingError|Error Domain=|"
    r"Fatal error|Swift\.|TendStore\.|TendCore\.|TendWeb\.|TendApp\.|SQLite\w*Error|sqlite3?_|\.swift:\d|"
    r"Optional\(|Backtrace|Thread \d|The given data was not valid JSON|No value associated with key|"
    r"Expected to decode|Unable to parse")
RECOVERY_KEY = re.compile(r"\b[0-9A-Z]{4}(-[0-9A-Z]{4}){7}\b")


# --- making the real export -----------------------------------------------------------------

def ok(response, *expected):
    assert response.status_code in expected, f"{response.request.method} {response.request.url}: {response.status_code} {response.text[:400]}"
    return response


def walk_to_point(client: TendClient, session_id: str, limit: int = 15):
    """`next` until the session stands at a clock point (bounded)."""
    body = None
    for _ in range(limit):
        body = ok(client.api("GET", f"sessions/{session_id}"), 200).json()
        if body["position"]["kind"] == "point":
            return body
        if body["position"]["kind"] == "notStarted":
            ok(client.api("POST", f"sessions/{session_id}/events", {"intent": "start"}), 200)
        else:
            ok(client.api("POST", f"sessions/{session_id}/events", {"intent": "next"}), 200)
    raise AssertionError(f"session never reached a clock point: {body}")


def event(client: TendClient, session_id: str, body: dict):
    return ok(client.api("POST", f"sessions/{session_id}/events", body), 200).json()


def make_content(client: TendClient):
    """Real content of every kind, through the API and the web forms."""
    # A finished solo session: points rated, a longer stay, a pause, enough for today, a reflection.
    finished = ok(client.api("POST", "sessions", {"mode": "solo"}), 201).json()["id"]
    walk_to_point(client, finished)
    event(client, finished, {"intent": "rate", "tension": 4, "pain": 2})
    event(client, finished, {"intent": "stayLonger"})
    event(client, finished, {"intent": "pause"})
    event(client, finished, {"intent": "resume"})
    event(client, finished, {"intent": "next"})
    event(client, finished, {"intent": "rate", "tension": 3})
    event(client, finished, {"intent": "next"})
    event(client, finished, {"intent": "rate", "pain": 1})
    event(client, finished, {"intent": "enoughForToday"})
    event(client, finished, {"intent": "reflect", "reflection": {
        "howItFelt": "calmer", "emotions": ["relief", "tired"], "note": "=SUM(A1) <b>not html</b>"}})
    done = event(client, finished, {"intent": "end"})
    assert done["finished"], done

    # An open session standing at a rated clock point, and an open one paused in a phase.
    at_point = ok(client.api("POST", "sessions", {"mode": "solo"}), 201).json()["id"]
    walk_to_point(client, at_point)
    event(client, at_point, {"intent": "rate", "tension": 6, "pain": 5})
    paused = ok(client.api("POST", "sessions", {"mode": "solo"}), 201).json()["id"]
    if ok(client.api("GET", f"sessions/{paused}"), 200).json()["position"]["kind"] == "notStarted":
        event(client, paused, {"intent": "start"})
    event(client, paused, {"intent": "pause"})

    today = dt.datetime.now(dt.timezone.utc).date()
    for day, extra in ((today - dt.timedelta(days=1), {}), (today, {"periodStarted": "on"})):
        ok(client.post_form("/journal", {
            "day": day.isoformat(), "bodyTension": "5", "mood": "steady", "tried-tampon": "on",
            "anxiety-tampon": "6", "pain-tampon": "3", "anxiety-finger": "2", "note": "a quiet day, 19:00", **extra}), 303)
    ok(client.post_form("/cycle", {"lifeStage": "cycling", "contraception": "none"}), 303)
    ok(client.post_form("/cycle/periods", {"day": (today - dt.timedelta(days=29)).isoformat()}), 303)
    agreement = {"durationMinutes": "30", "positions": "lying on my back", "pauseSignal": "pause",
                 "holdStillSignal": "hold", "endSignal": "stop", "giverHelp": "breathe with me",
                 "feedbackStyle": "painScale", "anythingElse": "", "notForeplayAgreed": "yes"}
    ok(client.post_form("/agreement", agreement), 303)
    ok(client.post_form("/agreement", {**agreement, "durationMinutes": "20", "anythingElse": "slower"}), 303)
    ok(client.post_form("/intake", {
        "extent": "partial", "onset": "later", "onsetDescription": "after a bad exam", "situation0": "on",
        "contributor0": "on", "anxiety-tampon": "7", "pain-tampon": "4", "anxiety-medicalExam": "9"}), 303)
    ok(client.post_form("/settings", {"inhale": "4", "exhale": "6", "hum": "on", "jaw": "10"}), 303)
    ok(client.post_form("/reminders", {"title": "Tea", "day-1": "on", "day-4": "on", "time": "19:30",
                                       "minutes": "20", "action": "save"}), 303)


@pytest.fixture(scope="module")
def real_export(tend_binary, tmp_path_factory):
    """The bytes of a real JSON export with every kind of record, downloaded from Your data."""
    root = tmp_path_factory.mktemp("real-export")
    server = TendServer(tend_binary, root / "data", root / "logs", name="exporter")
    server.start()
    try:
        client = set_up_space_on(server, PASSPHRASE)
        make_content(client)
        download = ok(client.get("/your-data/tend-export.json"), 200)
        data = download.content
    finally:
        server.stop()
    export = json.loads(data)
    for key in ("sessions", "checkIns", "cycle", "intakes", "agreements", "preferences", "reminders"):
        assert export.get(key), f"the real export has no {key}: {sorted(export)}"
    assert len(export["sessions"]) >= 3 and len(export["agreements"]) >= 2, "the real export lacks content"
    (root / "tend-export.json").write_bytes(data)
    return data


# --- mutating it ----------------------------------------------------------------------------

def leaves(value, path=()):
    """Every leaf path: scalars, nulls, empty lists and objects."""
    if isinstance(value, dict) and value:
        for key in sorted(value):
            yield from leaves(value[key], path + (key,))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from leaves(item, path + (index,))
    else:
        yield path


def get(document, path):
    for part in path:
        document = document[part]
    return document


def replaced(document, path, new):
    mutant = copy.deepcopy(document)
    parent = get(mutant, path[:-1])
    if new is REMOVE:
        if isinstance(parent, list):
            del parent[path[-1]]
        else:
            parent.pop(path[-1], None)
    else:
        parent[path[-1]] = new
    return mutant


def wrong_type(value):
    if isinstance(value, bool):
        return "true"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return 42
    if value is None:
        return True
    return "not a container"


def label(path) -> str:
    return ".".join(str(part) for part in path) or "(root)"


def leaf_mutants(export, rng: random.Random):
    mutants = []
    for path in leaves(export):
        if not path:
            continue
        original = get(export, path)
        for name, value in rng.sample(HOSTILE, min(PER_LEAF, len(HOSTILE))):
            if name == "wrong type":
                value = wrong_type(original)
            if value is not REMOVE and value == original and type(value) is type(original):
                continue
            mutants.append((f"{label(path)} = {name}", replaced(export, path, value)))
    return mutants


def structural_mutants(export):
    """Shapes no single leaf change makes."""
    out = []
    sessions = export["sessions"]
    finished_index = next(i for i, s in enumerate(sessions) if s["steps"] and "finished" in s["steps"][-1]["position"])
    open_index = next(i for i, s in enumerate(sessions) if s["steps"] and "point" in s["steps"][-1]["position"])
    paused_index = next((i for i, s in enumerate(sessions) if s.get("pausedAt")), open_index)
    some_time = sessions[open_index]["steps"][-1]["enteredAt"]

    def mutate(name, change):
        mutant = copy.deepcopy(export)
        change(mutant)
        out.append((f"structural: {name}", mutant))

    def empty_steps_paused(m, index):
        m["sessions"][index]["steps"] = []
        m["sessions"][index]["pausedAt"] = some_time
    mutate("open session with empty steps and pausedAt set", lambda m: empty_steps_paused(m, open_index))
    mutate("finished session with empty steps and pausedAt set", lambda m: empty_steps_paused(m, finished_index))
    mutate("open session with empty steps, a closing and a reflection",
           lambda m: m["sessions"][open_index].update(steps=[], closing="completed", reflection={"howItFelt": "", "emotions": [], "note": ""}))

    def at_point(m, gate, step):
        m["sessions"][open_index]["steps"][-1]["position"] = {"point": {"gate": gate, "step": step}}
    mutate("current step past the gate's sequence (step 99)", lambda m: at_point(m, 1, 99))
    mutate("current step at step -1", lambda m: at_point(m, 1, -1))
    mutate("current step at gate 99", lambda m: at_point(m, 99, 0))
    mutate("current step at gate 0", lambda m: at_point(m, 0, 0))
    mutate("current step at gate Int.max", lambda m: at_point(m, INT_MAX, INT_MAX))
    mutate("check-in at gate 99", lambda m: m["sessions"][open_index]["steps"][-1].update(position={"checkIn": {"gate": 99}}))
    mutate("phase that does not exist", lambda m: m["sessions"][open_index]["steps"][-1].update(position={"phase": {"_0": "nowhere"}}))
    mutate("position with two cases", lambda m: m["sessions"][open_index]["steps"][-1].update(
        position={"finished": {}, "point": {"gate": 1, "step": 0}}))
    mutate("finished session whose last step is a clock point", lambda m: m["sessions"][finished_index]["steps"].append(
        copy.deepcopy(m["sessions"][open_index]["steps"][-1])))
    mutate("steps after the finish", lambda m: m["sessions"][finished_index]["steps"].append(
        copy.deepcopy(m["sessions"][finished_index]["steps"][0])))
    mutate("paused session with a step still running", lambda m: m["sessions"][paused_index]["steps"][-1].update(
        runningSince=m["sessions"][paused_index]["steps"][-1]["enteredAt"]))
    mutate("step left before it was entered", lambda m: m["sessions"][finished_index]["steps"][0].update(
        leftAt="2001-01-01T00:00:00.000Z"))
    mutate("pausedAt in the far future", lambda m: m["sessions"][open_index].update(pausedAt="9999-12-31T23:59:59.999Z"))
    mutate("createdAt at year 1", lambda m: m["sessions"][open_index].update(createdAt="0001-01-01T00:00:00.000Z"))
    mutate("updatedAt before createdAt", lambda m: m["sessions"][open_index].update(updatedAt="2001-01-01T00:00:00.000Z"))
    mutate("a thousand copies of one step", lambda m: m["sessions"][open_index]["steps"].extend(
        [copy.deepcopy(m["sessions"][open_index]["steps"][0]) for _ in range(1000)]))
    mutate("rating of a phase step", lambda m: m["sessions"][open_index]["steps"][0]["ratings"].append(
        {"tension": 5, "pain": 5, "at": some_time}))
    mutate("a rating with neither tension nor pain", lambda m: m["sessions"][open_index]["steps"][-1]["ratings"].append({"at": some_time}))

    mutate("duplicate session ids", lambda m: m["sessions"].append(copy.deepcopy(m["sessions"][open_index])))
    mutate("two sessions with one id, different content", lambda m: m["sessions"].append(
        {**copy.deepcopy(m["sessions"][finished_index]), "id": m["sessions"][open_index]["id"]}))
    mutate("duplicate intake ids", lambda m: m["intakes"].append(copy.deepcopy(m["intakes"][0])))
    mutate("duplicate agreement ids", lambda m: m["agreements"].append(
        {"id": m["agreements"][0]["id"], "value": copy.deepcopy(m["agreements"][1]["value"])}))
    mutate("an intake id equal to an agreement id", lambda m: m["intakes"][0].update(id=m["agreements"][0]["id"]))
    mutate("a session id equal to an intake id", lambda m: m["sessions"][open_index].update(id=m["intakes"][0]["id"]))
    mutate("a session id equal to the owner", lambda m: m["sessions"][open_index].update(id=m["owner"]))
    mutate("an agreement id with a slash", lambda m: m["agreements"][0].update(id="../../etc/passwd"))
    mutate("an intake id that is empty", lambda m: m["intakes"][0].update(id=""))
    mutate("a session owned by someone else", lambda m: m["sessions"][open_index].update(owner="someone-else"))
    mutate("duplicate check-in days", lambda m: m["checkIns"].append(copy.deepcopy(m["checkIns"][0])))
    mutate("a check-in on 30 February", lambda m: m["checkIns"][0].update(day="2027-02-30"))
    mutate("a check-in in the year 9999", lambda m: m["checkIns"][0].update(day="9999-12-31"))
    mutate("a check-in tried with an unknown kind", lambda m: m["checkIns"][0]["tried"].update(banana={"anxiety": 1, "pain": 1}))
    mutate("a period start in the year 9999", lambda m: m["cycle"]["periodStarts"].append("9999-12-31"))
    mutate("ten thousand period starts", lambda m: m["cycle"].update(
        periodStarts=[(dt.date(2000, 1, 1) + dt.timedelta(days=3 * i)).isoformat() for i in range(10_000)]))
    mutate("duplicate period starts", lambda m: m["cycle"]["periodStarts"].extend(m["cycle"]["periodStarts"]))
    mutate("a reminder on weekday 0 and 8", lambda m: m["reminders"]["plan"].update(weekdays=[0, 8]))
    mutate("a reminder at 24:60", lambda m: m["reminders"]["plan"].update(hour=24, minute=60))
    mutate("version 2", lambda m: m.update(version=2))
    mutate("version -1", lambda m: m.update(version=-1))
    mutate("format of another program", lambda m: m.update(format="not-tend"))
    mutate("owner empty", lambda m: m.update(owner=""))
    mutate("every list empty", lambda m: m.update(sessions=[], checkIns=[], intakes=[], agreements=[]))
    mutate("an unknown top-level key", lambda m: m.update(extra={"nested": [1, 2, 3]}))
    return out


def raw_mutants(data: bytes):
    """Mutants that are not a JSON document the usual way."""
    text = data.decode()
    return [
        ("raw: empty file", b""),
        ("raw: truncated in the middle", data[: len(data) // 2]),
        ("raw: a JSON array", b"[]"),
        ("raw: a JSON string", b'"tend-export"'),
        ("raw: a number beyond Int64 for version", text.replace('"version" : 1', '"version" : 99999999999999999999999', 1).encode()),
        ("raw: 1e400 for version", text.replace('"version" : 1', '"version" : 1e400', 1).encode()),
        ("raw: a byte-order mark first", b"\xef\xbb\xbf" + data),
        ("raw: invalid UTF-8 inside a string", data.replace(b'"tend-export"', b'"tend-\xff\xfeexport"', 1)),
        ("raw: a NUL inside a note", text.replace('"calmer"', '"cal\\u0000mer"', 1).encode()),
        ("raw: a lone surrogate inside a note", text.replace('"calmer"', '"\\ud800"', 1).encode()),
        ("raw: deeply nested arrays", b'{"format":"tend-export","version":1,"owner":"a","extra":' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    ]


# --- importing and serving ------------------------------------------------------------------

REBUILDING = (errno.ETXTBSY, errno.ENOENT, errno.EACCES, errno.ENOEXEC)


def while_binary_settles(binary: Path, action, attempts: int = 3):
    """Runs `action`; if the binary is being rebuilt under us (busy, missing), waits for it to
    settle and tries again, a bounded number of times."""
    for attempt in range(attempts):
        try:
            return action()
        except OSError as error:
            if error.errno not in REBUILDING or attempt == attempts - 1:
                raise
            wait_for_binary(binary, 300)


def expected_place(name: str):
    """For a leaf mutant, the part of the file its refusal must name: its top-level key."""
    if name.startswith(("structural", "raw")):
        return None
    section = name.split(".")[0].split(" ")[0]
    return None if section in ("format", "version") else section


def explain_refusal(stderr: str, place=None) -> list:
    """Problems with a refusal's message ([] when it is one clear line)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    # Progress lines Tend prints on the way ("Making the keys…", "Sealed and wrote 3 of 9 records").
    message = [line for line in lines if not line.rstrip().endswith("…") and not line.startswith("Sealed and wrote")]
    problems = []
    if len(message) != 1:
        problems.append(f"message is {len(message)} lines, not one: {clip(' | '.join(message), 300)}")
    if any(re.search(r"\bat \.|\bat $", line) for line in message):
        problems.append(f"message does not name the place: {clip(message[0], 200)}")
    elif place and message and not any(place in line for line in message):
        problems.append(f"message does not name the place ({place}): {clip(message[0], 200)}")
    leak = RAW_ERROR.search(stderr)
    if leak:
        problems.append(f"raw error in the message ({leak.group(0)}): {clip(' | '.join(message), 300)}")
    return problems


def clip(text, limit=200):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def run_import(binary: Path, name: str, content: bytes, workdir: Path):
    """Imports one mutant into a fresh, empty data folder. Returns a result dict."""
    folder = Path(tempfile.mkdtemp(prefix="mutant-", dir=workdir))
    file = folder / "mutant.json"
    file.write_bytes(content)
    data_dir = folder / "data"
    data_dir.mkdir()
    env = dict(os.environ, TEND_PASSPHRASE=PASSPHRASE)
    env.pop("TEND_DATA_DIR", None)
    env.pop("TEND_DATABASE_URL", None)
    began = time.monotonic()
    try:
        done = while_binary_settles(binary, lambda: subprocess.run(
            [str(binary), "import", str(file), "--data-dir", str(data_dir)], env=env,
            stdin=subprocess.DEVNULL, capture_output=True, timeout=IMPORT_TIMEOUT))
    except subprocess.TimeoutExpired:
        return {"name": name, "outcome": "hung", "problems": [f"did not finish within {IMPORT_TIMEOUT} s"], "data_dir": data_dir}
    seconds = time.monotonic() - began
    stdout = done.stdout.decode("utf-8", "replace")
    stderr = done.stderr.decode("utf-8", "replace")
    result = {"name": name, "data_dir": data_dir, "folder": folder, "seconds": seconds, "code": done.returncode,
              "stderr": stderr, "problems": []}
    if done.returncode < 0:
        result["outcome"] = "crashed"
        result["problems"].append(f"killed by signal {-done.returncode}; stderr: {clip(stderr, 300)}")
    elif done.returncode == 0:
        result["outcome"] = "imported"
        if not RECOVERY_KEY.search(stdout):
            result["problems"].append(f"exit 0 without a recovery key: {clip(stdout, 200)}")
        if RAW_ERROR.search(stderr):
            result["problems"].append(f"raw error on stderr of a success: {clip(stderr, 300)}")
    else:
        result["outcome"] = "refused"
        result["problems"].extend(explain_refusal(stderr, expected_place(name)))
        left = sorted(p.name for p in data_dir.iterdir()) if data_dir.exists() else []
        if left:
            result["problems"].append(f"refused but left {left} in the data folder")
    return result


def session_ids(document) -> list:
    try:
        return [s["id"] for s in document.get("sessions", []) if isinstance(s, dict) and isinstance(s.get("id"), str)]
    except AttributeError:
        return []


def intake_ids(document) -> list:
    try:
        return [e["id"] for e in document.get("intakes", []) if isinstance(e, dict) and isinstance(e.get("id"), str)]
    except AttributeError:
        return []


class ServerDied(Exception):
    pass


class Visitor:
    """Sends requests to one served mutant and judges each answer; notices when Tend dies."""

    def __init__(self, server: TendServer, client: TendClient):
        self.server = server
        self.client = client
        self.problems = []
        self.death = None

    def send(self, method: str, what: str, call):
        if self.death:
            raise ServerDied()
        try:
            response = call()
        except Exception as error:  # noqa: BLE001 — requests' errors: the connection went away
            try:
                self.server.process.wait(timeout=5)  # a trap takes a moment to write its backtrace
            except subprocess.TimeoutExpired:
                pass
            if not self.server.running():
                self.died(method, what)
            self.problems.append(f"{method} {what}: no answer ({clip(repr(error), 160)})")
            return None
        if not self.server.running():
            self.died(method, what)
        text = response.content.decode("utf-8", "replace")
        kind = response.headers.get("content-type") or ""
        if response.status_code >= 500:
            self.problems.append(f"{method} {what}: {response.status_code} {clip(re.sub(r'<[^>]+>', ' ', text), 200)}")
        elif "json" not in kind and "zip" not in kind and RAW_ERROR.search(text):
            self.problems.append(f"{method} {what}: raw error in the page: {clip(RAW_ERROR.search(text).group(0), 80)}")
        return response

    def died(self, method, what):
        code = self.server.process.returncode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
        log = self.server.logs(3000)
        trap = re.search(r"(Fatal error[^\n]{0,200}|\w*Error[^\n]{0,160})", log)
        self.death = f"tend serve died ({how}) on {method} {what}" + (f" — {clip(trap.group(0), 200)}" if trap else "")
        raise ServerDied()

    def get(self, path):
        return self.send("GET", path, lambda: self.client.get(path, allow_redirects=False))


def serve_and_browse(binary: Path, result: dict, document, today: dt.date) -> list:
    """Starts Tend on an imported mutant, unlocks, reads every page, acts on open sessions."""
    server = TendServer(binary, result["data_dir"], result["folder"] / "logs", name="served")
    try:
        while_binary_settles(binary, server.start)
    except (Exception, pytest.fail.Exception) as error:  # noqa: BLE001 — start() calls pytest.fail
        server.stop()
        return [f"tend serve did not start: {clip(error, 200)} {clip(server.logs(), 300)}"]
    try:
        client = TendClient(server, timeout=20)
        unlocked = client.post_form("/unlock", {"passphrase": PASSPHRASE})
        if unlocked.status_code != 303 or not client.cookies.get(SESSION_COOKIE):
            return [f"could not unlock the imported space: {unlocked.status_code} {clip(unlocked.text, 200)}"]
        visitor = Visitor(server, client)
        try:
            browse(visitor, document, today)
        except ServerDied:
            visitor.problems.insert(0, visitor.death)
        return visitor.problems
    finally:
        server.stop()


def browse(visitor: Visitor, document, today: dt.date):
    pages = ["/", "/sessions", "/progress", "/progress?period=all", "/progress?period=1y", "/report",
             f"/report/print?from=2000-01-01&to={today}&intake=on&map=on&trends=on&frequency=on&notes=on",
             "/journal", f"/journal?day={today - dt.timedelta(days=1)}", "/cycle", "/agreement", "/agreement/edit",
             "/intake", "/settings", "/reminders", "/your-data", "/your-data/tend-export.json",
             "/your-data/tend-export-tables.zip", "/api/v1/space"]
    ids = list(dict.fromkeys(session_ids(document)))[:8]
    pages += [f"/sessions/{i}" for i in ids] + [f"/api/v1/sessions/{i}" for i in ids]
    pages += [f"/intake/{i}" for i in list(dict.fromkeys(intake_ids(document)))[:4]]
    for path in pages:
        visitor.get(path)
    listed = visitor.get("/api/v1/sessions")
    sessions = []
    if listed is not None and listed.status_code == 200:
        try:
            sessions = listed.json()["sessions"]
        except (ValueError, KeyError, TypeError):
            visitor.problems.append(f"GET /api/v1/sessions: not a session list: {clip(listed.text, 160)}")
    # Act on every open session (at most four): by form, then by the API.
    client = visitor.client
    for sid in [s.get("id") for s in sessions if isinstance(s, dict) and not s.get("finished")][:4]:
        path = f"/sessions/{sid}/events"
        for intent in ("stayLonger", "pause", "resume", "end"):
            visitor.send("POST", f"{path} intent={intent}", lambda: client.post_form(path, {"intent": intent}))
        for body in ({"intent": "next"}, {"intent": "rate", "tension": 3}, {"intent": "pause"}, {"intent": "end"}):
            visitor.send("POST", f"/api/v1/sessions/{sid}/events {json.dumps(body)}",
                         lambda: client.api("POST", f"sessions/{sid}/events", body))
    for path in ("/", "/progress", "/your-data/tend-export.json", "/api/v1/sessions"):
        visitor.get(path)


# --- the tests ------------------------------------------------------------------------------

def test_mutated_exports_never_crash_tend(real_export, tend_binary, tmp_path):
    began = time.monotonic()
    export = json.loads(real_export)
    rng = random.Random(SEED)

    baseline = run_import(tend_binary, "unchanged export", real_export, tmp_path)
    assert baseline["outcome"] == "imported" and not baseline["problems"], \
        f"the unchanged export does not import: {baseline.get('code')} {baseline.get('stderr', '')[:500]} {baseline['problems']}"
    shutil.rmtree(baseline["folder"], ignore_errors=True)

    documents = leaf_mutants(export, rng) + structural_mutants(export)
    mutants = [(name, json.dumps(doc, indent=2, sort_keys=True).encode(), doc) for name, doc in documents]
    mutants += [(name, content, None) for name, content in raw_mutants(real_export)]
    print(f"\n{len(list(leaves(export)))} leaves; {len(mutants)} mutants "
          f"({len(documents) - len(structural_mutants(export))} leaf, {len(structural_mutants(export))} structural, "
          f"{len(raw_mutants(real_export))} raw); seed {SEED}")

    results = []
    deadline = time.monotonic() + CLI_BUDGET
    skipped = 0

    def attempt(item):
        name, content, doc = item
        if time.monotonic() > deadline:
            return None
        result = run_import(tend_binary, name, content, tmp_path)
        result["document"] = doc
        return result

    with ThreadPoolExecutor(max_workers=max(1, WORKERS)) as pool:
        for result in pool.map(attempt, mutants):
            if result is None:
                skipped += 1
                continue
            results.append(result)
            if result["outcome"] != "imported":
                shutil.rmtree(result["folder"], ignore_errors=True)
    cli_seconds = time.monotonic() - began
    outcomes = {}
    for result in results:
        outcomes[result["outcome"]] = outcomes.get(result["outcome"], 0) + 1
    print(f"CLI: {len(results)} imports in {cli_seconds:.0f} s: {outcomes}"
          + (f"; {skipped} not run (budget {CLI_BUDGET:.0f} s reached)" if skipped else ""))

    # Serve a seeded sample of what imported: every structural mutant that did, then leaf mutants.
    imported = [r for r in results if r["outcome"] == "imported"]
    structural = [r for r in imported if r["name"].startswith(("structural", "raw"))]
    others = [r for r in imported if not r["name"].startswith(("structural", "raw"))]
    sample = structural[:SERVED] + random.Random(SEED + 1).sample(others, max(0, min(len(others), SERVED - len(structural))))
    today = dt.datetime.now(dt.timezone.utc).date()
    served_began = time.monotonic()

    def serve(result):
        document = result["document"] if result["document"] is not None else {}
        result["problems"].extend(f"served: {p}" for p in serve_and_browse(tend_binary, result, document, today))

    with ThreadPoolExecutor(max_workers=max(1, WORKERS)) as pool:
        list(pool.map(serve, sample))
    print(f"served {len(sample)} imported mutants ({min(len(structural), SERVED)} structural or raw) in {time.monotonic() - served_began:.0f} s; total {time.monotonic() - began:.0f} s")
    for result in imported:
        shutil.rmtree(result["folder"], ignore_errors=True)

    failing = [r for r in results if r["problems"]]
    if failing:
        groups = {}
        for result in failing:
            for problem in result["problems"]:
                groups.setdefault(kind_of(problem), []).append(f"{result['name']}: {problem}")
        lines = []
        for kind, items in sorted(groups.items(), key=lambda item: -len(item[1])):
            lines.append(f"[{len(items)}×] {kind}")
            lines += [f"    {clip(item, 330)}" for item in items[:5]]
            if len(items) > 5:
                lines.append(f"    … and {len(items) - 5} more")
        pytest.fail(f"{len(failing)} of {len(results)} mutants were handled wrongly "
                    f"({outcomes}; {len(sample)} served):\n" + "\n".join(lines), pytrace=False)


def kind_of(problem: str) -> str:
    """A short heading that groups alike problems: the same path shape and status."""
    problem = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "{id}", problem)
    if problem.startswith("served: "):
        head = problem[len("served: "):]
        death = re.match(r"(tend serve died \([^)]*\) on (?:GET|POST) \S+)", head)
        if death:
            return "served: " + death.group(1)
        match = re.match(r"(GET|POST) (\S+)(?: intent=\w+| \{[^}]*\})?: (\d{3}|no answer|raw error)", head)
        if match:
            path = re.sub(r"\?.*", "", match.group(2))
            return f"served: {match.group(1)} {path} → {match.group(3)}"
        return "served: " + clip(re.sub(r"\(.*", "", head), 60)
    return clip(re.sub(r":.*", "", problem), 60)


def web_mutants(export):
    """Crafted mutants for the upload form, with the field the refusal must name."""
    def first_rating(document):
        return next(step["ratings"][0] for session in document["sessions"] for step in session["steps"] if step["ratings"])

    mood = copy.deepcopy(export)
    mood["checkIns"][0]["mood"] = 42
    tension = copy.deepcopy(export)
    first_rating(tension)["tension"] = 11
    pain = copy.deepcopy(export)
    first_rating(pain)["pain"] = INT_MAX
    duration = copy.deepcopy(export)
    duration["agreements"][0]["value"]["agreement"]["durationMinutes"] = 1e308
    same_id = copy.deepcopy(export)
    same_id["intakes"][0]["id"] = same_id["agreements"][0]["id"]
    return [("checkIns.0.mood = 42", mood, ("mood",)), ("a session rating tension = 11", tension, ("tension",)),
            ("a session rating pain = Int.max", pain, ("pain",)),
            ("agreements.0….durationMinutes = 1e308", duration, ("durationMinutes",)),
            ("an intake id equal to an agreement id", same_id, ("intakes", "agreements"))]


def test_web_upload_of_a_mutated_export_is_refused_plainly(real_export, tend_server):
    export = json.loads(real_export)
    client = TendClient(tend_server)
    ok(client.get("/setup"), 200)
    problems = []
    for name, document, field in web_mutants(export):
        response = client.post("/setup/from-export", allow_redirects=False, data={
            "_csrf": client.csrf, "passphrase": PASSPHRASE, "confirmation": PASSPHRASE,
        }, files={"export": ("tend-export.json", json.dumps(document, indent=2).encode(), "application/json")})
        text = re.sub(r"<[^>]+>", " ", response.text)
        if response.status_code >= 500:
            problems.append(f"{name}: {response.status_code} {clip(text, 200)}")
        elif not 400 <= response.status_code < 500:
            problems.append(f"{name}: answered {response.status_code}, not a 4xx refusal")
        elif not any(word in text for word in field):
            message = re.search(r"(This export[^.]*\.[^.]*\.|[^.]*damaged[^.]*\.)", text)
            problems.append(f"{name}: {response.status_code} but the message does not name `{' or '.join(field)}`: "
                            f"{clip(message.group(0) if message else text[-300:], 200)}")
        if RAW_ERROR.search(text):
            problems.append(f"{name}: raw error in the page: {RAW_ERROR.search(text).group(0)}")
        state = client.get("/api/v1/space").json().get("state")
        if state != "needsSetup":
            problems.append(f"{name}: after the refusal the space is {state}, not untouched (needsSetup)")
            break
    if not tend_server.running():
        problems.insert(0, "tend serve died during the uploads")
    if problems:
        pytest.fail("the set-up-from-export upload mishandled crafted mutants:\n  " + "\n  ".join(problems), pytrace=False)

    # And the untouched export does set up the space through the same form.
    response = client.post("/setup/from-export", allow_redirects=False, data={
        "_csrf": client.csrf, "passphrase": PASSPHRASE, "confirmation": PASSPHRASE,
    }, files={"export": ("tend-export.json", real_export, "application/json")})
    assert response.status_code == 200 and RECOVERY_KEY.search(response.text), \
        f"the real export did not set up a space: {response.status_code} {clip(response.text, 300)}"
