"""One `tend serve` process for the Python suites (browser and adversarial): started on
127.0.0.1 and a free port with a throwaway data directory, stopped, killed and started again.
Standard library and pytest only, so every suite's virtual environment can import it.
"""

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

READY = re.compile(r"Tend is running at (http://127\.0\.0\.1:\d+)")


class TendServer:
    """One `tend serve` on 127.0.0.1, port 0, its own data directory, extra CLI arguments. Can be
    killed and started again on the same data directory (it then gets a new port)."""

    def __init__(self, binary: Path, data_dir: Path, log_dir: Path, args=(), env=None, name="server"):
        self.binary = Path(binary)
        self.data_dir = Path(data_dir)
        self.log_dir = Path(log_dir)
        self.args = [str(a) for a in args]
        self.env = env
        self.name = name
        self.process = None
        self.url = None
        self.starts = 0

    # --- lifecycle --------------------------------------------------------------------------

    def command(self):
        return [str(self.binary), "serve", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", str(self.data_dir), *self.args]

    def start(self, timeout: float = 30) -> str:
        self.starts += 1
        self.log_dir.mkdir(parents=True, exist_ok=True)
        out = self.log_dir / f"{self.name}-{self.starts}.out"
        err = self.log_dir / f"{self.name}-{self.starts}.err"
        env = dict(os.environ, **(self.env or {}))
        with open(out, "wb") as stdout, open(err, "wb") as stderr:
            self.process = subprocess.Popen(self.command(), stdout=stdout, stderr=stderr,
                                            stdin=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = READY.search(out.read_text(errors="replace"))
            if match and self._answers(match.group(1)):
                self.url = match.group(1)
                return self.url
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        pytest.fail(f"Tend did not report it was running within {timeout} s ({' '.join(self.command())}).\n{self.logs()}")

    @staticmethod
    def _answers(url: str) -> bool:
        """Whether /healthz answers: the server is listening, not just about to."""
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    @property
    def address(self):
        parts = urlsplit(self.url)
        return parts.hostname, parts.port

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10) -> float:
        """SIGTERM, as Ctrl-C would; SIGKILL if it has not exited within `timeout`. Returns the
        seconds it took to exit after SIGTERM (inf if it had to be killed)."""
        if not self.running():
            return 0.0
        began = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
            return time.monotonic() - began
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            return float("inf")

    def kill(self):
        """SIGKILL: a crash, with no chance to finish anything."""
        if self.running():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self) -> str:
        self.stop()
        return self.start()

    # --- what it said -----------------------------------------------------------------------

    def log_files(self):
        return sorted(self.log_dir.glob(f"{self.name}-*"))

    def output_bytes(self) -> bytes:
        """Everything every start of this server wrote to stdout and stderr."""
        return b"".join(path.read_bytes() for path in self.log_files())

    def logs(self, tail: int = 4000) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-tail:]}" for path in self.log_files())
