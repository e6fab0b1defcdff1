"""The command line: parse arguments, call the library, print.

Exit codes: 0 success; 1 some inputs rejected (the others processed and stored);
2 usage error; 3 nothing could be processed, or the store is unusable.
Errors go to stderr, one line each: `warledger: <input>: <reason>`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from warledger import __version__

OK, REJECTED, USAGE, FAILED = 0, 1, 2, 3


class CommandError(Exception):
    """A failure to report as one line, with its exit code."""

    def __init__(self, message: str, code: int = FAILED) -> None:
        super().__init__(message)
        self.code = code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except CommandError as exc:
        return fail(str(exc), exc.code)
    except KeyboardInterrupt:
        return fail("interrupted", FAILED)
    except BrokenPipeError:  # `warledger export ... | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK


def fail(message: str, code: int) -> int:
    print(f"warledger: {message}", file=sys.stderr)
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warledger", description=(
        "News reports about armed conflict in, a sourced event ledger (ACLED taxonomy) out."))
    parser.add_argument("--version", action="version", version=f"warledger {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_run(sub)
    _add_export(sub)
    _add_document_commands(sub)
    _add_serve(sub)
    _add_eval(sub)
    _add_bench(sub)
    _add_explain(sub)
    return parser


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default="warledger.db", help="SQLite store (default: %(default)s)")


def _add_run(sub: Any) -> None:
    p = sub.add_parser("run", help="ingest and process documents into the store")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".html/.htm, .txt/.md, .jsonl files, folders, or - for JSONL on stdin")
    _db(p)
    p.add_argument("--actors", help="an extra actor dictionary (JSON, same format as the bundled)")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary on stdout")
    p.add_argument("--engine", choices=["local", "process", "dask"],
                   help="local (one process; the default), process (--workers processes; "
                        "the default when --workers > 1), dask (a local Dask cluster, or "
                        "--scheduler)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes for the process and dask engines (default: 1; "
                        "0: one per core)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies "
                        "--engine dask)")
    p.set_defaults(handler=cmd_run)


def _add_export(sub: Any) -> None:
    p = sub.add_parser("export", help="write the ledger out")
    _db(p)
    p.add_argument("--what", required=True, choices=["events", "claims", "articles", "places"])
    p.add_argument("--format", required=True, choices=["jsonl", "csv", "geojson", "parquet"])
    p.add_argument("-o", "--output", help="output file (JSONL/CSV/GeoJSON: stdout without it)")
    p.set_defaults(handler=cmd_export)


def _add_document_commands(sub: Any) -> None:
    for name, helptext, handler in (
        ("extract", "one document through text extraction only (a JSON object)", cmd_extract),
        ("places", "resolved places in one document (JSON lines)", cmd_places),
        ("claims", "attributions and claims in one document (JSON lines)", cmd_claims),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", metavar="FILE", help="a document (.html, .txt, .md), or - for stdin")
        p.add_argument("--published", help="publication date YYYY-MM-DD (anchors relative dates)")
        p.set_defaults(handler=handler)


def _add_serve(sub: Any) -> None:
    p = sub.add_parser("serve", help="web UI and HTTP API over the store")
    _db(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default: %(default)s, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--writable", action="store_true",
                   help="allow writes (POST /api/documents runs the pipeline); read-only without")
    p.set_defaults(handler=cmd_serve)


def _add_eval(sub: Any) -> None:
    p = sub.add_parser("eval", help="score the pipeline on the annotated data in ../shared/data")
    p.add_argument("dataset", choices=["fakes", "acled", "polnear", "geoparsing", "extraction",
                                       "all"])
    p.add_argument("--data", default="../shared/data", help="data folder (default: %(default)s)")
    p.add_argument("--json", help="also write the metrics to this JSON file")
    p.add_argument("--errors", default="eval-out", help="folder for per-item error files")
    p.set_defaults(handler=cmd_eval)


def _add_bench(sub: Any) -> None:
    p = sub.add_parser("bench", help="throughput of the pipeline beside the bare NER pass")
    p.add_argument("--data", default="../shared/data", help="data folder (default: %(default)s)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.set_defaults(handler=cmd_bench)


def _add_explain(sub: Any) -> None:
    p = sub.add_parser("explain", help="why the reports of one event were merged, and which "
                                       "nearby events were not")
    p.add_argument("event_id", metavar="EVENT_ID")
    _db(p)
    p.set_defaults(handler=cmd_explain)


def cmd_explain(args: argparse.Namespace) -> int:
    from warledger.ledger import link
    from warledger.ledger.store import Store, StoreError

    if not Path(args.db).exists():
        raise CommandError(f"{args.db}: no such store (run `warledger run` first)")
    try:
        with Store(args.db, readonly=True) as store:
            lines = link.explain(store, args.event_id)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    if lines is None:
        raise CommandError(f"{args.event_id}: no such event in {args.db}", USAGE)
    print("\n".join(lines))
    return OK


def cmd_run(args: argparse.Namespace) -> int:
    from warledger import runner
    from warledger.actors import dictionary as actors
    from warledger.engines import executors as engines
    from warledger.ledger.store import StoreError

    if args.actors:
        _check_actors(args.actors)
        actors.dictionary.cache_clear()
        os.environ[actors.ENV_VAR] = args.actors
    progress = runner.print_progress if sys.stderr.isatty() and not args.quiet else None
    engine, workers = _engine(args)
    try:
        summary = engines.run(args.inputs, args.db, engine=engine, workers=workers,
                              scheduler=args.scheduler, on_reject=_print_rejection,
                              progress=progress)
    except (StoreError, engines.EngineError) as exc:
        raise CommandError(str(exc)) from None
    if progress:
        sys.stderr.write("\n")
    if not args.quiet:
        print(summary.lines()[0])
    if summary.read == 0:
        return fail(f"{' '.join(args.inputs)}: no documents found", FAILED)
    if summary.rejected and summary.kept + summary.skipped == 0:
        return FAILED
    return REJECTED if summary.rejected else OK


def _engine(args: argparse.Namespace) -> tuple[Any, int]:
    """The engine and worker count from --engine, --workers, --scheduler."""
    from warledger.engines import executors as engines

    if args.workers < 0:
        raise CommandError("--workers must be 0 (one per core) or more", USAGE)
    workers = args.workers or engines.default_workers()
    engine = args.engine or ("dask" if args.scheduler else "process" if workers > 1 else "local")
    if args.scheduler and engine != "dask":
        raise CommandError("--scheduler needs --engine dask", USAGE)
    return engine, workers


def _check_actors(path: str) -> None:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
        if not isinstance(data.get("actors"), list):
            raise ValueError("no 'actors' list")
    except (OSError, ValueError, AttributeError) as exc:
        raise CommandError(f"{path}: not a usable actor dictionary ({exc})", USAGE) from None


def _print_rejection(rejection: Any) -> None:
    print(f"warledger: {rejection.source}: {rejection.reason}", file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    from warledger.ledger.export import ExportError, export
    from warledger.ledger.store import Store, StoreError

    if args.format == "parquet" and not args.output:
        raise CommandError("parquet needs an output file (-o FILE)", USAGE)
    if not Path(args.db).exists():
        raise CommandError(f"{args.db}: no such store (run `warledger run` first)")
    try:
        with Store(args.db, readonly=True) as store:
            export(store, args.what, args.format, args.output)
    except ExportError as exc:
        raise CommandError(str(exc), USAGE) from None
    except BrokenPipeError:
        raise
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"{exc.filename or args.output}: {exc.strerror or exc}") from None
    return OK


def _one_document(args: argparse.Namespace) -> Any:
    from warledger import documents

    try:
        return documents.load(args.file, args.published)
    except documents.DocumentError as exc:
        raise CommandError(str(exc), exc.code) from None


def cmd_extract(args: argparse.Namespace) -> int:
    article = _one_document(args)
    _print_json(article.to_record())
    return OK


def cmd_places(args: argparse.Namespace) -> int:
    from warledger import documents

    for place in documents.places(_one_document(args)):
        _print_json(place.to_record())
    return OK


def cmd_claims(args: argparse.Namespace) -> int:
    from warledger import documents

    for claim in documents.claims(_one_document(args)):
        _print_json(claim.to_record())
    return OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from warledger.ledger.store import StoreError
    from warledger.web import create_app

    if not args.writable and not Path(args.db).exists():
        raise CommandError(f"{args.db}: no such store (run `warledger run` first)")
    try:
        app = create_app(args.db, writable=args.writable)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    mode = "read-write" if args.writable else "read-only"
    print(f"warledger: serving {args.db} ({mode}) on http://{args.host}:{args.port}/",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                server_header=False, proxy_headers=False)
    return OK


def cmd_eval(args: argparse.Namespace) -> int:
    from warledger.evaluation import harness

    data = Path(args.data)
    if not data.is_dir():
        raise CommandError(f"{args.data}: no such data folder", USAGE)
    results = harness.run(args.dataset, data, Path(args.errors))
    for line in harness.format_table(results):
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return OK


def cmd_bench(args: argparse.Namespace) -> int:
    from warledger.evaluation import bench

    data = Path(args.data) if Path(args.data).is_dir() else None
    for key, value in bench.run(data, args.limit).items():
        print(f"{key:<26} {value}")
    return OK


def _print_json(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
