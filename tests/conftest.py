"""Shared test helpers: paths, the ../shared data, running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
