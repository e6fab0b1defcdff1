"""Shared test helpers: paths, the ../shared data, running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "seed-article.txt"
DATA = SHARED / "data"
EXAMPLES = REPO / "examples"


def needs_shared(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent")


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`python -m warledger ARGS` in a subprocess, as a user runs it."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "warledger", *args], cwd=cwd, input=stdin,
        capture_output=True, timeout=timeout, env=env, check=False,
        text=stdin is None,
    )  # type: ignore[call-overload, no-any-return]


CHROMIUM = Path("/usr/bin/chromium")  # Debian's, for the browser tests
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright, one per test module."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
