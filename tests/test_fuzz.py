"""Fuzz: generated hostile documents of every input kind (tests/fuzzdocs.py) through the
real pipeline and store. Each is stored or rejected with a one-line reason; nothing
raises; the command line exits 0 or 1 with no traceback. `python tests/fuzzdocs.py
--count 2000` is the long run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli
from fuzzdocs import corpus, write

from warledger import pipeline
from warledger.ledger.store import Store

pytestmark = pytest.mark.model
COUNT = int(os.environ.get("WARLEDGER_FUZZ_COUNT", "120"))


def test_every_generated_document_is_stored_or_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(corpus(COUNT), folder)
    summary = pipeline.run([str(folder)], tmp_path / "fuzz.db")
    assert summary.read >= COUNT
    assert summary.kept + summary.skipped + len(summary.rejected) == summary.read
    with Store(tmp_path / "fuzz.db") as store:
        reasons = [r.reason for r in store.rejections()]
    assert reasons and all("\n" not in r and len(r) <= 200 for r in reasons)
    assert not [r for r in reasons if r.startswith("internal error")], reasons


def test_the_command_line_exits_per_the_contract_on_generated_input(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(corpus(40), folder)
    done = run_cli("run", str(folder), "--db", str(tmp_path / "fuzz.db"))
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert all(line.startswith("warledger: ") for line in done.stderr.splitlines() if line)
