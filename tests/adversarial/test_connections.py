"""Hostile connections against the real `tend serve` (issue 13): idle and slow clients, malformed
and oversized requests, smuggling shapes, connection floods, and stopping under load.

Every exchange is bounded in time; every server is stopped by the fixtures. Figures for
docs/benchmarks.md are printed as `FIGURE: name: value` (see them with `pytest -s`).
"""

import select
import socket
import time

import pytest
import requests


def figure(name: str, value) -> None:
    """A measurement for docs/benchmarks.md."""
    print(f"FIGURE: {name}: {value}", flush=True)


IDLE = 2  # --idle-timeout used by the tests that need it
SLACK = 2  # seconds allowed beyond the idle timeout
PROMPT = 2  # seconds within which a refusal must come


# --- raw-socket helpers --------------------------------------------------------------------------

class Exchange:
    """What came back on one raw connection: the bytes, and when (if) the server closed it."""

    def __init__(self, data: bytes, closed_after, first_byte_after):
        self.data = data
        self.closed_after = closed_after  # seconds from the start, or None if still open
        self.first_byte_after = first_byte_after

    @property
    def status(self):
        line = self.data.split(b"\r\n", 1)[0]
        parts = line.split(b" ")
        if len(parts) >= 2 and parts[0].startswith(b"HTTP/") and parts[1].isdigit():
            return int(parts[1])
        return None

    @property
    def head(self) -> bytes:
        return self.data.split(b"\r\n\r\n", 1)[0]

    @property
    def body(self) -> bytes:
        parts = self.data.split(b"\r\n\r\n", 1)
        return parts[1] if len(parts) == 2 else b""

    def __repr__(self):
        return (f"Exchange(status={self.status}, closed_after={self.closed_after}, "
                f"first_byte_after={self.first_byte_after}, data={self.data[:300]!r})")


def exchange(server, payload: bytes = b"", timeout: float = 5.0, stop_when_answered: bool = False,
             drip=None) -> Exchange:
    """Connect, send `payload` (while reading, so an early answer is never lost to a reset), and
    read until the server closes or `timeout` passes. `drip=(chunks, interval)` sends the chunks
    one at a time with a pause between them instead (a slow client)."""
    sock = socket.create_connection(server.address, timeout=5)
    sock.setblocking(False)
    began = time.monotonic()
    deadline = began + timeout
    pending = memoryview(payload)
    chunks = list(drip[0]) if drip else []
    interval = drip[1] if drip else 0
    next_drip = began
    data = bytearray()
    closed_after = first_byte_after = None
    can_write = True
    try:
        while time.monotonic() < deadline:
            now = time.monotonic()
            if drip and chunks and now >= next_drip and not pending:
                pending = memoryview(chunks.pop(0))
                next_drip = now + interval
            wait = max(0.0, min(deadline, next_drip if drip and chunks else deadline) - now)
            writers = [sock] if (pending and can_write) else []
            readable, writable, _ = select.select([sock], writers, [], min(wait, 0.1))
            if writable and pending:
                try:
                    sent = sock.send(pending[:65536])
                    pending = pending[sent:]
                except (BrokenPipeError, ConnectionResetError):
                    can_write = False
                except BlockingIOError:
                    pass
            if readable:
                try:
                    chunk = sock.recv(65536)
                except ConnectionResetError:
                    closed_after = time.monotonic() - began
                    break
                except BlockingIOError:
                    continue
                if not chunk:
                    closed_after = time.monotonic() - began
                    break
                if first_byte_after is None:
                    first_byte_after = time.monotonic() - began
                data += chunk
                if stop_when_answered and b"\r\n\r\n" in data:
                    break
    finally:
        sock.close()
    return Exchange(bytes(data), closed_after, first_byte_after)


def request_bytes(server, method="GET", path="/healthz", headers=(), body=b"", close=True) -> bytes:
    host, port = server.address
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += list(headers)
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def open_idle(server, count: int):
    """`count` connections that send nothing; each with the moment it was opened."""
    connections = []
    for _ in range(count):
        sock = socket.create_connection(server.address, timeout=5)
        sock.setblocking(False)
        connections.append([sock, time.monotonic(), None])  # socket, opened, closed
    return connections


def watch_closes(connections, until: float):
    """Reads every connection until `until` (monotonic) or all are closed; fills in close times."""
    while time.monotonic() < until:
        open_ones = [c for c in connections if c[2] is None]
        if not open_ones:
            return
        readable, _, _ = select.select([c[0] for c in open_ones], [], [], min(0.1, max(0, until - time.monotonic())))
        now = time.monotonic()
        for entry in open_ones:
            if entry[0] in readable:
                try:
                    chunk = entry[0].recv(65536)
                except ConnectionResetError:
                    chunk = b""
                except BlockingIOError:
                    continue
                if not chunk:
                    entry[2] = now


def close_all(connections):
    for entry in connections:
        try:
            entry[0].close()
        except OSError:
            pass


def healthz_ok(server, timeout=1.0) -> bool:
    try:
        response = requests.get(server.url + "/healthz", timeout=timeout)
        return response.status_code == 200 and response.text.strip() == "ok"
    except requests.RequestException:
        return False


