"""Generated hostile inputs for the fuzz test and the fuzz command (`python tests/fuzzdocs.py`).

Hypothesis strategies for files of every input kind: random bytes, random Unicode (lone
surrogates, right-to-left marks, combining marks), random HTML, JSONL records with odd
values, and example files with bytes flipped, cut or inserted. `corpus(n)` draws `n`
of them with a fixed seed (Hypothesis' derandomized mode), so a run is repeatable.

    python tests/fuzzdocs.py --count 2000    # writes them, runs `warledger run`, prints figures
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ODD = "\u200f\u202e\u0301\ufeff\u00a0\u2028\U0001f4a5\ud800\udfff\x00\x1b"
WORDS = ["killed", "wounded", "shelling", "Aleppo", "Kabul", "said", "police", "on Monday",
         "99999999999999999999999", "2^63", "-1", "0001-01-01", "31 February 2017", "<script>",
         "\u0627\u0644\u0642\u0635\u0641", "million", "dozens", "at least", "Idlib"]
TAGS = ["p", "div", "article", "h1", "script", "style", "table", "td", "a", "br", "title"]

File = tuple[str, bytes]  # suffix, content


def _text() -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(WORDS), st.text(alphabet=ODD, max_size=4),
                       st.text(max_size=20))
    return st.lists(pieces, max_size=40).map(" ".join)


def _html() -> st.SearchStrategy[str]:
    element = st.tuples(st.sampled_from(TAGS), _text(), st.booleans()).map(
        lambda t: f"<{t[0]}>{t[1]}{'' if t[2] else f'</{t[0]}>'}")
    return st.lists(element, max_size=12).map(lambda parts: "<html>" + "".join(parts))


def _record() -> st.SearchStrategy[dict[str, object]]:
    value = st.one_of(st.none(), _text(), st.integers(), st.booleans(),
                      st.sampled_from(["0001-01-01", "9999-12-31", "2017-02-30", "yesterday"]))
    return st.fixed_dictionaries(
        {"id": st.one_of(_text(), st.integers(), st.just("same-id")),
         "text": st.one_of(_text(), value)},
        optional={"html": _html(), "published": value, "title": value, "publisher": value,
                  "url": value})


def _mutated() -> st.SearchStrategy[File]:
    files = sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and p.suffix != "")
    edits = st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["flip", "cut", "insert"]),
                               st.binary(min_size=1, max_size=8)), max_size=6)
    return st.tuples(st.sampled_from(files), edits).map(lambda t: (t[0].suffix, _edit(
        t[0].read_bytes(), t[1])))


def _edit(data: bytes, edits: list[tuple[float, str, bytes]]) -> bytes:
    for where, how, junk in edits:
        at = int(where * len(data))
        if how == "flip":
            data = data[:at] + junk + data[at + len(junk):]
        elif how == "cut":
            data = data[:at]
        else:
            data = data[:at] + junk + data[at:]
    return data


def documents() -> st.SearchStrategy[File]:
    """One input file of any kind, hostile or not."""
    return st.one_of(
        st.binary(max_size=600).map(lambda b: (".txt", b)),
        _text().map(lambda t: (".txt", t.encode("utf-8", "surrogatepass"))),
        _html().map(lambda t: (".html", t.encode("utf-8", "surrogatepass"))),
        st.lists(_record(), min_size=1, max_size=4).map(lambda rs: (".jsonl", "".join(
            json.dumps(r) + "\n" for r in rs).encode("utf-8"))),
        _mutated(),
    )


def corpus(count: int, per_example: int = 8) -> list[File]:
    """`count` generated files, the same ones on every call (a fixed seed)."""
    found: list[File] = []

    @settings(max_examples=max(1, count // per_example), derandomize=True, database=None,
              deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(documents(), min_size=per_example, max_size=per_example))
    def draw(files: list[File]) -> None:
        found.extend(files)

    draw()
    return found[:count]


def write(files: list[File], folder: Path) -> list[Path]:
    paths = []
    for n, (suffix, content) in enumerate(files):
        path = folder / f"doc{n:05d}{suffix}"
        path.write_bytes(content)
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        write(corpus(args.count), folder)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "warledger", "run", str(folder), "--db",
                               str(Path(tmp) / "fuzz.db")], capture_output=True, text=True,
                              check=False)
        seconds = time.perf_counter() - started
    tracebacks = done.stderr.count("Traceback")
    summary = [line for line in done.stdout.splitlines() if line.startswith("documents read")]
    print(f"files: {args.count}; exit code: {done.returncode}; tracebacks on stderr: "
          f"{tracebacks}; {seconds:.0f} s")
    print(summary[0] if summary else done.stdout[-500:] + done.stderr[-500:])
    return 0 if done.returncode in (0, 1) and not tracebacks else 1


if __name__ == "__main__":
    sys.exit(main())
