"""pytest fixtures: real identity servers (CAS, OpenID Connect) on loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.identity.serve import CLIENT_ID, CLIENT_SECRET, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
__all__ = ["CLIENT_ID", "CLIENT_SECRET", "PASSWORD", "cas_server", "oidc_provider"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the identity server stopped: {process.stderr.read()!r}")  # type: ignore[union-attr]
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def start(kind: str, tmp: Path, **env: str) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environ = {
        **os.environ,
        "IDENTITY_DB": str(tmp / f"{kind}.sqlite3"),
        "IDENTITY_URL": url,
        "PYTHONPATH": str(ROOT),
        **env,
    }
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.identity.serve", kind, str(port)],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, process)
        yield url
    finally:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def cas_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a running CAS server (its protocol under /cas/)."""
    yield from start("cas", tmp_path_factory.mktemp("cas"))


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory, live_server: Any) -> Iterator[str]:
    """The base URL of a running OpenID Connect provider that knows the live server as a
    client (its endpoints under /openid/)."""
    yield from start("oidc", tmp_path_factory.mktemp("oidc"), RP_BASE_URL=live_server.url)
