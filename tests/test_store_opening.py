"""Opening the store (issue 16): another application's SQLite file is refused
untouched, a damaged store is one line and exit 3 from every command, and `export`
and `serve` work on read-only media.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from test_web import LOCAL, build_store, plain_analysis

from warledger import cli
from warledger.ledger.store import MIGRATIONS, Store, StoreError
from warledger.web.app import create_app

RECORD = '{"id": "a", "text": "At least 3 people were killed in Kunduz, police said."}\n'


def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """`warledger ARGV` in this process: exit code and stderr."""
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


def _one_line(err: str, db: Path) -> bool:
    return err.count("\n") == 1 and err.startswith(f"warledger: {db}: ") and "Traceback" not in err


# -- another application's SQLite file ------------------------------------------------------


def _notes_db(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('mine')")
    return path


def _marked_db(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE articles (x)")
    return path


def _versioned_db(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE articles (x)")
        conn.execute("PRAGMA user_version = 2")
    return path


FOREIGN = [_notes_db, _marked_db, _versioned_db]


@pytest.mark.parametrize("make", FOREIGN)
def test_a_foreign_sqlite_file_is_refused_unchanged(tmp_path: Path, make: object) -> None:
    path = make(tmp_path / "other.db")  # type: ignore[operator]
    before = path.read_bytes()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="not a warledger store"):
            Store(path, readonly=readonly)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no -wal, no -shm


@pytest.mark.parametrize("make", FOREIGN)
def test_run_refuses_a_foreign_file_without_touching_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object) -> None:
    path = make(tmp_path / "other.db")  # type: ignore[operator]
    before = path.read_bytes()
    (tmp_path / "in.jsonl").write_text(RECORD, encoding="utf-8")
    code, err = _main(capsys, "run", str(tmp_path / "in.jsonl"), "--db", str(path), "-q")
    assert code == cli.FAILED and _one_line(err, path), err
    assert "not a warledger store" in err
    assert path.read_bytes() == before
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_new_store_is_marked_and_an_unmarked_one_is_marked_on_writing(tmp_path: Path) -> None:
    from warledger.ledger.store import APPLICATION_ID

    path = tmp_path / "s.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        conn.execute("PRAGMA application_id = 0")  # a store made before the mark
    with Store(path, readonly=True) as reader:
        assert reader.schema_version() == len(MIGRATIONS)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0  # a reader writes nothing
    Store(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Store(path) as store:
        assert store.schema_version() == len(MIGRATIONS)


# -- a damaged store --------------------------------------------------------------------------


def _damaged(path: Path) -> Path:
    """A store with a few pages overwritten: the first pages of three tables (the
    schema, on page 1, left whole, so that the store still opens)."""
    build_store(path, plain_analysis())
    with sqlite3.connect(path) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [row[0] for row in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name IN ('claims', 'events', 'places')")]
    data = bytearray(path.read_bytes())
    for page in pages:
        data[(page - 1) * size: (page - 1) * size + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return path


def test_verify_names_the_damage_in_one_line(tmp_path: Path) -> None:
    path = _damaged(tmp_path / "bad.db")
    with Store(path, readonly=True) as store, pytest.raises(StoreError) as info:
        store.verify()
    assert str(info.value).startswith(f"{path}: damaged store (") and "\n" not in str(info.value)
    with Store(build_store(tmp_path / "good.db", plain_analysis())) as good:
        good.verify()


@pytest.mark.parametrize("command", [
    ["run", "IN", "-q"],
    ["export", "--what", "articles", "--format", "jsonl"],
    ["export", "--what", "events", "--format", "csv"],
    ["explain", "EV-alpha"],
    ["serve"],
])
def test_every_command_gives_one_line_and_exit_3_on_a_damaged_store(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        command: list[str]) -> None:
    import uvicorn

    def serving(*args: object, **kw: object) -> None:
        raise AssertionError("serving a damaged store")

    monkeypatch.setattr(uvicorn, "run", serving)
    path = _damaged(tmp_path / "bad.db")
    (tmp_path / "in.jsonl").write_text(RECORD, encoding="utf-8")
    argv = [str(tmp_path / "in.jsonl") if a == "IN" else a for a in command]
    code, err = _main(capsys, *argv, "--db", str(path))
    assert code == cli.FAILED and _one_line(err, path), err


def test_a_value_that_fails_mid_export_is_one_line_and_exit_3(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = build_store(tmp_path / "s.db", plain_analysis())
    with sqlite3.connect(path) as conn:  # the pages are sound; one value is not UTF-8
        conn.execute("UPDATE articles SET text = CAST(X'61FF62' || text AS TEXT)")
    code, err = _main(capsys, "export", "--db", str(path), "--what", "articles",
                      "--format", "jsonl")
    assert code == cli.FAILED and _one_line(err, path), err
    assert "unusable store" in err and len(err) < 300


def test_serve_refuses_a_damaged_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="damaged store"):
        create_app(str(_damaged(tmp_path / "bad.db")))


# -- read-only media ----------------------------------------------------------------------------


@pytest.fixture
def read_only_store(tmp_path: Path) -> Iterator[Path]:
    """A store whose file and folder cannot be written (modes 444 and 555)."""
    folder = tmp_path / "media"
    folder.mkdir()
    path = build_store(folder / "ledger.db", plain_analysis())
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield path
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def _as_unprivileged() -> list[str]:
    """A command prefix under which file modes bind: none for a normal user; for root
    (whom modes do not stop), a user namespace, where root is nobody to the files."""
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--user", "true"], capture_output=True,
                                  check=False).returncode == 0:
        return [unshare, "--user"]
    pytest.skip("root without user namespaces: file modes cannot make a store read-only")


READ_ONLY_SCRIPT = textwrap.dedent("""
    import io, json, sys, warnings
    from contextlib import redirect_stdout
    from pathlib import Path
    from warledger import cli
    from warledger.web.app import create_app
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    db = sys.argv[1]
    try:
        Path(db).with_name("probe").write_text("x")
        sys.exit("the folder is writable: the test proves nothing")
    except OSError:
        pass
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(["export", "--db", db, "--what", "events", "--format", "jsonl"])
    client = TestClient(create_app(db), base_url=sys.argv[2])
    pages = {p: client.get(p).status_code
             for p in ("/", "/events/EV-alpha", "/articles/alpha", "/api/events")}
    print(json.dumps({"code": code, "events": len(out.getvalue().splitlines()),
                      "pages": pages}))
""")


def test_export_and_serve_work_on_read_only_media(read_only_store: Path) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO), str(REPO / "tests"), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [*_as_unprivileged(), sys.executable, "-c", READ_ONLY_SCRIPT, str(read_only_store),
         LOCAL], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(
        '{"code": 0, "events": 2, "pages": {"/": 200, "/events/EV-alpha": 200, '
        '"/articles/alpha": 200, "/api/events": 200}}'), result.stdout + result.stderr
    assert sorted(p.name for p in read_only_store.parent.iterdir()) == ["ledger.db"]


def test_serve_writable_still_needs_write_access(read_only_store: Path) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get(
        "PYTHONPATH", "")]))
    script = ("import sys; from warledger.web.app import create_app; "
              "create_app(sys.argv[1], writable=True)")
    result = subprocess.run([*_as_unprivileged(), sys.executable, "-c", script,
                             str(read_only_store)], capture_output=True, text=True, env=env,
                            timeout=120, check=False)
    assert result.returncode != 0 and "StoreError" in result.stderr
