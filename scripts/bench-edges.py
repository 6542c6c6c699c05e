#!/usr/bin/env python3
"""What hostile connections cost Tend, and how quickly it lets go of them. Prints figures; asserts
nothing. Standard library only.

    swift build -c release --product tend
    python3 scripts/bench-edges.py [--binary .build/release/tend] [--runs 20]

Figures:
- server CPU to refuse a 60 MiB upload whose anti-forgery token is wrong (median and worst);
- how long a connection that sends nothing is held (at the default idle timeout, and at 5 s);
- time from SIGTERM to exit with 300 idle connections open.
Server CPU is read from /proc/PID/task/*/schedstat (nanoseconds, every thread of the server).
"""
import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=".build/release/tend")
parser.add_argument("--runs", type=int, default=20)
args = parser.parse_args()


def start(data, *extra):
    server = subprocess.Popen([args.binary, "serve", "--port", "0", "--data-dir", data, *map(str, extra)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(re.search(r"127\.0\.0\.1:(\d+)", server.stdout.readline()).group(1))
    return server, port


def cpu_ns(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:
            pass
    return total


def csrf_cookie(port):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return re.search(rb"tend_csrf=([^;]+)", answer).group(1).decode()


def forged_upload(port, token, size=60 << 20):
    """Sends a 60 MiB multipart upload whose first field is a wrong token; returns the status."""
    boundary = "----bench"
    first = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nwrong\r\n--{boundary}\r\n"
             f"Content-Disposition: form-data; name=\"export\"; filename=\"e.json\"\r\n\r\n").encode()
    head = (f"POST /setup/from-export HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: tend_csrf={token}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {size}\r\n\r\n").encode()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(head + first)
    s.settimeout(0.01)
    chunk, sent, status = b"x" * 65536, len(first), None
    deadline = time.monotonic() + 30
    try:
        while sent < size and time.monotonic() < deadline:
            try:
                s.sendall(chunk[: min(len(chunk), size - sent)])
                sent += min(len(chunk), size - sent)
            except socket.timeout:
                pass
            try:
                data = s.recv(65536)
                if data and status is None:
                    status = data.split(b" ")[1].decode()
                if not data:
                    break
            except socket.timeout:
                pass
    except (BrokenPipeError, ConnectionResetError):
        pass
    s.close()
    return status, sent


def held_open(port, limit):
    s = socket.create_connection(("127.0.0.1", port))
    began = time.monotonic()
    s.settimeout(limit)
    try:
        while s.recv(65536):
            pass
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return time.monotonic() - began


print(f"binary: {args.binary}")
with tempfile.TemporaryDirectory() as data:
    server, port = start(data)
    try:
        token = csrf_cookie(port)
        costs, statuses, sent = [], set(), []
        for _ in range(args.runs):
            before = cpu_ns(server.pid)
            status, bytes_sent = forged_upload(port, token)
            time.sleep(0.2)  # let the server finish whatever it does with the connection
            costs.append((cpu_ns(server.pid) - before) / 1e6)
            statuses.add(status)
            sent.append(bytes_sent)
        print(f"refusing a 60 MiB upload with a wrong token: server CPU median {statistics.median(costs):.2f} ms, "
              f"worst {max(costs):.2f} ms over {args.runs} runs (answers {sorted(map(str, statuses))}; "
              f"the client got {statistics.median(sent) / 1024:.0f} KiB out before the connection closed)")
        print(f"a connection that sends nothing, default idle timeout: held {held_open(port, 120):.1f} s")
    finally:
        server.terminate()
        server.wait()

with tempfile.TemporaryDirectory() as data:
    server, port = start(data, "--idle-timeout", 5)
    try:
        print(f"a connection that sends nothing, --idle-timeout 5: held {held_open(port, 60):.2f} s")
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(300)]
        time.sleep(0.5)
        began = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        print(f"SIGTERM to exit with 300 idle connections open: {time.monotonic() - began:.2f} s")
        for s in idle:
            s.close()
    finally:
        if server.poll() is None:
            server.kill()
