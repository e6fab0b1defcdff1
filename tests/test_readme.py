"""The README is checked like code: every command and option in its command table
exists in the CLI (and every CLI command is in the table), every example parses, and
the examples run as pasted, in a folder laid out like a clone with ../shared beside it."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SHARED

from warledger.cli import build_parser

README = (REPO / "README.md").read_text("utf-8")
ROW = re.compile(r"^\| `([a-z]+)([^`]*)` \| `([^`]+)`", re.MULTILINE)
SLOW = {"eval", "bench", "serve"}  # parsed, not run: minutes of work, or a server


def _rows() -> list[tuple[str, str, str]]:
    rows = [(m[1], m[2], m[3].replace("\\|", "|")) for m in ROW.finditer(README)]
    assert len(rows) >= 9, "the README's command table was not found"
    return rows


def _commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_and_option_in_the_table_exists() -> None:
    commands = _commands()
    for name, syntax, _ in _rows():
        assert name in commands, f"README names a command the CLI lacks: {name}"
        options = {o for a in commands[name]._actions for o in a.option_strings}
        for option in re.findall(r"--[a-z-]+", syntax):
            assert option in options, f"README: {name} {option} is not an option"


def test_every_cli_command_is_in_the_table() -> None:
    assert set(_commands()) == {name for name, _, _ in _rows()}


def test_every_example_parses() -> None:
    parser = build_parser()
    for name, _, example in _rows():
        first = example.split("|")[-1].strip()  # the warledger part of a pipeline
        words = shlex.split(first)
        assert words[:2] == ["warledger", name], example
        parser.parse_args(words[1:])  # exits (SystemExit) on an unknown option or choice


def _clone_like(tmp_path: Path) -> Path:
    """A folder with the repository's examples and README, and ../shared beside it."""
    work = tmp_path / "warledger"
    work.mkdir()
    (work / "examples").symlink_to(REPO / "examples")
    (work / "README.md").symlink_to(REPO / "README.md")
    if SHARED.exists():
        (tmp_path / "shared").symlink_to(SHARED)
    return work


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.mark.model
def test_examples_run_as_pasted(tmp_path: Path) -> None:
    work = _clone_like(tmp_path)
    for name, _, example in _rows():
        if name in SLOW:
            continue
        done = _shell(example, work)
        assert done.returncode == 0, f"{example}\n{done.stderr}"
        written = re.search(r"-o (\S+)", example)
        output = (work / written[1]).read_text("utf-8") if written else done.stdout
        assert output.strip(), f"{example} wrote nothing"
    stdin_example = re.search(r"```sh\n(echo .*?warledger run - [^\n]*)\n```", README, re.S)
    assert stdin_example, "the README's stdin example was not found"
    done = _shell(stdin_example[1], work)
    assert done.returncode == 0 and "articles kept: 1" in done.stdout, done.stderr


@pytest.mark.model
def test_python_api_example_runs(tmp_path: Path) -> None:
    block = re.search(r"```python\n(.*?)```", README, re.S)
    assert block, "the README's Python example was not found"
    done = subprocess.run([sys.executable, "-c", block[1]], cwd=_clone_like(tmp_path),
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
