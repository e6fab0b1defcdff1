"""One error tree: every failure warledger reports is a `WarledgerError`.

Each carries its one-line message and the command line's exit code, so `cli.py`
prints ``warledger: <message>`` and exits with ``exit_code``, whatever the stage.

    WarledgerError                 exit 3: nothing could be processed / unusable
    ├── UsageError                 exit 2: a bad option, argument or settings file
    ├── InputError                 one document cannot be used (the run goes on)
    │   ├── BadInput               cannot be read: too large, binary, not UTF-8, bad JSONL
    │   └── Rejected               read, but no article text after extraction
    ├── StoreError                 the SQLite store cannot be opened or written
    ├── EngineError                the engine cannot start (Dask missing, scheduler down)
    ├── ExportError                exit 2: a what/format pair that cannot be written
    ├── ReviewError                exit 2: an analyst's decision that cannot be applied
    └── ModelMissing               the spaCy model package is not installed

Inside `warledger run`, an `InputError` never stops the run: the document becomes
a `Rejection` with the message as its reason (stored, counted, printed).
"""

from __future__ import annotations

OK, REJECTED, USAGE, FAILED = 0, 1, 2, 3  # exit codes


class WarledgerError(Exception):
    """A failure to report as one line; `exit_code` is the CLI's exit code."""

    exit_code = FAILED


class UsageError(WarledgerError):
    """A bad option, argument or settings file."""

    exit_code = USAGE


class InputError(WarledgerError):
    """One document cannot be used; the message is the one-line reason."""


class BadInput(InputError, ValueError):
    """A document that cannot be read (size, NUL bytes, encoding, malformed JSONL)."""


class Rejected(InputError):
    """A document that was read but holds no article text."""


class StoreError(WarledgerError):
    """The store cannot be used (not a database, locked, newer schema...)."""


class EngineError(WarledgerError):
    """The engine cannot start (Dask missing, scheduler unreachable)."""


class ExportError(WarledgerError, ValueError):
    """An unknown or unsupported what/format pair."""

    exit_code = USAGE


class ReviewError(WarledgerError, ValueError):
    """An analyst's decision that cannot be applied: no such event, a field that cannot
    be corrected, a value it cannot take, a split or merge that makes no sense."""

    exit_code = USAGE


class ModelMissing(WarledgerError):
    """The English model package is not installed."""


REASON_CHARS = 160  # a rejection's reason is one short line


def one_line(exc: BaseException, where: str = "") -> str:
    """An unexpected exception as a rejection's reason: its class and the first line of its
    message, cut short (never a traceback, never a page of library text)."""
    message = (str(exc).strip().splitlines() or [""])[0]
    text = f"internal error{' in ' + where if where else ''}: {type(exc).__name__}"
    text += f": {message}" if message else ""
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1] + "…"
