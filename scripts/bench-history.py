#!/usr/bin/env python3
"""Ten years of history (and three of graded practice): import, unlock, progress, steps, report, export, size.
Prints figures; asserts nothing.

    swift build -c release --product tend
    python3 scripts/bench-history.py [--binary .build/release/tend] [--weeks 520] [--step-weeks 156] [--runs 5]

The history comes from tests/fixtures/synthetic_history.py: a session three times a week with
every clock point rated, a check-in every day, a period every 28 days; and for the last three
years, a practice of a step every second day, climbing a ladder of ten steps. Times are wall-clock on
loopback, so a page's figure is the server's time plus well under a millisecond of transport.
"""
import argparse
import http.cookiejar
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fixtures"))
import synthetic_history  # noqa: E402

PASSPHRASE = "benchmark passphrase ten years"

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=".build/release/tend")
parser.add_argument("--weeks", type=int, default=520)
parser.add_argument("--step-weeks", type=int, default=156)
parser.add_argument("--runs", type=int, default=5)
args = parser.parse_args()
environment = dict(os.environ, TEND_PASSPHRASE=PASSPHRASE)


def timed(action):
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def summary(samples):
    return f"median {statistics.median(samples):.0f} ms, min {min(samples):.0f} ms, max {max(samples):.0f} ms ({len(samples)} runs)"


def folder_size(folder):
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file() and "tls" not in path.parts)


with tempfile.TemporaryDirectory() as work:
    work = Path(work)
    history = synthetic_history.export(args.weeks, step_weeks=args.step_weeks)
    export_file = work / "history.json"
    export_file.write_text(json.dumps(history))
    sessions, check_ins = len(history["sessions"]), len(history["checkIns"])
    points = sum(len(s["steps"]) for s in history["sessions"])
    print(f"history: {args.weeks} weeks, {sessions} sessions ({points} steps, every point rated), {check_ins} check-ins, "
          f"{len(history['cycle']['periodStarts'])} period starts, {len(history.get('stepPractices', []))} step practices; export file {export_file.stat().st_size / 1e6:.1f} MB")

    imports = []
    for run in range(max(2, args.runs // 2)):
        folder = work / f"import-{run}"
        elapsed, _ = timed(lambda: subprocess.run([args.binary, "import", str(export_file), "--data-dir", str(folder)],
                                                  env=environment, check=True, capture_output=True))
        imports.append(elapsed)
    data = work / "import-0"
    print(f"tend import (includes one scrypt key derivation): {summary(imports)}")
    print(f"database after import: {folder_size(data) / 1e6:.1f} MB in {data}")

    exports = [timed(lambda: subprocess.run([args.binary, "export", "--data-dir", str(data), "-o", str(work / "again.json")],
                                            env=environment, check=True, capture_output=True))[0] for _ in range(max(2, args.runs // 2))]
    print(f"tend export (includes one scrypt key derivation): {summary(exports)}")
    same = json.loads((work / "again.json").read_text()) == history
    print(f"the export reads back as the imported history: {'yes' if same else 'NO'}")
    server = subprocess.Popen([args.binary, "serve", "--port", "0", "--data-dir", str(data)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = re.search(r"(http://127\.0\.0\.1:\d+)", server.stdout.readline()).group(1)
        cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies), NoRedirect)

        def get(path):
            try:
                with opener.open(base + path) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()

        def post(path, fields):
            csrf = next(c.value for c in cookies if c.name.endswith("tend_csrf"))
            body = urllib.parse.urlencode(dict(fields, _csrf=csrf)).encode()
            try:
                with opener.open(urllib.request.Request(base + path, data=body)) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()

        get("/unlock")
        unlock_then_progress, unlocks, first_pages = [], [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            unlock_ms, (status, _) = timed(lambda: post("/unlock", {"passphrase": PASSPHRASE}))
            assert status == 303, f"unlock answered {status}"
            page_ms, (status, body) = timed(lambda: get("/progress"))
            assert status == 200 and b"sessions on" in body, status
            unlock_then_progress.append((time.perf_counter() - start) * 1000)
            unlocks.append(unlock_ms)
            first_pages.append(page_ms)
            post("/lock", {})
        print(f"unlock (scrypt N=2^17 by design): {summary(unlocks)}")
        print(f"progress page (12 weeks), first page after unlock: {summary(first_pages)}")
        print(f"unlock + progress page together: {summary(unlock_then_progress)}")

        post("/unlock", {"passphrase": PASSPHRASE})
        today = time.strftime("%Y-%m-%d")
        ten_years_ago = time.strftime("%Y-%m-%d", time.localtime(time.time() - 3653 * 86400))
        pages = {
            "home page (latest sessions)": "/",
            "all sessions": "/sessions",
            "progress page, 12 weeks": "/progress?period=12w",
            "progress page, one year": "/progress?period=1y",
            "progress page, everything": "/progress?period=all",
            "my steps (three years of step practice)": "/steps",
            "arrange my steps": "/steps/arrange",
            "report, ten years, everything ticked": f"/report/print?from={ten_years_ago}&to={today}&intake=on&map=on&trends=on&frequency=on&notes=on&steps=on",
            "export download (JSON)": "/your-data/tend-export.json",
            "export download (CSV tables, zipped)": "/your-data/tend-export-tables.zip",
        }
        for name, path in pages.items():
            samples = []
            for _ in range(args.runs):
                elapsed, (status, body) = timed(lambda: get(path))
                assert status == 200, f"{path} answered {status}"
                samples.append(elapsed)
            print(f"{name}: {summary(samples)}; {len(body) / 1e3:.0f} kB")

        # A database from before digests (migration 5): the first page makes and keeps them all.
        upgraded, next_pages = [], []
        for _ in range(max(2, args.runs // 2)):
            database = sqlite3.connect(data / "tend.sqlite")
            with database:
                database.execute("UPDATE practice_sessions SET digest = NULL")
            database.close()
            upgraded.append(timed(lambda: get("/progress"))[0])
            next_pages.append(timed(lambda: get("/progress"))[0])
        print(f"progress page right after upgrading, making every digest: {summary(upgraded)}; the page after: {summary(next_pages)}")
    finally:
        server.terminate()
        server.wait()