# --- idle and slow clients -----------------------------------------------------------------------

def test_idle_connection_is_closed_after_the_idle_timeout(start_tend):
    server = start_tend("--idle-timeout", IDLE)
    result = exchange(server, b"", timeout=IDLE + SLACK + 3)
    figure(f"connection held open by a client that sends nothing (--idle-timeout {IDLE}), s",
           "never closed" if result.closed_after is None else f"{result.closed_after:.2f}")
    assert result.closed_after is not None and result.closed_after <= IDLE + SLACK, result
    assert healthz_ok(server)


def test_slowloris_partial_head_is_closed_within_the_idle_timeout(start_tend):
    server = start_tend("--idle-timeout", IDLE)
    host, port = server.address
    head = f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\n".encode()
    trickle = [head] + [bytes([b]) for b in b"X-Slow-Header-Line: " + b"a" * 200]
    result = exchange(server, drip=(trickle, 0.25), timeout=IDLE + SLACK + 3)
    figure(f"connection held open by a slowloris client, one byte every 0.25 s (--idle-timeout {IDLE}), s",
           "never closed" if result.closed_after is None else f"{result.closed_after:.2f}")
    assert result.closed_after is not None and result.closed_after <= IDLE + SLACK, result
    assert result.status in (None, 408), result
    assert healthz_ok(server)


# --- malformed and oversized requests ----------------------------------------------------------------

def test_garbage_gets_400_promptly_and_the_connection_closes(tend_server):
    result = exchange(tend_server, b"GARBAGE\r\n\r\n", timeout=PROMPT + 1)
    assert result.status == 400, result
    assert result.first_byte_after <= PROMPT, result
    assert result.closed_after is not None and result.closed_after <= PROMPT, result
    assert healthz_ok(tend_server)


@pytest.mark.parametrize("shape", ["one 1 MB header", "10,000 small headers"])
def test_oversized_header_section_gets_431(tend_server, shape):
    if shape == "one 1 MB header":
        headers = ["X-Big: " + "a" * (1024 * 1024)]
    else:
        headers = [f"X-Small-{i}: v" for i in range(10_000)]
    result = exchange(tend_server, request_bytes(tend_server, headers=headers), timeout=PROMPT + 3,
                      stop_when_answered=True)
    assert result.status == 431, result
    assert result.first_byte_after <= PROMPT + 1, result
    assert healthz_ok(tend_server)


def test_header_section_just_under_16_kib_is_served(tend_server):
    headers = ["X-Fill: " + "a" * (15 * 1024)]
    result = exchange(tend_server, request_bytes(tend_server, headers=headers), timeout=PROMPT + 3)
    assert result.status == 200, result


def test_url_over_8_kib_gets_414(tend_server):
    path = "/healthz?" + "a" * (9 * 1024)
    result = exchange(tend_server, request_bytes(tend_server, path=path), timeout=PROMPT + 3, stop_when_answered=True)
    assert result.status == 414, result
    assert healthz_ok(tend_server)


def body_headers(client, length: int, token_in_header: bool):
    cookies = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    headers = [f"Cookie: {cookies}", "Content-Type: application/x-www-form-urlencoded",
               f"Content-Length: {length}"]
    if token_in_header:
        headers.append(f"X-CSRF-Token: {client.csrf}")
    return headers


@pytest.mark.parametrize("token_in_header", [False, True], ids=["token-in-body", "token-in-header"])
def test_body_over_the_limit_gets_413_never_500(unlocked_client, token_in_header):
    server = unlocked_client.server
    body = f"_csrf={unlocked_client.csrf}&note=".encode()
    body += b"a" * (70_000 - len(body))
    payload = request_bytes(server, "POST", "/journal", body_headers(unlocked_client, len(body), token_in_header), body)
    result = exchange(server, payload, timeout=PROMPT + 3, stop_when_answered=True)
    assert result.status == 413, result
    # And through an ordinary HTTP client, on each form route that reads a body.
    for path in ("/journal", "/agreement", "/intake", "/reminders", "/setup", "/unlock"):
        response = unlocked_client.post(path, data={"_csrf": unlocked_client.csrf, "note": "a" * 70_000},
                                        allow_redirects=False)
        assert response.status_code == 413, f"{path}: {response.status_code}"
    assert healthz_ok(server)


def test_anonymous_body_over_the_limit_is_refused_not_500(tend_server):
    body = b"note=" + b"a" * 69_995
    payload = request_bytes(tend_server, "POST", "/journal", ["Content-Type: application/x-www-form-urlencoded",
                                                              f"Content-Length: {len(body)}"], body)
    result = exchange(tend_server, payload, timeout=PROMPT + 3, stop_when_answered=True)
    assert result.status in (403, 413), result


