"""Fixtures for Tend's adversarial suite: the real `tend` binary on 127.0.0.1 and a free port,
with a throwaway data directory, attacked over raw sockets and plain HTTP.

The binary under test comes from TEND_BINARY (default: <repo>/.build/debug/tend). If it is
missing or being rebuilt, the suite waits for it (up to TEND_BINARY_WAIT seconds, default 300).

Fixtures other test files may use:

    tend_binary        Path of the binary (waited for).
    start_tend         start_tend(*extra_args, data_dir=None, env=None) -> TendServer, started;
                       every server it made is stopped at the end of the test.
    tend_server        one started TendServer with default options.
    set_up_space       set_up_space(server, passphrase=None) -> TendClient, a requests.Session
                       that set up the space through the web form and is unlocked.
    unlocked_client    set_up_space(tend_server): the usual starting point.

Helpers: TendServer (start/stop/kill/restart/logs/output_bytes), TendClient (csrf, post_form,
api, unlock), raw_connect(server).
"""

import os
import re
import secrets
import socket
import sys
import time
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tend_server import TendServer  # noqa: E402  (shared with the browser suite)

REPO = Path(__file__).resolve().parents[2]
CSRF_COOKIE = "tend_csrf"
SESSION_COOKIE = "tend_session"


def figure(name: str, value) -> None:
    """A measurement for docs/benchmarks.md; run pytest with -s (or see the captured output)."""
    print(f"FIGURE: {name}: {value}", flush=True)


def wait_for_binary(binary: Path, timeout: float) -> Path:
    """The binary, once it exists, is executable and has not changed for a second (not mid-link)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            stat = binary.stat()
            current = (stat.st_size, stat.st_mtime_ns)
            if os.access(binary, os.X_OK) and current == last:
                return binary
            last = current
        except FileNotFoundError:
            last = None
        time.sleep(1)
    pytest.fail(f"No Tend binary at {binary} after {timeout:.0f} s. Build it (swift build --product tend) or set TEND_BINARY.")


class TendClient(requests.Session):
    """A browser-like client of one Tend: keeps cookies, echoes the anti-forgery token."""

    def __init__(self, server: TendServer, timeout: float = 30):
        super().__init__()
        self.server = server
        self.timeout = timeout
        self.passphrase = None
        self.recovery_key = None

    def request(self, method, url, *args, **kwargs):
        if url.startswith("/"):
            url = self.server.url + url
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)

    @property
    def csrf(self) -> str:
        """This client's anti-forgery token (fetched with a GET if it has none yet)."""
        token = self.cookies.get(CSRF_COOKIE)
        if token is None:
            self.get("/healthz")
            token = self.cookies.get(CSRF_COOKIE)
            if token is None:
                self.get("/api/v1/space")
                token = self.cookies.get(CSRF_COOKIE)
        assert token, "Tend gave no anti-forgery cookie"
        return token

    def post_form(self, path: str, fields=None, **kwargs):
        """A form post as the browser makes it: URL-encoded, with `_csrf`, no redirects followed."""
        data = dict(fields or {})
        data["_csrf"] = self.csrf
        kwargs.setdefault("allow_redirects", False)
        return self.post(path, data=data, **kwargs)

    def api(self, method: str, path: str, body=None, **kwargs):
        """A JSON API call under /api/v1 with the X-CSRF-Token header."""
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        if not path.startswith("/"):
            path = "/api/v1/" + path
        if body is not None:
            kwargs["json"] = body
        return self.request(method, path, headers=headers, **kwargs)

    def unlock(self, passphrase: str = None):
        """Unlock through the web form; the space cookie is kept."""
        passphrase = passphrase or self.passphrase
        response = self.post_form("/unlock", {"passphrase": passphrase})
        assert response.status_code == 303 and self.cookies.get(SESSION_COOKIE), \
            f"unlock failed: {response.status_code} {response.text[:300]}"
        self.passphrase = passphrase
        return response

    def rebind(self, server: TendServer):
        """Point at a restarted server (new port); cookies are host-wide on 127.0.0.1, kept."""
        self.server = server


def new_passphrase() -> str:
    return "adv-pass-" + secrets.token_hex(12)


def totp(key: str) -> str:
    """The six-digit code an authenticator app shows now for this base32 key (RFC 6238)."""
    import base64
    import hashlib
    import hmac
    import struct
    import time
    compact = key.replace(" ", "")
    secret = base64.b32decode(compact + "=" * (-len(compact) % 8))
    mac = hmac.new(secret, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def set_up_space_on(server: TendServer, passphrase: str = None) -> TendClient:
    """Set up the space through the web set-up form; returns an unlocked TendClient."""
    client = TendClient(server)
    passphrase = passphrase or new_passphrase()
    form = client.get("/setup")
    assert form.status_code == 200, f"GET /setup: {form.status_code}"
    response = client.post_form("/setup", {"passphrase": passphrase, "confirmation": passphrase})
    assert response.status_code == 200, f"set-up failed: {response.status_code} {response.text[:500]}"
    assert client.cookies.get(SESSION_COOKIE), "set-up gave no space cookie"
    match = re.search(r'class="recovery-key"[^>]*>([^<]+)<', response.text)
    client.recovery_key = match.group(1).strip() if match else None
    client.passphrase = passphrase
    return client


def raw_connect(server: TendServer, timeout: float = 5) -> socket.socket:
    """A plain TCP connection to the server."""
    sock = socket.create_connection(server.address, timeout=timeout)
    return sock


# --- fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def tend_binary() -> Path:
    binary = Path(os.environ.get("TEND_BINARY", REPO / ".build" / "debug" / "tend"))
    return wait_for_binary(binary, float(os.environ.get("TEND_BINARY_WAIT", "300")))


@pytest.fixture
def start_tend(tend_binary, tmp_path, request):
    """start_tend(*extra_args, data_dir=None, env=None, start=True) -> TendServer. Each call gets
    its own data directory under tmp_path unless data_dir is given. All are stopped at the end."""
    servers = []

    def start(*args, data_dir=None, env=None, start=True):
        index = len(servers) + 1
        data = Path(data_dir) if data_dir else tmp_path / f"data-{index}"
        server = TendServer(tend_binary, data, tmp_path / "logs", args=args, env=env, name=f"server{index}")
        servers.append(server)
        if start:
            server.start()
        return server

    yield start
    for server in servers:
        server.stop()
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        for server in servers:
            print(server.logs())


@pytest.fixture
def tend_server(start_tend) -> TendServer:
    return start_tend()


@pytest.fixture
def set_up_space():
    return set_up_space_on


@pytest.fixture
def unlocked_client(tend_server) -> TendClient:
    return set_up_space_on(tend_server)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
