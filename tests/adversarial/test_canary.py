"""Sealed at rest, silent in logs: a unique canary written into every free-text field Tend takes
must never appear in any file under the data directory (the database and its -wal/-shm
included) or in the server's output, neither plain nor as base64 or hex. Nor may the passphrase
or the recovery key.
"""

import base64
import datetime
import subprocess
import uuid
from pathlib import Path

import pytest


def encodings(secret: str) -> dict:
    """The secret's bytes, and how they would look inside base64 (at any alignment) or hex."""
    raw = secret.encode()
    forms = {"plain": [raw], "hex": [raw.hex().encode(), raw.hex().upper().encode()],
             "base64": [], "base64url": []}
    for offset in range(3):
        part = raw[offset:]
        part = part[: len(part) - len(part) % 3]
        forms["base64"].append(base64.b64encode(part))
        forms["base64url"].append(base64.urlsafe_b64encode(part))
    return forms


def scan(paths, secrets: dict) -> list:
    """Every (secret, encoding, file) where a secret shows up."""
    found = []
    for path in paths:
        data = Path(path).read_bytes()
        for name, secret in secrets.items():
            for form, needles in encodings(secret).items():
                if any(needle in data for needle in needles):
                    found.append((name, form, str(path)))
    return found


def files_under(folder: Path):
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


def verbose_args(binary) -> list:
    """The most verbose logging the CLI offers, if it has a flag for it."""
    help_text = subprocess.run([str(binary), "serve", "--help"], capture_output=True, text=True, timeout=30).stdout
    return ["--log-level", "trace"] if "--log-level" in help_text else []


def test_canary_and_passphrase_never_reach_disk_or_logs(start_tend, set_up_space, tend_binary):
    canary = f"canary-{uuid.uuid4().hex}"
    passphrase = f"pass-{uuid.uuid4().hex}"
    wrong_passphrase = f"wrong-{uuid.uuid4().hex}"
    server = start_tend(*verbose_args(tend_binary),
                        env={"TEND_LOG_LEVEL": "trace", "LOG_LEVEL": "trace"})
    client = set_up_space(server, passphrase)
    client.headers.update({"X-Canary": canary, "User-Agent": f"adversarial {canary}"})
    day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()

    def form(path, fields, expect=(303,)):
        response = client.post_form(path, fields, params={"q": canary})
        assert response.status_code in expect, f"{path}: {response.status_code} {response.text[:300]}"
        return response

    # Journal check-in note.
    form("/journal", {"day": day, "bodyTension": "3", "note": f"journal {canary}"})
    # Boundaries agreement: every text field.
    form("/agreement", {"durationMinutes": "30", "positions": f"positions {canary}", "pauseSignal": f"pause {canary}",
                        "holdStillSignal": f"hold {canary}", "endSignal": f"end {canary}", "giverHelp": f"help {canary}",
                        "feedbackStyle": "painScale", "anythingElse": f"else {canary}", "notForeplayAgreed": "yes"})
    # Self-assessment (intake): the free-text answer.
    form("/intake", {"extent": "partial", "onset": "always", "onsetDescription": f"onset {canary}"})
    # Reminder title (the calendar feed is sealed under its link).
    form("/reminders", {"title": canary[:60], "day-1": "on", "day-4": "on", "time": "19:30", "minutes": "15"})
    # A solo session through the API, closed with a reflection.
    started = client.api("POST", "sessions", {"mode": "solo"})
    assert started.status_code == 201, started.text
    session = started.json()["id"]
    opening = [{"intent": "start"}] if started.json()["position"]["kind"] == "notStarted" else []
    for intent in (*opening, {"intent": "enoughForToday"},
                   {"intent": "reflect", "reflection": {"howItFelt": f"felt {canary}", "emotions": [f"emotion {canary}"],
                                                         "note": f"reflection {canary}"}},
                   {"intent": "end"}):
        response = client.api("POST", f"sessions/{session}/events", intent)
        assert response.status_code == 200, f"{intent['intent']}: {response.status_code} {response.text[:300]}"
    # A solo session through the web forms, finished with a reflection.
    response = form("/sessions/new", {})
    page = response.headers["Location"]
    client.post_form(f"{page}/events", {"intent": "enoughForToday"})
    form(f"{page}/events", {"intent": "end", "howItFelt": f"web felt {canary}", "emotions": f"web {canary}, calm",
                            "note": f"web note {canary}"})
    # A partner session started, and a join attempt carrying the canary as its code.
    client.post_form("/sessions/new-partner", {})
    client.post_form("/join", {"code": canary})
    # Read paths that take it as a query or header, and both exports (which may use temporary files).
    client.get("/journal", params={"day": canary, "note": canary})
    client.get("/sessions", params={"q": canary})
    export = client.get("/your-data/tend-export.json")
    assert export.status_code == 200, export.status_code
    # Each write must really have been saved, or the scan below would prove nothing.
    for label in ("journal", "positions", "else", "onset", "reflection", "web note"):
        assert f"{label} {canary}" in export.text, f"'{label}' was not saved"
    client.get("/your-data/tend-export-tables.zip")
    # Wrong passphrases must not be written down either.
    client.post_form("/lock", {})
    client.post_form("/unlock", {"passphrase": wrong_passphrase})
    client.api("POST", "space/unlock", {"passphrase": wrong_passphrase})

    secrets = {"canary": canary, "passphrase": passphrase, "wrong passphrase": wrong_passphrase}
    if client.recovery_key:
        secrets["recovery key"] = client.recovery_key
    files = files_under(server.data_dir)
    assert any(p.name == "tend.sqlite" for p in files), f"no database among {files}"
    while_running = scan(files, secrets)
    took = server.stop()
    assert took != float("inf"), "the server did not stop on SIGTERM"
    files = files_under(server.data_dir)
    logs = server.log_files()
    print(f"scanned {len(files)} data files ({', '.join(p.name for p in files)}) and {len(logs)} logs "
          f"({sum(p.stat().st_size for p in logs)} bytes)")
    found = while_running + scan(files + logs, secrets)
    assert found == [], f"secrets found: {sorted(set(found))}"