def test_ten_gigabyte_content_length_gets_413_promptly(unlocked_client):
    server = unlocked_client.server
    payload = request_bytes(server, "POST", "/journal", body_headers(unlocked_client, 10 * 1024 ** 3, True), b"note=aaaaa")
    result = exchange(server, payload, timeout=PROMPT + 3, stop_when_answered=True)
    assert result.status == 413, result
    assert result.first_byte_after < PROMPT, result
    # Unauthenticated, on the JSON API too: never a hang.
    for path in ("/journal", "/api/v1/space/unlock"):
        payload = request_bytes(server, "POST", path, ["Content-Type: application/json",
                                                       f"Content-Length: {10 * 1024 ** 3}"], b"{\"passph")
        result = exchange(server, payload, timeout=PROMPT + 3, stop_when_answered=True)
        assert result.status in (403, 413), (path, result)
        assert result.first_byte_after < PROMPT, (path, result)
    assert healthz_ok(server)


# --- request smuggling shapes --------------------------------------------------------------------

SMUGGLING = {
    "content-length and transfer-encoding": (["Content-Length: 5", "Transfer-Encoding: chunked"], b"0\r\n\r\n"),
    "two differing content-lengths": (["Content-Length: 3", "Content-Length: 5"], b"abcde"),
    "obs-fold header line": (["X-Folded: first", " second"], b""),
}


@pytest.mark.parametrize("shape", list(SMUGGLING))
def test_request_smuggling_shapes_get_400_promptly(tend_server, shape):
    headers, body = SMUGGLING[shape]
    method = "GET" if shape == "obs-fold header line" else "POST"
    result = exchange(tend_server, request_bytes(tend_server, method, "/healthz", headers, body, close=False),
                      timeout=PROMPT + 1)
    assert result.status == 400, result
    assert result.first_byte_after <= PROMPT, result
    assert result.closed_after is not None and result.closed_after <= PROMPT, result


# --- methods --------------------------------------------------------------------------------------

def test_head_is_405_or_get_without_a_body(tend_server):
    get = exchange(tend_server, request_bytes(tend_server, "GET", "/"), timeout=PROMPT + 1)
    head = exchange(tend_server, request_bytes(tend_server, "HEAD", "/"), timeout=PROMPT + 1)
    assert head.status is not None, head
    if head.status != 405:
        assert head.status == get.status, (get, head)
        assert head.body == b"", head


def test_trace_is_405(tend_server):
    result = exchange(tend_server, request_bytes(tend_server, "TRACE", "/", ["X-Echo: me"]), timeout=PROMPT + 1)
    assert result.status == 405, result
    assert b"X-Echo" not in result.body


# --- floods -------------------------------------------------------------------------------------------

def test_stops_within_5_seconds_with_300_idle_connections(tend_server):
    server = tend_server
    silent = open_idle(server, 150)
    kept_alive = []
    for _ in range(150):
        sock = socket.create_connection(server.address, timeout=5)
        sock.sendall(request_bytes(server, close=False))
        data = b""
        deadline = time.monotonic() + 5
        while b"ok" not in data and time.monotonic() < deadline:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        sock.setblocking(False)
        kept_alive.append([sock, time.monotonic(), None])
    connections = silent + kept_alive
    try:
        watch_closes(connections, time.monotonic() + 0.3)
        still_open = sum(1 for c in connections if c[2] is None)
        took = server.stop(timeout=15)
        figure("time to stop (SIGTERM to exit) with 300 idle connections open, s",
               "did not stop within 15 s" if took == float("inf") else f"{took:.2f}")
        print(f"{still_open} of 300 connections were open at SIGTERM")
        assert took < 5
        assert server.process.returncode == 0, f"exit status {server.process.returncode}"
    finally:
        close_all(connections)


def test_connections_beyond_the_cap_wait_their_turn(start_tend):
    """Beyond --max-connections Tend stops accepting: the extra connections wait in the kernel's
    queue (no file descriptor, no spinning accept loop) and are served, then timed out, once the
    first ones have gone. Without the cap all would be accepted and closed together."""
    cap, count = 64, 100
    server = start_tend("--max-connections", cap, "--idle-timeout", IDLE)
    began = time.monotonic()
    connections = open_idle(server, count)
    try:
        healthz_back = None
        deadline = began + IDLE + 3
        while time.monotonic() < deadline:
            watch_closes(connections, time.monotonic() + 0.2)
            if healthz_ok(server, timeout=0.5):
                healthz_back = time.monotonic() - began
                break
        watch_closes(connections, max(time.monotonic(), began + 2 * IDLE + SLACK + 1))
        lifetimes = [c[2] - c[1] for c in connections if c[2] is not None]
        waited = [t for t in lifetimes if t > IDLE + 1]
        never = sum(1 for c in connections if c[2] is None)
        figure(f"connections held by {count} silent clients against --max-connections {cap} --idle-timeout {IDLE}",
               f"{count - len(waited) - never} closed after the idle timeout; {len(waited)} waited their turn, "
               f"held up to {max(lifetimes) if lifetimes else 0:.2f} s; {never} never closed")
        figure("/healthz answering again after the flood began, s",
               "not within the limit" if healthz_back is None else f"{healthz_back:.2f}")
        assert len(waited) >= count - cap - 4, "connections beyond the cap were accepted at once"
        assert healthz_back is not None and healthz_back <= IDLE + 3
        assert never == 0
    finally:
        close_all(connections)
