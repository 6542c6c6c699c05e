#!/usr/bin/env python3
"""Hosted Tend on this machine: two instances on one throwaway PostgreSQL. Prints figures; asserts
nothing. Needs PostgreSQL 15's binaries and wrk (Debian: postgresql, wrk); standard library only.

    swift build -c release --product tend
    python3 scripts/bench-hosted.py [--binary .build/release/tend] [--people 200] [--seconds 15]

Figures:
- sign-ups and unlocks per second, and per core (scrypt at the real cost: this is the point);
- each instance's memory before and after --people people are unlocked (unlocks live in the
  database, so an idle unlocked person should cost an instance almost nothing);
- pages per second and latency percentiles for --people unlocked people browsing at once, with
  wrk against both instances together (each connection a different person's cookie).
"""
import argparse
import concurrent.futures
import http.cookiejar
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=".build/release/tend")
parser.add_argument("--people", type=int, default=200)
parser.add_argument("--seconds", type=int, default=15)
args = parser.parse_args()
PASSPHRASE = "benchmark passphrase for many people"
CORES = os.cpu_count()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres(work: Path):
    """A throwaway cluster (as the postgres user when run as root); returns (url, stop)."""
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    data, port = work / "pg", free_port()
    as_pg = []
    if os.geteuid() == 0:
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
        os.chmod(work, 0o777)
        as_pg = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_pg, str(pg_bin / "initdb"), "-D", str(data), "-U", "tend", "--auth=trust", "--no-sync"], check=True, capture_output=True)
    subprocess.run([*as_pg, str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(work / "pg.log"), "-w",
                    "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {work}", "start"], check=True, capture_output=True)
    stop = lambda: subprocess.run([*as_pg, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
    return f"postgres://tend@127.0.0.1:{port}/postgres?sslmode=disable", stop


def start_tend(url, data):
    server = subprocess.Popen([args.binary, "serve", "--hosted", "--sign-up", "open", "--database", url, "--port", "0",
                               "--data-dir", str(data), "--max-connections", "2000", "--trusted-proxy", "127.0.0.1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return server, re.search(r"(http://127\.0\.0\.1:\d+)", server.stdout.readline()).group(1)


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024


class Person:
    """One person's browser. `address` is sent as X-Forwarded-For (the instances trust 127.0.0.1 as
    a proxy), so each person is a client of their own, as behind a real proxy."""

    def __init__(self, base, address):
        self.base = base
        self.address = address
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def post(self, path, fields):
        if not self.cookie("tend_csrf"):
            self.opener.open(self.base + "/healthz").read()
        body = urllib.parse.urlencode({**fields, "_csrf": self.cookie("tend_csrf")}).encode()
        try:
            request = urllib.request.Request(self.base + path, data=body, headers={"X-Forwarded-For": self.address})
            with self.opener.open(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)


with tempfile.TemporaryDirectory() as work:
    work = Path(work)
    url, stop_postgres = postgres(work)
    servers = []
    try:
        servers = [start_tend(url, work / f"data-{n}") for n in (1, 2)]
        bases = [base for _, base in servers]
        before = [rss_mib(server.pid) for server, _ in servers]

        people = [Person(bases[n % 2], f"10.0.{n // 250}.{n % 250 + 1}") for n in range(args.people)]
        started = time.perf_counter()
        def sign_up(pair):
            # An instance runs two key derivations at once and asks the rest to come back a second later.
            while True:
                status = pair[1].post("/setup", {"name": f"person-{pair[0]:04d}", "passphrase": PASSPHRASE, "confirmation": PASSPHRASE})
                if status != 429:
                    return status
                time.sleep(1)
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(sign_up, enumerate(people)))
        signing_up = time.perf_counter() - started
        assert statuses.count(200) == len(people), statuses[:5]
        after = [rss_mib(server.pid) for server, _ in servers]
        print(f"sign-ups: {len(people)} in {signing_up:.1f} s = {len(people) / signing_up:.1f}/s on {CORES} cores "
              f"({len(people) / signing_up / CORES:.1f}/s per core; each makes a key ring: one scrypt derivation)")
        for n, (b, a) in enumerate(zip(before, after)):
            print(f"instance {n + 1} memory: {b:.0f} MiB before, {a:.0f} MiB with {len(people) // 2} unlocked people "
                  f"({(a - b) * 1024 / max(1, len(people) // 2):.1f} KiB per person)")

        unlockers = [Person(bases[n % 2], f"10.1.0.{n + 1}") for n in range(40)]
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(lambda pair: pair[1].post("/unlock", {"name": f"person-{pair[0]:04d}", "passphrase": PASSPHRASE}),
                                     enumerate(unlockers)))
        unlocking = time.perf_counter() - started
        print(f"unlocks (4 at a time, each client its own): {statuses.count(303)} opened, {statuses.count(429)} asked to wait, "
              f"of {len(unlockers)} in {unlocking:.1f} s = {len(unlockers) / unlocking:.1f}/s "
              f"({len(unlockers) / unlocking / CORES:.1f}/s per core)")

        # wrk: each connection sends one person's cookies, pages in turn.
        lua = work / "people.lua"
        cookies = [f"tend_session={p.cookie('tend_session')}; tend_csrf={p.cookie('tend_csrf')}" for p in people]
        lua.write_text("local cookies = {" + ",".join(f'"{c}"' for c in cookies) + "}\n" + """
local pages = {"/", "/journal", "/progress", "/steps", "/library"}
local counter = 0
request = function()
  counter = counter + 1
  local cookie = cookies[(counter % #cookies) + 1]
  return wrk.format("GET", pages[(counter % #pages) + 1], {["Cookie"] = cookie})
end
""")
        runs = [subprocess.Popen(["wrk", "-t", "1", "-c", str(args.people // 2), "-d", f"{args.seconds}s", "--latency",
                                  "-s", str(lua), base], stdout=subprocess.PIPE, text=True) for base in bases]
        for n, run in enumerate(runs):
            out = run.communicate()[0]
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            pct = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            print(f"instance {n + 1}, {args.people // 2} people browsing: {rps} pages/s, p50 {pct.get('50')}, p90 {pct.get('90')}, "
                  f"p99 {pct.get('99')}, non-2xx: {errors.group(1) if errors else 0}")
        print(f"reproduce: swift build -c release --product tend && python3 scripts/bench-hosted.py --people {args.people} --seconds {args.seconds}")
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait()
        stop_postgres()
